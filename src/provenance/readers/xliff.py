"""Reading a translation from an XLIFF 1.1, 1.2 or 2.0 file, as CAT tools export it.

Everything here is pure: a file's bytes in, an XliffDocument out, or an InputError saying why not.
translate-toolkit parses the file (no DTD, no entity expansion, no network) and finds the
translation units. The words of a unit are read here rather than through the
toolkit's ``source``/``target``, because those keep the original format's code inside XLIFF 1.2's
``<ph>``, ``<bpt>``, ``<ept>`` and ``<it>`` (an ``<b>`` tag, say), and that is markup, not words.

One translation unit is one paragraph: an XLIFF 1.2 ``<trans-unit>``, or an XLIFF 2.0 ``<unit>``
whose ``<segment>`` texts are joined with a space (targets in their ``order``, if they have one).
What is not a paragraph:

- a unit named ``title``, ``headline`` or ``h1`` (its ``resname`` or ``id`` in 1.2, ``name`` or
  ``id`` in 2.0, after any ``path.`` or ``path/`` before it), as WPML, Crowdin and Weblate name a
  post's title, or whose translate-toolkit location is an HTML page's ``<title>`` or ``<h1>``
  (``story.html+html.head.title:1-13``): the first is the title of the source and of the
  translation, and none is a paragraph;
- the header of a PO file (translate-toolkit's ``po2xliff`` keeps it as a unit with ``restype
  x-gettext-domain-header``; other tools as a unit with no source and ``Project-Id-Version:`` or
  ``Content-Type:`` lines);
- a unit with no words on either side.

A file name (``original``) is never a title: a CAT tool names a job after the file it came from.
The languages are what the file declares, canonical (``zh_Hans`` is ``zh-Hans``), or None where it
declares none; whether the text bears them out is for the caller, who knows the story.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# lxml comes with translate-toolkit and ships no type information.
from lxml import etree  # type: ignore[import-untyped]
from translate.storage.xliff import Xliff1File
from translate.storage.xliff2 import Xliff2File

from provenance.errors import InputError
from provenance.text.language_tags import language_tag
from provenance.text.links import Link
from provenance.text.normalize import normalize_paragraph

# 1.1 and 2.1 share the structure read here with 1.2 and 2.0.
_VERSIONS = frozenset({"1.1", "1.2", "2.0", "2.1"})
_XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:"
# XLIFF 1.2 elements whose content is the original format's code; 2.0's placeholders are empty.
_NATIVE_CODE = frozenset({"bpt", "ept", "ph", "it"})
_MEMOQ = "{MQXliff}"
_TRADOS = "{http://sdl.com/FileTypes/SdlXliff/1.0}"
_METADATA = "{urn:oasis:names:tc:xliff:metadata:2.0}"
_TITLE_NAMES = frozenset({"title", "headline", "h1"})
_PO_HEADER_RESTYPE = "x-gettext-domain-header"
_PO_HEADER = re.compile(r"^(Project-Id-Version|Content-Type|MIME-Version|Language|Plural-Forms):", re.M)

Element = Any  # an lxml element


@dataclass(frozen=True)
class XliffDocument:
    """A source text and its translation as read from an XLIFF file, paragraph by paragraph.

    ``links`` pairs the indices (0-based) of the source and target paragraphs that came from one
    translation unit; a unit that was not translated links its source paragraph to ``()``.
    """

    source_language: str | None  # None: the file does not say
    target_language: str | None
    source: list[str]
    target: list[str]
    links: list[Link]
    author: str | None  # the translator the file names
    title: str | None  # the translation's title, from a title unit
    source_title: str | None = None


def read_xliff(data: bytes) -> XliffDocument:
    """Read an XLIFF 1.1, 1.2 or 2.0 file; InputError if it is not one or has nothing translated."""
    # The version decides which of the toolkit's readers to use, so the root is read first.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed XML: {normalize_paragraph(str(exc.msg))}") from None
    namespace, local = _split_tag(root.tag)
    if local != "xliff" or not (namespace or _XLIFF_NAMESPACE).startswith(_XLIFF_NAMESPACE):
        raise InputError(f"not XLIFF: the root element is <{local}>, not <xliff>")
    version = root.get("version")
    if version is None:
        raise InputError("the <xliff> element has no version attribute")
    if version not in _VERSIONS:
        raise InputError(f"XLIFF version {version!r} is not supported (1.1, 1.2, 2.0 and 2.1 are)")
    ns = f"{{{namespace}}}" if namespace else ""
    files = root.findall(f"{ns}file")
    if not files:
        raise InputError("the XLIFF file has no <file> element")
    try:
        store = Xliff1File(data) if version.startswith("1.") else Xliff2File(data)
    except Exception as exc:
        # The toolkit reports a file it cannot read with assorted exception types.
        raise InputError(f"cannot read the XLIFF file: {normalize_paragraph(str(exc))}") from None

    # The toolkit's units are 1.2 <trans-unit>s and 2.0 <segment>s.
    elements = [unit.xmlelement for unit in store.units]
    if version.startswith("1."):
        units = [(e, _child_text(e, f"{ns}source"), _child_text(e, f"{ns}target")) for e in elements]
        owners: list[Element] = files
        source_attribute, target_attribute = "source-language", "target-language"
        name_attribute = "resname"
    else:
        units = [(u, *_join_segments(u, ns)) for u in _distinct_parents(elements)]
        owners = [root]
        source_attribute, target_attribute = "srcLang", "trgLang"
        name_attribute = "name"

    source_language = _language([o.get(source_attribute) for o in owners], source_attribute)
    titles = [(s, t) for e, s, t in units if _is_title(e, name_attribute)]
    texts = [(s, t) for e, s, t in units
             if not _is_title(e, name_attribute) and not _is_po_header(e, s, t)]
    source, target, links = _paragraphs(texts)
    if not links:
        raise InputError("the XLIFF file has no translation units with text")
    if not target:
        raise InputError("the XLIFF file has no target text: nothing was translated")
    return XliffDocument(
        source_language=source_language,
        target_language=_language([o.get(target_attribute) for o in owners], target_attribute),
        source=source,
        target=target,
        links=links,
        author=_translator(root, ns, version) or _po_translator(
            [t for e, s, t in units if _is_po_header(e, s, t)]),
        title=normalize_paragraph(titles[0][1]) or None if titles else None,
        source_title=normalize_paragraph(titles[0][0]) or None if titles else None,
    )


def _is_title(unit: Element, name_attribute: str) -> bool:
    """Whether a unit holds the title: its name, id or (translate-toolkit's) source location ends
    in ``title``, ``headline`` or ``h1``."""
    names = [unit.get(name_attribute) or "", unit.get("id") or ""]
    names += [c.text or "" for c in unit.iter() if isinstance(c.tag, str)
              and _split_tag(c.tag)[1] == "context" and c.get("context-type") == "sourcefile"]
    for name in names:
        # "ko.html+html.head.title:1-13": a file, an element path and a line range.
        path = re.sub(r":\d+(-\d+)?$", "", name.strip().lower())
        if re.split(r"[./:+]", path)[-1] in _TITLE_NAMES:
            return True
    return False


def _po_translator(headers: list[str]) -> str | None:
    """The ``Last-Translator`` a PO header names, unless it is the template's ``FULL NAME``."""
    for header in headers:
        match = re.search(r"^Last-Translator:[ \t]*([^<\n]*?)[ \t]*(<[^>\n]*>)?[ \t]*$", header, re.M)
        if match and match[1] and match[1] != "FULL NAME":
            return normalize_paragraph(match[1])
    return None


def _is_po_header(unit: Element, source: str, target: str) -> bool:
    """Whether a unit is a PO file's header (the entry with an empty msgid)."""
    if unit.get("restype") == _PO_HEADER_RESTYPE:
        return True
    return not source.strip() and _PO_HEADER.search(target) is not None


def _paragraphs(units: Iterable[tuple[str, str]]) -> tuple[list[str], list[str], list[Link]]:
    """Source and target paragraphs and a link per unit; a unit empty on both sides is dropped."""
    source: list[str] = []
    target: list[str] = []
    links: list[Link] = []
    for raw_source, raw_target in units:
        source_text, target_text = normalize_paragraph(raw_source), normalize_paragraph(raw_target)
        if not source_text and not target_text:
            continue
        source_indices = (len(source),) if source_text else ()
        target_indices = (len(target),) if target_text else ()
        source += [source_text] if source_text else []
        target += [target_text] if target_text else []
        links.append(Link("translation", source_indices, target_indices))
    return source, target, links


def _inline_text(element: Element) -> str:
    """The words of a <source> or <target>: inline markup dropped, the text it wraps kept."""
    parts = [element.text or ""]
    for child in element:
        # Comments and processing instructions have a non-string tag; only their tail is text.
        if isinstance(child.tag, str):
            local = _split_tag(child.tag)[1]
            if local == "cp":
                parts.append(_code_point(child.get("hex", "")))
            elif local not in _NATIVE_CODE:
                parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _split_tag(tag: str) -> tuple[str, str]:
    """An lxml tag's namespace (empty if none) and local name."""
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, local


def _code_point(hex_value: str) -> str:
    """The character an XLIFF 2.0 <cp hex="…"/> stands for (one XML cannot carry literally)."""
    try:
        return chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        raise InputError(f"<cp hex={hex_value!r}> is not a Unicode code point") from None


def _child_text(element: Element, tag: str) -> str:
    """The words of element's first child with that tag; empty if there is none."""
    child = element.find(tag)
    return "" if child is None else _inline_text(child)


def _distinct_parents(segments: Iterable[Element]) -> list[Element]:
    """The <unit> elements that hold these XLIFF 2.0 segments, in document order."""
    units: list[Element] = []
    for segment in segments:
        parent = segment.getparent()
        # A unit's segments are consecutive, so comparing with the last unit seen is enough.
        if parent is not None and (not units or units[-1] is not parent):
            units.append(parent)
    return units


def _join_segments(unit: Element, ns: str) -> tuple[str, str]:
    """An XLIFF 2.0 unit's source and target, its segments joined with a space.

    A target may name its place among the unit's segments and ignorables with ``order`` (a
    translation that reverses two sentences); without it, it stands where its segment stands.
    """
    sources: list[str] = []
    targets: list[tuple[int, str]] = []
    parts = [c for c in unit if c.tag in (f"{ns}segment", f"{ns}ignorable")]
    for position, part in enumerate(parts, start=1):
        if part.tag != f"{ns}segment":
            continue
        sources.append(_child_text(part, f"{ns}source"))
        target = part.find(f"{ns}target")
        if target is not None:
            order = target.get("order", "")
            targets.append((int(order) if order.isdigit() else position, _inline_text(target)))
    return " ".join(sources), " ".join(text for _, text in sorted(targets))


def _language(values: list[str | None], attribute: str) -> str | None:
    """The one language tag that the holders of the attribute name, or None if none does."""
    if not any(values):
        return None
    try:
        tags = {language_tag(value) for value in values if value}
    except InputError as exc:
        raise InputError(f"{attribute}: {exc}") from None
    if len(tags) > 1:
        raise InputError(f"the XLIFF file's <file> elements disagree on {attribute}: "
                         f"{', '.join(sorted(tags))}")
    return tags.pop()


def _translator(root: Element, ns: str, version: str) -> str | None:
    """Who translated, from the first of these that names anyone (most often named wins).

    XLIFF 1.2: the ``contact-name`` of a ``<phase>`` whose ``process-name`` is translation (the
    standard's record of who did a step); then memoQ's ``mq:translatorcommitusername`` and
    Trados's ``created_by`` segment values, which those tools write on every translated unit
    (user names, not always display names). XLIFF 2.0 has no field for it: a metadata-module
    ``<mda:meta type="translator">``, anywhere in the file.
    """
    if version.startswith("1."):
        candidates = [
            [p.get("contact-name") for p in root.iter(f"{ns}phase")
             if (p.get("process-name") or "").lower().startswith("translat")],
            [u.get(f"{_MEMOQ}translatorcommitusername") for u in root.iter(f"{ns}trans-unit")],
            [v.text for v in root.iter(f"{_TRADOS}value") if v.get("key") == "created_by"],
        ]
    else:
        candidates = [[m.text for m in root.iter(f"{_METADATA}meta")
                       if (m.get("type") or "").lower() == "translator"]]
    for names in candidates:
        counts = Counter(name for name in (normalize_paragraph(n or "") for n in names) if name)
        if counts:
            return counts.most_common(1)[0][0]
    return None
