"""Announce every change of a user's state or roles (NOTIFY bruker_endret, payload the user's
id), so that open websocket sessions end within seconds of a deactivation or a role change.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 16:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION bruker_endret() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_TABLE_NAME = 'bruker' THEN
                PERFORM pg_notify('bruker_endret', COALESCE(NEW.id, OLD.id)::text);
            ELSE
                PERFORM pg_notify('bruker_endret', COALESCE(NEW.bruker_id, OLD.bruker_id)::text);
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER bruker_endret AFTER UPDATE OR DELETE ON bruker"
        " FOR EACH ROW EXECUTE FUNCTION bruker_endret()"
    )
    op.execute(
        "CREATE TRIGGER bruker_rolle_endret AFTER INSERT OR UPDATE OR DELETE ON bruker_rolle"
        " FOR EACH ROW EXECUTE FUNCTION bruker_endret()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER bruker_rolle_endret ON bruker_rolle")
    op.execute("DROP TRIGGER bruker_endret ON bruker")
    op.execute("DROP FUNCTION bruker_endret()")
