"""provenance: who wrote which words, in which language, from what."""

__version__ = "0.1.0"
