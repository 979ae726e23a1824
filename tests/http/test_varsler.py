"""Varsler: each user's own, unread first, mark read; and pushed over graphql-transport-ws
through PostgreSQL LISTEN/NOTIFY, from whichever API process wrote them."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.asyncio.client import connect

from app.settings import ROOT
from tests.support import Api, free_port, make_person

SUBSCRIBE = "subscription { varselMottatt { tittel tekst objektType objektId ulest } }"
OPPRETT = """mutation($input: OpprettFordelingInput!) { opprettFordeling(input: $input) {
  fordeling { id } feil { code } } }"""
SEND = "mutation($id: ID!) { sendFordeling(id: $id) { fordeling { status } feil { code } } }"
LIST = """query($kun: Boolean) { antallUlesteVarsler varsler(kunUleste: $kun, first: 50) {
  totalCount edges { node { id tittel ulest } } } }"""


@contextmanager
def second_process(database_url: str, data_dir: str) -> Iterator[str]:
    """Another API process (uvicorn, as in production) on the same database and keys."""
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": database_url,
        "BOSETTING_DATA_DIR": data_dir,
        "BOSETTING_VENDOR_DIR": str(ROOT / "var" / "graphiql"),
    }
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "uvicorn", "app.asgi:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the second API process did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


async def post(base: str, token: str, query: str, **variables: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        response = await http.post(
            "/graphql", json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
    body: dict[str, Any] = response.json()
    return body


async def test_a_varsel_raised_through_another_process_is_pushed_at_once(
    api: Api, engine: AsyncEngine, fresh_db: str
) -> None:
    person = await make_person(engine)
    bosetter = api.server.token("demo-4601-bosetter-les")
    imdi = api.server.token("demo-imdi-saksbehandler")
    ws_url = api.server.base_url.replace("http://", "ws://") + "/graphql"
    with second_process(fresh_db, str(api.server.settings.data_dir)) as other:
        async with connect(ws_url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
            await socket.send(
                json.dumps(
                    {"type": "connection_init", "payload": {"Authorization": f"Bearer {bosetter}"}}
                )
            )
            assert json.loads(await socket.recv()) == {"type": "connection_ack"}
            await socket.send(
                json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
            )
            await asyncio.sleep(0.5)  # the subscription starts listening
            created = await post(
                other,
                imdi,
                OPPRETT,
                input={"kommunenummer": "4601", "personer": [{"dufNr": person}]},
            )
            fordeling_id = created["data"]["opprettFordeling"]["fordeling"]["id"]
            sent = await post(other, imdi, SEND, id=fordeling_id)
            assert sent["data"]["sendFordeling"] == {"fordeling": {"status": "NY"}, "feil": []}
            message = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
    assert message["type"] == "next"
    assert message["id"] == "1"
    assert message["payload"] == {
        "data": {
            "varselMottatt": {
                "tittel": "Ny fordelingsliste fra IMDi",
                "tekst": message["payload"]["data"]["varselMottatt"]["tekst"],
                "objektType": "Fordeling",
                "objektId": fordeling_id,
                "ulest": True,
            }
        }
    }


async def test_a_subscription_gets_only_its_own_users_varsler(
    api: Api, engine: AsyncEngine
) -> None:
    person = await make_person(engine)
    other_kommune = api.server.token("demo-0301-bosetter-les")
    imdi = api.server.token("demo-imdi-saksbehandler")
    ws_url = api.server.base_url.replace("http://", "ws://") + "/graphql"
    async with connect(ws_url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(
            json.dumps(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {other_kommune}"}}
            )
        )
        await socket.recv()
        await socket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        )
        await asyncio.sleep(0.5)
        created = await post(
            api.server.base_url,
            imdi,
            OPPRETT,
            input={"kommunenummer": "4601", "personer": [{"dufNr": person}]},
        )
        await post(
            api.server.base_url,
            imdi,
            SEND,
            id=created["data"]["opprettFordeling"]["fordeling"]["id"],
        )
        try:
            message = await asyncio.wait_for(socket.recv(), timeout=2)
        except TimeoutError:
            message = None
    assert message is None


async def test_unread_first_mark_read_and_only_unread(api: Api, engine: AsyncEngine) -> None:
    subject = "demo-0301-bosetter-skriv"
    before = await api(subject, LIST)
    total = before["data"]["varsler"]["totalCount"]
    unread = before["data"]["antallUlesteVarsler"]
    assert unread >= 1
    edges = before["data"]["varsler"]["edges"]
    flags = [e["node"]["ulest"] for e in edges]
    assert flags == sorted(flags, reverse=True)  # unread first
    first = edges[0]["node"]
    read = await api(
        subject, "mutation($id: ID!) { markerVarselLest(id: $id) { id ulest } }", id=first["id"]
    )
    assert read["data"]["markerVarselLest"] == {"id": first["id"], "ulest": False}
    only_unread = await api(subject, LIST, kun=True)
    assert only_unread["data"]["varsler"]["totalCount"] == unread - 1
    assert first["id"] not in {e["node"]["id"] for e in only_unread["data"]["varsler"]["edges"]}
    # Another user's varsel cannot be read or marked.
    stranger = await api(
        "demo-4601-bosetter-skriv",
        "mutation($id: ID!) { markerVarselLest(id: $id) { id } }",
        id=first["id"],
    )
    assert stranger["data"] == {"markerVarselLest": None}
    all_read = await api(subject, "mutation { markerAlleVarslerLest }")
    assert all_read["data"]["markerAlleVarslerLest"] == unread - 1
    after = await api(subject, LIST)
    assert after["data"]["antallUlesteVarsler"] == 0
    assert after["data"]["varsler"]["totalCount"] == total
