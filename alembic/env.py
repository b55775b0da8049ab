"""Alembic environment: runs migrations on the engine provenance hands over, or on the URL in
$PROVENANCE_DATABASE_URL (default ./provenance.sqlite) when run as `alembic` from a checkout."""

from alembic import context
from sqlalchemy.engine import Connection

from provenance import models  # noqa: F401  (registers the tables on the metadata)
from provenance.db import Base, default_url, make_engine

config = context.config


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


engine = config.attributes.get("engine") or make_engine(default_url(), must_exist=False)
with engine.connect() as connection:
    run(connection)
    connection.commit()
