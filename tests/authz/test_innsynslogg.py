"""The innsynslogg: every read of personmappe data, written in the same request."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import text

from app.db import make_engine
from models.enums import Rolle
from tests.authz.support import ask
from tests.authz.world import World, subject_for
from tests.support import DatabaseServer, LiveServer, live_server, unique_name

BOSETTER = subject_for(frozenset({Rolle.KOMMUNE_BOSETTER_SKRIV}))
ANMODER = subject_for(frozenset({Rolle.KOMMUNE_ANMODER_LES}))
LOG = """query($duf: String!) { innsynslogg(dufNr: $duf, first: 100) {
    totalCount edges { node { bruker organisasjon seksjon requestId correlationId } } } }"""


def read_sections(
    client: httpx.Client, server: LiveServer, duf: str, **headers: str
) -> httpx.Response:
    response = client.post(
        "/graphql",
        json={
            "query": "query($duf: String!) { person(dufNr: $duf) {"
            " helseinformasjon { helsetilstand } h2: helseinformasjon { kilde }"
            " kompetanse { sprak { sprak } } navn } }",
            "variables": {"duf": duf},
        },
        headers={"Authorization": f"Bearer {server.token(BOSETTER)}", **headers},
    )
    assert response.status_code == 200
    return response


def test_each_section_read_is_logged_with_who_and_the_request_id(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    duf = world.persons["SOKT_UT"].duf_nr
    request_id = read_sections(world_client, world_server, duf).headers["x-request-id"]
    log = ask(world_client, world_server, "demo-imdi-saksbehandler", LOG, duf=duf)
    entries = [
        e["node"]
        for e in log["data"]["innsynslogg"]["edges"]
        if e["node"]["requestId"] == request_id
    ]
    assert sorted(entries, key=lambda e: e["seksjon"]) == [
        {
            "bruker": "Verdi Bruker",
            "organisasjon": "Drammen kommune",
            "seksjon": s,
            "requestId": request_id,
            "correlationId": None,
        }
        for s in ("HELSE", "KOMPETANSE")
    ]


def test_the_log_keeps_the_servers_request_id_and_the_callers_beside_it(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    """The attack: a caller names its read after an earlier request of someone else. The log
    row carries the server's id; the caller's own is only a correlation id beside it."""
    duf = world.persons["SOKT_UT"].duf_nr
    earlier = read_sections(world_client, world_server, duf).headers["x-request-id"]
    response = read_sections(world_client, world_server, duf, **{"X-Request-Id": earlier})
    own = response.headers["x-request-id"]
    assert own != earlier
    assert response.headers["x-correlation-id"] == earlier
    log = ask(world_client, world_server, "demo-imdi-saksbehandler", LOG, duf=duf)
    nodes = [e["node"] for e in log["data"]["innsynslogg"]["edges"]]
    assert sorted(n["seksjon"] for n in nodes if n["requestId"] == own) == ["HELSE", "KOMPETANSE"]
    assert {n["correlationId"] for n in nodes if n["requestId"] == own} == {earlier}
    # The earlier request's rows are its own two, however the caller named its second one.
    assert sorted(n["seksjon"] for n in nodes if n["requestId"] == earlier) == [
        "HELSE",
        "KOMPETANSE",
    ]


def test_denied_and_identity_reads_are_not_personmappe_reads(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    duf = world.persons["BOSATT"].duf_nr
    response = world_client.post(
        "/graphql",
        json={
            "query": "query($duf: String!) { person(dufNr: $duf) {"
            " navn fodselsdato helseinformasjon { kilde } } }",
            "variables": {"duf": duf},
        },
        headers={"Authorization": f"Bearer {world_server.token(ANMODER)}"},
    )
    request_id = response.headers["x-request-id"]
    log = ask(world_client, world_server, "demo-imdi-saksbehandler", LOG, duf=duf)
    assert all(e["node"]["requestId"] != request_id for e in log["data"]["innsynslogg"]["edges"])


def test_a_kommune_never_sees_a_persons_log(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    for subject in (BOSETTER, ANMODER, "demo-bufetat-saksbehandler", "demo-analytiker"):
        body = ask(world_client, world_server, subject, LOG, duf=world.persons["SOKT_UT"].duf_nr)
        assert body["data"] == {"innsynslogg": None}
        assert [e["extensions"] for e in body["errors"]] == [{"code": "FORBIDDEN"}]


def test_no_personmappe_value_leaves_when_the_log_cannot_be_written(
    db_server: DatabaseServer, template_db: str, tmp_path: Path
) -> None:
    name = unique_name("bosetting_nolog")

    async def prepare() -> str:
        url = await db_server.create(name, template=template_db)
        engine = make_engine(url, pool_size=1)
        async with engine.begin() as connection:
            await connection.execute(
                text("ALTER TABLE innsynslogg ADD CONSTRAINT refuse_all CHECK (false) NOT VALID")
            )
        await engine.dispose()
        return url

    url = asyncio.run(prepare())
    try:
        with live_server(url, tmp_path) as live, httpx.Client(base_url=live.base_url) as http:
            token = live.token("demo-imdi-saksbehandler")
            found = http.post(
                "/graphql",
                json={
                    "query": '{ personsok(navn: "Mohammed Kurt", first: 1) {'
                    " edges { node { dufNr } } } }"
                },
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            duf = found["data"]["personsok"]["edges"][0]["node"]["dufNr"]
            response = http.post(
                "/graphql",
                json={
                    "query": "query($d: String!) { person(dufNr: $d) {"
                    " navn kontaktinformasjon { telefon } } }",
                    "variables": {"d": duf},
                },
                headers={"Authorization": f"Bearer {token}"},
            )
            body = response.json()
            assert body["data"] is None
            [error] = body["errors"]
            assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
            assert response.headers["x-request-id"] in error["message"]
            assert "refuse_all" not in response.text
    finally:
        asyncio.run(db_server.drop(name))


ADMIN = subject_for(frozenset({Rolle.KOMMUNE_ADMIN}))
KOMMUNE_LOG = """{ kommunensInnsynslogg(first: 100) {
    totalCount edges { node { dufNr bruker organisasjon seksjon requestId } } } }"""


def test_a_kommunes_admin_reads_what_its_own_users_read_and_nothing_else(
    world_client: httpx.Client, world_server: LiveServer, world: World
) -> None:
    """DOMAIN.md, "The kommune's own access log": K's admin sees its users' reads (who, which
    person, which section, when); IMDi's reads of the same person are not K's to see, and
    another kommune's admin sees none of K's."""
    duf = world.persons["SOKT_UT"].duf_nr
    ours = read_sections(world_client, world_server, duf).headers["x-request-id"]
    imdi = world_client.post(
        "/graphql",
        json={
            "query": "query($d: String!) { person(dufNr: $d) { helseinformasjon { kilde } } }",
            "variables": {"d": duf},
        },
        headers={"Authorization": f"Bearer {world_server.token('demo-imdi-saksbehandler')}"},
    )
    theirs = imdi.headers["x-request-id"]
    assert imdi.json()["data"]["person"]["helseinformasjon"] is not None

    log = ask(world_client, world_server, ADMIN, KOMMUNE_LOG)["data"]["kommunensInnsynslogg"]
    nodes = [e["node"] for e in log["edges"]]
    assert log["totalCount"] == len(nodes)
    mine = [n for n in nodes if n["requestId"] == ours]
    assert sorted(n["seksjon"] for n in mine) == ["HELSE", "KOMPETANSE"]
    assert {n["dufNr"] for n in mine} == {duf}
    assert all(n["requestId"] != theirs for n in nodes), "IMDi's read is not K's"
    assert {n["organisasjon"] for n in nodes} == {mine[0]["organisasjon"]}

    other = ask(world_client, world_server, "demo-0301-admin", KOMMUNE_LOG)
    other_nodes = [e["node"] for e in other["data"]["kommunensInnsynslogg"]["edges"]]
    assert all(n["requestId"] != ours for n in other_nodes), "another kommune's admin sees none"


def test_only_a_kommunes_admin_reads_the_kommunes_access_log(
    world_client: httpx.Client, world_server: LiveServer
) -> None:
    for subject in (BOSETTER, ANMODER, "demo-imdi-saksbehandler", "demo-imdi-admin"):
        body = ask(world_client, world_server, subject, KOMMUNE_LOG)
        assert body["data"] == {"kommunensInnsynslogg": None}, subject
        assert [e["extensions"] for e in body["errors"]] == [{"code": "FORBIDDEN"}], subject
