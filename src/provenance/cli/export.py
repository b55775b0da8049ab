"""`provenance export` and `provenance report`: a story's history for other tools and for people."""

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from provenance.cli.common import json_text, note, session_scope
from provenance.errors import InputError

_OUTPUT = click.option("-o", "--output", metavar="FILE",
                       help="Write to FILE (a regular file, replaced whole, never half-written) "
                            "instead of stdout; - is stdout.")


def _refuse_unless_regular(path: str) -> None:
    """InputError unless path is absent or a regular file: a device, a FIFO, a directory or a
    symbolic link is never replaced (the rename would put a file where it was)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(mode):
        raise InputError(f"{path} is a symbolic link: not followed; give the path it points to")
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a directory: give a file name")
    if not stat.S_ISREG(mode):
        raise InputError(f"{path} is not a regular file (a device, a pipe or a socket): "
                         "write to stdout and redirect instead")


def write_output(path: str | None, data: bytes | Iterable[bytes]) -> None:
    """Write data (bytes, or bytes a piece at a time) to stdout (path None or -), or to a regular
    file through a temporary file beside it renamed into place, so a failure leaves no partial
    file (and an existing one as it was)."""
    pieces = [data] if isinstance(data, bytes) else data
    if path is None or path == "-":
        for data in pieces:
            click.echo(data, nl=False)  # bytes go to stdout's binary buffer as they are
        return
    if not path or path.endswith(os.sep):
        raise InputError(f"-o needs a file name, not {path!r}")
    _refuse_unless_regular(path)
    target = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            for piece in pieces:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; give it the mode a newly created file would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        _refuse_unless_regular(path)  # again, just before the rename: it may have appeared since
        os.replace(temporary, target)
    except (OSError, InputError) as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, InputError):
            raise
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    note(f"wrote {path}")


@click.command()
@click.argument("slug", metavar="STORY")
@click.option("--format", "fmt", type=click.Choice(["prov-json", "prov-n", "prov-xml", "svg", "jsonld"]),
              default="prov-json", show_default=True,
              help="W3C PROV as JSON, PROV-N or XML; svg draws it (needs Graphviz); jsonld is a "
                   "schema.org NewsArticle with its revisions and corrections.")
@click.option("--namespace", metavar="URI",
              help="The namespace of the PROV identifiers (default: the database's prov-namespace "
                   "setting, see `provenance config`, else from the story's source URL).")
@_OUTPUT
@click.pass_context
def export(ctx: click.Context, slug: str, fmt: str, namespace: str | None, output: str | None) -> None:
    """Export a story as W3C PROV or JSON-LD.

    PROV: people and desks as agents, each revision and paragraph version as an entity, made by
    an activity (report, translate, write, edit, …) with the author's role, and derived from
    what it came from (translation, edit, move, split, merge). The same database exports to the
    same bytes every time. The svg format needs Graphviz's `dot` program.

    \b
    Example:
      provenance export my-story --format prov-json -o my-story.prov.json
      provenance export my-story --format svg -o my-story.svg
      provenance export my-story --format jsonld
      provenance export my-story --namespace https://news.example.org/provenance#
    """
    import json

    from provenance.export.prov import (
        export_namespace,
        prov_document,
        render_svg,
        serialize,
        spool_prov_json,
    )
    from provenance.report import article_history, news_article_jsonld
    from provenance.stories import get_story
    from provenance.text.escaping import escape_json, visible

    with session_scope(ctx, read_only=True) as session:
        story = get_story(session, slug)
        if fmt == "jsonld":
            article = news_article_jsonld(article_history(session, story))
        else:
            uri, origin = export_namespace(session, story, namespace)
            if fmt == "prov-json":  # written as it was spooled, never whole in memory
                spooled = spool_prov_json(session, story, uri)
            else:
                document = prov_document(session, story, uri)
    if fmt == "prov-json":
        with spooled:
            write_output(output, spooled.pieces())
    else:
        if fmt == "jsonld":
            # Meant to be embedded in a page's <script> element: < > & escaped too.
            data = (escape_json(json.dumps(article, ensure_ascii=False, indent=2), html=True)
                    + "\n").encode()
        elif fmt == "svg":
            data = render_svg(document)
        elif fmt == "prov-n":
            data = visible(serialize(document, fmt)).encode()  # text a terminal shows as it is
        else:
            data = serialize(document, fmt).encode()
        write_output(output, data)
    if fmt != "jsonld" and origin == "placeholder":
        note(f"the PROV identifiers are in the placeholder namespace {uri}: choose yours with "
             "--namespace URI, or once for the database with `provenance config prov-namespace URI`")


@click.command()
@click.argument("slug", metavar="STORY")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown", "json"]), default="html",
              show_default=True, help="html is one self-contained page; markdown is for tickets; "
                                      "json is for scripts.")
@_OUTPUT
@click.pass_context
def report(ctx: click.Context, slug: str, fmt: str, output: str | None) -> None:
    """Write a story's provenance report for people.

    The byline, the credits, the audit's findings and each paragraph's chain: its source, its
    translation and its final text side by side, with the words changed and who changed them
    when. The HTML page needs no network and prints well.

    \b
    Example:
      provenance report my-story -o report.html
      provenance report my-story --format markdown
      provenance report my-story --format json
    """
    from provenance.render.html import render_html
    from provenance.render.report_markdown import render_report_markdown
    from provenance.report import story_report
    from provenance.stories import get_story
    from provenance.text.escaping import visible

    with session_scope(ctx, read_only=True) as session:
        data = story_report(session, get_story(session, slug))
    if fmt == "json":
        text = json_text(data)
    else:
        text = render_html(data) if fmt == "html" else visible(render_report_markdown(data)) + "\n"
    write_output(output, text.encode())


COMMANDS = [export, report]
