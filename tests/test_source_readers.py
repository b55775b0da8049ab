"""Content-system readers: the versions, accounts, times, events, identities and credits a person
reads off each fixture in tests/data/sources/ (see its README for the documented shapes they follow)."""

import copy
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from provenance.errors import InputError
from provenance.readers import guess_source_format, read_source_items, read_sources
from provenance.text.credit_parsing import ParsedCredit

SOURCES = Path(__file__).parent / "data" / "sources"
RFA_DESK = "RFA’s Korean Service"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def load(name: str) -> object:
    return json.loads((SOURCES / name).read_text(encoding="utf-8"))


def read_json(value: object, fmt: str | None = None, name: str = "export.json") -> list:
    return read_sources(json.dumps(value, ensure_ascii=False).encode(), fmt, name)


def error_of(value: object, fmt: str | None = None, name: str = "export.json") -> str:
    with pytest.raises(InputError) as caught:
        read_json(value, fmt, name)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- Plone -------------------------------------------------------------------------------------

def test_plone_story_with_history_has_each_version_by_its_actor_at_its_time():
    [story] = read_sources(SOURCES / "plone-rfa-story.json")
    assert story.system == "plone"
    assert story.identities == {"url": "https://www.rfa.org/english/news/korea/companies-03112021180513",
                                "uid": "5a3c9b0e2f4d4c1c9a7e6b2d8f0c1a23", "id": "companies-03112021180513"}
    assert story.language == "en"
    # @history lists the newest first; the versions come oldest first.
    assert [(v.version, v.author, v.time, v.message) for v in story.versions] == [
        ("0", "sonh", at("2021-03-11T20:02:00+00:00"), "First draft from the Korean desk"),
        ("1", "junl", at("2021-03-11T22:40:00+00:00"), "translated, two more paragraphs"),
        ("2", "whonge", at("2021-03-12T01:10:00+00:00"),
         "Correction: the directive came during a short course, not a seminar"),
    ]
    assert [len(v.paragraphs) for v in story.versions] == [3, 5, 6]
    first, _, last = story.versions
    assert first.paragraphs[0].startswith("North Korea has ordered local officials")
    assert "during a seminar" in first.paragraphs[1]
    assert "during a short course" in last.paragraphs[1]
    assert last.paragraphs[5].startswith("According to the source, those running the enterprises")
    assert last.title == "North Korea Gives Control of State-Run Companies to Local Government Officials"
    assert last.caption is not None and last.caption.startswith("An employee of the Rangnang")
    assert last.summary == ("Company managers say the new oversight "
        "will make production goals harder to reach.")
    assert last.dateline is None


def test_plone_workflow_is_events_and_the_byline_is_credits_not_the_creators():
    [story] = read_sources(SOURCES / "plone-rfa-story.json")
    assert [(e.action, e.author, e.time, e.state, e.comment) for e in story.events] == [
        ("create", "sonh", at("2021-03-11T20:00:00+00:00"), "private", None),
        ("submit", "sonh", at("2021-03-11T20:05:00+00:00"), "pending", "ready for the English desk"),
        ("publish", "yangh", at("2021-03-11T23:05:13+00:00"), "published", None),
    ]
    assert story.credit_line == ("Reported by Hyemin Son and Hee Jung Yang for RFA’s Korean Service. "
                                 "Translated by Leejin Jun. Written in English by Eugene Whong.")
    assert story.credits == [
        ParsedCredit("Hyemin Son", "reporter", RFA_DESK), ParsedCredit("Hee Jung Yang", "reporter", RFA_DESK),
        ParsedCredit("Leejin Jun", "translator"), ParsedCredit("Eugene Whong", "writer"),
    ]
    assert "sonh" not in {c.name for c in story.credits}


def test_plone_korean_export_list_with_and_without_history():
    library, brief = read_sources(SOURCES / "plone-korean-export.json")
    assert library.language == "ko"  # from {"token": "ko"}
    assert library.where.endswith("plone-korean-export.json item 1 (UID c0ffee00aa11bb22cc33dd44ee55ff66)")
    assert [(v.version, v.author, v.time, v.message) for v in library.versions] == [
        ("0", "parksy", at("2026-11-12T00:20:00+00:00"), "초고"),
        ("1", "limjh", at("2026-11-13T02:00:00+00:00"), "정정: 예산 3억 5천만 원"),
    ]
    before, after = library.versions
    # The body is one <p> cut by <br><br>: five paragraphs.
    assert len(before.paragraphs) == len(after.paragraphs) == 5
    assert before.paragraphs[1] == ("시는 야간 운영을 위해 올해 예산 3억 2천만 "
        "원을 배정했으며, 사서 6명을 새로 채용할 계획이다.")
    assert after.paragraphs[1] == ("시는 야간 운영을 위해 올해 예산 3억 5천만 "
        "원을 배정했으며, 사서 6명을 새로 채용할 계획이다.")
    assert before.paragraphs[0] == after.paragraphs[0]
    assert (after.title, after.dateline, after.caption) == (
        "새빛시립도서관, 다음 달부터 밤 11시까지 문 연다", "서울",
        "새빛시립도서관 열람실 (사진: 새빛시 제공)")
    assert [(e.action, e.author, e.state) for e in library.events] == [
        ("create", "parksy", "private"), ("publish", "parksy", "published")]
    assert library.credit_line == "박서연, 임지호 기자"
    # Without @history: one version, by its first creator, at "modified"; published at "effective".
    assert brief.identities["uid"] == "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    assert [(v.version, v.author, v.time) for v in brief.versions] == [
        (None, "limjh", at("2026-11-14T05:12:00+00:00"))]
    assert brief.versions[0].paragraphs == [
        "기상청은 이번 주말 새빛시에 첫눈이 내릴 것으로 예보했다.", "출근길 빙판길에 주의해야 한다."]
    assert [(e.action, e.time) for e in brief.events] == [("publish", at("2026-11-14T05:30:00+00:00"))]
    assert (brief.credit_line, brief.credits) == (None, [])


def test_plone_edit_after_the_last_saved_version_is_one_more_version():
    item = load("plone-rfa-story.json")
    item["@versions"]["2"] = {k: v for k, v in copy.deepcopy(item).items() if not k.startswith("@h")}
    item["text"]["data"] += "<p>A paragraph added without saving a version.</p>"
    item["modified"] = "2021-03-12T03:00:00+00:00"
    [story] = read_json(item)
    assert [v.version for v in story.versions] == ["0", "1", "2", None]
    extra = story.versions[-1]
    assert (extra.author, extra.time) == (None, at("2021-03-12T03:00:00+00:00"))
    assert extra.paragraphs[-1] == "A paragraph added without saving a version."
    assert story.versions[2].paragraphs == extra.paragraphs[:-1]


def set_version(item: dict, number: int, **fields: object) -> None:
    """Change the @history entry of one version."""
    for entry in item["@history"]:
        if entry.get("version") == number:
            entry.update(fields)


@pytest.mark.parametrize(("change", "message"), [
    (lambda i: i["@versions"].pop("0"), r"version 0 has no content: add what @history/0 returns"),
    (lambda i: set_version(i, 2, version=3), r"the versions have a gap: version 2 is missing between 1 and"),
    (lambda i: set_version(i, 2, time="2021-03-11T21:00:00+00:00"),
     r"out of time order: version 2 \(2021-03-11T21:00:00\+00:00\) is older than version 1"),
    (lambda i: set_version(i, 0, time="2021-03-11T20:02:00"),
     r"version 0's time has no time zone: '2021-03-11T20:02:00'"),
    (lambda i: set_version(i, 2, time="2099-01-01T00:00:00+00:00"),
     r"version 2 is dated in the future: 2099-01-01T00:00:00\+00:00"),
    (lambda i: i["workflow_history"]["rfa_story_workflow"][2].update(time="2021-03-11T23:45:00+00:00"),
     r'"@history" and "workflow_history" disagree about the workflow: an action by yangh at '
     r"2021-03-11T23:05:13\+00:00 is only in \"@history\""),
])
def test_bad_plone_histories_are_one_line_errors_naming_file_and_item(change, message):
    item = load("plone-rfa-story.json")
    change(item)
    found = error_of([item], "plone", "rfa-export.json")
    assert found.startswith("rfa-export.json item 1")
    assert re.search(message, found), found


def test_plone_action_names_come_from_workflow_history_when_history_is_translated():
    item = load("plone-korean-export.json")[0]
    item["workflow_history"] = {"simple_publication_workflow": [
        {"action": None, "actor": "parksy", "comments": "", "review_state": "private",
         "time": "2026-11-12T00:15:00+00:00"},
        {"action": "publish", "actor": "parksy", "comments": "", "review_state": "published",
         "time": "2026-11-12T00:30:00+00:00"}]}
    for entry in item["@history"]:  # as plone.restapi answers a request in Korean
        entry["action"] = {"publish": "게시", "Create": "생성"}.get(entry["action"], entry["action"])
    [story] = read_json(item)
    assert [(e.action, e.author, e.state) for e in story.events] == [
        ("create", "parksy", "private"), ("publish", "parksy", "published")]


def test_two_copies_of_one_plone_item_join_when_they_agree_and_fail_when_they_disagree():
    item = load("plone-rfa-story.json")
    older = copy.deepcopy(item)
    older["@history"] = [e for e in older["@history"] if e.get("version") != 2]
    older["@versions"] = {"0": older["@versions"]["0"]}
    older["text"] = item["@versions"]["1"]["text"]  # exported before version 2 was made
    [story] = read_json([older, item])
    assert [v.version for v in story.versions] == ["0", "1", "2"]
    disagreeing = copy.deepcopy(older)
    disagreeing["@history"] = [dict(e, actor="someone") if e.get("version") == 1 else e
                               for e in disagreeing["@history"]]
    message = error_of([disagreeing, item])
    assert message.startswith("export.json item 1 (UID 5a3c9b0e2f4d4c1c9a7e6b2d8f0c1a23) "
                              "and export.json item 2")
    assert "two histories of one source disagree about version 1: made by someone in one, junl in the other" \
        in message


def test_a_plone_search_answer_with_full_objects_is_read_item_by_item():
    items = load("plone-korean-export.json")
    answer = {"@id": "https://www.example-radio.org/korean/@search?fullobjects=1",
              "items": items, "items_total": 2}
    stories = read_sources(json.dumps(answer).encode(), None, "search.json")
    assert [s.identities["id"] for s in stories] == ["library-11122026", "weather-11142026"]
    assert stories[1].where == "search.json item 2 (UID 0a1b2c3d4e5f60718293a4b5c6d7e8f9)"


def test_plone_without_any_time_is_refused():
    item = load("plone-korean-export.json")[1]
    del item["modified"], item["created"]
    with pytest.raises(InputError, match=r'^x.json: "created" is missing: the source says when$'):
        read_sources(json.dumps(item).encode(), "plone", "x.json")


def test_a_plone_6_page_keeps_its_text_in_volto_blocks():
    [story] = read_sources(SOURCES / "plone-volto-blocks.json")
    first, second = story.versions
    assert [(v.version, v.author, v.time) for v in story.versions] == [
        ("0", "okafor", at("2026-11-02T09:00:00+00:00")), ("1", "reyes", at("2026-11-02T10:30:00+00:00"))]
    # In blocks_layout order; inline marks run together; title, description and image hold no text.
    assert first.paragraphs == ["The city council voted on Monday to extend library hours to 11 p.m.",
                                "The change starts next month."]
    # A heading, each list item, and an older draft.js text block are paragraphs of their own.
    assert second.paragraphs[1:] == ["The change starts on March 1.", "What changes",
                                     "Two more staff each evening.", "A guard at the entrance.",
                                     "Residents may comment until Friday."]
    assert (first.title, first.summary) == ("Library to stay open until 11 p.m.", "Council extends hours")
    assert [(e.action, e.time) for e in story.events] == [("publish", at("2026-11-02T09:30:00+00:00"))]


# --- WordPress ---------------------------------------------------------------------------------

def test_wordpress_revisions_are_versions_in_the_order_wordpress_saved_them():
    [story] = read_sources(SOURCES / "wordpress-post-with-revisions.json")
    assert story.system == "wordpress"
    assert story.identities == {"id": "4812",
                                "url": "https://harborledger.example.org/2026/10/harbor-ferry-fares/",
                                "guid": "https://harborledger.example.org/?p=4812"}
    # The file lists revisions newest first, as the API does.
    assert [(v.version, v.author, v.time) for v in story.versions] == [
        ("4813", "7", at("2026-10-05T13:40:11+00:00")),
        ("4815", "3", at("2026-10-05T14:01:50+00:00")),
        ("4830", "7", at("2026-10-06T08:45:30+00:00")),
    ]
    draft, edited, final = story.versions
    assert draft.title == "Harbor ferry fares to rise"
    assert edited.title == final.title == "Harbor ferry fares to rise in spring"
    assert "40 cents" in draft.paragraphs[0] and "50 cents" in edited.paragraphs[0]
    assert edited.paragraphs[2] == "Fuel and repairs"
    assert edited.paragraphs[3] == ("“Diesel costs have nearly doubled and two of our boats need new "
                                    "engines,” board chair Maria Okonkwo said. “We held fares as long as "
                                    "we could.”")
    assert final.paragraphs[-1] == ("Riders’ groups said the authority should "
        "have asked for comment before the vote.")
    assert len(final.paragraphs) == 5  # the credit line is not a paragraph
    assert [(e.action, e.time) for e in story.events] == [("publish", at("2026-10-05T14:02:11+00:00"))]
    assert story.credit_line == "Reporting by Tomás Reyes; editing by Ana Lindqvist."
    assert story.credits == [ParsedCredit("Tomás Reyes", "reporter"), ParsedCredit("Ana Lindqvist", "editor")]


def test_wordpress_chinese_post_without_revisions_is_one_version_with_its_caption():
    [story] = read_sources(SOURCES / "wordpress-chinese-post.json")
    [version] = story.versions
    assert (version.version, version.author, version.time) == (None, "2", at("2026-11-20T01:15:00+00:00"))
    assert version.title == "新光市首座跨江步行桥通车"
    assert version.caption == "新光市跨江步行桥夜景（资料图）"
    assert version.summary == "全长约六百米，连接江北老城区与江南新区。"
    assert version.paragraphs == [
        "新光市首座跨江步行桥于19日正式通车，全长约六百米，连接江北老城区与江南新区。",
        "市交通局负责人表示，步行桥建成后，两岸居民步行过江的时间将从四十分钟缩短到十分钟左右。",
        "据介绍，该桥总投资约二亿元，历时两年建成，桥面设有自行车道和观景平台。",
    ]
    assert story.identities["id"] == "311"


def test_bad_wordpress_posts():
    bundle = load("wordpress-post-with-revisions.json")
    local_only = copy.deepcopy(bundle)
    del local_only["post"]["modified_gmt"]
    assert 'the post\'s "modified" (and it has no "modified_gmt") has no time zone' in error_of(local_only)
    swapped = copy.deepcopy(bundle)
    swapped["revisions"][0]["date_gmt"] = "2026-10-05T12:00:00"  # revision 4830, the newest id
    assert "out of time order: version 4830 (2026-10-05T12:00:00+00:00) is older than version 4815" \
        in error_of(swapped)
    stray = copy.deepcopy(bundle)
    stray["revisions"][1]["parent"] = 99
    assert error_of([stray]).startswith("export.json item 1: revision 4815 belongs to post 99, not 4812")


def test_two_exports_of_one_wordpress_post_that_disagree_are_refused_and_the_other_post_still_read():
    bundle = load("wordpress-post-with-revisions.json")
    other = copy.deepcopy(bundle)
    other["revisions"][2]["author"] = 9  # revision 4813, made by someone else in this copy
    chinese = load("wordpress-chinese-post.json")
    results = list(read_source_items(json.dumps([bundle, chinese, other]).encode(), "wp.json"))
    assert [type(r).__name__ for r in results] == ["InputError", "SourceStory"]
    assert str(results[0]) == ("wp.json item 1 (post 4812) and wp.json item 3 (post 4812): two histories "
                               "of one source disagree about version 4813: made by 7 in one, 9 in the other")
    assert results[1].identities["id"] == "311"


# --- ninjs -------------------------------------------------------------------------------------

def test_ninjs_1x_items_sharing_a_uri_are_versions_of_one_story():
    strike, tide = read_sources(SOURCES / "ninjs-1x-wire.json")
    assert strike.identities == {"uri": "urn:newsml:wire.example.com:20261124:ferry-strike"}
    assert strike.where.endswith(
        "ninjs-1x-wire.json items 1, 3 (uri urn:newsml:wire.example.com:20261124:ferry-strike)")
    assert [(v.version, v.author, v.time) for v in strike.versions] == [
        ("1", None, at("2026-11-24T06:12:00+00:00")), ("2", None, at("2026-11-24T07:40:00+00:00"))]
    first, second = strike.versions
    assert first.paragraphs == [
        "Ferry crews walked off the job on Tuesday morning, cancelling the first six crossings of the day.",
        "The union says pay has not kept up with prices since 2021."]
    assert second.paragraphs[:2] == first.paragraphs and len(second.paragraphs) == 3
    assert second.title == "Ferry crews walk out in pay dispute; talks set for Wednesday"
    assert (first.dateline, first.summary) == ("Harbor City", "Morning ferries cancelled as crews strike.")
    assert strike.credit_line == "By Amal Haddad and Jonas Berg. Additional reporting by Sun-hee Kwon"
    assert strike.credits == [ParsedCredit("Amal Haddad", "writer"), ParsedCredit("Jonas Berg", "writer"),
                              ParsedCredit("Sun-hee Kwon", "additional_reporter")]
    assert [(e.action, e.time, e.state) for e in strike.events] == [
        ("publish", at("2026-11-24T06:12:00+00:00"), "usable")]
    # plain body_text: cut at blank lines
    assert tide.versions[0].paragraphs == [("The coast guard warned of unusually "
        "high tides on Thursday evening.")]


def test_ninjs_2x_chinese_json_lines_with_a_cancelled_version():
    [story] = read_sources(SOURCES / "ninjs-2x-chinese.jsonl")
    assert story.language == "zh-Hans"
    first, second = story.versions
    assert (first.time, second.time) == (at("2026-11-20T08:00:00+08:00"), at("2026-11-20T10:30:00+08:00"))
    # The XHTML body is preferred to the plain one; a plain body with a blank line is cut there.
    assert first.paragraphs == ["新光市首座跨江步行桥于19日正式通车。", ("市交通局负责人表示，"
        "两岸居民步行过江的时间将缩短到十分钟左右。")]
    assert second.paragraphs == ["本稿撤销：通车日期有误。", "新光市首座跨江步行桥将于下月正式通车。"]
    assert (first.title, first.summary, first.dateline) == (
        "新光市首座跨江步行桥通车", "全长约六百米，连接江北老城区与江南新区。", "新光市")
    assert story.credit_line == "林晓雨"
    assert [(e.action, e.state) for e in story.events] == [("publish", "usable"), ("retract", "canceled")]


def test_ninjs_2x_plain_body_and_a_byline_of_bare_names():
    # The shape of IPTC's simple text article example: "by" with names only, plain "bodies".
    item = {"uri": "http://wire.example.com/items/1", "type": "text",
            "versioncreated": "2026-11-02T10:37:00Z",
            "by": "Amal Haddad and Jonas Berg",
            "headlines": [{"role": "main", "value": "Pier 7 reopens"}],
            "bodies": [{"role": "main", "contenttype": "text/plain",
                        "value": "Pier 7 reopened on Monday.\nRepairs took eight months."}]}
    [story] = read_json(item)
    [version] = story.versions
    assert (version.version, version.title) == (None, "Pier 7 reopens")
    assert version.paragraphs == ["Pier 7 reopened on Monday.", "Repairs took eight months."]
    assert story.credits == [ParsedCredit("Amal Haddad", "writer"), ParsedCredit("Jonas Berg", "writer")]


def test_bad_ninjs_items():
    items = [json.loads(line) for line in (SOURCES / "ninjs-2x-chinese.jsonl").read_text().splitlines()]
    gap = copy.deepcopy(items)
    gap[1]["version"] = "3"
    assert "the versions have a gap: version 2 is missing between 1 and 3" in error_of(gap)
    twice = [items[0], dict(items[0], headlines=[{"role": "main", "value": "另一个标题"}])]
    assert "two histories of one source disagree about version 1: its title differs" in error_of(twice)
    picture = [dict(items[0], type="picture")]
    assert error_of(picture) == ("export.json item 1: a picture item, not a text: "
                                 "the ledger records the words of stories")
    naive = [dict(items[0], versioncreated="2026-11-20T08:00:00")]
    assert error_of(naive) == ("export.json item 1: \"versioncreated\" has no time zone: "
                               "'2026-11-20T08:00:00' (write it as 2026-11-20T08:00:00+00:00 if it is UTC)")


# --- saved pages -------------------------------------------------------------------------------

def test_saved_rfa_page_gives_body_title_caption_credit_line_and_times():
    [story] = read_sources(SOURCES / "html" / "rfa-english-story.html")
    assert story.system == "html"
    assert story.identities == {"url": "https://www.rfa.org/english/news/korea/companies-03112021180513.html"}
    [version] = story.versions
    assert version.title == "North Korea Gives Control of State-Run Companies to Local Government Officials"
    assert len(version.paragraphs) == 7
    assert version.paragraphs[0].startswith("North Korea has ordered local officials")
    assert version.paragraphs[-1].startswith("“The city and county level officials don’t know")
    text = " ".join(version.paragraphs)
    for boilerplate in ("Share on", "Related Stories", "Add your comment", "Copyright", "tracking",
                        "2021.03.11"):
        assert boilerplate not in text
    assert version.caption is not None and version.caption.startswith("An employee of the Rangnang")
    assert version.time == at("2021-03-12T01:10:00+00:00")
    assert [(e.action, e.time) for e in story.events] == [("publish", at("2021-03-11T23:05:13+00:00"))]
    assert story.credits == [
        ParsedCredit("Hyemin Son", "reporter", RFA_DESK), ParsedCredit("Hee Jung Yang", "reporter", RFA_DESK),
        ParsedCredit("Leejin Jun", "translator"), ParsedCredit("Eugene Whong", "writer"),
    ]


def test_saved_wordpress_page_leaves_out_comments_and_sidebar():
    [story] = read_sources(SOURCES / "html" / "wordpress-theme-page.html")
    [version] = story.versions
    assert version.paragraphs[0].startswith("The Harbor Transit Authority will raise ferry fares by 50 cents")
    assert version.paragraphs[-1] == ("Riders’ groups said the authority should "
        "have asked for comment before the vote.")
    assert len(version.paragraphs) == 5
    for left_out in ("Dockworker42", "bridge toll", "Recent Posts"):
        assert not any(left_out in p for p in version.paragraphs)
    assert story.credit_line == "Reporting by Tomás Reyes; editing by Ana Lindqvist."
    assert story.language == "en-US"


def test_saved_korean_and_chinese_pages():
    [korean] = read_sources(SOURCES / "html" / "korean-news-page.html")
    [version] = korean.versions
    assert version.title == "새빛시립도서관, 다음 달부터 밤 11시까지 문 연다"
    assert len(version.paragraphs) == 5  # cut at <br><br>; the reporter's e-mail address left out
    assert version.paragraphs[1] == ("시는 야간 운영을 위해 올해 예산 3억 2천만 "
        "원을 배정했으며, 사서 6명을 새로 채용할 계획이다.")
    assert version.time == at("2026-11-12T10:05:00+09:00")  # dateModified from JSON-LD
    assert korean.credit_line == "박서연"  # the page's byline
    [chinese] = read_sources(SOURCES / "html" / "chinese-news-page.html")
    [version] = chinese.versions
    assert version.title == "新光市首座跨江步行桥通车"
    assert version.paragraphs[0] == ("本报讯（记者 林晓雨）新光市首座跨江步行桥于19日正式通车，"
        "全长约六百米，连接江北老城区与江南新区。")
    assert version.paragraphs[4] == "部分市民则担心，节假日人流量过大可能带来安全隐患。"
    assert len(version.paragraphs) == 5
    assert (chinese.credit_line, chinese.credits) == ("（编辑：陈立）", [ParsedCredit("陈立", "editor")])
    assert chinese.language == "zh-CN"
    assert version.time == at("2026-11-20T09:15:00+08:00")


def test_a_page_in_a_legacy_korean_encoding_is_read_by_its_declared_charset():
    page = (SOURCES / "html" / "korean-news-page.html").read_text(encoding="utf-8").replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">')
    [story] = read_sources(page.encode("euc-kr"), "html", "euc-kr.html")
    assert story.versions[0].title == "새빛시립도서관, 다음 달부터 밤 11시까지 문 연다"
    assert story.versions[0].paragraphs[4] == "일부 주민들은 주차 공간 부족을 우려하고 있다."


_PAGE = """<!DOCTYPE html><html lang="de"><head><title>Fähre: Preise steigen</title>{head}</head>
<body><article><h1>Fähre: Preise steigen</h1>{time}
<p>Die Hafenverwaltung erhöht die Fahrpreise der Fähren im Frühjahr um fünfzig Cent je Fahrt.</p>
<p>„Die Dieselkosten haben sich fast verdoppelt“, sagte die Vorsitzende nach der Sitzung.</p>
</article></body></html>"""


@pytest.mark.parametrize(("head", "time", "expected"), [
    # schema.org microdata, as many news sites mark their date.
    ("", '<time itemprop="datePublished" datetime="2020-03-18T13:15:00+01:00">18.03.2020</time>',
     "2020-03-18T12:15:00+00:00"),
    ('<meta itemprop="datePublished" content="2019-03-19T11:45:00+00:00">', "", "2019-03-19T11:45:00+00:00"),
    # JSON-LD with its objects under "@graph", as Yoast SEO writes it for WordPress sites.
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
     '{"@type": "WebSite", "name": "Hafen"}, {"@type": "Article", '
     '"datePublished": "2017-08-03T10:49:24+00:00"}]}</script>', "", "2017-08-03T10:49:24+00:00"),
    # A <time> in the article, with its zone.
    ("", '<p>Von <time datetime="2014-03-20T15:27:05+00:00">20. März</time></p>',
     "2014-03-20T15:27:05+00:00"),
])
def test_a_page_is_dated_by_microdata_json_ld_graphs_and_time_elements(head, time, expected):
    page = _PAGE.format(head=head, time=time).encode("utf-8")
    [story] = read_sources(page, "html", "page.html")
    assert story.versions[0].time == at(expected)
    assert [e.time for e in story.events] == [at(expected)]


def test_schema_org_saying_article_outweighs_an_open_graph_website():
    dated = '<meta property="article:published_time" content="2020-03-18T13:15:00+01:00">'
    website = '<meta property="og:type" content="website">' + dated
    with pytest.raises(InputError, match="not an article: the page calls itself 'website'"):
        read_sources(_PAGE.format(head=website, time="").encode(), "html", "p.html")
    declared = website + ('<script type="application/ld+json">{"@context": "https://schema.org", '
                          '"@type": ["NewsArticle"], "headline": "Fähre: Preise steigen"}</script>')
    [story] = read_sources(_PAGE.format(head=declared, time="").encode(), "html", "p.html")
    assert story.versions[0].title == "Fähre: Preise steigen"
    assert len(story.versions[0].paragraphs) == 2


def test_a_page_is_decoded_as_a_browser_would():
    dated = '<meta property="article:published_time" content="2020-03-18T13:15:00+01:00">'
    text = _PAGE.format(head="", time="")
    expected = ["Die Hafenverwaltung erhöht die Fahrpreise der Fähren im Frühjahr um fünfzig Cent je Fahrt.",
                "„Die Dieselkosten haben sich fast verdoppelt“, sagte die Vorsitzende nach der Sitzung."]
    # No charset declared: UTF-8, as pages are saved today, not Latin-1 ("erhÃ¶ht").
    undeclared = text.replace("</title>", "</title>" + dated)
    assert read_sources(undeclared.encode("utf-8"), "html", "p.html")[0].versions[0].paragraphs == expected
    # Declared after a title with non-ASCII text: the declaration still holds.
    declared = text.replace("</title>", '</title><meta charset="utf-8">' + dated)
    assert read_sources(declared.encode("utf-8"), "html", "p.html")[0].versions[0].paragraphs == expected
    # A page in windows-1252 that says so.
    legacy = text.replace("</title>", '</title><meta http-equiv="Content-Type" '
                          'content="text/html; charset=windows-1252">' + dated)
    assert read_sources(legacy.encode("cp1252"), "html", "p.html")[0].versions[0].paragraphs == expected


def test_control_characters_in_a_page_are_dropped_not_fatal():
    # A stray U+001D before a word, as in a real blog page, is invisible in a browser.
    page = (SOURCES / "html" / "korean-news-page.html").read_text(encoding="utf-8")
    clean = read_sources(page.encode(), "html", "page.html")[0]
    marked = page.replace("일부 주민들은", "일부 \x1d주민들은", 1)
    assert marked != page
    [story] = read_sources(marked.encode(), "html", "page.html")
    assert story.versions == clean.versions


def test_pages_that_are_not_articles_or_have_no_time_are_refused():
    with pytest.raises(InputError, match=r"section-front.html: not an article: the page calls itself 'w"):
        read_sources(SOURCES / "html" / "section-front.html")
    page = (SOURCES / "html" / "wordpress-theme-page.html").read_bytes()
    undated = page.replace(b'property="article:published_time"', b'property="x"').replace(
        b'property="article:modified_time"', b'property="y"')
    # The theme's <time class="entry-date published"> still dates it; without it, nothing does.
    assert read_sources(undated, "html", "page.html")[0].versions[0].time == at("2026-10-05T14:02:11+00:00")
    undated = undated.replace(b"<time ", b"<span ")
    with pytest.raises(InputError, match=r"^page.html: the page gives no time with a zone"):
        read_sources(undated, "html", "page.html")
    listing = b"<html><body><ul><li><a href='/a'>One</a></li><li><a href='/b'>Two</a></li></ul></body></html>"
    with pytest.raises(InputError, match=r"^list.html: not an article: the page has next to no body text"):
        read_sources(listing, "html", "list.html")


# --- guessing and reading files ----------------------------------------------------------------

@pytest.mark.parametrize(("name", "fmt"), [
    ("plone-rfa-story.json", "plone"), ("plone-korean-export.json", "plone"),
    ("wordpress-post-with-revisions.json", "wordpress"), ("wordpress-chinese-post.json", "wordpress"),
    ("ninjs-1x-wire.json", "ninjs"), ("ninjs-2x-chinese.jsonl", "ninjs"),
    ("html/rfa-english-story.html", "html"), ("html/korean-news-page.html", "html"),
])
def test_the_format_is_guessed_from_the_content(name, fmt):
    assert guess_source_format((SOURCES / name).read_bytes(), name) == fmt


@pytest.mark.parametrize(("data", "message"), [
    (b'{"data": {"children": []}, "kind": "Listing"}',
     r"^x.json: JSON from another system: it has none of the marks of plone"),
    (b'{"title": "T", "paragraphs": ["one"]}', r"^x.json: this is a story document .* --format json"),
    (b'[{"@id": "http://a/b", "UID": "1", "uri": "u", "headline": "h"}]',
     r"^x.json item 1: cannot tell the format: it looks like ninjs and plone; give --format"),
    (b'[{"@id": "http://a/b", "UID": "1"}, {"uri": "u", "headline": "h"}]',
     r"^x.json: items from more than one system \(ninjs, plone\)"),
    (b"just some words", r"^x.json: neither an HTML page nor JSON"),
])
def test_what_cannot_be_guessed_says_why(data, message):
    with pytest.raises(InputError, match=message):
        guess_source_format(data, "x.json")


def test_json_from_another_system_with_a_format_given_names_the_item():
    message = error_of([{"kind": "t3", "data": {}}], "plone", "reddit.json")
    assert message == 'reddit.json item 1: not Plone content: plone.restapi content has an "@id" and a "UID"'


def test_one_bad_story_does_not_stop_the_others():
    good, = load("plone-korean-export.json")[1:]
    bad = dict(good, UID="another", modified="2026-11-14T05:12:00")
    results = list(read_source_items(json.dumps([bad, good]).encode(), "export.json"))
    assert [type(r).__name__ for r in results] == ["InputError", "SourceStory"]
    assert str(results[0]) == ("export.json item 1: \"modified\" has no time zone: '2026-11-14T05:12:00' "
                               "(write it as 2026-11-14T05:12:00+00:00 if it is UTC)")


def test_a_file_that_is_not_json_or_html_raises_at_once():
    with pytest.raises(InputError, match="neither an HTML page nor JSON"):
        list(read_source_items(b"{not json", "x.json", "plone"))


# A plone.restapi `GET <url>/@history` answer as its documentation shows it, exported alone.
_HISTORY_ALONE = [
    {"@id": "http://cms.example/news/a/@history/1", "action": "Edited", "actor": {
        "@id": "http://cms.example/@users/songj", "fullname": "Song J", "id": "songj"},
     "comments": "Second draft", "may_revert": True, "time": "2021-03-02T10:00:00+00:00",
     "transition_title": "Edited", "type": "versioning", "version": 1},
    {"action": "publish", "actor": {"@id": "http://cms.example/@users/parkh", "id": "parkh"},
     "comments": "", "review_state": "published", "state_title": "Published",
     "time": "2021-03-02T09:45:00+00:00", "transition_title": "Publish", "type": "workflow"},
]


def test_a_history_list_alone_is_told_where_it_belongs():
    data = json.dumps(_HISTORY_ALONE).encode()
    expected = r'^h.json: a Plone "@history" list by itself holds no text: put it under its content'
    with pytest.raises(InputError, match=expected):
        guess_source_format(data, "h.json")
    with pytest.raises(InputError, match=expected):
        read_sources(data, "plone", "h.json")


def test_ninjs_3x_items_with_their_names_in_camel_case():
    [story] = read_sources(SOURCES / "ninjs-3x-korean.json")
    assert guess_source_format((SOURCES / "ninjs-3x-korean.json").read_bytes(), "x") == "ninjs"
    assert (story.language, story.identities) == (
        "ko", {"uri": "urn:newsml:wire.example.kr:20261125:bus-fares"})
    first, second = story.versions
    assert (first.time, second.time) == (at("2026-11-25T00:00:00+00:00"), at("2026-11-25T02:30:00+00:00"))
    # "contentType" text/html is the markup body, preferred to the plain one listed before it.
    assert first.paragraphs == ["세종시 시내버스 요금이 내년 3월부터 200원 오른다.",
                                "시는 연료비 상승을 이유로 들었다."]
    assert second.paragraphs[1] == "시는 연료비와 인건비 상승을 이유로 들었다."
    assert (first.title, first.summary, first.dateline) == (
        "시내버스 요금 내년 3월부터 200원 인상", "일반 요금 1,400원으로", "세종")
    assert story.credit_line == "김민수 기자"
    assert [(c.name, c.role) for c in story.credits] == [("김민수", "reporter")]
    # "pubStatus": usable at version 1, withheld at version 2.
    assert [(e.action, e.state, e.time) for e in story.events] == [
        ("publish", "usable", first.time), ("hide", "withheld", second.time)]


def test_a_ninjs_item_of_another_type_is_named_with_its_article():
    items = [json.loads(line) for line in (SOURCES / "ninjs-2x-chinese.jsonl").read_text().splitlines()]
    assert error_of([dict(items[0], type="audio")]) == (
        "export.json item 1: an audio item, not a text: the ledger records the words of stories")


def test_a_wordpress_autosave_listed_among_the_revisions_is_not_a_version():
    # WordPress's own REST fixtures list "<id>-autosave-v1" in GET /posts/<id>/revisions.
    bundle = load("wordpress-post-with-revisions.json")
    with_autosave = copy.deepcopy(bundle)
    with_autosave["revisions"].insert(0, {
        "author": 7, "date_gmt": "2026-10-06T09:10:00", "modified_gmt": "2026-10-06T09:10:00",
        "id": 4831, "parent": 4812, "slug": "4812-autosave-v1",
        "guid": {"rendered": "https://harborledger.example.org/?p=4831"}, "title": {"rendered": ""},
        "content": {"rendered": "<p>Fares will rise by 60 cents, the draft said.</p>\n"},
        "excerpt": {"rendered": ""}})
    [story] = read_json(with_autosave)
    assert [v.version for v in story.versions] == ["4813", "4815", "4830"]
    assert not any("60 cents" in p for v in story.versions for p in v.paragraphs)
    assert story.versions == read_json(bundle)[0].versions
