from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from provenance.db import Base
from provenance.migrations import current, downgrade, head, history, upgrade


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_database_is_at_head_and_every_constraint_is_named(engine):
    assert current(engine) == head()
    inspector = inspect(engine)
    for table in Base.metadata.tables:
        for fk in inspector.get_foreign_keys(table):
            assert fk["name"] and fk["name"].startswith(f"fk_{table}_")
        for unique in inspector.get_unique_constraints(table):
            assert unique["name"] and unique["name"].startswith(f"uq_{table}_")


def test_downgrade_to_base_and_back(engine):
    downgrade(engine, "base")
    assert current(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert current(engine) == head()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_history_lists_the_baseline():
    migrations = history()
    assert migrations[-1].revision == "0001"
    assert migrations[-1].down_revision is None
    assert migrations[0].is_head


def test_the_schema_check_finds_the_head_alembic_finds():
    """migrations.head() reads the migration files without Alembic; it must agree with Alembic."""
    from alembic.script import ScriptDirectory

    from provenance.migrations import _config_without_engine, head

    assert head() == ScriptDirectory.from_config(_config_without_engine()).get_current_head()
