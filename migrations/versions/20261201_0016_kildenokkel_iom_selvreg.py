"""Every kompetanse entry has its source's own key (issue 16: Selvreg and IMDi upsert their
entries by it, one key per person; those registered before get a generated one); UDB's last
mottak placement beside the person's mottak (a move SESAM registered since stays); and two more
kinds of organisation: IOM (it reads the overføringsflyktninger's part of the partners' feed)
and Selvreg (the refugees' self-registration, a system of its own so that none of IMDi's rules
reach it).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FOR = ("KOMMUNE", "IMDI", "BUFETAT", "MOTTAK", "UDI")
_NA = (*_FOR, "IOM", "SELVREG")
# The enum's own CHECK constraints (models.base.enum_column), on each column of the type.
_KOLONNER = (
    ("organisasjon", "type", "ck_organisasjon_organisasjon_type"),
    ("innmelding", "behandlende_organisasjon", "ck_innmelding_organisasjon_type"),
)


def _typer(verdier: tuple[str, ...]) -> None:
    for table, column, name in _KOLONNER:
        op.drop_constraint(op.f(name), table, type_="check")
        listed = ", ".join(f"'{v}'" for v in verdier)
        op.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({column}::text IN ({listed}))"
        )


def upgrade() -> None:
    _typer(_NA)
    op.add_column(
        "kompetanse",
        sa.Column(
            "kildenokkel",
            sa.Text(),
            server_default=sa.text("gen_random_uuid()::text"),
            nullable=False,
        ),
    )
    op.create_unique_constraint(
        op.f("uq_kompetanse_person_id"), "kompetanse", ["person_id", "kildenokkel"]
    )
    op.create_check_constraint(
        op.f("ck_kompetanse_kildenokkel"), "kompetanse", "length(kildenokkel) BETWEEN 1 AND 100"
    )
    op.add_column("person", sa.Column("udb_mottak", sa.Text(), nullable=True))


def downgrade() -> None:
    others = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM organisasjon WHERE type IN ('IOM', 'SELVREG')")
    )
    if others:
        raise RuntimeError(
            f"downgrade below 0016: {others} organisations of type IOM or SELVREG exist; remove "
            "them and their users first (or reseed: `./bosetting seed --reset`)"
        )
    op.drop_column("person", "udb_mottak")
    op.drop_constraint(op.f("ck_kompetanse_kildenokkel"), "kompetanse", type_="check")
    op.drop_constraint(op.f("uq_kompetanse_person_id"), "kompetanse", type_="unique")
    op.drop_column("kompetanse", "kildenokkel")
    _typer(_FOR)
