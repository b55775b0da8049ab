"""Word attribution written before authors joined it gets them: runs [revision id, count] become
[revision number, author, count].

The first databases kept, for each token of a paragraph version, the id of the revision that wrote
it; blame then looked the revision up. Runs now carry the revision's number and author instead
(attribution.py), and readers of the old two-number runs failed. Both are fixed once a revision is
written, so each old run is rewritten here from the revision it names; nothing hashed changes
(attribution is derived data, recomputable from the texts and derivations, and verify does).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 22:05:00.000000
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    revisions = {row.id: (row.number, row.author_id) for row in bind.execute(sa.text(
        "SELECT id, number, author_id FROM revision"))}
    versions = bind.execute(sa.text("SELECT id, attribution FROM paragraph_version")).all()
    for version_id, attribution in versions:
        runs = json.loads(attribution)
        if not runs or len(runs[0]) != 2:
            continue
        upgraded = [[*revisions[revision_id], count] for revision_id, count in runs]
        bind.execute(sa.text("UPDATE paragraph_version SET attribution = :a WHERE id = :id"),
                     {"a": json.dumps(upgraded, separators=(",", ":")), "id": version_id})


def downgrade() -> None:
    """Kept as they are: every version of the code since authors joined the runs reads them."""
