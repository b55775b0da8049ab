"""The chain report as text for a terminal or as Markdown for a ticket or a wiki.

Both say the same; the Markdown escapes every piece of stored text (render/escape.py), so a
paragraph's ``<script>``, ``*`` or ``|`` reads as written.
"""

from collections.abc import Callable

from provenance.chain import Chain, ChainParagraph, Step
from provenance.render.escape import markdown_text
from provenance.text.counts import count, noun_for

_Escape = Callable[[str], str]


def _as_is(text: str) -> str:
    return text


def _when(step: Step) -> str:
    return step.time.strftime("%Y-%m-%d %H:%M UTC")


def _who(step: Step, e: _Escape) -> str:
    role = f" ({step.role})" if step.role else ""
    return f"{e(step.person or 'unknown')}{role}"


def _changes(step: Step, e: _Escape) -> str:
    parts = []
    if step.deleted:
        parts.append("removed " + "; ".join(f"“{e(w)}”" for w in step.deleted))
    if step.inserted:
        parts.append("added " + "; ".join(f"“{e(w)}”" for w in step.inserted))
    return ", ".join(parts)


def _step_line(step: Step, e: _Escape = _as_is) -> str:
    line = f"{step.activity or 'unknown'} by {_who(step, e)}, {step.language} revision " \
           f"{step.revision}, {_when(step)}"
    if step.similarity is not None:
        line += f", similarity {step.similarity:.2f}"
    if step.activity in ("translate", "correct") and step.similarity is None:
        return f"{line}: “{e(step.text)}”"
    changes = _changes(step, e)
    return f"{line}: {changes}" if changes else line


def _flag_lines(p: ChainParagraph, e: _Escape = _as_is) -> list[str]:
    lines = []
    if "no-source" in p.flags:
        lines.append(f"no source: added in the target language by {e(p.added_by or 'unknown')}")
    if "uncertain" in p.flags and p.confidence is not None:
        lines.append(f"uncertain: linked to its source automatically with confidence "
                     f"{p.confidence:.2f}; check it (provenance links … set)")
    for s in p.stale_sources:
        lines.append(f"stale: the {s.language} source ¶{s.position} changed in revision "
                     f"{s.revision}: {e(s.text)}")
    return lines


def _summary_lines(chain: Chain, e: _Escape = _as_is) -> list[str]:
    s = chain.summary
    people = ", ".join(f"{e(name)} {share:.0%}" for name, share in s["people"].items())  # type: ignore[attr-defined]
    return [
        f"{s['with_source']} of {count(s['paragraphs'], 'paragraph')} "  # type: ignore[arg-type]
        f"{noun_for(s['with_source'], 'traces', 'trace')} back to a source; "  # type: ignore[arg-type]
        f"{s['traced_share']:.0%} of the words are in them.",
        f"No source: {', '.join(f'¶{n}' for n in s['no_source']) or 'none'}. "  # type: ignore[attr-defined]
        f"Stale: {', '.join(f'¶{n}' for n in s['stale']) or 'none'}. "  # type: ignore[attr-defined]
        f"Uncertain: {', '.join(f'¶{n}' for n in s['uncertain']) or 'none'}.",  # type: ignore[attr-defined]
        f"Words by person: {people}.",
    ]


def render_text(chain: Chain) -> str:
    """The chain for a terminal: each paragraph, its sources, its steps oldest first, its flags."""
    lines = [f"{chain.story} ({chain.language}) revision {chain.revision}"]
    if chain.reporters:
        lines.append(f"Reporters: {', '.join(chain.reporters)}")
    for p in chain.paragraphs:
        lines += ["", f"¶{p.position}  {p.text}"]
        for s in p.sources:
            lines.append(f"    source {s.language} revision {s.revision} ¶{s.position}: {s.text}")
        lines += [f"    {_step_line(step)}" for step in p.steps]
        lines += [f"    ! {flag}" for flag in _flag_lines(p)]
    return "\n".join([*lines, "", *_summary_lines(chain)])


def render_markdown(chain: Chain) -> str:
    """The chain as Markdown: a section per paragraph with its sources, steps and flags."""
    e = markdown_text
    lines = [f"# {chain.story} ({chain.language}), revision {chain.revision}", ""]
    if chain.reporters:
        lines += [f"Reporters: {', '.join(map(e, chain.reporters))}", ""]
    for p in chain.paragraphs:
        lines += [f"## ¶{p.position}", "", f"> {e(p.text)}", ""]
        for s in p.sources:
            lines.append(f"- **source** ({s.language}, revision {s.revision}, ¶{s.position}): "
                         f"{e(s.text)}")
        lines += [f"- {_step_line(step, e)}" for step in p.steps]
        lines += [f"- **{flag}**" for flag in _flag_lines(p, e)]
        lines.append("")
    return "\n".join([*lines, "## Summary", "", *(f"- {line}" for line in _summary_lines(chain, e))])
