"""`provenance export`: W3C PROV that the `prov` package reads back, the PROV-JSON schema accepts and
that says who did what from what; a Graphviz drawing; schema.org JSON-LD with the revisions."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from prov.model import ProvDocument
from pyld import jsonld

from conftest import DATA, SEED

SLUG = "illustrative-night-library"
SCHEMA = json.loads((Path(__file__).parent / "data" / "prov-json-schema.json").read_text())
P = "https://provenance.example/ns#"


def replay_demo(run) -> None:
    """Build the demo's illustrative story through the commands a user would type.

    The demo records its credits as steps of their own, so naming people does not credit them."""
    steps = json.loads((DATA / "demo" / "steps.json").read_text(encoding="utf-8"))["steps"]
    for step in (s for s in steps if s["story"] == SLUG):
        if step["action"] == "credit":
            result = run("credits", SLUG, "add", step["name"], "--role", step["role"], "--by",
                         step["by"], "-m", step["message"])
            assert result.exit_code == 0, result.stderr
            continue
        path = str(DATA / "demo" / step["file"])
        args = ["--format", step["format"], "--by", step.get("by", ""), "--no-credit"]
        message = ["-m", step["message"]]
        if step["action"] == "import":  # `import` keeps no message
            args = ["import", path, "--story", SLUG, *args, "--role", step["role"]]
        elif step["action"] == "translate":
            args = ["translate", SLUG, path, "--from", step["from"], *args, *message]
        else:
            args = ["revise", SLUG, path, *args, "--role", step["role"], "--language",
                    step["language"], *message,
                    *(["--activity", step["activity"]] if "activity" in step else [])]
        result = run(*args)
        assert result.exit_code == 0, result.stderr


@pytest.fixture
def story(run):
    replay_demo(run)
    return SLUG


def _export(run, fmt: str) -> str:
    result = run("export", SLUG, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_prov_loads_validates_round_trips_and_unifies(run, story):
    text = _export(run, "prov-json")
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(json.loads(text))
    document = ProvDocument.deserialize(content=text, format="json")
    # Each serialisation, read back by the prov package, is the same document.
    for ours, theirs in (("prov-json", "json"), ("prov-xml", "xml"), ("prov-n", "provn")):
        assert ProvDocument.deserialize(content=_export(run, ours), format=theirs) == document, ours
    # PROV-N lists records in the order they were made, PROV-JSON groups them by kind.
    provn = _export(run, "prov-n").splitlines()
    assert provn[0] == "document" and provn[-1] == "endDocument"
    assert sorted(provn) == sorted(document.serialize(format="provn").splitlines())
    # unified() applies PROV-CONSTRAINTS' term unification and raises on an impossible merge.
    unified = document.unified()
    # Every identifier is used once, so unifying merges nothing.
    assert len(list(unified.get_records())) == len(list(document.get_records())) > 100


def _relations(data: dict, kind: str) -> list[dict]:
    return list(data.get(kind, {}).values())


def _type(value) -> str:
    return value["$"] if isinstance(value, dict) else value


def test_prov_says_who_did_what_from_what(run, story):
    data = json.loads(_export(run, "prov-json"))
    assert data["prefix"] == {"provenance": P}
    agents = {a["prov:label"]: (key, _type(a["prov:type"])) for key, a in data["agent"].items()}
    assert {name: kind for name, (_, kind) in agents.items()} == {
        "Seo-yeon Park": "prov:Person", "Ji-ho Lim": "prov:Person", "Mina Cho": "prov:Person",
        "Daniel Reyes": "prov:Person", "Ruth Okafor": "prov:Person",
        "Demo Radio’s Korean Service": "prov:Organization",
    }
    desk = agents["Demo Radio’s Korean Service"][0]
    assert sorted((d["prov:delegate"], d["prov:responsible"])
                  for d in _relations(data, "actedOnBehalfOf")) == sorted(
        [(agents["Seo-yeon Park"][0], desk), (agents["Ji-ho Lim"][0], desk)])

    # Each revision's activity, its author and the role they acted in; an uncredited editor's role
    # is the one the activity implies, a reporter correcting their report stays a reporter.
    label_of = {key: a["prov:label"] for key, a in data["agent"].items()}
    roles = {(a["prov:activity"], label_of[a["prov:agent"]], _type(a["prov:role"]))
             for a in _relations(data, "wasAssociatedWith")}
    base = f"provenance:story/{SLUG}"
    assert roles == {
        (f"{base}/ko/r1/report", "Seo-yeon Park", "provenance:reporter"),
        (f"{base}/en/r1/translate", "Mina Cho", "provenance:translator"),
        (f"{base}/en/r2/write", "Daniel Reyes", "provenance:writer"),
        (f"{base}/en/r3/edit", "Ruth Okafor", "provenance:editor"),
        (f"{base}/ko/r2/correct", "Seo-yeon Park", "provenance:reporter"),
    }
    derivations = _relations(data, "wasDerivedFrom")
    typed = {}
    for d in derivations:
        typed.setdefault(_type(d.get("prov:type", "")), []).append(
            (d["prov:generatedEntity"], d["prov:usedEntity"]))
    assert sorted(typed["prov:Revision"]) == [(f"{base}/en/r2", f"{base}/en/r1"),
                                              (f"{base}/en/r3", f"{base}/en/r2"),
                                              (f"{base}/ko/r2", f"{base}/ko/r1")]
    entities = data["entity"]

    def text(key):
        return entities[key]["prov:value"]

    def language(key):
        return entities[key]["provenance:language"]

    # Five English paragraphs were translated from the five Korean ones, one each.
    translated = typed["provenance:translation"]
    assert len(translated) == 5
    assert all((language(t), language(s)) == ("en", "ko") for t, s in translated)
    assert ("새빛시 시립도서관이 다음 달 1일부터 밤 11시까지 문을 연다고 시 관계자가 12일 밝혔다.",
            "Saebit City's municipal library will stay open until 11 p.m. from the 1st of next month, "
            "a city official said on the 12th.") in {(text(s), text(t)) for t, s in translated}
    # Edits stay within a language; the Korean correction is an edit of the Korean paragraph.
    assert all(language(t) == language(s) for kind in ("provenance:edit", "provenance:move")
               for t, s in typed.get(kind, []))
    assert any("3억 5천만" in text(t) and "3억 2천만" in text(s) for t, s in typed["provenance:edit"])
    # Every English version traces back to its Korean report, except the paragraph the writer
    # added in English.
    primary = typed["prov:PrimarySource"]
    assert all((language(t), language(s)) == ("en", "ko") for t, s in primary)
    english = [k for k, e in entities.items() if _type(e["prov:type"]) == "provenance:ParagraphVersion"
               and e["provenance:language"] == "en"]
    unsourced = set(english) - {t for t, _ in primary}
    assert [text(k) for k in unsourced] == [
        "Libraries in several other cities have tried late opening in recent years with mixed "
        "results, said Lena Varga, a researcher who studies public services."]
    # The quoted official: the translation of ¶3 quotes the Korean ¶3. The editor changed the
    # quoted words ("should be able to borrow books too"), so that version is not a quotation.
    quoted = [d for d in derivations if _type(d.get("prov:type", "")) == "prov:Quotation"]
    assert [d["provenance:quote"] for d in quoted] == [
        "Citizens who work shifts should also be able to borrow books,"]
    assert "교대 근무를 하는" in text(quoted[0]["prov:usedEntity"])
    edited = [k for k in english if "borrow books too" in text(k)]
    assert edited and not [d for d in quoted if d["prov:generatedEntity"] in edited]
    assert [s for t, s in primary if t in edited]  # still traced back to its source
    # A version is the specialization of its paragraph; each paragraph is a member of the story.
    specializations = {s["prov:specificEntity"]: s["prov:generalEntity"]
                       for s in _relations(data, "specializationOf")}
    members = {m["prov:entity"] for m in _relations(data, "hadMember")
               if m["prov:collection"] == base}
    assert "prov:Collection" in [_type(t) for t in entities[base]["prov:type"]]
    for key, entity in entities.items():
        if _type(entity["prov:type"]) == "provenance:ParagraphVersion":
            assert specializations[key] in members
    assert base not in specializations.values()
    generated = {g["prov:entity"]: g["prov:activity"] for g in _relations(data, "wasGeneratedBy")}
    assert generated[f"{base}/en/r3"] == f"{base}/en/r3/edit"
    assert all(key in generated for key in english)


def test_a_desk_credited_in_its_own_name_is_an_organisation(run, tmp_path):
    story = {"title": "Protest in Yangon", "language": "en", "paragraphs": ["Crowds gathered."],
             "credits": [{"name": "RFA’s Myanmar Service", "role": "reporter",
                          "desk": "RFA’s Myanmar Service"},
                         {"name": "Ann Lee", "role": "reporter", "desk": "RFA’s Myanmar Service"},
                         {"name": "Ann Lee", "role": "writer", "desk": "RFA’s Myanmar Service"}]}
    path = tmp_path / "story.json"
    path.write_text(json.dumps(story), encoding="utf-8")
    assert run("import", str(path), "--story", "yangon").exit_code == 0
    data = json.loads(run("export", "yangon").stdout)
    kinds = sorted((a["prov:label"], _type(a["prov:type"])) for a in data["agent"].values())
    assert kinds == [("Ann Lee", "prov:Person"), ("RFA’s Myanmar Service", "prov:Organization")]
    label = {key: a["prov:label"] for key, a in data["agent"].items()}
    # One delegation however many of her credits name the desk, and none for the desk itself.
    assert [(label[d["prov:delegate"]], label[d["prov:responsible"]])
            for d in _relations(data, "actedOnBehalfOf")] == [("Ann Lee", "RFA’s Myanmar Service")]
    roles = sorted((label[a["prov:agent"]], _type(a["provenance:role"]), int(_type(a["provenance:position"])))
                   for a in _relations(data, "wasAttributedTo") if "provenance:role" in a)
    assert roles == [("Ann Lee", "provenance:reporter", 2), ("Ann Lee", "provenance:writer", 3),
                     ("RFA’s Myanmar Service", "provenance:reporter", 1)]


def test_every_identifier_is_xml_safe(run, story):
    data = json.loads(_export(run, "prov-json"))
    for kind in ("entity", "activity", "agent"):
        for key in data[kind]:
            prefix, local = key.split(":", 1)
            assert prefix == "provenance" and ":" not in local and " " not in local, key


# Every text format, exported by one process (starting one per format would be slow).
_EXPORT_ALL = """
import sys
from click.testing import CliRunner
from provenance.cli import cli
url, slug, out = sys.argv[1:]
for fmt in ("prov-json", "prov-n", "prov-xml", "jsonld"):
    result = CliRunner().invoke(cli, ["--db", url, "export", slug, "--format", fmt, "-o", out + fmt])
    assert result.exit_code == 0, result.output
"""


def test_export_is_byte_stable(database_url, story, tmp_path):
    # Two processes with different hash seeds: an order that came from a set, or from a dict
    # filled in hash order, would differ between them.
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", _EXPORT_ALL, database_url, SLUG, str(tmp_path / seed)],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed})
    for fmt in ("prov-json", "prov-n", "prov-xml", "jsonld"):
        first, second = ((tmp_path / f"{seed}{fmt}").read_bytes() for seed in ("1", "2"))
        assert first == second and len(first) > 1000, fmt


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz's dot is not installed (apt-get install graphviz)")
def test_svg_drawn_by_graphviz(run, story, tmp_path):
    out = tmp_path / "chain.svg"
    result = run("export", SLUG, "--format", "svg", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    # Elements are drawn under their labels: people and what they did.
    assert "translate by Mina Cho" in svg and "Ruth Okafor" in svg


def test_svg_without_graphviz_says_so(run, story, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "chain.svg"
    result = run("export", SLUG, "--format", "svg", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "install graphviz" in result.stderr
    assert not [p for p in tmp_path.iterdir() if "chain.svg" in p.name]


def _only_line(result) -> str:
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_bad_inputs_leave_no_file(run, story, tmp_path):
    out = tmp_path / "out" / "story.json"
    out.parent.mkdir()
    assert "no story 'nope'" in _only_line(run("export", "nope", "-o", str(out)))
    assert run("export", SLUG, "--format", "turtle", "-o", str(out)).exit_code == 2
    assert list(out.parent.iterdir()) == []
    # A file that exists is left as it was when the export fails.
    out.write_text("before")
    assert run("export", "nope", "-o", str(out)).exit_code == 1
    assert out.read_text() == "before"
    missing = run("export", SLUG, "-o", str(tmp_path / "no-such-dir" / "story.json"))
    assert missing.exit_code == 1 and "cannot write" in _only_line(missing)
    directory = run("export", SLUG, "-o", str(out.parent))
    assert directory.exit_code == 1 and "is a directory" in _only_line(directory)
    assert sorted(p.name for p in out.parent.iterdir()) == ["story.json"]


def test_written_file_is_the_export(run, story, tmp_path):
    out = tmp_path / "story.provn"
    result = run("export", SLUG, "--format", "prov-n", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == "" and f"wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8") == _export(run, "prov-n")
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # readable like any new file


S = "http://schema.org/"


def _expand(document):
    def loader(url, options=None):
        assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": S}}}

    [node] = jsonld.expand(document, {"documentLoader": loader})
    return node


def test_jsonld_has_revisions_corrections_and_source(run, story):
    article = json.loads(_export(run, "jsonld"))
    assert (article["@type"], article["inLanguage"], article["version"]) == ("NewsArticle", "en", 3)
    assert [w["version"] for w in article["workExample"]] == [3, 2, 1]
    assert [w["author"]["name"] for w in article["workExample"]] == ["Ruth Okafor", "Daniel Reyes",
                                                                     "Mina Cho"]
    # The correction was made to the Korean report, not to the English article.
    assert "correction" not in article
    source = article["isBasedOn"]
    assert (source["@type"], source["inLanguage"], source["version"]) == ("CreativeWork", "ko", 2)
    [correction] = source["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "correction: the budget is 350 million won, not 320 million"
    node = _expand(article)
    based_on = node[S + "isBasedOn"][0]
    assert based_on[S + "correction"][0]["@type"] == [S + "CorrectionComment"]
    assert node[S + "version"][0]["@value"] == 3


def test_jsonld_correction_of_the_article(run, tmp_path):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    shown = json.loads(run("show", "nk", "--format", "json").stdout)
    fixed = tmp_path / "fixed.txt"
    fixed.write_text("\n\n".join([*shown["paragraphs"][:-1], "A corrected last paragraph."]),
                     encoding="utf-8")
    assert run("revise", "nk", str(fixed), "--format", "plain", "--by", "Ed Davies", "--role",
               "editor", "--activity", "correct", "-m", "corrects the last paragraph").exit_code == 0
    article = json.loads(run("export", "nk", "--format", "jsonld").stdout)
    assert article["version"] == 2 and "isBasedOn" not in article
    [correction] = article["correction"]
    assert correction["text"] == "corrects the last paragraph"
    assert correction["datePublished"] == article["workExample"][0]["dateCreated"]


def test_the_namespace_is_given_or_set_for_the_database(run, story):
    default = run("export", SLUG)
    assert json.loads(default.stdout)["prefix"] == {"provenance": P}
    assert "placeholder namespace https://provenance.example/ns#" in default.stderr
    mine = "https://news.example.org/provenance#"
    given = run("export", SLUG, "--namespace", mine)
    assert given.exit_code == 0 and given.stderr == ""
    assert json.loads(given.stdout)["prefix"] == {"provenance": mine}
    assert run("config", "prov-namespace").stdout == ""
    assert run("config", "prov-namespace", "https://desk.example/prov/").exit_code == 0
    assert run("config", "prov-namespace").stdout == "https://desk.example/prov/\n"
    assert run("config", "prov-namespace", "https://desk.example/ns#").exit_code == 0  # replaced
    for fmt, theirs in (("prov-json", "json"), ("prov-xml", "xml"), ("prov-n", "provn")):
        result = run("export", SLUG, "--format", fmt)
        assert result.stderr == ""
        document = ProvDocument.deserialize(content=result.stdout, format=theirs)
        assert {n.uri for n in document.namespaces} == {"https://desk.example/ns#"}
    assert json.loads(run("export", SLUG, "--namespace", mine).stdout)["prefix"] == {"provenance": mine}
    for bad in ("not a uri", "https://x.example/a b#", "news.example.org"):
        refused = run("config", "prov-namespace", bad)
        assert refused.exit_code == 1 and "not a namespace URI" in refused.stderr
        assert run("export", SLUG, "--namespace", bad).exit_code == 1
    unknown = run("config", "colour", "red")
    assert unknown.exit_code == 1 and "no setting 'colour'" in unknown.stderr


def test_a_story_from_a_content_system_exports_under_its_own_url(run):
    """Without --namespace or a database setting, a story imported with a source URL names its
    PROV identifiers under that URL, not the placeholder."""
    export = Path(__file__).parent / "data" / "sources" / "plone-rfa-story.json"
    assert run("import", str(export)).exit_code == 0
    [slug] = [line.split("\t")[0] for line in run("stories").stdout.splitlines()]
    result = run("export", slug)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["prefix"] == {
        "provenance": "https://www.rfa.org/english/news/korea/companies-03112021180513#"}
    assert "placeholder" not in result.stderr


def test_a_namespace_from_a_source_url():
    from provenance.export.prov import namespace_of_url

    assert namespace_of_url("https://www.rfa.org/english/news/korea/companies.html") == (
        "https://www.rfa.org/english/news/korea/companies.html#")
    assert namespace_of_url("https://example.org/a#top") == "https://example.org/a#"


def test_streamed_prov_json_is_the_documents_record_for_record(run, engine, tmp_path, monkeypatch):
    """PROV-JSON is spooled a few versions at a time; read back, it is the document the prov
    package builds whole, record for record, and the bytes are the package's own."""
    from sqlalchemy.orm import Session

    from provenance.export import prov
    from provenance.stories import get_story

    # An English story with its history and workflow events from a content system, translated
    # into Korean (quotes kept, so quotations), then edited in Korean and again in English.
    export = Path(__file__).parent / "data" / "sources" / "plone-rfa-story.json"
    assert run("import", str(export)).exit_code == 0
    [slug] = [line.split("\t")[0] for line in run("stories").stdout.splitlines()]
    english = json.loads(run("show", slug, "--format", "json").stdout)["paragraphs"]
    korean = [f"번역 {n}: {text}" for n, text in enumerate(english, start=1)]
    path = tmp_path / "ko.txt"
    path.write_text("\n\n".join(korean), encoding="utf-8")
    links = ",".join(f"{n}:{n}" for n in range(1, len(english) + 1))
    result = run("translate", slug, "--from", "en", str(path), "--language", "ko", "--format",
                 "plain", "--by", "Mina Cho", "--links", links)
    assert result.exit_code == 0, result.stderr
    path.write_text("\n\n".join([korean[0] + " 추가.", *korean[2:]]), encoding="utf-8")
    assert run("revise", slug, str(path), "--format", "plain", "--language", "ko", "--by",
               "Ruth Okafor", "--role", "editor", "-m", "cut the second paragraph").exit_code == 0
    path.write_text("\n\n".join([*english[:-1], english[-1] + " Updated."]), encoding="utf-8")
    assert run("revise", slug, str(path), "--format", "plain", "--language", "en", "--by",
               "Ruth Okafor", "--role", "editor").exit_code == 0

    monkeypatch.setattr(prov, "_BATCH", 2)  # many documents of a few records each
    with Session(engine) as session:
        story = get_story(session, slug)
        whole = prov.prov_document(session, story, P)
        with prov.spool_prov_json(session, story, P) as spooled:
            streamed = b"".join(spooled.pieces()).decode()
    assert streamed == prov.serialize(whole, "prov-json")
    document = ProvDocument.deserialize(content=streamed, format="json")
    records, theirs = list(document.get_records()), list(whole.get_records())
    assert len(records) == len(theirs) and set(records) == set(theirs)
    assert sorted(document.serialize(format="provn").splitlines()) == sorted(
        whole.serialize(format="provn").splitlines())
    data = json.loads(streamed)
    kinds = {_type(d.get("prov:type", "")) for d in data["wasDerivedFrom"].values()}
    assert {"provenance:translation", "provenance:edit", "prov:PrimarySource",
            "prov:Quotation"} <= kinds
    assert len(data["used"]) >= 2  # workflow events
    # More blank nodes than fit in one batch, numbered once each across the documents.
    blank = [key for kind in data.values() for key in kind if key.startswith("_:")]
    assert len(blank) == len(set(blank)) > 100
    assert sorted(int(key[4:]) for key in blank) == list(range(1, len(blank) + 1))
