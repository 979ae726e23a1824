"""A person (grunndata) and every section of the personmappe."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created_at, enum_column
from models.enums import (
    BindendeTilknytning,
    Bosettingsstatus,
    Botilbud,
    Familierolle,
    Ferdighetsniva,
    Kilde,
    Kjonn,
    KompetanseType,
    PersonnummerType,
    Sakstype,
    Tilknytningskriterium,
)


def person_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)


class Person(Base):
    """Grunndata. Persons sharing a ``registreringsnummer`` are one family case."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("duf_nr ~ '^[0-9]{12}$'", name="duf_nr_format"),
        CheckConstraint("personnummer ~ '^[0-9]{11}$'", name="personnummer_format"),
        CheckConstraint(
            "(personnummer IS NULL) = (personnummer_type IS NULL)", name="personnummer_type_set"
        ),
        CheckConstraint("fodselsdato <= CURRENT_DATE", name="fodselsdato_not_future"),
        Index(
            "ix_person_navn_sok_trgm",
            "navn_sok",
            postgresql_using="gin",
            postgresql_ops={"navn_sok": "gin_trgm_ops"},
        ),
        Index("ix_person_registreringsnummer", "registreringsnummer"),
        Index("ix_person_bosettingsstatus", "bosettingsstatus"),
        Index(
            "ix_person_em_fodselsdato",
            "fodselsdato",
            postgresql_where=text("enslig_mindrearig"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    duf_nr: Mapped[str] = mapped_column(String(12), unique=True)
    duf_nr_kontroll_ok: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    fornavn: Mapped[str] = mapped_column(Text)
    mellomnavn: Mapped[str | None] = mapped_column(Text)
    etternavn: Mapped[str] = mapped_column(Text)
    navn_sok: Mapped[str] = mapped_column(Text)
    """The full name folded to lower-case ASCII, for typo- and diacritic-tolerant search."""
    fodselsdato: Mapped[date] = mapped_column(Date)
    kjonn: Mapped[Kjonn] = mapped_column(enum_column(Kjonn, "kjonn"))
    nasjonalitet: Mapped[str] = mapped_column(String(3))
    """ISO 3166-1 alpha-3 code; ``XXX`` for stateless."""
    personnummer: Mapped[str | None] = mapped_column(String(11), unique=True)
    personnummer_type: Mapped[PersonnummerType | None] = mapped_column(
        enum_column(PersonnummerType, "personnummer_type")
    )
    registreringsnummer: Mapped[str] = mapped_column(String(12))
    familierolle: Mapped[Familierolle] = mapped_column(
        enum_column(Familierolle, "familierolle"), server_default=Familierolle.ANNEN.value
    )
    sakstype: Mapped[Sakstype] = mapped_column(enum_column(Sakstype, "sakstype"))
    bosettingsstatus: Mapped[Bosettingsstatus] = mapped_column(
        enum_column(Bosettingsstatus, "bosettingsstatus")
    )
    enslig_mindrearig: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    botilbud: Mapped[Botilbud] = mapped_column(enum_column(Botilbud, "botilbud"))
    mottak: Mapped[str | None] = mapped_column(Text)
    udb_mottak: Mapped[str | None] = mapped_column(Text)
    """The mottak UDB last placed the person in (issue 16). ``mottak`` differs when SESAM
    registered a move since: UDB delivering the same placement again leaves the move, a new
    placement replaces it. Null on rows from before: ``mottak`` was UDB's."""
    vedtak_opphold_dato: Mapped[date | None] = mapped_column(Date)
    """The date of the residence decision, from which settlement waiting time is counted."""
    bosettingsklar_dato: Mapped[date | None] = mapped_column(Date)
    sivilstand: Mapped[str | None] = mapped_column(Text)
    morsmal: Mapped[str | None] = mapped_column(Text)
    religion: Mapped[str | None] = mapped_column(Text)
    opprettet: Mapped[datetime] = created_at()
    endret: Mapped[datetime] = created_at()


class PersonKontakt(Base):
    """Contact information registered by UDI, mottak or IMDi (not the population register's)."""

    __tablename__ = "person_kontakt"

    person_id: Mapped[int] = person_fk()
    adresse: Mapped[str | None] = mapped_column(Text)
    postnummer: Mapped[str | None] = mapped_column(String(4))
    poststed: Mapped[str | None] = mapped_column(Text)
    epost: Mapped[str | None] = mapped_column(Text)
    telefon: Mapped[str | None] = mapped_column(Text)
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))
    endret: Mapped[datetime] = created_at()


class PersonBosettingsinfo(Base):
    __tablename__ = "person_bosettingsinfo"
    __table_args__ = (
        CheckConstraint(
            "(bindende_tilknytning IS NULL) = (bindende_tilknytning_kommune IS NULL)",
            name="bindende_tilknytning_kommune",
        ),
    )

    person_id: Mapped[int] = person_fk()
    bindende_tilknytning: Mapped[BindendeTilknytning | None] = mapped_column(
        enum_column(BindendeTilknytning, "bindende_tilknytning")
    )
    bindende_tilknytning_kommune: Mapped[str | None] = mapped_column(
        ForeignKey("kommune.kommunenummer")
    )
    bindende_tilknytning_merknad: Mapped[str | None] = mapped_column(Text)
    familiebolig: Mapped[str | None] = mapped_column(Text)
    familiemerknad: Mapped[str | None] = mapped_column(Text)
    tilknyttede_saker: Mapped[str | None] = mapped_column(Text)
    bofellesskap: Mapped[str | None] = mapped_column(Text)
    verge_for_bosetting: Mapped[str | None] = mapped_column(Text)
    folgeperson: Mapped[str | None] = mapped_column(Text)
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))
    endret: Mapped[datetime] = created_at()


class PersonHelse(Base):
    """Known serious health problems only; this is no general health survey."""

    __tablename__ = "person_helse"

    person_id: Mapped[int] = person_fk()
    bosettingsrelevant_helseinfo: Mapped[str | None] = mapped_column(Text)
    svangerskap: Mapped[str | None] = mapped_column(Text)
    termin: Mapped[date | None] = mapped_column(Date)
    helsetilstand: Mapped[str | None] = mapped_column(Text)
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))
    endret: Mapped[datetime] = created_at()


class PersonSosial(Base):
    """Free-text background, mostly from IMDi's interviews of resettlement refugees."""

    __tablename__ = "person_sosial"

    person_id: Mapped[int] = person_fk()
    tekst: Mapped[str] = mapped_column(Text)
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))
    endret: Mapped[datetime] = created_at()


class PersonKompetanseMerknad(Base):
    """The remark fields of the kompetanse screens, and "Om registreringen"."""

    __tablename__ = "person_kompetanse_merknad"

    person_id: Mapped[int] = person_fk()
    yrkesmerknad: Mapped[str | None] = mapped_column(Text)
    utdanningsmerknad: Mapped[str | None] = mapped_column(Text)
    annen_kompetanse: Mapped[str | None] = mapped_column(Text)
    merknad_annen_kompetanse: Mapped[str | None] = mapped_column(Text)
    merknad_andre_ferdigheter: Mapped[str | None] = mapped_column(Text)
    interesser_mottak_imdi: Mapped[str | None] = mapped_column(Text)
    om_registreringen: Mapped[str | None] = mapped_column(Text)
    registreringsdato: Mapped[date | None] = mapped_column(Date)
    registreringskilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))


KILDER_TIL_BOSETTING = "kilde IN ('SESAM', 'IMDI')"
"""Who registers what matters for the settlement beside UDB: the mottak (SESAM) and IMDi."""


class VeiledendeTilknytning(Base):
    """One criterion tying the person to a kommune, which IMDi may weigh when it chooses one;
    a mottak (SESAM) or IMDi registers it, with its priority (1 weighs most)."""

    __tablename__ = "person_veiledende_tilknytning"
    __table_args__ = (
        CheckConstraint("prioritet BETWEEN 1 AND 9", name="prioritet"),
        CheckConstraint(KILDER_TIL_BOSETTING, name="sesam_eller_imdi"),
        UniqueConstraint("person_id", "kriterium", "kilde"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kriterium: Mapped[Tilknytningskriterium] = mapped_column(
        enum_column(Tilknytningskriterium, "tilknytningskriterium")
    )
    prioritet: Mapped[int] = mapped_column(SmallInteger)
    kommunenummer: Mapped[str | None] = mapped_column(ForeignKey("kommune.kommunenummer"))
    beskrivelse: Mapped[str | None] = mapped_column(Text)
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))
    registrert: Mapped[date] = mapped_column(Date)


class Bosettingsmerknad(Base):
    """Supplementary information for the settlement; IMDi and the mottak (SESAM) each keep
    their own, and neither overwrites the other's."""

    __tablename__ = "person_bosettingsmerknad"
    __table_args__ = (
        CheckConstraint(KILDER_TIL_BOSETTING, name="sesam_eller_imdi"),
        CheckConstraint("length(btrim(tekst)) > 0", name="tekst"),
    )

    person_id: Mapped[int] = person_fk()
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"), primary_key=True)
    tekst: Mapped[str] = mapped_column(Text)
    registrert: Mapped[date] = mapped_column(Date)


class Sprak(Base):
    """One language of a person, with its levels and its source."""

    __tablename__ = "sprak"
    __table_args__ = (UniqueConstraint("person_id", "sprak", "kilde"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    sprak: Mapped[str] = mapped_column(Text)
    morsmal: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    tale: Mapped[Ferdighetsniva] = mapped_column(enum_column(Ferdighetsniva, "tale_niva"))
    lese: Mapped[Ferdighetsniva] = mapped_column(enum_column(Ferdighetsniva, "lese_niva"))
    skrive: Mapped[Ferdighetsniva] = mapped_column(enum_column(Ferdighetsniva, "skrive_niva"))
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))
    registrert: Mapped[date] = mapped_column(Date)


class Kompetanse(Base):
    """An entry of yrke, yrkesønske, utdanning, annen ferdighet or interesse, with its source."""

    __tablename__ = "kompetanse"
    __table_args__ = (
        CheckConstraint("fra_ar IS NULL OR til_ar IS NULL OR fra_ar <= til_ar", name="ar_order"),
        CheckConstraint(
            "selvreg_grunndata IS NULL OR (kilde = 'SELVREG'"
            " AND jsonb_typeof(selvreg_grunndata) = 'object')",
            name="selvreg_grunndata_fra_selvreg",
        ),
        CheckConstraint("length(kildenokkel) BETWEEN 1 AND 100", name="kildenokkel"),
        UniqueConstraint("person_id", "kildenokkel"),
        Index("ix_kompetanse_person_type", "person_id", "type"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    type: Mapped[KompetanseType] = mapped_column(enum_column(KompetanseType, "kompetanse_type"))
    tittel: Mapped[str] = mapped_column(Text)
    beskrivelse: Mapped[str | None] = mapped_column(Text)
    land: Mapped[str | None] = mapped_column(String(3))
    fra_ar: Mapped[int | None] = mapped_column(SmallInteger)
    til_ar: Mapped[int | None] = mapped_column(SmallInteger)
    antall_ar: Mapped[int | None] = mapped_column(SmallInteger)
    fullfort: Mapped[bool | None] = mapped_column(Boolean)
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))
    registrert: Mapped[date] = mapped_column(Date)
    kildenokkel: Mapped[str] = mapped_column(Text, server_default=text("gen_random_uuid()::text"))
    """The source's own key of the entry: Selvreg's, or IMDi's (issue 16); an entry's source
    upserts it by this key, one key per person (another source's is refused). Generated for
    an entry given none."""
    selvreg_grunndata: Mapped[dict[str, str] | None] = mapped_column(JSONB(none_as_null=True))
    """From Selvreg: the entry as the refugee entered it, every value as typed (text);
    ``SELVREG_FELT`` names the keys."""


SELVREG_FELT = ("tittel", "beskrivelse", "land", "fraAr", "tilAr", "fullfort", "sprak")
"""The keys of ``Kompetanse.selvreg_grunndata``: the fields of the Selvreg form."""


class Karriereveiledning(Base):
    """What a career adviser recorded in a conversation with the person."""

    __tablename__ = "karriereveiledning"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    dato: Mapped[date] = mapped_column(Date)
    veileder: Mapped[str] = mapped_column(Text)
    malsetting: Mapped[str | None] = mapped_column(Text)
    anbefaling: Mapped[str | None] = mapped_column(Text)
    notat: Mapped[str] = mapped_column(Text)
    kilde: Mapped[Kilde] = mapped_column(enum_column(Kilde, "kilde"))


class Utsoking(Base):
    """The person is søkt ut to (and later bosatt in) a kommune.

    At most one active row per person: a person is never søkt ut to two kommuner.
    """

    __tablename__ = "utsoking"
    __table_args__ = (
        Index("uq_utsoking_aktiv_person", "person_id", unique=True, postgresql_where=text("aktiv")),
        Index("ix_utsoking_aktiv_kommune", "kommunenummer", postgresql_where=text("aktiv")),
        CheckConstraint(
            "bosettingsdato IS NULL OR bosettingsdato >= sokt_ut_dato",
            name="bosatt_after_utsoking",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kommunenummer: Mapped[str] = mapped_column(ForeignKey("kommune.kommunenummer"))
    fordeling_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("fordeling_person.id", ondelete="SET NULL")
    )
    sokt_ut_dato: Mapped[date] = mapped_column(Date)
    bosettingsdato: Mapped[date | None] = mapped_column(Date)
    bosettingsdato_kilde: Mapped[Kilde | None] = mapped_column(enum_column(Kilde, "kilde"))
    bosettingsdato_registrert_av: Mapped[int | None] = mapped_column(
        ForeignKey("bruker.id", ondelete="SET NULL")
    )
    bosettingsdato_registrert: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When the bosettingsdato was first registered: the kommune's correction window counts
    from it (a correction does not move it)."""
    aktiv: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    opprettet: Mapped[datetime] = created_at()
    avsluttet: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
