"""Pure text algorithms: normalisation, language tags, word diff, paragraph and translation
alignment, word attribution, credit-line parsing, bylines and quotations.

Nothing in this package touches a database; a test fails if anything here imports SQLAlchemy or
Alembic. The services call these functions with plain strings and get plain data back.
"""
