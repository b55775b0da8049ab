"""What `audit` and `verify` report: one finding type on one severity scale."""

from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["CODES", "SEVERITIES", "Finding", "revision_place", "worst_first"]

# The one scale, mildest first: info is for the record, a warning needs a look, an error is wrong.
SEVERITIES: Final = ("info", "warning", "error")

# Every finding code and its severity. audit.py and verify.py say what each one means.
CODES: Final[dict[str, str]] = {
    # audit: what a standards editor looks at before publishing
    "quote-altered": "error",
    "byline-mismatch": "error",
    "uncredited-contributor": "warning",
    "credit-without-trace": "warning",
    "stale-translation": "warning",
    "heavy-rewrite": "warning",
    "edited-after-publication": "warning",
    "unsourced-paragraph": "warning",
    "markup-in-text": "warning",
    # verify: the stored history against its hashes
    **dict.fromkeys((
        "text-altered", "text-missing", "revision-missing", "revision-altered",
        "paragraphs-reordered", "derivation-altered", "version-reassigned", "credit-set-missing",
        "credit-altered", "merge-missing", "merge-altered", "chain-broken", "hash-altered",
        "form-unknown", "person-altered", "alias-altered", "desk-altered", "name-missing",
        "attribution-altered", "event-missing", "event-altered"), "error"),
    # verify with a public key: signatures
    "signature-invalid": "error",
    "history-rewritten": "error",
    "unsigned-by-key": "error",
    "signature-stale": "warning",
    # verify with a checkpoint (also history-rewritten, signature-invalid)
    "history-truncated": "error",
}


@dataclass(frozen=True)
class Finding:
    """One thing to look at: its code, how bad, where it is, and the evidence.

    Where: the story and language, the record (``revision``, ``credit set``, ``text``, …) and its
    number, and the paragraph position when the finding concerns one paragraph of a revision.
    """

    code: str
    severity: str  # one of SEVERITIES
    message: str
    story: str | None = None
    language: str | None = None
    record: str | None = None
    number: int | None = None
    paragraph: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, code: str, message: str, **where: Any) -> "Finding":
        """A finding with the severity its code has in CODES."""
        return cls(code, CODES[code], message, **where)


def worst_first(findings: list[Finding]) -> list[Finding]:
    """Findings ordered by severity, errors first; the order within one severity is kept."""
    return sorted(findings, key=lambda f: -SEVERITIES.index(f.severity))


def revision_place(finding: Finding) -> list[str]:
    """Where an audit finding is, in words: its language, revision and paragraph, those it has."""
    revision = f"revision {finding.number}" if finding.record == "revision" and finding.number else ""
    paragraph = f"¶{finding.paragraph}" if finding.paragraph else ""
    return [x for x in (finding.language or "", revision, paragraph) if x]
