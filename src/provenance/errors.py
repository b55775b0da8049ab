"""The errors the library raises; the CLI turns each into one line on stderr and exit code 1."""


class ProvenanceError(Exception):
    """Base class: a problem the user can act on, described in one line."""


class InputError(ProvenanceError):
    """A file or value given to the tool cannot be used (missing, empty, binary, malformed)."""


class NotFound(ProvenanceError):
    """A story, revision, person or document that does not exist."""


class DatabaseError(ProvenanceError):
    """The database cannot be reached, or is not a provenance database at the current schema."""


class CorruptHistory(ProvenanceError):
    """Stored data that fails its own checks, such as word attribution that does not fit its text."""


class Conflict(ProvenanceError):
    """A write that would contradict what is already stored (a taken slug, a concurrent revision)."""


class ConcurrentWrite(Conflict):
    """Another writer changed the same records at the same moment; running again will work."""

    MESSAGE = ("another writer changed the same records at the same moment: nothing was recorded, "
               "run the command again")

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)
