"""A token seen before is answered without a signature check or a login query
(app/principals.py), and the login still ends when the user's rights do: at once when this
service changes the user, within a second when the change is made behind its back (NOTIFY
``bruker_endret``)."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.support import Api, counted, sql_execute, sql_rows

ME = "{ me { navn roller } }"
SUBJECT = "demo-0301-bosetter-skriv"
LOGIN = "FROM bruker JOIN organisasjon"


def post(api: Api, token: str) -> httpx.Response:
    return api.http.post(
        "/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {token}"}
    )


def logins(statements: list[str]) -> list[str]:
    return [s for s in statements if LOGIN in " ".join(s.split())]


def remembered(api: Api, token: str) -> None:
    """Wait until the server answers ``token`` without a login query (its LISTEN connection
    opens as it starts)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with counted(api.server) as statements:
            assert post(api, token).status_code == 200
        if not logins(statements):
            return
        time.sleep(0.05)
    raise AssertionError("the token was never remembered")


def eventually(api: Api, token: str, check: Any) -> httpx.Response:
    """The first answer to ``token`` within 2 s for which ``check`` holds."""
    deadline = time.monotonic() + 2
    while True:
        response = post(api, token)
        if check(response) or time.monotonic() > deadline:
            return response
        time.sleep(0.02)


def test_a_token_seen_before_costs_no_statement(api: Api) -> None:
    token = api.server.token(SUBJECT)
    remembered(api, token)
    with counted(api.server) as statements:
        response = post(api, token)
    assert response.json()["data"]["me"]["navn"]
    assert statements == []
    with counted(api.server) as statements:
        assert post(api, api.server.token(SUBJECT)).status_code == 200
    assert len(logins(statements)) == 1, "another token of the same user is checked anew"


def test_a_user_deactivated_behind_the_services_back_is_refused_within_a_second(
    api: Api,
) -> None:
    token = api.server.token(SUBJECT)
    remembered(api, token)
    url = api.server.settings.database_url or ""
    sql_execute(url, "UPDATE bruker SET aktiv = false WHERE subject = :s", s=SUBJECT)
    started = time.monotonic()
    response = eventually(api, token, lambda r: r.status_code == 401)
    assert response.status_code == 401, response.text
    assert time.monotonic() - started < 1.0


def test_a_role_taken_behind_the_services_back_is_gone_within_a_second(api: Api) -> None:
    token = api.server.token(SUBJECT)
    remembered(api, token)
    before = post(api, token).json()["data"]["me"]["roller"]
    assert "KOMMUNE_BOSETTER_SKRIV" in before
    url = api.server.settings.database_url or ""
    sql_execute(
        url,
        "DELETE FROM bruker_rolle WHERE rolle = 'Kommune_Bosetter_Skriv'"
        " AND bruker_id = (SELECT id FROM bruker WHERE subject = :s)",
        s=SUBJECT,
    )
    response = eventually(
        api, token, lambda r: "KOMMUNE_BOSETTER_SKRIV" not in r.json()["data"]["me"]["roller"]
    )
    assert "KOMMUNE_BOSETTER_SKRIV" not in response.json()["data"]["me"]["roller"]


def test_a_user_deactivated_through_the_service_is_refused_at_once(api: Api) -> None:
    """No waiting for the NOTIFY: the process that made the change forgets the login itself."""
    token = api.server.token(SUBJECT)
    remembered(api, token)
    url = api.server.settings.database_url or ""
    [(bruker_id,)] = sql_rows(url, "SELECT id FROM bruker WHERE subject = :s", s=SUBJECT)
    deactivated = api.http.post(
        "/graphql",
        json={
            "query": "mutation($id: ID!) { deaktiverBruker(brukerId: $id) { feil { code } } }",
            "variables": {"id": str(bruker_id)},
        },
        headers={"Authorization": f"Bearer {api.server.token('demo-0301-admin')}"},
    )
    assert deactivated.json()["data"]["deaktiverBruker"]["feil"] == []
    assert post(api, token).status_code == 401


def test_a_change_missed_while_the_listen_connection_was_away_ends_the_login(api: Api) -> None:
    """The LISTEN connection is cut in the transaction that deactivates the user, so its
    NOTIFY is lost: the process forgets every login when the connection goes, and keeps none
    read before it listens again."""
    token = api.server.token(SUBJECT)
    remembered(api, token)
    url = api.server.settings.database_url or ""
    sql_execute(
        url,
        "WITH cut AS (SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
        " WHERE datname = current_database() AND query LIKE 'LISTEN%')"
        " UPDATE bruker SET aktiv = false WHERE subject = :s AND (SELECT count(*) FROM cut) = 1",
        s=SUBJECT,
    )
    [(aktiv,)] = sql_rows(url, "SELECT aktiv FROM bruker WHERE subject = :s", s=SUBJECT)
    assert aktiv is False, "the LISTEN connection was cut in the same statement"
    assert post(api, token).status_code == 401
    time.sleep(1.5)  # the process listens again (after 0.5 s)
    assert post(api, token).status_code == 401
