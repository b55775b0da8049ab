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
        if connection.dialect.name == "sqlite":
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise RuntimeError(f"the migration left {len(broken)} rows whose foreign keys point "
                                   f"nowhere (first: {tuple(broken[0])}); nothing was changed")


engine = config.attributes.get("engine") or make_engine(default_url(), must_exist=False)
with engine.connect() as connection:
    if connection.dialect.name == "sqlite":
        # Rebuilding a table (batch mode) drops it while rows of other tables point at it, which
        # SQLite allows only with foreign keys off, switched outside a transaction; they are checked
        # above before the migration commits, and the next connection has them on again.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
    run(connection)
    connection.commit()
