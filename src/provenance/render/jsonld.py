"""A story's credits as a schema.org ``NewsArticle`` in JSON-LD: plain data in, a JSON object out.

Roles map onto schema.org properties as the domain brief lays out: reporters, additional reporters
and writers are ``author``; translators ``translator``; editors and copy editors ``editor``;
photographers and other contributors ``contributor``, each wrapped in a ``Role`` whose ``roleName``
says which (schema.org's pattern for qualifying a property). A person appears once per property
(contributors once per role), with the desk of that first credit as an ``affiliation``; a desk
credited in its own name ("Reported by RFA’s Myanmar Service") is an ``Organization``. Locations
are left out: schema.org places them on the article, not on the people who reported from them.
"""

from collections.abc import Sequence
from typing import Any, Final

from provenance.text.credit_parsing import ParsedCredit

__all__ = ["news_article"]

_PROPERTY: Final = {
    "reporter": "author",
    "additional_reporter": "author",
    "writer": "author",
    "translator": "translator",
    "editor": "editor",
    "copy_editor": "editor",
    "photographer": "contributor",
    "contributor": "contributor",
}
_QUALIFIED: Final = frozenset({"contributor"})  # properties whose values are Role objects


def _agent(credit: ParsedCredit) -> dict[str, Any]:
    if credit.desk is not None and credit.desk == credit.name:
        return {"@type": "Organization", "name": credit.name}
    agent: dict[str, Any] = {"@type": "Person", "name": credit.name}
    if credit.desk is not None:
        agent["affiliation"] = {"@type": "Organization", "name": credit.desk}
    return agent


def news_article(
    credits: Sequence[ParsedCredit],
    *,
    headline: str | None = None,
    language: str | None = None,
    source_language: str | None = None,
) -> dict[str, Any]:
    """A JSON-LD ``NewsArticle`` naming everyone credited (in byline order) in their roles.

    language is the article's BCP 47 tag; a source_language adds ``translationOfWork``, a
    ``CreativeWork`` in that language. None leaves a field out.
    """
    article: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle"}
    if headline is not None:
        article["headline"] = headline
    if language is not None:
        article["inLanguage"] = language
    values: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, str, str | None]] = set()
    for credit in credits:
        prop = _PROPERTY[credit.role]
        qualified = prop in _QUALIFIED
        key = (prop, credit.name, credit.role if qualified else None)
        if key in seen:
            continue  # a reporter who also wrote the story is one author
        seen.add(key)
        agent = _agent(credit)
        values.setdefault(prop, []).append(
            {"@type": "Role", "roleName": credit.role, prop: agent} if qualified else agent
        )
    for prop in ("author", "translator", "editor", "contributor"):
        if prop in values:
            article[prop] = values[prop]
    if source_language is not None and source_language != language:
        article["translationOfWork"] = {"@type": "CreativeWork", "inLanguage": source_language}
    return article
