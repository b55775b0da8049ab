"""Diffs as text: inline word changes for a terminal (coloured only where allowed), or unified."""

from provenance.diffing import Diff, ParagraphDiff, RevisionRef
from provenance.text.escaping import visible
from provenance.text.word_diff import diff_spans

_RED, _GREEN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"


def _positions(numbers: list[int]) -> str:
    return ",".join(f"¶{n}" for n in numbers) or "-"


def _header(p: ParagraphDiff) -> str:
    similarity = "" if p.similarity in (None, 1.0) else f" ({p.similarity:.2f})"
    return f"{p.op} {_positions(p.old)} -> {_positions(p.new)}{similarity}"


def _side(ref: RevisionRef) -> str:
    who = ref.author or "unknown"
    return f"revision {ref.revision} by {who}, {ref.activity or 'activity unknown'}, " \
           f"{ref.time.isoformat(timespec='seconds')}"


def inline_words(p: ParagraphDiff, colour: bool) -> str:
    """The paragraph's words with deletions as [-…-] and insertions as {+…+} (and colour).

    Dropping the {+…+} marks and the brackets of the [-…-] ones gives the old text exactly, white
    space included; dropping the [-…-] marks gives the new text.
    """
    out = []
    for span in diff_spans(p.changes):
        text = visible(span.text)
        if span.op == "equal":
            out.append(text)
        elif span.op == "delete":
            out.append(f"{_RED}[-{text}-]{_RESET}" if colour else f"[-{text}-]")
        else:
            out.append(f"{_GREEN}{{+{text}+}}{_RESET}" if colour else f"{{+{text}+}}")
    return "".join(out)


def render_terminal(diff: Diff, colour: bool) -> str:
    """A readable diff: one block per changed paragraph, word changes marked inline; control
    characters in the text are shown escaped, so only the colours are escape sequences."""
    lines = [visible(f"{diff.story} ({diff.language}): {_side(diff.from_)}"),
             visible(f"  -> {_side(diff.to)}")]
    changed = [p for p in diff.paragraphs if p.op != "equal"]
    if not changed:
        lines.append("no paragraph changed")
    for p in changed:
        header = _header(p)
        lines.append("")
        lines.append(f"{_BOLD}{header}{_RESET}" if colour else header)
        if p.changes:
            lines.append("  " + inline_words(p, colour))
    return "\n".join(lines)


def render_unified(diff: Diff) -> str:
    """A plain-text diff for an email or a ticket: -/+ paragraphs, then the word changes."""
    lines = [f"--- {diff.story} ({diff.language}) {_side(diff.from_)}",
             f"+++ {diff.story} ({diff.language}) {_side(diff.to)}"]
    for p in diff.paragraphs:
        if p.op == "equal":
            continue
        lines.append(f"@@ {_header(p)} @@")
        olds = "".join(c.old for c in p.changes)
        news = "".join(c.new for c in p.changes)
        if olds.strip():
            lines.append(f"-{olds}")
        if news.strip():
            lines.append(f"+{news}")
        if olds.strip() and news.strip():
            lines.append(f" words: {inline_words(p, colour=False)}")
    return "\n".join(lines)
