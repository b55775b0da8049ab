"""provenance: who wrote which words, in which language, from what."""

__version__ = "0.1.0"

# The database used when none is given: this environment variable, else a SQLite file here.
DATABASE_URL_VARIABLE = "PROVENANCE_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///provenance.sqlite"
