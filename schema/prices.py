"""What each list of the schema may hold at most: the prices of the cost limit
(``BOSETTING_MAX_COST``). A connection holds its page (``first``); ``personer`` the DUF-numbers
asked for; every other list the bound written here, with where the bound comes from. A test
requires a price for every list field of the schema."""

from __future__ import annotations

from dataclasses import dataclass

from models.arbeidsflate import PERSONLISTE_MAKS
from models.enums import Kategori, Panel, Rolle, Snarvei
from schema import bounds


@dataclass(frozen=True, slots=True)
class Fixed:
    """At most ``items``."""

    items: int


@dataclass(frozen=True, slots=True)
class Page:
    """A connection: its page, the ``first`` argument (required, 1 to 100)."""


@dataclass(frozen=True, slots=True)
class Counted:
    """As many as the list given in ``argument`` has values."""

    argument: str


@dataclass(frozen=True, slots=True)
class SamePage:
    """A connection's ``edges``: the page its connection field already counted."""


@dataclass(frozen=True, slots=True)
class PerInput:
    """A mutation that acts once per value of the list ``field`` of its input object
    ``argument``: its payload's lists are priced for one, and multiplied by that count."""

    argument: str
    field: str


Price = Fixed | Page | Counted | SamePage | PerInput

FAMILIE_STORST = 7
"""The largest family case (persons sharing a registreringsnummer): demodata/generate.py draws
family sizes 1 to 7 (``family_ages``); the data model does not cap it (``person`` has no
constraint on a registreringsnummer's persons). ``familie`` lists the others."""
KOMMUNER = 357
"""Norway's kommuner (demodata/kommuner.csv, the kommune table)."""
AR_FREM = 6
"""An anmodning asks for this year and the five after (resolvers/workflows/anmodning.send)."""
HENDELSER_PER_ANMODNING = 50
"""Not capped: an anmodning's hendelser are its steps (sent, opened, reminded, answered,
returned, commented …); 50 leaves room for several rounds."""
OPPFORINGER = 5
"""Not capped: a person's languages, occupations, educations … as registered; the demo data
has at most three of each (demodata/generate.py, ``languages`` and ``competence``). At 5, the
200 persons of ``personer`` with every section (tests/authz/test_sql_count.py) cost 9400."""
STATISTIKK_CELLER = 1_000
"""Not capped: a statistic's cells are flat (counts, no list inside); the answer's size limit
bounds the rest."""
FEIL = 1
"""A mutation reports the first rule it breaks (one ``Regelbrudd``, one UserError)."""

PRICES: dict[str, Price] = {
    "Query.kommuner": Fixed(KOMMUNER),
    "Query.oversiktBosettingAlle": Fixed(KOMMUNER),
    "Query.personer": Counted("dufNr"),
    "Person.familie": Fixed(FAMILIE_STORST - 1),
    # The input bounds of opprettFordeling and opprettNotat (schema/bounds.py) cap these two.
    "Fordeling.rader": Fixed(bounds.PERSONER),
    "Anmodning.tall": Fixed(AR_FREM * len(Kategori)),
    "Anmodning.summer": Fixed(AR_FREM + 1),
    "Anmodning.hendelser": Fixed(HENDELSER_PER_ANMODNING),
    # One anmodning per kommune asked (the input's list, at most bounds.KOMMUNER).
    "Mutation.sendAnmodning": PerInput("input", "kommunenummer"),
    "SendAnmodningPayload.anmodninger": Fixed(1),
    "OversiktBosetting.kategorier": Fixed(len(Kategori)),
    "KommuneHendelse.personer": Fixed(bounds.NOTAT_PERSONER),
    "Arbeidsflate.personliste": Fixed(PERSONLISTE_MAKS),
    "PersonlistePayload.personliste": Fixed(PERSONLISTE_MAKS),
    "Arbeidsflate.paneler": Fixed(len(Panel)),
    "Arbeidsflatepanel.snarveier": Fixed(len(Snarvei)),
    # One merknad per source, and two sources: SESAM and IMDi (the table's key and check,
    # models/person.py). The criteria are capped only at one of each kind per source (14);
    # priced like the kompetanse lists, as a person rarely has more than a few (the demo: 2).
    "Bosettingsinformasjon.veiledendeTilknytninger": Fixed(OPPFORINGER),
    "Bosettingsinformasjon.bosettingsmerknader": Fixed(2),
    "Bruker.roller": Fixed(len(Rolle)),
    "AdministrertBruker.roller": Fixed(len(Rolle)),
    **{
        f"Kompetanse.{name}": Fixed(OPPFORINGER)
        for name in (
            "sprak",
            "yrker",
            "yrkesonsker",
            "utdanning",
            "andreFerdigheter",
            "interesser",
            "karriereveiledning",
        )
    },
    **{
        f"Statistikk.{name}": Fixed(STATISTIKK_CELLER)
        for name in ("bosettinger", "anmodetVedtattBosatt", "ventetid", "innmeldinger")
    },
    "Bosettingsrapport.grupper": Fixed(STATISTIKK_CELLER),
    # One result per person delivered (resolvers/kilder.py: at most 100), one error each: the
    # payload priced for one person, multiplied by the persons given.
    "Mutation.udbPersoner": Counted("personer"),
    "Mutation.sesamPersoner": Counted("personer"),
    "Mutation.selvregPersoner": Counted("personer"),
    "KildeskrivingPayload.resultater": Fixed(1),
    "Kilderesultat.feil": Fixed(FEIL),
    **{
        f"{payload}Payload.feil": Fixed(FEIL)
        for payload in (
            "Anmodning",
            "Bosettingsdato",
            "BosettingsdatoKorreksjon",
            "Brev",
            "Bruker",
            "Fordeling",
            "Innmelding",
            "Kontaktinformasjon",
            "Notat",
            "Personliste",
            "SendAnmodning",
        )
    },
}


def price(
    type_name: str, field_name: str, arguments: frozenset[str], is_list: bool
) -> Price | None:
    """The price of a field of the schema; None for a field that is no list and no page."""
    named = PRICES.get(f"{type_name}.{field_name}")
    if named is not None:
        return named
    if "first" in arguments:
        return Page()
    if is_list and field_name == "edges" and type_name.endswith("Connection"):
        return SamePage()
    return None
