"""domain model

Revision ID: 0001
Revises:
Create Date: 2026-11-27 00:02:06.602148
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "kommune",
        sa.Column("kommunenummer", sa.String(length=4), nullable=False),
        sa.Column("navn", sa.Text(), nullable=False),
        sa.Column("navn_kort", sa.Text(), nullable=False),
        sa.Column("fylkesnummer", sa.String(length=2), nullable=False),
        sa.Column("fylke", sa.Text(), nullable=False),
        sa.Column("adm_senter", sa.Text(), nullable=False),
        sa.Column("innbyggere", sa.Integer(), nullable=False),
        sa.Column("areal_km2", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("malform", sa.Text(), nullable=False),
        sa.Column("offisiell_adresse", sa.Text(), nullable=True),
        sa.Column("offisiell_postnummer", sa.String(length=4), nullable=True),
        sa.Column("offisiell_poststed", sa.Text(), nullable=True),
        sa.Column("offisiell_epost", sa.Text(), nullable=True),
        sa.Column("flyktningkontor_avdeling", sa.Text(), nullable=True),
        sa.Column("flyktningkontor_adresse", sa.Text(), nullable=True),
        sa.Column("flyktningkontor_postnummer", sa.String(length=4), nullable=True),
        sa.Column("flyktningkontor_navn", sa.Text(), nullable=True),
        sa.Column("flyktningkontor_telefon", sa.Text(), nullable=True),
        sa.Column("flyktningkontor_epost", sa.Text(), nullable=True),
        sa.Column("kontaktinfo_endret", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kontaktinfo_endret_av", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kommunenummer ~ '^[0-9]{4}$'", name=op.f("ck_kommune_kommunenummer_format")
        ),
        sa.CheckConstraint(
            "fylkesnummer = left(kommunenummer, 2)", name=op.f("ck_kommune_fylke_prefix")
        ),
        sa.PrimaryKeyConstraint("kommunenummer", name=op.f("pk_kommune")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("duf_nr", sa.String(length=12), nullable=False),
        sa.Column(
            "duf_nr_kontroll_ok", sa.Boolean(), server_default=sa.text("true"), nullable=False
        ),
        sa.Column("fornavn", sa.Text(), nullable=False),
        sa.Column("mellomnavn", sa.Text(), nullable=True),
        sa.Column("etternavn", sa.Text(), nullable=False),
        sa.Column("navn_sok", sa.Text(), nullable=False),
        sa.Column("fodselsdato", sa.Date(), nullable=False),
        sa.Column(
            "kjonn",
            sa.Enum(
                "MANN", "KVINNE", "UKJENT", name="kjonn", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("nasjonalitet", sa.String(length=3), nullable=False),
        sa.Column("personnummer", sa.String(length=11), nullable=True),
        sa.Column(
            "personnummer_type",
            sa.Enum(
                "FODSELSNUMMER",
                "D_NUMMER",
                name="personnummer_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("registreringsnummer", sa.String(length=12), nullable=False),
        sa.Column(
            "sakstype",
            sa.Enum(
                "ASYL",
                "OVERFORINGSFLYKTNING",
                "FAMILIEGJENFORENING",
                "KOLLEKTIV_BESKYTTELSE",
                name="sakstype",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "bosettingsstatus",
            sa.Enum(
                "IKKE_BOSETTINGSKLAR",
                "BOSETTINGSKLAR",
                "FORDELT",
                "SOKT_UT",
                "BOSATT",
                "AVSLUTTET",
                name="bosettingsstatus",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "enslig_mindrearig", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column(
            "botilbud",
            sa.Enum(
                "MOTTAK",
                "PRIVAT",
                "INSTITUSJON",
                "AMOT",
                "UTLANDET",
                name="botilbud",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("mottak", sa.Text(), nullable=True),
        sa.Column("vedtak_opphold_dato", sa.Date(), nullable=True),
        sa.Column("bosettingsklar_dato", sa.Date(), nullable=True),
        sa.Column("sivilstand", sa.Text(), nullable=True),
        sa.Column("morsmal", sa.Text(), nullable=True),
        sa.Column("religion", sa.Text(), nullable=True),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "endret", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("duf_nr ~ '^[0-9]{12}$'", name=op.f("ck_person_duf_nr_format")),
        sa.CheckConstraint(
            "personnummer ~ '^[0-9]{11}$'", name=op.f("ck_person_personnummer_format")
        ),
        sa.CheckConstraint(
            "(personnummer IS NULL) = (personnummer_type IS NULL)",
            name=op.f("ck_person_personnummer_type_set"),
        ),
        sa.CheckConstraint(
            "fodselsdato <= CURRENT_DATE", name=op.f("ck_person_fodselsdato_not_future")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("duf_nr", name=op.f("uq_person_duf_nr")),
        sa.UniqueConstraint("personnummer", name=op.f("uq_person_personnummer")),
    )
    op.create_index("ix_person_bosettingsstatus", "person", ["bosettingsstatus"], unique=False)
    op.create_index(
        "ix_person_em_fodselsdato",
        "person",
        ["fodselsdato"],
        unique=False,
        postgresql_where=sa.text("enslig_mindrearig"),
    )
    op.create_index(
        "ix_person_navn_sok_trgm",
        "person",
        ["navn_sok"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"navn_sok": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_person_registreringsnummer", "person", ["registreringsnummer"], unique=False
    )
    op.create_table(
        "karriereveiledning",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("dato", sa.Date(), nullable=False),
        sa.Column("veileder", sa.Text(), nullable=False),
        sa.Column("malsetting", sa.Text(), nullable=True),
        sa.Column("anbefaling", sa.Text(), nullable=True),
        sa.Column("notat", sa.Text(), nullable=False),
        sa.Column(
            "kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_karriereveiledning_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_karriereveiledning")),
    )
    op.create_index(
        op.f("ix_karriereveiledning_person_id"), "karriereveiledning", ["person_id"], unique=False
    )
    op.create_table(
        "kompetanse",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "YRKE",
                "YRKESONSKE",
                "UTDANNING",
                "ANNEN_FERDIGHET",
                "INTERESSE",
                name="kompetanse_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("tittel", sa.Text(), nullable=False),
        sa.Column("beskrivelse", sa.Text(), nullable=True),
        sa.Column("land", sa.String(length=3), nullable=True),
        sa.Column("fra_ar", sa.SmallInteger(), nullable=True),
        sa.Column("til_ar", sa.SmallInteger(), nullable=True),
        sa.Column("antall_ar", sa.SmallInteger(), nullable=True),
        sa.Column("fullfort", sa.Boolean(), nullable=True),
        sa.Column(
            "kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("registrert", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "fra_ar IS NULL OR til_ar IS NULL OR fra_ar <= til_ar",
            name=op.f("ck_kompetanse_ar_order"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_kompetanse_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kompetanse")),
    )
    op.create_index("ix_kompetanse_person_type", "kompetanse", ["person_id", "type"], unique=False)
    op.create_table(
        "organisasjon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "KOMMUNE",
                "IMDI",
                "BUFETAT",
                "MOTTAK",
                "UDI",
                name="organisasjon_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("navn", sa.Text(), nullable=False),
        sa.Column("orgnr", sa.String(length=9), nullable=False),
        sa.Column("kommunenummer", sa.String(length=4), nullable=True),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "(type = 'KOMMUNE') = (kommunenummer IS NOT NULL)",
            name=op.f("ck_organisasjon_kommune_has_kommunenummer"),
        ),
        sa.CheckConstraint("orgnr ~ '^[0-9]{9}$'", name=op.f("ck_organisasjon_orgnr_format")),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_organisasjon_kommunenummer_kommune"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisasjon")),
        sa.UniqueConstraint("orgnr", name=op.f("uq_organisasjon_orgnr")),
    )
    op.create_index(
        "uq_organisasjon_kommunenummer",
        "organisasjon",
        ["kommunenummer"],
        unique=True,
        postgresql_where=sa.text("kommunenummer IS NOT NULL"),
    )
    op.create_table(
        "person_bosettingsinfo",
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "bindende_tilknytning",
            sa.Enum(
                "EGEN_BOLIG",
                "ARBEIDSKONTRAKT",
                "STUDIEPLASS",
                "AMOT",
                name="bindende_tilknytning",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("bindende_tilknytning_kommune", sa.String(length=4), nullable=True),
        sa.Column("bindende_tilknytning_merknad", sa.Text(), nullable=True),
        sa.Column("veiledende_tilknytning", sa.Text(), nullable=True),
        sa.Column("familiebolig", sa.Text(), nullable=True),
        sa.Column("familiemerknad", sa.Text(), nullable=True),
        sa.Column("tilknyttede_saker", sa.Text(), nullable=True),
        sa.Column("bofellesskap", sa.Text(), nullable=True),
        sa.Column("verge_for_bosetting", sa.Text(), nullable=True),
        sa.Column("folgeperson", sa.Text(), nullable=True),
        sa.Column("bosettingsmerknad", sa.Text(), nullable=True),
        sa.Column(
            "kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "endret", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "(bindende_tilknytning IS NULL) = (bindende_tilknytning_kommune IS NULL)",
            name=op.f("ck_person_bosettingsinfo_bindende_tilknytning_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["bindende_tilknytning_kommune"],
            ["kommune.kommunenummer"],
            name=op.f("fk_person_bosettingsinfo_bindende_tilknytning_kommune_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_bosettingsinfo_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_bosettingsinfo")),
    )
    op.create_table(
        "person_helse",
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("bosettingsrelevant_helseinfo", sa.Text(), nullable=True),
        sa.Column("svangerskap", sa.Text(), nullable=True),
        sa.Column("termin", sa.Date(), nullable=True),
        sa.Column("helsetilstand", sa.Text(), nullable=True),
        sa.Column(
            "kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "endret", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_helse_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_helse")),
    )
    op.create_table(
        "person_kompetanse_merknad",
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("yrkesmerknad", sa.Text(), nullable=True),
        sa.Column("utdanningsmerknad", sa.Text(), nullable=True),
        sa.Column("annen_kompetanse", sa.Text(), nullable=True),
        sa.Column("merknad_annen_kompetanse", sa.Text(), nullable=True),
        sa.Column("merknad_andre_ferdigheter", sa.Text(), nullable=True),
        sa.Column("interesser_mottak_imdi", sa.Text(), nullable=True),
        sa.Column("om_registreringen", sa.Text(), nullable=True),
        sa.Column("registreringsdato", sa.Date(), nullable=True),
        sa.Column(
            "registreringskilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_kompetanse_merknad_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_kompetanse_merknad")),
    )
    op.create_table(
        "person_kontakt",
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("adresse", sa.Text(), nullable=True),
        sa.Column("postnummer", sa.String(length=4), nullable=True),
        sa.Column("poststed", sa.Text(), nullable=True),
        sa.Column("epost", sa.Text(), nullable=True),
        sa.Column("telefon", sa.Text(), nullable=True),
        sa.Column(
            "kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "endret", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_kontakt_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_kontakt")),
    )
    op.create_table(
        "person_sosial",
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column(
            "kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "endret", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_sosial_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_sosial")),
    )
    op.create_table(
        "sprak",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("sprak", sa.Text(), nullable=False),
        sa.Column("morsmal", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "tale",
            sa.Enum(
                "UKJENT",
                "DARLIG",
                "MIDDELS",
                "GODT",
                name="tale_niva",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "lese",
            sa.Enum(
                "UKJENT",
                "DARLIG",
                "MIDDELS",
                "GODT",
                name="lese_niva",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "skrive",
            sa.Enum(
                "UKJENT",
                "DARLIG",
                "MIDDELS",
                "GODT",
                name="skrive_niva",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("registrert", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_sprak_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sprak")),
        sa.UniqueConstraint("person_id", "sprak", "kilde", name=op.f("uq_sprak_person_id")),
    )
    op.create_index(op.f("ix_sprak_person_id"), "sprak", ["person_id"], unique=False)
    op.create_table(
        "bruker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("navn", sa.Text(), nullable=False),
        sa.Column("epost", sa.Text(), nullable=True),
        sa.Column("organisasjon_id", sa.Integer(), nullable=False),
        sa.Column("aktiv", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("opprettet_av", sa.Integer(), nullable=True),
        sa.Column("deaktivert", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["opprettet_av"],
            ["bruker.id"],
            name=op.f("fk_bruker_opprettet_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisasjon_id"],
            ["organisasjon.id"],
            name=op.f("fk_bruker_organisasjon_id_organisasjon"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bruker")),
        sa.UniqueConstraint("subject", name=op.f("uq_bruker_subject")),
    )
    op.create_index(op.f("ix_bruker_organisasjon_id"), "bruker", ["organisasjon_id"], unique=False)
    op.create_table(
        "anmodning",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("kommunenummer", sa.String(length=4), nullable=False),
        sa.Column("tittel", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "IKKE_SVART",
                "UNDER_ARBEID",
                "SVART",
                "BEKREFTET",
                "PURRET",
                "RETURNERT",
                name="anmodning_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("sendt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("svarfrist", sa.Date(), nullable=False),
        sa.Column("sendt_av", sa.Integer(), nullable=True),
        sa.Column("apnet", sa.DateTime(timezone=True), nullable=True),
        sa.Column("svart", sa.DateTime(timezone=True), nullable=True),
        sa.Column("svart_av", sa.Integer(), nullable=True),
        sa.Column("purret", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bekreftet", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returnert", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imdi_kommentar", sa.Text(), nullable=True),
        sa.Column("versjon", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_anmodning_kommunenummer_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["sendt_av"],
            ["bruker.id"],
            name=op.f("fk_anmodning_sendt_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["svart_av"],
            ["bruker.id"],
            name=op.f("fk_anmodning_svart_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anmodning")),
    )
    op.create_index(
        "ix_anmodning_kommune_sendt", "anmodning", ["kommunenummer", "sendt"], unique=False
    )
    op.create_index("ix_anmodning_status", "anmodning", ["status"], unique=False)
    op.create_table(
        "arbeidsflate_oppsett",
        sa.Column("bruker_id", sa.Integer(), nullable=False),
        sa.Column("paneler", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "endret", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["bruker_id"],
            ["bruker.id"],
            name=op.f("fk_arbeidsflate_oppsett_bruker_id_bruker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bruker_id", name=op.f("pk_arbeidsflate_oppsett")),
    )
    op.create_table(
        "bruker_rolle",
        sa.Column("bruker_id", sa.Integer(), nullable=False),
        sa.Column(
            "rolle",
            sa.Enum(
                "Kommune_Anmoder_Skriv",
                "Kommune_Anmoder_Les",
                "Kommune_Bosetter_Skriv",
                "Kommune_Bosetter_Les",
                "Kommune_Admin",
                "IMDi_Saksbehandler",
                "IMDi_Admin",
                "Bufetat_Saksbehandler",
                "Analytiker",
                "Integrasjon",
                name="rolle",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "tildelt", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("tildelt_av", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bruker_id"],
            ["bruker.id"],
            name=op.f("fk_bruker_rolle_bruker_id_bruker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tildelt_av"],
            ["bruker.id"],
            name=op.f("fk_bruker_rolle_tildelt_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("bruker_id", "rolle", name=op.f("pk_bruker_rolle")),
    )
    op.create_table(
        "fordeling",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("kommunenummer", sa.String(length=4), nullable=False),
        sa.Column("navn", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "UTKAST",
                "NY",
                "BEKREFTET",
                "SENDT",
                "TRUKKET",
                name="fordeling_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("opprettet_av", sa.Integer(), nullable=True),
        sa.Column("sendt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bekreftet", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bekreftet_av", sa.Integer(), nullable=True),
        sa.Column("svart", sa.DateTime(timezone=True), nullable=True),
        sa.Column("svart_av", sa.Integer(), nullable=True),
        sa.Column("svar_nokkel", sa.Text(), nullable=True),
        sa.Column("versjon", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["bekreftet_av"],
            ["bruker.id"],
            name=op.f("fk_fordeling_bekreftet_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_fordeling_kommunenummer_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["opprettet_av"],
            ["bruker.id"],
            name=op.f("fk_fordeling_opprettet_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["svart_av"],
            ["bruker.id"],
            name=op.f("fk_fordeling_svart_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fordeling")),
        sa.UniqueConstraint("svar_nokkel", name=op.f("uq_fordeling_svar_nokkel")),
    )
    op.create_index(
        "ix_fordeling_kommune_status", "fordeling", ["kommunenummer", "status"], unique=False
    )
    op.create_table(
        "hendelse",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "SYSTEMHENDELSE",
                "NOTAT",
                name="hendelse_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "omrade",
            sa.Enum(
                "ANMODNING",
                "FORDELING",
                "BOSETTING",
                "INNMELDING",
                "PERSON",
                "KOMMUNE",
                "KOMPETANSE",
                name="omrade",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("kommunenummer", sa.String(length=4), nullable=True),
        sa.Column("tittel", sa.Text(), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=True),
        sa.Column(
            "detaljer",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("opprettet_av", sa.Integer(), nullable=True),
        sa.Column("organisasjon_id", sa.Integer(), nullable=True),
        sa.Column(
            "tidspunkt", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "type <> 'NOTAT' OR (length(btrim(tittel)) > 0 AND opprettet_av IS NOT NULL)",
            name=op.f("ck_hendelse_notat_has_tittel_and_author"),
        ),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_hendelse_kommunenummer_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["opprettet_av"],
            ["bruker.id"],
            name=op.f("fk_hendelse_opprettet_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisasjon_id"],
            ["organisasjon.id"],
            name=op.f("fk_hendelse_organisasjon_id_organisasjon"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hendelse")),
    )
    op.create_index(
        "ix_hendelse_kommune_tid", "hendelse", ["kommunenummer", "tidspunkt"], unique=False
    )
    op.create_table(
        "innmelding",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("kommunenummer", sa.String(length=4), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "FAMILIEBOLIG",
                "BOFELLESSKAP",
                "EM_TILTAK",
                "BESTEMTE_PERSONER",
                "ANTALL_PLASSER",
                name="innmelding_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "VENTER_PA_BEHANDLING",
                "SAKSBEHANDLES",
                "FERDIGBEHANDLET",
                "AVSLATT",
                "KANSELLERT",
                name="innmelding_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "behandlende_organisasjon",
            sa.Enum(
                "KOMMUNE",
                "IMDI",
                "BUFETAT",
                "MOTTAK",
                "UDI",
                name="organisasjon_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "em_tiltak_type",
            sa.Enum(
                "BOFELLESSKAP",
                "BOLIG_MED_OPPFOLGING",
                "HYBEL_MED_OPPFOLGING",
                "FOSTERHJEM",
                "BARNEVERNSINSTITUSJON",
                "ANNET",
                name="em_tiltak_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("antall_plasser", sa.Integer(), nullable=True),
        sa.Column("antall_rom", sa.Integer(), nullable=True),
        sa.Column("adresse", sa.Text(), nullable=True),
        sa.Column("ledig_fra", sa.Date(), nullable=True),
        sa.Column("ledig_til", sa.Date(), nullable=True),
        sa.Column(
            "tilpasset_saerlig_hensyn",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        sa.Column("saerlig_hensyn_beskrivelse", sa.Text(), nullable=True),
        sa.Column("merknad", sa.Text(), nullable=True),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "tilknytning",
            sa.Enum(
                "AVTALT_SELVBOSETTING",
                "ARBEIDSKONTRAKT",
                "STUDIEPLASS",
                "AMOT",
                "NAER_FAMILIE",
                name="tilknytning",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("familie_kommentar", sa.Text(), nullable=True),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("opprettet_av", sa.Integer(), nullable=True),
        sa.Column("saksbehandler_id", sa.Integer(), nullable=True),
        sa.Column("svar", sa.Text(), nullable=True),
        sa.Column("ferdigbehandlet", sa.DateTime(timezone=True), nullable=True),
        sa.Column("avslag_begrunnelse", sa.Text(), nullable=True),
        sa.Column("avslatt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kansellert_begrunnelse", sa.Text(), nullable=True),
        sa.Column("kansellert", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kansellert_av", sa.Integer(), nullable=True),
        sa.Column("versjon", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.CheckConstraint(
            "(type = 'BESTEMTE_PERSONER') = (person_id IS NOT NULL AND tilknytning IS NOT NULL)",
            name=op.f("ck_innmelding_bestemt_person_set"),
        ),
        sa.CheckConstraint(
            "(type = 'EM_TILTAK') = (em_tiltak_type IS NOT NULL)",
            name=op.f("ck_innmelding_em_tiltak_type_set"),
        ),
        sa.CheckConstraint(
            "behandlende_organisasjon IN ('IMDI', 'BUFETAT')",
            name=op.f("ck_innmelding_behandlende_organisasjon"),
        ),
        sa.CheckConstraint(
            "em_tiltak_type IS DISTINCT FROM 'ANNET' OR length(btrim(merknad)) > 0",
            name=op.f("ck_innmelding_annet_beskrevet"),
        ),
        sa.CheckConstraint(
            "status <> 'AVSLATT' OR (length(btrim(avslag_begrunnelse)) > 0 AND avslatt IS NOT NULL)",
            name=op.f("ck_innmelding_avslag_begrunnet"),
        ),
        sa.CheckConstraint(
            "status <> 'KANSELLERT' OR (length(btrim(kansellert_begrunnelse)) > 0 AND kansellert IS NOT NULL)",
            name=op.f("ck_innmelding_kansellert_begrunnet"),
        ),
        sa.CheckConstraint(
            "type <> 'ANTALL_PLASSER' OR (antall_plasser > 0 AND ledig_fra IS NOT NULL)",
            name=op.f("ck_innmelding_antall_plasser_set"),
        ),
        sa.CheckConstraint(
            "NOT tilpasset_saerlig_hensyn OR length(btrim(saerlig_hensyn_beskrivelse)) > 0",
            name=op.f("ck_innmelding_saerlig_hensyn_beskrevet"),
        ),
        sa.ForeignKeyConstraint(
            ["kansellert_av"],
            ["bruker.id"],
            name=op.f("fk_innmelding_kansellert_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_innmelding_kommunenummer_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["opprettet_av"],
            ["bruker.id"],
            name=op.f("fk_innmelding_opprettet_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_innmelding_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["saksbehandler_id"],
            ["bruker.id"],
            name=op.f("fk_innmelding_saksbehandler_id_bruker"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innmelding")),
    )
    op.create_index(
        "ix_innmelding_behandlende_status",
        "innmelding",
        ["behandlende_organisasjon", "status"],
        unique=False,
    )
    op.create_index(
        "ix_innmelding_kommune_status", "innmelding", ["kommunenummer", "status"], unique=False
    )
    op.create_index(op.f("ix_innmelding_person_id"), "innmelding", ["person_id"], unique=False)
    op.create_table(
        "innsynslogg",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "tidspunkt", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("bruker_id", sa.Integer(), nullable=True),
        sa.Column("klient_id", sa.Text(), nullable=True),
        sa.Column("organisasjon_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "seksjon",
            sa.Enum(
                "KONTAKT",
                "BOSETTINGSINFO",
                "HELSE",
                "SOSIAL",
                "KOMPETANSE",
                "HENDELSER",
                name="personmappeseksjon",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("request_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bruker_id"],
            ["bruker.id"],
            name=op.f("fk_innsynslogg_bruker_id_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisasjon_id"],
            ["organisasjon.id"],
            name=op.f("fk_innsynslogg_organisasjon_id_organisasjon"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_innsynslogg_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innsynslogg")),
    )
    op.create_index(
        "ix_innsynslogg_person_tid", "innsynslogg", ["person_id", "tidspunkt"], unique=False
    )
    op.create_table(
        "personliste",
        sa.Column("bruker_id", sa.Integer(), nullable=False),
        sa.Column("plass", sa.SmallInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "lagt_til", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("plass BETWEEN 1 AND 10", name=op.f("ck_personliste_plass_range")),
        sa.ForeignKeyConstraint(
            ["bruker_id"],
            ["bruker.id"],
            name=op.f("fk_personliste_bruker_id_bruker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_personliste_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bruker_id", "plass", name=op.f("pk_personliste")),
        sa.UniqueConstraint("bruker_id", "person_id", name=op.f("uq_personliste_bruker_id")),
    )
    op.create_table(
        "varsel",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("bruker_id", sa.Integer(), nullable=False),
        sa.Column(
            "omrade",
            sa.Enum(
                "ANMODNING",
                "FORDELING",
                "BOSETTING",
                "INNMELDING",
                "PERSON",
                "KOMMUNE",
                "KOMPETANSE",
                name="omrade",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("tittel", sa.Text(), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=True),
        sa.Column("objekt_type", sa.Text(), nullable=True),
        sa.Column("objekt_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("lest", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["bruker_id"],
            ["bruker.id"],
            name=op.f("fk_varsel_bruker_id_bruker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_varsel")),
    )
    op.create_index(
        "ix_varsel_bruker_opprettet", "varsel", ["bruker_id", "opprettet"], unique=False
    )
    op.create_index(
        "ix_varsel_bruker_ulest",
        "varsel",
        ["bruker_id", "opprettet"],
        unique=False,
        postgresql_where=sa.text("lest IS NULL"),
    )
    op.create_table(
        "anmodning_tall",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("anmodning_id", sa.BigInteger(), nullable=False),
        sa.Column("ar", sa.SmallInteger(), nullable=False),
        sa.Column(
            "kategori",
            sa.Enum(
                "ENSLIGE_VOKSNE_OG_FAMILIER",
                "EM_15_18",
                "EM_UNDER_15",
                name="kategori",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("antall", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["anmodning_id"],
            ["anmodning.id"],
            name=op.f("fk_anmodning_tall_anmodning_id_anmodning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anmodning_tall")),
        sa.UniqueConstraint(
            "anmodning_id", "ar", "kategori", name=op.f("uq_anmodning_tall_anmodning_id")
        ),
    )
    op.create_table(
        "fordeling_person",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fordeling_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "boligtype",
            sa.Enum(
                "FAMILIEBOLIG",
                "BOFELLESSKAP",
                name="boligtype",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("innmelding_id", sa.BigInteger(), nullable=True),
        sa.Column("forste_mulige_uke", sa.Date(), nullable=True),
        sa.Column("siste_mulige_uke", sa.Date(), nullable=True),
        sa.Column("forventet_bosetting", sa.Date(), nullable=True),
        sa.Column("bosettes", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("begrunnelse_ikke_bosettes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "bosettes OR length(btrim(begrunnelse_ikke_bosettes)) > 0",
            name=op.f("ck_fordeling_person_begrunnelse_when_not_bosettes"),
        ),
        sa.CheckConstraint(
            "forste_mulige_uke IS NULL OR siste_mulige_uke IS NULL OR forste_mulige_uke <= siste_mulige_uke",
            name=op.f("ck_fordeling_person_uke_window_order"),
        ),
        sa.ForeignKeyConstraint(
            ["fordeling_id"],
            ["fordeling.id"],
            name=op.f("fk_fordeling_person_fordeling_id_fordeling"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["innmelding_id"],
            ["innmelding.id"],
            name=op.f("fk_fordeling_person_innmelding_id_innmelding"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_fordeling_person_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fordeling_person")),
        sa.UniqueConstraint(
            "fordeling_id", "person_id", name=op.f("uq_fordeling_person_fordeling_id")
        ),
    )
    op.create_index("ix_fordeling_person_person", "fordeling_person", ["person_id"], unique=False)
    op.create_table(
        "hendelse_person",
        sa.Column("hendelse_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hendelse_id"],
            ["hendelse.id"],
            name=op.f("fk_hendelse_person_hendelse_id_hendelse"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_hendelse_person_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("hendelse_id", "person_id", name=op.f("pk_hendelse_person")),
    )
    op.create_index(
        "ix_hendelse_person_person", "hendelse_person", ["person_id", "hendelse_id"], unique=False
    )
    op.create_table(
        "utboks",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "mal",
            sa.Enum(
                "BOSETTING_AV_FLYKTNINGER",
                "VEDTAK_OM_BOSETTINGSKOMMUNE",
                name="brevmal",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "kanal",
            sa.Enum("ALTINN", "PAPIR", name="brevkanal", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("kommunenummer", sa.String(length=4), nullable=True),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("fordeling_id", sa.BigInteger(), nullable=True),
        sa.Column("innhold", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("sendt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("forsok", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("siste_feil", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kommunenummer IS NOT NULL OR person_id IS NOT NULL",
            name=op.f("ck_utboks_has_recipient"),
        ),
        sa.ForeignKeyConstraint(
            ["fordeling_id"], ["fordeling.id"], name=op.f("fk_utboks_fordeling_id_fordeling")
        ),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_utboks_kommunenummer_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_utboks_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_utboks")),
    )
    op.create_index(
        "ix_utboks_usendt", "utboks", ["opprettet"], unique=False, postgresql_where="sendt IS NULL"
    )
    op.create_table(
        "vedtak",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("anmodning_id", sa.BigInteger(), nullable=False),
        sa.Column("kommunenummer", sa.String(length=4), nullable=False),
        sa.Column("ar", sa.SmallInteger(), nullable=False),
        sa.Column(
            "kategori",
            sa.Enum(
                "ENSLIGE_VOKSNE_OG_FAMILIER",
                "EM_15_18",
                "EM_UNDER_15",
                name="kategori",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("antall", sa.Integer(), nullable=False),
        sa.Column("begrunnelse", sa.Text(), nullable=True),
        sa.Column("vedtaksdato", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "UTKAST",
                "GODKJENT",
                "SENDT",
                name="vedtak_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "registrert",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("registrert_av", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["anmodning_id"],
            ["anmodning.id"],
            name=op.f("fk_vedtak_anmodning_id_anmodning"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_vedtak_kommunenummer_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["registrert_av"],
            ["bruker.id"],
            name=op.f("fk_vedtak_registrert_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vedtak")),
        sa.UniqueConstraint("anmodning_id", "ar", "kategori", name=op.f("uq_vedtak_anmodning_id")),
    )
    op.create_index("ix_vedtak_kommune_ar", "vedtak", ["kommunenummer", "ar"], unique=False)
    op.create_table(
        "utsoking",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("kommunenummer", sa.String(length=4), nullable=False),
        sa.Column("fordeling_person_id", sa.BigInteger(), nullable=True),
        sa.Column("sokt_ut_dato", sa.Date(), nullable=False),
        sa.Column("bosettingsdato", sa.Date(), nullable=True),
        sa.Column(
            "bosettingsdato_kilde",
            sa.Enum(
                "SELVREG",
                "UDB",
                "IMDI",
                "SESAM",
                "MOTTAK",
                "UDI",
                "KOMMUNE",
                name="kilde",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("bosettingsdato_registrert_av", sa.Integer(), nullable=True),
        sa.Column("aktiv", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("avsluttet", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "bosettingsdato IS NULL OR bosettingsdato >= sokt_ut_dato",
            name=op.f("ck_utsoking_bosatt_after_utsoking"),
        ),
        sa.ForeignKeyConstraint(
            ["bosettingsdato_registrert_av"],
            ["bruker.id"],
            name=op.f("fk_utsoking_bosettingsdato_registrert_av_bruker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["fordeling_person_id"],
            ["fordeling_person.id"],
            name=op.f("fk_utsoking_fordeling_person_id_fordeling_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_utsoking_kommunenummer_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_utsoking_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_utsoking")),
    )
    op.create_index(
        "ix_utsoking_aktiv_kommune",
        "utsoking",
        ["kommunenummer"],
        unique=False,
        postgresql_where=sa.text("aktiv"),
    )
    op.create_index(
        "uq_utsoking_aktiv_person",
        "utsoking",
        ["person_id"],
        unique=True,
        postgresql_where=sa.text("aktiv"),
    )

    # kommune and bruker refer to each other: this key can only come after both tables.
    op.create_foreign_key(
        op.f("fk_kommune_kontaktinfo_endret_av_bruker"),
        "kommune",
        "bruker",
        ["kontaktinfo_endret_av"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("fk_kommune_kontaktinfo_endret_av_bruker"), "kommune", type_="foreignkey"
    )
    op.drop_index(
        "uq_utsoking_aktiv_person", table_name="utsoking", postgresql_where=sa.text("aktiv")
    )
    op.drop_index(
        "ix_utsoking_aktiv_kommune", table_name="utsoking", postgresql_where=sa.text("aktiv")
    )
    op.drop_table("utsoking")
    op.drop_index("ix_vedtak_kommune_ar", table_name="vedtak")
    op.drop_table("vedtak")
    op.drop_index("ix_utboks_usendt", table_name="utboks", postgresql_where="sendt IS NULL")
    op.drop_table("utboks")
    op.drop_index("ix_hendelse_person_person", table_name="hendelse_person")
    op.drop_table("hendelse_person")
    op.drop_index("ix_fordeling_person_person", table_name="fordeling_person")
    op.drop_table("fordeling_person")
    op.drop_table("anmodning_tall")
    op.drop_index(
        "ix_varsel_bruker_ulest", table_name="varsel", postgresql_where=sa.text("lest IS NULL")
    )
    op.drop_index("ix_varsel_bruker_opprettet", table_name="varsel")
    op.drop_table("varsel")
    op.drop_table("personliste")
    op.drop_index("ix_innsynslogg_person_tid", table_name="innsynslogg")
    op.drop_table("innsynslogg")
    op.drop_index(op.f("ix_innmelding_person_id"), table_name="innmelding")
    op.drop_index("ix_innmelding_kommune_status", table_name="innmelding")
    op.drop_index("ix_innmelding_behandlende_status", table_name="innmelding")
    op.drop_table("innmelding")
    op.drop_index("ix_hendelse_kommune_tid", table_name="hendelse")
    op.drop_table("hendelse")
    op.drop_index("ix_fordeling_kommune_status", table_name="fordeling")
    op.drop_table("fordeling")
    op.drop_table("bruker_rolle")
    op.drop_table("arbeidsflate_oppsett")
    op.drop_index("ix_anmodning_status", table_name="anmodning")
    op.drop_index("ix_anmodning_kommune_sendt", table_name="anmodning")
    op.drop_table("anmodning")
    op.drop_index(op.f("ix_bruker_organisasjon_id"), table_name="bruker")
    op.drop_table("bruker")
    op.drop_index(op.f("ix_sprak_person_id"), table_name="sprak")
    op.drop_table("sprak")
    op.drop_table("person_sosial")
    op.drop_table("person_kontakt")
    op.drop_table("person_kompetanse_merknad")
    op.drop_table("person_helse")
    op.drop_table("person_bosettingsinfo")
    op.drop_index(
        "uq_organisasjon_kommunenummer",
        table_name="organisasjon",
        postgresql_where=sa.text("kommunenummer IS NOT NULL"),
    )
    op.drop_table("organisasjon")
    op.drop_index("ix_kompetanse_person_type", table_name="kompetanse")
    op.drop_table("kompetanse")
    op.drop_index(op.f("ix_karriereveiledning_person_id"), table_name="karriereveiledning")
    op.drop_table("karriereveiledning")
    op.drop_index("ix_person_registreringsnummer", table_name="person")
    op.drop_index(
        "ix_person_navn_sok_trgm",
        table_name="person",
        postgresql_using="gin",
        postgresql_ops={"navn_sok": "gin_trgm_ops"},
    )
    op.drop_index(
        "ix_person_em_fodselsdato",
        table_name="person",
        postgresql_where=sa.text("enslig_mindrearig"),
    )
    op.drop_index("ix_person_bosettingsstatus", table_name="person")
    op.drop_table("person")
    op.drop_table("kommune")
