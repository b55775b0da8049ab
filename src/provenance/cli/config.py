"""`provenance config`: the database's settings."""

import click

from provenance.cli.common import echo, emit_json, format_option, note, session_scope


@click.command()
@click.argument("name", required=False)
@click.argument("value", required=False)
@format_option("text", "json")
@click.pass_context
def config(ctx: click.Context, name: str | None, value: str | None, fmt: str) -> None:
    """Show or change the database's settings.

    With no NAME, every setting and its value; with NAME, its value; with NAME VALUE, set it.
    Settings: prov-namespace, the namespace URI of the identifiers in PROV exports.

    \b
    Example:
      provenance config
      provenance config prov-namespace https://news.example.org/provenance#
    """
    from provenance.settings import get_setting, list_settings, set_setting

    with session_scope(ctx) as session:
        if name is not None and value is not None:
            stored = set_setting(session, name, value)
        elif name is not None:
            current = get_setting(session, name)
        else:
            settings = list_settings(session)
    if name is not None and value is not None:
        note(f"set {name} to {stored}")
    elif name is not None:
        if fmt == "json":
            emit_json({"name": name, "value": current})
        elif current is None:
            note(f"{name} is not set")
        else:
            echo(current)
    elif fmt == "json":
        emit_json(settings)
    else:
        for s in settings:
            echo(f"{s.name}\t{s.value if s.value is not None else '(not set)'}\t{s.description}")


COMMANDS = [config]
