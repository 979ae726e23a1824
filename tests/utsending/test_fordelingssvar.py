"""A fordeling answered through /graphql goes out as letters: a server that delivers its outbox
(``serve``'s default) writes them to the file channel, e-mails the kommune, and the kommune
reads them in ``brev``."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fordeling.support import BOSETTER, SVAR, answer, new_fordeling, payload
from tests.support import Api, live_server
from tests.utsending.support import med_epost, smtp_server, vent_til

BREV = """{ kommune(nummer: "4601") { brev(first: 10) { edges { node {
  mal status tilPerson pdf } } } } }"""


def envelopes(folder: Path) -> int:
    return len(list(folder.glob("brev-*.json")))


async def test_the_answer_of_a_fordeling_goes_out_as_letters(
    fresh_db: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    await med_epost(engine, "4601")
    brev_dir = tmp_path / "brev"
    with (
        smtp_server() as (url, postkasse),
        live_server(
            fresh_db, tmp_path, utsending="inprocess", smtp_url=url, brev_dir=brev_dir
        ) as live,
        httpx.Client(base_url=live.base_url, timeout=30) as http,
    ):
        api = Api(live, http)
        f = await new_fordeling(api, engine)
        confirmed = await answer(api, f)
        sent = payload(
            await api(BOSETTER, SVAR, id=f["id"], v=confirmed["versjon"], k="svar-brev-000001"),
            "sendFordelingssvar",
            hidden_rows=1,
        )
        assert sent["feil"] == []
        # The kommune's letter, and one to each person søkt ut (the quota refugee was not).
        await vent_til(engine, "SELECT count(*) = 3 FROM utboks WHERE sendt IS NOT NULL")
        body = await api(BOSETTER, BREV)
    letters = [edge["node"] for edge in body["data"]["kommune"]["brev"]["edges"]]
    assert sorted((n["mal"], n["status"], n["tilPerson"]) for n in letters) == [
        ("BOSETTING_AV_FLYKTNINGER", "SENDT", False),
        ("VEDTAK_OM_BOSETTINGSKOMMUNE", "SENDT", True),
        ("VEDTAK_OM_BOSETTINGSKOMMUNE", "SENDT", True),
    ]
    assert all(n["pdf"] for n in letters)
    assert envelopes(brev_dir) == 3
    [melding] = postkasse.meldinger  # the kommune's letter only; the persons' go on paper
    assert melding["Subject"] == "Nytt brev fra IMDi: Bosetting av flyktninger"
