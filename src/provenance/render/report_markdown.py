"""A story's report as Markdown, for a ticket or a wiki page.

Stored text is escaped so that it reads as written (render/escape.py): a ``*`` or a ``<tag>`` in a
paragraph stays text. In a word diff, removed words are ``<del>``, struck through, and added ones
``<ins>``, underlined, as trackers and wikis that render Markdown show them; unlike ``~~…~~`` they
can begin or end with the space a change removed or added, so dropping the ``<ins>`` spans gives
the old text exactly and dropping the ``<del>`` spans the new. Lists of words a step removed or
added are struck through and bold.
"""

from provenance.chain import Step
from provenance.findings import Finding, revision_place
from provenance.render.escape import markdown_text
from provenance.report import ReportParagraph, StoryReport
from provenance.text.counts import count
from provenance.text.word_diff import Change, diff_spans


def _md(text: object) -> str:
    return markdown_text(" ".join(str(text).split()))


def diff_markdown(changes: list[Change]) -> str:
    """A word diff as one line of Markdown, removed words in <del> and added ones in <ins>."""
    out = []
    for span in diff_spans(changes):
        text = markdown_text(span.text)
        out.append(text if span.op == "equal" else
                   f"<del>{text}</del>" if span.op == "delete" else f"<ins>{text}</ins>")
    return "".join(out)


def _step(step: Step) -> str:
    role = f" ({step.role})" if step.role else ""
    who = (f"{step.activity or 'activity unknown'} by {step.person or 'unknown'}{role}"
           if step.activity or step.person else "recorded with no author or activity")
    line = f"{who}, {step.language} r{step.revision}, {step.time.strftime('%Y-%m-%d %H:%M UTC')}"
    parts = []
    if step.deleted:
        parts.append("removed " + ", ".join(f"~~{_md(w)}~~" for w in step.deleted))
    if step.inserted:
        parts.append("added " + ", ".join(f"**{_md(w)}**" for w in step.inserted))
    return _md(line) + (f": {'; '.join(parts)}" if parts else "")


def _finding(f: Finding) -> str:
    where = ", ".join(revision_place(f))
    line = f"- **{f.severity}** `{f.code}`{f' ({_md(where)})' if where else ''}: {_md(f.message)}"
    if f.code == "quote-altered":
        for label in ("before", "after"):
            quoted = " / ".join(map(str, f.evidence.get(label, [])))
            line += f"\n  - quoted {label}: “{_md(quoted)}”"
    return line


def _paragraph(p: ReportParagraph, report: StoryReport) -> list[str]:
    flags = "".join(f" `{flag}`" for flag in p.flags)
    lines = [f"### ¶{p.position}{flags}", ""]
    if report.source_language is not None:
        if not p.sources:
            lines.append(f"- **Source:** none; added in {report.language} by "
                         f"{_md(p.added_by or 'unknown')}")
        for s in p.sources:
            lines.append(f"- **Source** ({s.language} r{s.revision} ¶{s.position}): {_md(s.text)}")
        if "uncertain" in p.flags and p.confidence is not None:
            lines.append(f"  - **uncertain**: linked automatically with confidence "
                         f"{p.confidence:.2f}; check that this is the source")
        lines += [f"  - {_step(step)}" for step in p.source_steps]
        for u in p.source_updates:
            lines.append(f"  - **changed after translation**, {u.current.language} "
                         f"r{u.current.revision} ¶{u.current.position} now reads: "
                         f"{diff_markdown(u.changes)}")
        if p.translation is not None:
            lines.append(f"- **Translation:** {_md(p.translation.text)}")
            lines.append(f"  - {_step(p.translation)}")
    final = diff_markdown(p.changes) if p.changes else _md(p.text)
    lines.append(f"- **Final** ({report.language} r{report.revision}): {final}")
    lines += [f"  - {_step(step)}" for step in p.steps]
    lines += [_finding(f) for f in p.findings]
    return [*lines, ""]


def render_report_markdown(report: StoryReport) -> str:
    """The report as Markdown: byline, credits, findings, each paragraph's chain, history."""
    lines = [f"# {_md(report.headline or report.story)}", "",
             f"Story `{report.story}`" + (f", {report.language} revision {report.revision}"
                                          if report.revision else ""), ""]
    lines += [_md(report.byline) if report.byline else "No byline: nobody is credited.", ""]
    v = report.verification
    if v.ok:
        lines += [f"**Verified:** the stored history is intact ({count(v.revisions, 'revision')}, "
                  f"{count(v.credit_sets, 'credit set')} and {count(v.texts, 'text')} hash as "
                  "written).", ""]
    else:
        lines += ["**Verify failed:** the stored history was altered after it was written.", ""]
    lines += [f"- **{p.severity}** `{p.code}`: {_md(p.message)}" for p in v.problems]
    if v.problems:
        lines.append("")
    if report.source_language is None:
        lines += ["This story has no source-language document: there is no translation to trace.",
                  ""]
    lines += ["## Credits", ""]
    if report.credits:
        lines += ["| # | Name | Role | Desk |", "|---|---|---|---|"]
        lines += [f"| {c.position} | {_md(c.name)} | {c.role} | {_md(c.desk or '')} |"
                  for c in report.credits]
    else:
        lines.append("Nobody is credited.")
    every = report.findings + [f for p in report.paragraphs for f in p.findings]
    lines += ["", "## Findings", ""]
    lines += [_finding(f) for f in report.findings]
    if every and not report.findings:
        lines.append("Every finding is about one paragraph: see the paragraphs below.")
    elif not every:
        lines.append("The audit found nothing to look at.")
    lines += ["", "## Paragraph by paragraph", ""]
    for p in report.paragraphs:
        lines += _paragraph(p, report)
    lines += ["## History", ""]
    lines += [f"- {e.time.strftime('%Y-%m-%d %H:%M UTC')} {e.language} r{e.revision}: "
              f"{_md(e.activity or 'activity unknown')} by {_md(e.author or 'unknown')}"
              + (f": {_md(e.message)}" if e.message else "") for e in report.history]
    if report.events:
        lines += ["", "## Workflow", ""]
        lines += [f"- {e.time.strftime('%Y-%m-%d %H:%M UTC')} {_md(e.action)}"
                  + (f" ({_md(e.state)})" if e.state else "") + f" by {_md(e.author or 'unknown')}"
                  + (f": {_md(e.comment)}" if e.comment else "") for e in report.events]
    return "\n".join(lines)
