"""The database's settings: configuration kept with the record, such as its PROV namespace.

A setting is not history: setting it again replaces its value. Each known setting checks its
value before it is stored.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.db import upsert, utcnow
from provenance.errors import InputError
from provenance.models import Setting

PROV_NAMESPACE: Final = "prov-namespace"

# Characters PROV-N cannot write inside an IRI, so a namespace holding one could not be exported.
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20\x7f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_namespace(uri: str) -> str:
    """uri if it can name a PROV namespace: an absolute IRI that PROV-N can write; else InputError."""
    if not _SCHEME.match(uri) or _NOT_IN_IRI.search(uri):
        raise InputError(f"not a namespace URI: {uri!r} (give an absolute URI without spaces, "
                         "such as https://news.example.org/provenance#)")
    return uri


@dataclass(frozen=True)
class SettingInfo:
    """A setting's name, what it is for, and its value (None when not set)."""

    name: str
    description: str
    value: str | None


_KNOWN: Final[dict[str, tuple[str, Callable[[str], str]]]] = {
    PROV_NAMESPACE: ("the namespace URI of the identifiers in PROV exports (default: from the "
                     "story's source URL, else a placeholder)", check_namespace),
}
SETTINGS: Final = tuple(_KNOWN)


def _check_name(name: str) -> None:
    if name not in _KNOWN:
        raise InputError(f"no setting {name!r}; the settings are {', '.join(SETTINGS)}")


def get_setting(session: Session, name: str) -> str | None:
    """The value of a setting, or None when it is not set."""
    _check_name(name)
    return session.scalar(select(Setting.value).where(Setting.name == name))


def set_setting(session: Session, name: str, value: str) -> str:
    """Set a setting (replacing its value) after checking the value; return it as stored."""
    _check_name(name)
    value = _KNOWN[name][1](value.strip())
    statement = upsert(session.get_bind().dialect.name, Setting).values(
        name=name, value=value, updated_at=utcnow())
    # One statement, so two writers setting it at once cannot both try to insert the row.
    session.execute(statement.on_conflict_do_update(
        index_elements=[Setting.name], set_={"value": value, "updated_at": utcnow()}))
    return value


def list_settings(session: Session) -> list[SettingInfo]:
    """Every known setting with its value."""
    stored = dict(session.execute(select(Setting.name, Setting.value)).tuples().all())
    return [SettingInfo(name, description, stored.get(name))
            for name, (description, _) in _KNOWN.items()]
