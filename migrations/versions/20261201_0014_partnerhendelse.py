"""The partners' feed (issue 16): events numbered in commit order, and the counter that gives
the numbers.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def upgrade() -> None:
    op.create_table(
        "partnerhendelse",
        sa.Column("sekvens", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "type",
            _enum(
                "partnerhendelsetype",
                "SOKT_UT",
                "BOSATT",
                "BOSETTINGSDATO_KORRIGERT",
                "INNMELDING",
            ),
            nullable=False,
        ),
        sa.Column(
            "opprettet", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("innmelding_id", sa.BigInteger(), nullable=True),
        sa.Column("mottak", sa.Text(), nullable=True),
        sa.Column(
            "sakstype",
            _enum(
                "sakstype",
                "ASYL",
                "OVERFORINGSFLYKTNING",
                "FAMILIEGJENFORENING",
                "KOLLEKTIV_BESKYTTELSE",
            ),
            nullable=True,
        ),
        sa.Column("bufetat", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_partnerhendelse_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["innmelding_id"],
            ["innmelding.id"],
            name=op.f("fk_partnerhendelse_innmelding_id_innmelding"),
        ),
        sa.PrimaryKeyConstraint("sekvens", name=op.f("pk_partnerhendelse")),
    )
    op.create_index("ix_partnerhendelse_mottak", "partnerhendelse", ["mottak", "sekvens"])
    op.create_table(
        "partnerhendelse_teller",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("siste", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnerhendelse_teller")),
    )
    op.execute("INSERT INTO partnerhendelse_teller (id, siste) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("partnerhendelse_teller")
    op.drop_index("ix_partnerhendelse_mottak", table_name="partnerhendelse")
    op.drop_table("partnerhendelse")
