"""Demo data: deterministic, valid, realistic, and every process in several states."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from demodata.generate import COLUMNS, DEMO_KOMMUNER, DemoData, generate
from demodata.load import NotEmptyError, load
from demodata.names import ORIGINS
from models import Person
from models.enums import Rolle
from models.identifikatorer import duf_nr_is_valid, personnummer_is_valid
from tests.support import TEST_PERSONS


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(seed=3, persons=4000)


def column(data: DemoData, table: str, name: str) -> list[object]:
    index = COLUMNS[table].index(name)
    return [row[index] for row in data.rows[table]]


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(data: DemoData) -> None:
    again = generate(seed=3, persons=4000)
    other = generate(seed=4, persons=4000)
    assert again.rows == data.rows
    assert other.rows["person"] != data.rows["person"]


def test_exactly_the_asked_number_of_persons(data: DemoData) -> None:
    assert data.count("person") == 4000
    assert len(set(column(data, "person", "duf_nr"))) == 4000


def test_duf_numbers_are_valid_except_the_guides_imported_example(data: DemoData) -> None:
    duf = column(data, "person", "duf_nr")
    ok = column(data, "person", "duf_nr_kontroll_ok")
    failing = [d for d, flag in zip(duf, ok, strict=True) if not flag]
    assert failing == ["201803452201"]
    assert all(duf_nr_is_valid(str(d)) for d, flag in zip(duf, ok, strict=True) if flag)


def test_personnummer_are_valid_unique_and_typed(data: DemoData) -> None:
    numbers = [n for n in column(data, "person", "personnummer") if n is not None]
    types = Counter(t for t in column(data, "person", "personnummer_type") if t is not None)
    assert len(numbers) > 3000
    assert len(set(numbers)) == len(numbers)
    assert all(personnummer_is_valid(str(n)) for n in numbers)
    assert types["FODSELSNUMMER"] > 0
    assert types["D_NUMMER"] > 0


def test_names_fit_the_country_of_origin(data: DemoData) -> None:
    for fornavn, nasjonalitet in zip(
        column(data, "person", "fornavn"), column(data, "person", "nasjonalitet"), strict=True
    ):
        origin = ORIGINS[str(nasjonalitet)]
        assert fornavn in origin.male + origin.female


def test_families_share_a_registreringsnummer(data: DemoData) -> None:
    sizes = Counter(column(data, "person", "registreringsnummer"))
    assert max(sizes.values()) >= 5
    assert sum(1 for size in sizes.values() if size == 1) > 100


def test_sections_and_sources_vary(data: DemoData) -> None:
    assert 0.5 < data.count("person_kontakt") / 4000 < 0.95
    assert 0.05 < data.count("person_helse") / 4000 < 0.3
    assert data.count("person_sosial") > 0
    assert set(column(data, "sprak", "kilde")) >= {"SELVREG", "IMDI", "UDB"}
    assert set(column(data, "kompetanse", "type")) == {
        "YRKE", "YRKESONSKE", "UTDANNING", "ANNEN_FERDIGHET", "INTERESSE",
    }  # fmt: skip
    assert set(column(data, "kompetanse", "kilde")) >= {"SELVREG", "IMDI", "SESAM"}


def test_every_process_is_in_several_states(data: DemoData) -> None:
    assert set(column(data, "person", "bosettingsstatus")) == {
        "IKKE_BOSETTINGSKLAR", "BOSETTINGSKLAR", "FORDELT", "SOKT_UT", "BOSATT",
    }  # fmt: skip
    assert set(column(data, "anmodning", "status")) == {
        "IKKE_SVART", "UNDER_ARBEID", "SVART", "BEKREFTET", "PURRET", "RETURNERT",
    }  # fmt: skip
    assert set(column(data, "fordeling", "status")) >= {"NY", "BEKREFTET", "SENDT"}
    assert set(column(data, "innmelding", "status")) == {
        "VENTER_PA_BEHANDLING", "SAKSBEHANDLES", "FERDIGBEHANDLET", "AVSLATT", "KANSELLERT",
    }  # fmt: skip
    assert set(column(data, "innmelding", "type")) == {
        "FAMILIEBOLIG", "BOFELLESSKAP", "EM_TILTAK", "BESTEMTE_PERSONER", "ANTALL_PLASSER",
    }  # fmt: skip
    assert set(column(data, "hendelse", "type")) == {"SYSTEMHENDELSE", "NOTAT"}
    assert False in column(data, "fordeling_person", "bosettes")


def test_each_demo_kommune_has_a_notat_on_its_newest_anmodning(data: DemoData) -> None:
    newest: dict[object, object] = {}
    for anmodning_id, kommune in zip(
        column(data, "anmodning", "id"), column(data, "anmodning", "kommunenummer"), strict=True
    ):
        newest[kommune] = anmodning_id
    notater = {
        (kommune, json.loads(str(detaljer)).get("anmodningId"))
        for type_, omrade, kommune, detaljer in zip(
            column(data, "hendelse", "type"),
            column(data, "hendelse", "omrade"),
            column(data, "hendelse", "kommunenummer"),
            column(data, "hendelse", "detaljer"),
            strict=True,
        )
        if (type_, omrade) == ("NOTAT", "ANMODNING")
    }
    assert notater == {(k, newest[k]) for k in DEMO_KOMMUNER}


def test_some_bindende_tilknytninger_were_overridden_and_the_rest_hold(data: DemoData) -> None:
    """Issue 15 item 9, as opprettFordeling leaves it: a person fordelt to a kommune other than
    the one it is bound to has IMDi's override on that fordeling; the demo has some."""
    bound = {row[0]: row[2] for row in data.rows["person_bosettingsinfo"] if row[1] is not None}
    kommune_of = {row[0]: row[1] for row in data.rows["fordeling"]}
    overridden = {
        (person_id, json.loads(str(detaljer))["fordelingId"])
        for hendelse_id, tittel, detaljer in zip(
            column(data, "hendelse", "id"),
            column(data, "hendelse", "tittel"),
            column(data, "hendelse", "detaljer"),
            strict=True,
        )
        if tittel == "Bindende tilknytning overstyrt"
        for linked, person_id in zip(
            column(data, "hendelse_person", "hendelse_id"),
            column(data, "hendelse_person", "person_id"),
            strict=True,
        )
        if linked == hendelse_id
    }
    elsewhere = {
        (rad[2], rad[1])
        for rad in data.rows["fordeling_person"]
        if rad[2] in bound and bound[rad[2]] != kommune_of[rad[1]]
    }
    assert elsewhere == overridden
    assert {kommune_of[f] for _, f in overridden} == set(DEMO_KOMMUNER)


def test_each_demo_kommune_attached_its_vedtak_as_a_pdf(data: DemoData) -> None:
    newest: dict[object, object] = {}
    for anmodning_id, kommune in zip(
        column(data, "anmodning", "id"), column(data, "anmodning", "kommunenummer"), strict=True
    ):
        newest[kommune] = anmodning_id
    documents = dict(
        zip(
            column(data, "vedtaksdokument", "anmodning_id"),
            column(data, "vedtaksdokument", "innhold"),
            strict=True,
        )
    )
    assert set(documents) == {newest[k] for k in DEMO_KOMMUNER}
    for innhold in documents.values():
        assert isinstance(innhold, bytes)
        assert innhold.startswith(b"%PDF-1.4")
        assert innhold.endswith(b"%%EOF\n")


def test_each_demo_kommune_has_corrected_bosettingsdatoer(data: DemoData) -> None:
    """Issue 15 item 5: each demo kommune corrected dates it registered, within the window, and
    the stored date is the corrected one."""
    utsoking = {
        person_id: (kommune, dato, registrert)
        for person_id, kommune, dato, registrert, aktiv in zip(
            column(data, "utsoking", "person_id"),
            column(data, "utsoking", "kommunenummer"),
            column(data, "utsoking", "bosettingsdato"),
            column(data, "utsoking", "bosettingsdato_registrert"),
            column(data, "utsoking", "aktiv"),
            strict=True,
        )
        if aktiv
    }
    person_of = dict(
        zip(
            column(data, "hendelse_person", "hendelse_id"),
            column(data, "hendelse_person", "person_id"),
            strict=True,
        )
    )
    corrected: Counter[str] = Counter()
    for hendelse_id, kommune, tittel, detaljer, tidspunkt in zip(
        column(data, "hendelse", "id"),
        column(data, "hendelse", "kommunenummer"),
        column(data, "hendelse", "tittel"),
        column(data, "hendelse", "detaljer"),
        column(data, "hendelse", "tidspunkt"),
        strict=True,
    ):
        if tittel != "Bosettingsdato korrigert":
            continue
        facts = json.loads(str(detaljer))
        stored_kommune, dato, registrert = utsoking[person_of[hendelse_id]]
        assert (stored_kommune, str(dato)) == (kommune, facts["bosettingsdato"])
        assert facts["forrigeBosettingsdato"] > facts["bosettingsdato"]
        assert registrert < tidspunkt <= registrert + timedelta(days=30)  # type: ignore[operator]
        corrected[str(kommune)] += 1
    assert set(corrected) == set(DEMO_KOMMUNER)


def test_a_persons_history_is_in_its_hendelser(data: DemoData) -> None:
    """Issue 15 item 4, as the workflows leave it: every bosatt person was put on a fordeling,
    moved BOSETTINGSKLAR → FORDELT → SOKT_UT → BOSATT, and had its date registered; every
    innmelding of a person is in that person's history, one hendelse per step."""
    titles = dict(
        zip(column(data, "hendelse", "id"), column(data, "hendelse", "tittel"), strict=True)
    )
    tekst = dict(
        zip(column(data, "hendelse", "id"), column(data, "hendelse", "tekst"), strict=True)
    )
    history: defaultdict[object, list[str]] = defaultdict(list)
    for hendelse_id, person_id in zip(
        column(data, "hendelse_person", "hendelse_id"),
        column(data, "hendelse_person", "person_id"),
        strict=True,
    ):
        title = str(titles[hendelse_id])
        history[person_id].append(
            f"{title}: {tekst[hendelse_id]}" if title == "Bosettingsstatus endret" else title
        )
    bosatt = {
        person_id
        for person_id, status in zip(
            column(data, "person", "id"), column(data, "person", "bosettingsstatus"), strict=True
        )
        if status == "BOSATT"
    }
    assert bosatt
    for person_id in bosatt:
        assert {
            "Fordelingsliste sendt fra IMDi",
            "Bosettingsstatus endret: BOSETTINGSKLAR → FORDELT",
            "Bosettingsstatus endret: FORDELT → SOKT_UT",
            "Bosettingsstatus endret: SOKT_UT → BOSATT",
            "Bosettingsdato registrert",
        } <= set(history[person_id]), person_id
    steps = {
        "VENTER_PA_BEHANDLING": ["Innmelding sendt"],
        "KANSELLERT": ["Innmelding sendt", "Innmelding kansellert"],
        "SAKSBEHANDLES": ["Innmelding sendt", "Innmelding saksbehandles"],
        "AVSLATT": ["Innmelding sendt", "Innmelding saksbehandles", "Innmelding avslått"],
        "FERDIGBEHANDLET": [
            "Innmelding sendt",
            "Innmelding saksbehandles",
            "Innmelding ferdigbehandlet",
        ],
    }
    seen = set()
    for person_id, status in zip(
        column(data, "innmelding", "person_id"), column(data, "innmelding", "status"), strict=True
    ):
        if person_id is not None:
            innmelding = [t for t in history[person_id] if t.startswith("Innmelding")]
            assert innmelding == steps[str(status)], (person_id, status)
            seen.add(status)
    assert seen == set(steps)


def test_each_demo_kommune_has_persons_on_a_fordeling_sokt_ut_and_bosatt(data: DemoData) -> None:
    utsoking = defaultdict(set)
    for kommune, bosatt in zip(
        column(data, "utsoking", "kommunenummer"),
        column(data, "utsoking", "bosettingsdato"),
        strict=True,
    ):
        utsoking[kommune].add("bosatt" if bosatt else "sokt_ut")
    pending = {
        kommune
        for kommune, status in zip(
            column(data, "fordeling", "kommunenummer"),
            column(data, "fordeling", "status"),
            strict=True,
        )
        if status in ("NY", "BEKREFTET")
    }
    for kommune in DEMO_KOMMUNER:
        assert utsoking[kommune] == {"bosatt", "sokt_ut"}, kommune
        assert kommune in pending


def test_persons_moved_on_so_their_first_utsoking_ended(data: DemoData) -> None:
    """The access rules' "moved" state (DOMAIN.md): a person whose active utsøking is now to
    another kommune. Every demo kommune has persons who left it and persons who came."""
    rows = list(
        zip(
            column(data, "utsoking", "person_id"),
            column(data, "utsoking", "kommunenummer"),
            column(data, "utsoking", "aktiv"),
            column(data, "utsoking", "fordeling_person_id"),
            strict=True,
        )
    )
    active = {person: kommune for person, kommune, aktiv, _ in rows if aktiv}
    assert len(active) == len([row for row in rows if row[2]])  # one active each
    left = defaultdict(set)
    for person, kommune, aktiv, _ in rows:
        if not aktiv:
            assert active[person] != kommune  # ended because the person moved elsewhere
            left[kommune].add(person)
    came = defaultdict(set)
    for person, kommune in active.items():
        if any(person in persons for persons in left.values()):
            came[kommune].add(person)
    for kommune in DEMO_KOMMUNER:
        assert left[kommune], kommune
        assert came[kommune], kommune
    # A move makes no fordeling row: only the first utsøking points at one.
    assert all(row_id is None for person, _, aktiv, row_id in rows if aktiv and person in left)


def test_there_is_a_demo_user_for_every_role(data: DemoData) -> None:
    roles = set(column(data, "bruker_rolle", "rolle"))
    assert roles == {r.value for r in Rolle}
    subjects = [subject for subject, _, _ in data.users]
    assert len(subjects) == len(set(subjects))
    assert "demo-0301-deaktivert" in subjects


async def test_the_loaded_database_holds_every_row(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        persons = await connection.scalar(select(func.count()).select_from(Person))
        kommuner = await connection.scalar(text("SELECT count(*) FROM kommune"))
        next_id = await connection.scalar(
            text("SELECT nextval(pg_get_serial_sequence('person', 'id'))")
        )
    assert persons == TEST_PERSONS
    assert kommuner == 357
    assert next_id == TEST_PERSONS + 1


async def test_loading_into_a_database_with_data_is_refused_unless_reset(
    engine: AsyncEngine,
) -> None:
    with pytest.raises(NotEmptyError):
        await load(engine, persons=50, show_progress=False)
    _, seconds = await load(engine, seed=9, persons=50, reset=True, show_progress=False)
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(Person)) == 50
    assert seconds > 0


async def test_a_failed_load_leaves_nothing_behind(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE kommune, person RESTART IDENTITY CASCADE"))
        # A constraint the generator does not know of: the COPY of person rows fails half-way.
        await connection.execute(
            text("ALTER TABLE person ADD CONSTRAINT no_syrians CHECK (nasjonalitet <> 'SYR')")
        )
    with pytest.raises(Exception, match="no_syrians"):
        await load(engine, persons=300, show_progress=False)
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM kommune")) == 0
        assert await connection.scalar(text("SELECT count(*) FROM organisasjon")) == 0
