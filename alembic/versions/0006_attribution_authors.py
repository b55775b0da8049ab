"""Word attribution written before authors joined it gets them: runs [revision, count] become
[revision, author, count].

The first databases kept, for each token of a paragraph version, only the number of the revision
that wrote it; blame then looked the author up. Runs now carry the author too (attribution.py), and
readers of the old two-number runs failed. The author of revision N of the version's document is
fixed once written, so each old run gains it here; nothing hashed changes (attribution is derived
data, recomputable from the texts and derivations).

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
    authors = {(document, number): author for document, number, author in bind.execute(sa.text(
        "SELECT document_id, number, author_id FROM revision"))}
    versions = bind.execute(sa.text(
        "SELECT v.id, p.document_id, v.attribution FROM paragraph_version v "
        "JOIN paragraph p ON p.id = v.paragraph_id")).all()
    for version_id, document_id, attribution in versions:
        runs = json.loads(attribution)
        if not runs or len(runs[0]) != 2:
            continue
        upgraded = [[number, authors.get((document_id, number)), count] for number, count in runs]
        bind.execute(sa.text("UPDATE paragraph_version SET attribution = :a WHERE id = :id"),
                     {"a": json.dumps(upgraded, separators=(",", ":")), "id": version_id})


def downgrade() -> None:
    """Kept as they are: every version of the code since authors joined the runs reads them."""
