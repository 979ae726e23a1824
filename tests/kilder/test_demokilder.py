"""The demo family comes in through the sources' own steps, once: a second seed of the same
deliveries writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.demokilder import BARN, MOR, ManglerDemobruker, gjennom_kildene
from tests.support import Api

LES = """query($d: String!) { person(dufNr: $d) { navn familie { relasjon }
  kontaktinformasjon { kilde } helseinformasjon { kilde } sosialInformasjon { kilde }
  kompetanse { sprak { kilde } yrker { kilde selvregGrunndata { tittel } }
    andreFerdigheter { kilde } karriereveiledning { malsetting } }
  hendelser(first: 10) { edges { node { tittel } } } } }"""


async def test_the_demo_family_comes_through_every_source(api: Api, engine: AsyncEngine) -> None:
    assert await gjennom_kildene(engine) == 5  # two created, then three changes of the mother
    assert await gjennom_kildene(engine) == 0  # each delivery's key was delivered
    mor = (await api("demo-imdi-saksbehandler", LES, d=MOR))["data"]["person"]
    assert mor["navn"] == "Rania Kildeveien"
    assert mor["familie"] == [{"relasjon": "BARN"}]
    assert mor["kontaktinformasjon"] == {"kilde": "SESAM"}
    assert mor["helseinformasjon"] == {"kilde": "SESAM"}
    assert mor["sosialInformasjon"] == {"kilde": "IMDI"}
    kompetanse = mor["kompetanse"]
    assert {s["kilde"] for s in kompetanse["sprak"]} == {"SELVREG"}
    assert kompetanse["yrker"] == [
        {"kilde": "SELVREG", "selvregGrunndata": {"tittel": "sykepleier"}}
    ]
    assert kompetanse["andreFerdigheter"] == [{"kilde": "IMDI"}]
    assert kompetanse["karriereveiledning"] == [{"malsetting": "Autorisasjon som sykepleier"}]
    titler = sorted(edge["node"]["tittel"] for edge in mor["hendelser"]["edges"])
    assert titler == [
        "Kompetanse endret fra Selvreg",
        "Person opprettet fra UDB",
        "Personmappe endret av IMDi",
        "Personmappe endret fra SESAM",
    ]
    barn = (await api("demo-imdi-saksbehandler", LES, d=BARN))["data"]["person"]
    assert barn["navn"] == "Yusuf Kildeveien"


async def test_a_missing_demo_user_is_named(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE bruker SET aktiv = false WHERE subject = 'demo-selvreg-integrasjon'")
        )
    with pytest.raises(ManglerDemobruker, match="demo-selvreg-integrasjon"):
        await gjennom_kildene(engine)
