"""The outbox delivered (issue 16): PgQueuer's tables, each letter's deliveries by channel, and
the dead-letter mark of a letter whose last retry failed.

PgQueuer's schema is its own release's SQL, kept beside this file as ``pgq sql install``
printed it (``sql/pgqueuer_1_6_0_*.sql``), so the history builds the same schema whatever
version is installed later; a later release's changes come as a migration of their own.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:10:00
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQL = Path(__file__).parent / "sql"


def statements(script: str) -> list[str]:
    """The statements of ``script``: split at each ``;`` that ends a line outside a
    dollar-quoted body (a function's)."""
    found: list[str] = []
    current: list[str] = []
    quoted = False
    for line in script.splitlines():
        if line.startswith("--") and not quoted:
            continue
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            statement = "\n".join(current).strip()
            if statement.rstrip(";").strip():
                found.append(statement)
            current = []
    assert not quoted, "an unterminated dollar-quoted body"
    assert not "\n".join(current).strip(), "an unterminated statement"
    return found


def upgrade() -> None:
    for statement in statements((_SQL / "pgqueuer_1_6_0_install.sql").read_text()):
        op.execute(statement)
    op.add_column("utboks", sa.Column("feilet", sa.DateTime(timezone=True)))
    op.create_check_constraint(
        op.f("ck_utboks_sendt_eller_feilet"), "utboks", "sendt IS NULL OR feilet IS NULL"
    )
    op.create_table(
        "utboks_levering",
        sa.Column("utboks_id", sa.BigInteger(), nullable=False),
        sa.Column("kanal", sa.Text(), nullable=False),
        sa.Column("forsok", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("forste_forsok", sa.DateTime(timezone=True), nullable=False),
        sa.Column("levert", sa.DateTime(timezone=True)),
        sa.Column("kvittering", sa.Text()),
        sa.Column("gjentatt", sa.Boolean(), server_default="false", nullable=False),
        sa.ForeignKeyConstraint(
            ["utboks_id"],
            ["utboks.id"],
            name="fk_utboks_levering_utboks_id_utboks",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("utboks_id", "kanal", name="pk_utboks_levering"),
    )


def downgrade() -> None:
    op.drop_table("utboks_levering")
    op.drop_constraint(op.f("ck_utboks_sendt_eller_feilet"), "utboks", type_="check")
    op.drop_column("utboks", "feilet")
    for statement in statements((_SQL / "pgqueuer_1_6_0_uninstall.sql").read_text()):
        op.execute(statement)
