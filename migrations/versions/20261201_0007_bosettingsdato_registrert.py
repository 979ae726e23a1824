"""The utsøking remembers when its bosettingsdato was registered: a kommune corrects a date it
registered only within a window after that (issue 15, item 5).

Dates registered before this revision take the time of their "Bosettingsdato registrert"
hendelse, and where there is none, the date itself (so an old date's window is long closed).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "utsoking",
        sa.Column("bosettingsdato_registrert", sa.DateTime(timezone=True), nullable=True),
    )
    op.execute(
        "UPDATE utsoking u SET bosettingsdato_registrert = coalesce("
        " (SELECT max(h.tidspunkt) FROM hendelse h"
        "  JOIN hendelse_person hp ON hp.hendelse_id = h.id"
        "  WHERE hp.person_id = u.person_id AND h.kommunenummer = u.kommunenummer"
        "  AND h.tittel = 'Bosettingsdato registrert'),"
        " u.bosettingsdato::timestamptz)"
        " WHERE u.bosettingsdato IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_column("utsoking", "bosettingsdato_registrert")
