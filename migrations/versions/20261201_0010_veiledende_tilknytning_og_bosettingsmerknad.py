"""Veiledende tilknytning becomes a list of criteria, each with its priority and its source,
and the bosettingsmerknad one per source (IMDi and SESAM each keep theirs) (issue 15, item 10).
The free texts move over: a veiledende tilknytning as one criterion ANNET of priority 1, a
bosettingsmerknad as the merknad of the section's source.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KILDER = ("SELVREG", "UDB", "IMDI", "SESAM", "MOTTAK", "UDI", "KOMMUNE")
KRITERIER = (
    "NAER_FAMILIE",
    "SLEKT_OG_NETTVERK",
    "ARBEIDSTILBUD",
    "UTDANNINGSTILBUD",
    "HELSETILBUD",
    "TIDLIGERE_OPPHOLD",
    "ANNET",
)
SESAM_ELLER_IMDI = "kilde IN ('SESAM', 'IMDI')"


def _kilde() -> sa.Enum:
    return sa.Enum(*KILDER, name="kilde", native_enum=False, create_constraint=True)


def upgrade() -> None:
    op.create_table(
        "person_veiledende_tilknytning",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kriterium",
            sa.Enum(
                *KRITERIER, name="tilknytningskriterium", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("prioritet", sa.SmallInteger(), nullable=False),
        sa.Column("kommunenummer", sa.String(length=4), nullable=True),
        sa.Column("beskrivelse", sa.Text(), nullable=True),
        sa.Column("kilde", _kilde(), nullable=False),
        sa.Column("registrert", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "prioritet BETWEEN 1 AND 9", name=op.f("ck_person_veiledende_tilknytning_prioritet")
        ),
        sa.CheckConstraint(
            SESAM_ELLER_IMDI, name=op.f("ck_person_veiledende_tilknytning_sesam_eller_imdi")
        ),
        sa.ForeignKeyConstraint(
            ["kommunenummer"],
            ["kommune.kommunenummer"],
            name=op.f("fk_person_veiledende_tilknytning_kommunenummer_kommune"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_veiledende_tilknytning_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_veiledende_tilknytning")),
        sa.UniqueConstraint(
            "person_id",
            "kriterium",
            "kilde",
            name=op.f("uq_person_veiledende_tilknytning_person_id"),
        ),
    )
    op.create_index(
        op.f("ix_person_veiledende_tilknytning_person_id"),
        "person_veiledende_tilknytning",
        ["person_id"],
    )
    op.create_table(
        "person_bosettingsmerknad",
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("kilde", _kilde(), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("registrert", sa.Date(), nullable=False),
        sa.CheckConstraint(
            SESAM_ELLER_IMDI, name=op.f("ck_person_bosettingsmerknad_sesam_eller_imdi")
        ),
        sa.CheckConstraint(
            "length(btrim(tekst)) > 0", name=op.f("ck_person_bosettingsmerknad_tekst")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_bosettingsmerknad_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "kilde", name=op.f("pk_person_bosettingsmerknad")),
    )
    op.execute(
        "INSERT INTO person_veiledende_tilknytning"
        " (person_id, kriterium, prioritet, beskrivelse, kilde, registrert)"
        " SELECT person_id, 'ANNET', 1, veiledende_tilknytning,"
        " CASE WHEN kilde IN ('SESAM', 'MOTTAK') THEN 'SESAM' ELSE 'IMDI' END,"
        " endret::date FROM person_bosettingsinfo"
        " WHERE length(btrim(veiledende_tilknytning)) > 0"
    )
    op.execute(
        "INSERT INTO person_bosettingsmerknad (person_id, kilde, tekst, registrert)"
        " SELECT person_id,"
        " CASE WHEN kilde IN ('SESAM', 'MOTTAK') THEN 'SESAM' ELSE 'IMDI' END,"
        " bosettingsmerknad, endret::date"
        " FROM person_bosettingsinfo WHERE length(btrim(bosettingsmerknad)) > 0"
    )
    op.drop_column("person_bosettingsinfo", "veiledende_tilknytning")
    op.drop_column("person_bosettingsinfo", "bosettingsmerknad")


def downgrade() -> None:
    op.add_column("person_bosettingsinfo", sa.Column("bosettingsmerknad", sa.Text(), nullable=True))
    op.add_column(
        "person_bosettingsinfo", sa.Column("veiledende_tilknytning", sa.Text(), nullable=True)
    )
    # Back to one text each: the criteria in order of priority; IMDi's merknad, else SESAM's.
    op.execute(
        "UPDATE person_bosettingsinfo b SET veiledende_tilknytning = ("
        " SELECT string_agg(coalesce(t.beskrivelse, t.kriterium), '; '"
        "  ORDER BY t.prioritet, t.id)"
        " FROM person_veiledende_tilknytning t WHERE t.person_id = b.person_id),"
        " bosettingsmerknad = (SELECT m.tekst FROM person_bosettingsmerknad m"
        "  WHERE m.person_id = b.person_id ORDER BY m.kilde = 'IMDI' DESC LIMIT 1)"
    )
    op.drop_table("person_bosettingsmerknad")
    op.drop_index(
        op.f("ix_person_veiledende_tilknytning_person_id"), "person_veiledende_tilknytning"
    )
    op.drop_table("person_veiledende_tilknytning")
