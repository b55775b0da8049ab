"""A story's report as one self-contained HTML page: inline CSS, no scripts, nothing fetched.

Each paragraph is a row of three columns (source, translation, final text with the words changed
since the translation struck through or underlined) that stack on a narrow screen. Every piece of
stored text is escaped (render/escape.py); a Content-Security-Policy that allows nothing but the
inline style keeps the page from loading anything even if a browser were asked to.
"""

from datetime import datetime

from provenance import __version__
from provenance.chain import Step
from provenance.findings import Finding, revision_place
from provenance.log import LogEntry
from provenance.render.escape import html_text
from provenance.report import (
    ReportParagraph,
    SourceUpdate,
    StoryReport,
    Verification,
)
from provenance.text.counts import count, noun_for
from provenance.text.word_diff import Change, diff_spans

_CSS = """
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d9dde3; --paper: #fff; --tint: #f5f6f8;
  --del: #ffe3e0; --del-ink: #8f1d14; --ins: #dcf5e3; --ins-ink: #0b5d27;
  --error: #b42318; --warning: #8a5a00; --info: #3b5b8c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--tint); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR",
  sans-serif; }
main { max-width: 78rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .25rem 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2.25rem 0 .75rem; }
h3 { font-size: 1rem; margin: 0; }
.kicker, .meta, .note { color: var(--muted); font-size: .875rem; }
.byline { font-size: 1.05rem; margin: .25rem 0 .75rem; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 1rem 1.25rem; }
.card > :first-child { margin-top: 0; }
.card > :last-child { margin-bottom: 0; }
table { border-collapse: collapse; width: 100%; font-size: .925rem; }
th, td { text-align: left; padding: .4rem .6rem .4rem 0; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
.status { display: inline-block; font-weight: 600; border-radius: 4px; padding: .05rem .45rem;
  font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; border: 1px solid; }
.status.ok { color: var(--ins-ink); }
.status.error { color: var(--error); }
.status.warning, .status.stale, .status.uncertain { color: var(--warning); }
.status.info, .status.no-source { color: var(--info); }
.paragraph { margin: 0 0 1rem; }
.paragraph header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline;
  margin-bottom: .6rem; }
.columns { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1.25rem; }
.columns.single { grid-template-columns: minmax(0, 1fr); }
.column h4 { margin: 0 0 .3rem; font-size: .8rem; letter-spacing: .02em; color: var(--muted); }
.column h4 b { color: var(--ink); text-transform: uppercase; letter-spacing: .06em; }
.column p { margin: 0 0 .4rem; }
.column .text { font-size: 1.02rem; }
.column.empty .text { color: var(--muted); font-style: italic; }
.steps { list-style: none; margin: .6rem 0 0; padding: .5rem 0 0; border-top: 1px dashed var(--line);
  font-size: .875rem; }
.steps li { margin: 0 0 .35rem; }
time { white-space: nowrap; }
/* Korean breaks lines between words, as it is written with spaces, not inside them. */
[lang|="ko"] { word-break: keep-all; overflow-wrap: anywhere; }
del { background: var(--del); color: var(--del-ink); text-decoration: line-through; }
ins { background: var(--ins); color: var(--ins-ink); text-decoration: underline; }
.update { margin-top: .6rem; padding: .5rem .6rem; background: #fff8e6; border-radius: 6px;
  font-size: .9rem; }
.findings { list-style: none; margin: .8rem 0 0; padding: 0; }
.findings li { border-left: 4px solid var(--warning); background: #fffaf0; padding: .45rem .7rem;
  margin: 0 0 .4rem; font-size: .925rem; }
.findings li.error { border-color: var(--error); background: #fff3f1; }
.findings li.info { border-color: var(--info); background: #f3f6fb; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0 0 .75rem; }
footer { margin-top: 2.5rem; }
@media screen and (max-width: 760px) {
  main { padding: 1rem .75rem 2rem; }
  h1 { font-size: 1.4rem; }
  .columns { grid-template-columns: minmax(0, 1fr); gap: .9rem; }
  .column + .column { border-top: 1px solid var(--line); padding-top: .75rem; }
  /* The history as one block per revision: who, what and when on a line, the message below. */
  .history thead { display: none; }
  .history tr { display: block; padding: .5rem 0; border-bottom: 1px solid var(--line); }
  .history td { display: inline; border: 0; padding: 0 .5rem 0 0; }
  .history td:last-child { display: block; }
  .history td:not(:first-child):not(:last-child)::before { content: "· "; color: var(--muted); }
}
@media print {
  body { background: none; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .card { border: none; border-top: 1px solid #999; border-radius: 0; padding: .6rem 0; }
  .paragraph { break-inside: avoid; }
  .columns { gap: .9rem; }
  h2 { break-after: avoid; }
  del, ins { background: none; }
  del { color: inherit; }
  ins { color: inherit; font-weight: 600; }
  .findings li, .update { background: none; }
}
"""
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _e(text: object) -> str:
    return html_text(text)


def _time(time: datetime) -> str:
    return (f'<time datetime="{_e(time.isoformat(timespec="seconds"))}">'
            f'{_e(time.strftime("%Y-%m-%d %H:%M UTC"))}</time>')


def diff_html(changes: list[Change]) -> str:
    """A word diff with deletions in <del> and insertions in <ins>: the text without the <ins>
    elements is the old text exactly, without the <del> elements the new."""
    out = []
    for span in diff_spans(changes):
        text = _e(span.text)
        out.append(text if span.op == "equal" else
                   f"<del>{text}</del>" if span.op == "delete" else f"<ins>{text}</ins>")
    return "".join(out)


def _step_meta(step: Step) -> str:
    role = f" ({_e(step.role)})" if step.role else ""
    who = (f"{_e(step.activity or 'activity unknown')} by "
           f"<strong>{_e(step.person or 'unknown')}</strong>{role}"
           if step.activity or step.person else "recorded with no author or activity")
    return f'<span class="meta">{who}, {_e(step.language)} r{step.revision}, {_time(step.time)}</span>'


def _step_item(step: Step) -> str:
    parts = []
    if step.deleted:
        parts.append("removed " + ", ".join(f"<del>{_e(w)}</del>" for w in step.deleted))
    if step.inserted:
        parts.append("added " + ", ".join(f"<ins>{_e(w)}</ins>" for w in step.inserted))
    what = f": {'; '.join(parts)}" if parts else ""
    return f"<li>{_step_meta(step)}{what}</li>"


def _finding(f: Finding) -> str:
    where = ", ".join(revision_place(f))
    detail = ""
    if f.code == "quote-altered":
        before = " / ".join(map(str, f.evidence.get("before", [])))
        after = " / ".join(map(str, f.evidence.get("after", [])))
        detail = (f'<br><span class="meta">quoted before:</span> “{_e(before)}”'
                  f'<br><span class="meta">quoted after:</span> “{_e(after)}”')
    return (f'<li class="{_e(f.severity)}"><span class="status {_e(f.severity)}">{_e(f.severity)}'
            f"</span> <strong>{_e(f.code)}</strong>{f' ({_e(where)})' if where else ''}: "
            f"{_e(f.message)}{detail}</li>")


def _update(u: SourceUpdate) -> str:
    return (f'<div class="update"><strong>The source changed after translation</strong>: '
            f"{_e(u.current.language)} r{u.current.revision} ¶{u.current.position} now reads "
            f'<span lang="{_e(u.current.language)}">{diff_html(u.changes)}</span></div>')


def _head(name: str, where: str) -> str:
    return f"<h4><b>{name}</b> · {_e(where)}</h4>"


def _source_column(p: ReportParagraph, language: str) -> str:
    if not p.sources:
        return (f'<div class="column source empty">{_head("Source", language)}'
                f'<p class="text">No source-language paragraph: added in the article\'s language '
                f"by {_e(p.added_by or 'unknown')}.</p></div>")
    where = ", ".join(f"{s.language} r{s.revision} ¶{s.position}" for s in p.sources)
    texts = "".join(f'<p class="text" lang="{_e(s.language)}">{_e(s.text)}</p>' for s in p.sources)
    updates = "".join(_update(u) for u in p.source_updates)
    doubt = ""
    if "uncertain" in p.flags and p.confidence is not None:
        doubt = (f'<p class="note uncertain">Linked automatically with confidence '
                 f"{p.confidence:.2f}: check that this is the source.</p>")
    return (f'<div class="column source">{_head("Source", where)}{texts}{doubt}'
            f"{_steps(p.source_steps)}{updates}</div>")


def _translation_column(p: ReportParagraph, language: str | None) -> str:
    t = p.translation
    if t is None:
        return (f'<div class="column translation empty">{_head("Translation", language or "")}'
                '<p class="text">Not translated.</p></div>')
    return (f'<div class="column translation">{_head("Translation", f"{t.language} r{t.revision}")}'
            f'<p class="text" lang="{_e(t.language)}">{_e(t.text)}</p>'
            f'<ul class="steps"><li>{_step_meta(t)}</li></ul></div>')


def _steps(steps: list[Step]) -> str:
    items = "".join(_step_item(s) for s in steps)
    return f'<ul class="steps">{items}</ul>' if items else ""


def _final_column(p: ReportParagraph, report: StoryReport) -> str:
    text = diff_html(p.changes) if p.changes else _e(p.text)
    since = "since the translation" if p.translation else "since it was added"
    note = f'<p class="meta">Marked words changed {since}.</p>' if p.changes else ""
    where = f"{report.language} r{report.revision}"
    return (f'<div class="column final">{_head("Final", where)}'
            f'<p class="text" lang="{_e(report.language)}">{text}</p>{note}{_steps(p.steps)}</div>')


def _paragraph(p: ReportParagraph, report: StoryReport) -> str:
    flags = "".join(f' <span class="status {_e(flag)}">{_e(flag)}</span>' for flag in p.flags)
    if report.source_language is None:
        columns = f'<div class="columns single">{_final_column(p, report)}</div>'
    else:
        columns = (f'<div class="columns">{_source_column(p, report.source_language)}'
                   f"{_translation_column(p, report.language)}{_final_column(p, report)}</div>")
    findings = "".join(_finding(f) for f in p.findings)
    findings = f'<ul class="findings">{findings}</ul>' if findings else ""
    return (f'<section class="paragraph card" id="p{p.position}"><header><h3>¶{p.position}</h3>'
            f"{flags}</header>{columns}{findings}</section>")


def _credits(report: StoryReport) -> str:
    if not report.credits:
        return '<p class="note">Nobody is credited on this story.</p>'
    located = any(c.location for c in report.credits)
    rows = "".join(f"<tr><td>{c.position}</td><td>{_e(c.name)}</td><td>{_e(c.role)}</td>"
                   f"<td>{_e(c.desk or '')}</td>"
                   + (f"<td>{_e(c.location or '')}</td>" if located else "") + "</tr>"
                   for c in report.credits)
    location = "<th>Location</th>" if located else ""
    return ("<table><thead><tr><th>#</th><th>Name</th><th>Role</th><th>Desk</th>"
            f"{location}</tr></thead><tbody>{rows}</tbody></table>")


def _history(entries: list[LogEntry]) -> str:
    rows = "".join(
        f"<tr><td>{_time(e.time)}</td><td>{_e(e.language)} r{e.revision}</td>"
        f"<td>{_e(e.author or 'unknown')}</td><td>{_e(e.activity or '')}</td>"
        f'<td>{_e(e.message or "")}</td></tr>' for e in entries)
    return ('<table class="history"><thead><tr><th>Time</th><th>Revision</th><th>By</th><th>Activity</th>'
            f'<th>Message</th></tr></thead><tbody>{rows}</tbody></table>')


def _events(report: StoryReport) -> str:
    if not report.events:
        return ""
    rows = "".join(
        f"<tr><td>{_time(e.time)}</td><td>{_e(e.action)}</td><td>{_e(e.state or '')}</td>"
        f"<td>{_e(e.author or 'unknown')}</td><td>{_e(e.comment or '')}</td></tr>"
        for e in report.events)
    return ('<h2>Workflow</h2>\n<div class="card"><table class="history"><thead><tr><th>Time</th>'
            '<th>Action</th><th>State</th><th>By</th><th>Comment</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def _findings(report: StoryReport) -> str:
    every = report.findings + [f for p in report.paragraphs for f in p.findings]
    if not every:
        return '<p class="note">The audit found nothing to look at.</p>'
    counted = [f"{n} {severity}{'s' if n > 1 else ''}" for severity in ("error", "warning", "info")
               if (n := sum(f.severity == severity for f in every))]
    counts = " and ".join([", ".join(counted[:-1]), counted[-1]] if len(counted) > 1 else counted)
    here = "".join(_finding(f) for f in report.findings)
    on_paragraphs = len(every) - len(report.findings)
    where = (f" {on_paragraphs} of them {'are' if on_paragraphs > 1 else 'is'} shown on "
             f"{'their paragraphs' if on_paragraphs > 1 else 'its paragraph'} below."
             if on_paragraphs else "")
    return (f'<p>The audit found {counts}.{where}</p>'
            + (f'<ul class="findings">{here}</ul>' if here else ""))


def _verification(v: Verification) -> str:
    counted = (f"{v.revisions} revision{'s' * (v.revisions != 1)}, {v.credit_sets} credit "
               f"set{'s' * (v.credit_sets != 1)} and {v.texts} text{'s' * (v.texts != 1)}")
    problems = "".join(f'<li class="{_e(p.severity)}"><span class="status {_e(p.severity)}">'
                       f"{_e(p.severity)}</span> <strong>{_e(p.code)}</strong>: {_e(p.message)}</li>"
                       for p in v.problems)
    problems = f'<ul class="findings">{problems}</ul>' if problems else ""
    if v.ok:
        return (f'<div class="verify"><p><span class="status ok">verified</span> The stored history '
                f"is intact: {counted} hash as they were written.</p>{problems}</div>")
    return (f'<div class="verify"><p><span class="status error">verify failed</span> The stored '
            f"history was altered after it was written ({counted} checked):</p>{problems}</div>")


def _summary(report: StoryReport) -> str:
    s = report.summary
    if not s:
        return ""
    # The chain counts words of revisions with no recorded author under "unknown".
    people = ", ".join(f"{_e(name if name != 'unknown' else 'author not recorded')} {share:.0%}"
                       for name, share in s["people"].items())  # type: ignore[attr-defined]
    with_source, paragraphs = int(s["with_source"]), int(s["paragraphs"])  # type: ignore[call-overload]
    traced = (f'{with_source} of {count(paragraphs, "paragraph")} '
              f'{noun_for(with_source, "traces", "trace")} back to a source; '
              f'{s["traced_share"]:.0%} of the words are in them. '
              if report.source_language is not None else "")
    return f"<p>{traced}Words by person: {people}.</p>"


def render_html(report: StoryReport) -> str:
    """The report as one self-contained HTML page."""
    title = report.headline or report.story
    if report.source_language is None:
        origin = (f'<p class="note">This story has no source-language document: its '
                  f"{_e(report.language or 'only')} text is the original, so there is no "
                  "translation to trace.</p>")
    else:
        origin = (f'<p class="note">Translated from {_e(report.source_language)} into '
                  f"{_e(report.language)}: each paragraph below shows its source, its "
                  "translation and its final text, with who changed what and when.</p>")
    story_findings = _findings(report)
    paragraphs = "".join(_paragraph(p, report) for p in report.paragraphs) or \
        '<p class="note">The story has no text yet.</p>'
    latest = f", {_e(report.language)} revision {report.revision}" if report.revision else ""
    legend = ('<p class="legend meta"><span><del>struck through</del> removed</span>'
              "<span><ins>underlined</ins> added</span></p>")
    return f"""<!doctype html>
<html lang="{_e(report.language or 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
<title>Provenance: {_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<header class="card">
<p class="kicker">Provenance report · story {_e(report.story)}{latest}</p>
<h1>{_e(title)}</h1>
<p class="byline">{_e(report.byline) or '<span class="note">No byline: nobody is credited.</span>'}</p>
{origin}
{_summary(report)}
{_verification(report.verification)}
</header>
<h2>Credits</h2>
<div class="card">{_credits(report)}</div>
<h2>Findings</h2>
<div class="card">{story_findings}</div>
<h2>Paragraph by paragraph</h2>
{legend}
{paragraphs}
<h2>History</h2>
<div class="card">{_history(report.history)}</div>
{_events(report)}
<footer class="note">Made by provenance {_e(__version__)}.</footer>
</main>
</body>
</html>
"""
