"""Credit lines in Chinese, Japanese and Korean: labels, 记者/記者/기자 titles and the names they frame.

The grammar, by script:

- Chinese labels followed by a colon, a slash or a space: ``（责编：王明）``, ``编辑：陈静``,
  ``作者：…``, ``采写：…`` (reported and written), ``编译/…`` (compiled and translated),
  ``本文来源：…`` (an outlet that contributed), ``图片来源：…`` (photo);
- the reporter title before the names, with the outlet before it: ``新华社记者 才扬 摄``,
  ``新华社东京5月3日电（记者李华）``, ``中央社記者張新偉攝``; ``摄``/``攝`` after the names makes
  them photographers;
- Japanese and Korean put the title after the name, or after several: ``山田太郎記者``,
  ``홍길동 기자``, ``(서울=연합뉴스) 김민수 특파원 이지은 기자 =``, ``김민수 이지은 기자``;
  ``[로이터=연합뉴스]`` credits a photo to an agency;
- a Japanese paper puts the place filed from and the reporters in brackets:
  ``（ワシントン＝山田太郎）`` (``（北京＝共同）`` names an agency, not a person).

A name without a label must look like one: two to four Han characters, or two to four Hangul
syllables, ending at a space, a separator or the end; "记者17日从…获悉" (reporters learned) names
nobody. Placeholders ("未知", "系统管理员") and staff codes ("_NF4425", "PK155") are dropped.
"""

import re
from typing import NamedTuple

from provenance.text.patterns import LazyPattern


class CjkCredit(NamedTuple):
    """A credit read from CJK text: name, role, desk, location."""

    name: str
    role: str
    desk: str | None = None
    location: str | None = None


HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
KANA = r"\u3040-\u30ff"
HANGUL = r"\uac00-\ud7a3"
_CJK = LazyPattern(f"[{HAN}{KANA}{HANGUL}]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def has_cjk(text: str) -> bool:
    """Whether text has any Han, kana or Hangul character."""
    return _CJK.search(text) is not None


# Common family names: an unlabelled name must start with one ("记者获悉" - reporters learned - names
# nobody). Simplified and traditional forms; two-character names first.
_HAN_SURNAMES_2 = _words(
    "欧阳 歐陽 司马 司馬 上官 诸葛 諸葛 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 令狐 夏侯 长孙 長孫 宇文"
    " 司徒 端木 独孤 獨孤 南宫 南宮 西门 西門 万俟 轩辕 軒轅 澹台 澹臺 呼延 申屠"
)
_HAN_SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林罗羅高郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董潘袁"
    "蔡蒋蔣余于杜叶葉程魏苏蘇吕呂丁任卢盧姚沈钟鍾姜崔谭譚陆陸范汪廖石金韦韋贾賈夏付傅方邹鄒熊白孟秦邱侯江尹薛闫閻段雷"
    "龙龍黎史陶贺賀毛郝顾顧龚龔邵万萬覃武钱錢戴严嚴莫孔向常汤湯康易乔喬赖賴文施洪辛柯庄莊樊殷翟颜顏倪关關牛臧祝包"
    "季尤欧歐鲁魯华華温溫成左凌聂聶申卜晏焦管童甘邢路骆駱裴阎凤鳳苗费費安齐齊梅舒柳岳涂屠耿牟冉卓祁纪紀宁寧单單"
    "詹杭尚饶饒伍鲍鮑詹兰蘭娄婁符房葛滕褚蒲霍谷阮车車鲍戚柴伏蓝藍游景毕畢解云雲邬鄔柏景宫宮时時谈談盛刁慕连連"
    "巫俞项項章姬麦麥艾郁苑明荣榮冷滑尉银銀闵閔敖席宗池乐樂粟栾欒郜仇邝鄺芦蘆栗才蓟薊谌諶靳糜曲廉相边邊籍")
_HANGUL_SURNAMES_2 = _words(
    "남궁 황보 제갈 선우 독고 동방 사공 서문 어금 망절"
)
_HANGUL_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유홍전고문양손배백허남심노하곽성차주우구민진지엄채원천방공현함변염여추도소"
    "석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌팽승간상시갈서견당화창")


def plausible_name(name: str) -> bool:
    """Whether an unlabelled Han or Hangul string starts with a common family name."""
    if re.fullmatch(f"[{HANGUL}]+", name):
        return name[:2] in _HANGUL_SURNAMES_2 or name[0] in _HANGUL_SURNAMES
    return name[:2] in _HAN_SURNAMES_2 or name[0] in _HAN_SURNAMES


# Label -> roles. Longer labels are tried first, so 责任编辑 wins over 编辑.
_LABELS: dict[str, tuple[str, ...]] = {
    "责任编辑": ("editor",), "責任編輯": ("editor",), "责编": ("editor",), "責編": ("editor",),
    "编辑": ("editor",), "編輯": ("editor",), "编审": ("editor",), "审核": ("editor",),
    "校对": ("copy_editor",), "校對": ("copy_editor",),
    "作者": ("writer",), "撰文": ("writer",), "执笔": ("writer",), "文": ("writer",),
    "采写": ("reporter", "writer"), "採寫": ("reporter", "writer"),
    "编译": ("translator",), "編譯": ("translator",), "翻译": ("translator",), "翻譯": ("translator",),
    "译者": ("translator",), "譯者": ("translator",), "翻訳者": ("translator",), "翻訳": ("translator",),
    "訳": ("translator",),
    "摄影": ("photographer",), "攝影": ("photographer",), "图": ("photographer",),
    "图片来源": ("photographer",), "圖片來源": ("photographer",), "写真": ("photographer",),
    "撮影": ("photographer",),
    "本文来源": ("contributor",), "本文來源": ("contributor",), "来源": ("contributor",),
    "來源": ("contributor",), "通讯员": ("contributor",), "通訊員": ("contributor",),
    "記者": ("reporter",), "记者": ("reporter",), "編集委員": ("writer",), "論説委員": ("writer",),
    "編集": ("editor",),
}
_LABEL_ALT = "|".join(sorted(_LABELS, key=len, reverse=True))
_COLON_LABEL = LazyPattern(rf"(?P<label>{_LABEL_ALT})\s*[：:／/]\s*")
# Names that fill a slot without naming anyone.
_PLACEHOLDERS = _words(
    "未知 佚名 匿名 系统管理员 管理员 系統管理員 管理員 admin 小编 小編 本站 网友 網友 记者 記者 编辑"
    " 編輯 不详 不詳 新华网 新華網 综合 綜合 整合 报道 報導 摄影 攝影 实习生 實習生 通讯员 通訊員"
)
_STAFF_CODE = LazyPattern(r"(?:_[A-Za-z0-9]+|\s+[A-Z]{1,4}\d+)$")
_PHOTO_MARK = "摄攝"
_HAN_NAME = rf"[{HAN}]{{2,4}}?"
# The end of a name written without spaces: a separator, a closing bracket, 摄, 报道, or the end.
_NAME_END = rf"(?=[\s、，,;；)）\]】」』／/_=]|[{_PHOTO_MARK}]|报道|報導|整合|$)"
_TITLES = "记者|記者|通讯员|通訊員|实习生|實習生|见习记者|見習記者"
# The names after a title run until the next title: "记者 王明 通讯员 李华" names one of each.
_REPORTER_BEFORE = LazyPattern(
    rf"(?P<outlet>[{HAN}A-Za-z]{{0,12}}?)(?:全媒体|全媒體)?(?:图片|圖片|摄影|攝影)?"
    rf"(?P<title>{_TITLES})"
    rf"\s*(?P<names>{_HAN_NAME}{_NAME_END}(?:\s*[、，,\s]\s*(?!{_TITLES}){_HAN_NAME}{_NAME_END})*)"
    rf"(?P<tail>\s*(?:[{_PHOTO_MARK}]|报道|報導)?)"
)
_DATELINE = LazyPattern(
    rf"(?P<outlet>[{HAN}]{{1,8}}?(?:社|网|網|报|報|台))(?P<place>[{HAN}]{{0,6}}?)"
    r"(?:\d{1,2}月\d{1,2}日)?(?:电|電|讯|訊)"
)
_JA_SUFFIX = LazyPattern(
    rf"(?:^|[\s　(（「【\]）)])(?P<names>[{HAN}{KANA}]{{2,6}}(?:[、，,][{HAN}{KANA}]{{2,6}})*)"
    r"(?P<title>記者|特派員|編集委員)(?=$|[\s、，,)）」】])"
)
# A Japanese paper's credit: where the story was filed from and who filed it, in brackets:
# "（ワシントン＝山田太郎）", "【北京＝佐藤花子、鈴木一郎】". A news agency there is no person.
_JA_DATELINE = LazyPattern(
    rf"[（(【]\s*(?P<place>[{HAN}{KANA}]{{1,12}})\s*＝\s*"
    rf"(?P<names>[{HAN}{KANA}]{{2,12}}?(?:\s*[、，,]\s*[{HAN}{KANA}]{{2,12}}?)*)"
    r"\s*(?:記者|特派員)?\s*[）)】]"
)
_JA_AGENCIES = frozenset({
    "共同", "時事", "共同通信", "時事通信", "ロイター", "新華社", "聯合", "聯合ニュース", "本社", "本紙"})
_KO_SUFFIX = LazyPattern(
    rf"(?:^|(?<=[\s=(\[)\]/·・,，、]))(?P<name>[{HANGUL}]{{2,4}})\s*"
    rf"(?P<title>사진기자|기자|특파원|객원기자|인턴기자|선임기자|전문기자)(?![{HANGUL}])"
)
# "김민수 이지은 기자", "김민수·이지은 기자": one title after several names. A name before another
# is taken through a "·" or comma, or through a space when it has three syllables (as most Korean
# names do), starts with a family name, does not end in a particle (정부는, 경찰이 찾은 …) and is
# not a word credit lines put before names.
_KO_NAME_BEFORE = LazyPattern(rf"(?:^|(?<=[\s=(\[)\]/·・,，、]))(?P<name>[{HANGUL}]{{2,4}})"
                              r"(?P<sep>\s*[·・,，、]\s*|\s+)$")
# What a label before the names says they did: "글·사진=김민수 기자" wrote the text and took the
# photos; "사진 김민수 기자" took them.
_KO_LABEL_ROLES = {"글": "reporter", "취재": "reporter", "사진": "photographer",
                   "촬영": "photographer", "영상": "photographer"}
_KO_LABEL_WORDS = "글|취재|사진|촬영|영상"
_KO_LABELS_BEFORE = LazyPattern(
    rf"(?:^|(?<=[\s(\[]))(?P<labels>(?:{_KO_LABEL_WORDS})(?:\s*[·ㆍ・/,]\s*(?:{_KO_LABEL_WORDS}))*)"
    r"\s*=?\s*$")
_KO_PARTICLES = "는가를을의에께도와과로"
_KO_NOT_NAMES = frozenset({
    "사진", "글", "취재", "편집", "영상", "그래픽", "정리", "기획", "촬영", "번역", "감수", "진행",
    "구성", "연출", "디자인", "제작", "인턴", "객원", "선임", "전문", "특파원", "논설위원", "편집위원",
    "앵커", "기자단", "공동취재단", "공동취재", "연합뉴스", "뉴시스", "통신원",
})
_KO_DATELINE = LazyPattern(rf"[(\[](?P<place>[{HANGUL}\s]{{1,12}})=(?P<outlet>[{HANGUL}A-Za-z]{{2,12}})[)\]]")
_KO_PHOTO = LazyPattern(rf"\[(?P<agency>[{HANGUL}A-Za-z ]{{2,12}})=(?P<outlet>[{HANGUL}A-Za-z]{{2,12}})\]")
_KO_PLACE_PHOTO = LazyPattern(rf"(?:^|\s)(?P<place>[{HANGUL}]{{1,8}})=(?=[{HANGUL}]{{2,4}}\s*기자)")
_DATE_SLASHED = LazyPattern(r"/\s*\d{4}\.\d{1,2}\.\d{1,2}\s*/")
_EN_NAME = LazyPattern(
    r"[A-Za-z][A-Za-z'’.-]*(?:\s+(?:[A-Z][A-Za-z'’.-]+|van|von|de|da|der|den|di|du|la|le))*"
)
_JA_NAME = LazyPattern(rf"[{HAN}{KANA}]{{1,4}}(?:[\s　][{HAN}{KANA}]{{1,4}})?")


def parse_cjk(text: str) -> list[CjkCredit]:
    """The credits a Chinese, Japanese or Korean credit line names ([] when it names none)."""
    credits: list[CjkCredit] = []
    if re.search(f"[{HANGUL}]", text):
        credits.extend(_korean(text))
    credits.extend(_labelled(text))
    credits.extend(_reporter_titles(text, {c.name for c in credits}))
    if not credits:
        credits.extend(_japanese_dateline(text))
    if not credits:
        credits.extend(_japanese_suffix(text))
    if not credits:
        credits.extend(_title_then_name(text))
    return credits


def _korean(text: str) -> list[CjkCredit]:
    credits: list[CjkCredit] = []
    for photo in _KO_PHOTO.finditer(text):
        if not _KO_SUFFIX.match(text[photo.end() :].lstrip()):  # "[서울=뉴시스] 전진환 기자 =" is a dateline
            credits.append(CjkCredit(photo["agency"].strip(), "photographer", None))
    dateline = _KO_DATELINE.search(text)
    place_photo = _KO_PLACE_PHOTO.search(text)
    photo_caption = _DATE_SLASHED.search(text) is not None or "사진" in text
    for m in _KO_SUFFIX.finditer(text):
        if not plausible_name(m["name"]):
            continue
        # "… 모습. /정예준 기자": a caption's photographer after a slash.
        after_slash = text[: m.start()].rstrip().endswith("/")
        by_camera = m["title"] == "사진기자" or after_slash or (place_photo is not None and photo_caption)
        names, first = _korean_names_before(text[: m.start()])
        labelled = _KO_LABELS_BEFORE.search(text[:first] if names else text[: m.start()])
        roles = (sorted({_KO_LABEL_ROLES[w] for w in re.findall(_KO_LABEL_WORDS, labelled["labels"])},
                        key=("reporter", "photographer").index) if labelled
                 else ["photographer" if by_camera else "reporter"])
        for name in [*names, m["name"]]:
            for role in roles:
                if dateline and dateline.end() <= m.start():
                    credits.append(CjkCredit(name, role, dateline["outlet"], dateline["place"].strip()))
                elif place_photo and place_photo.end() <= m.start():
                    credits.append(CjkCredit(name, role, None, place_photo["place"]))
                else:
                    credits.append(CjkCredit(name, role))
    return credits


def _korean_names_before(head: str) -> tuple[list[str], int]:
    """The names that share the title of the name right after head, in order, and where the
    first of them starts."""
    names: list[str] = []
    while (m := _KO_NAME_BEFORE.search(head)) is not None:
        name, listed = m["name"], bool(m["sep"].strip())
        if name in _KO_NOT_NAMES or not plausible_name(name) or (not listed and (
                len(name) != 3 or name[-1] in _KO_PARTICLES)):
            break
        names.append(name)
        head = head[: m.start()]
    return names[::-1], len(head)


def _clean_name(name: str) -> str | None:
    name = _STAFF_CODE.sub("", name.strip()).strip(" 　:：/")
    if not name or name in _PLACEHOLDERS or len(name) > 20 or re.search(r"\d", name):
        return None
    return name


def _labelled(text: str) -> list[CjkCredit]:
    """Names after a label and a colon or slash, up to the next label or closing bracket."""
    credits: list[CjkCredit] = []
    labels = list(_COLON_LABEL.finditer(text))
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = re.split(r"[)）\]】」』|｜]", text[m.end() : end], maxsplit=1)[0].strip()
        roles = _LABELS[m["label"]]
        credits.extend(_read_value(value, roles, m["label"] in _JAPANESE_LABELS or _has_kana(text)))
    return credits


_JAPANESE_LABELS = frozenset({"翻訳者", "翻訳", "訳", "編集委員", "論説委員", "写真", "撮影", "編集"})


def _has_kana(text: str) -> bool:
    return re.search(f"[{KANA}]", text) is not None


def _read_value(value: str, roles: tuple[str, ...], japanese: bool) -> list[CjkCredit]:
    if not value:
        return []
    photo = value.rstrip().endswith(tuple(_PHOTO_MARK))
    if photo:
        value = value.rstrip()[:-1].strip()
        roles = ("photographer",)
    desk = None
    title = re.search("记者|記者", value)
    if title:
        desk = value[: title.start()].strip() or None
        value = value[title.end() :].strip()
    # A label followed by a second label with no colon: "作者： Diogo Carleto 翻訳者 中村 真子".
    inner = re.search(r"\s(?P<label>翻訳者|翻訳|译者|譯者|编辑|編輯|摄影|攝影)\s", f" {value} ")
    if inner:
        before, after = value[: inner.start()].strip(), value[inner.end() - 1 :].strip()
        label = inner["label"]
        return _read_value(before, roles, japanese) + _read_value(
            after, _LABELS[label], japanese or label in _JAPANESE_LABELS)
    if not has_cjk(value):
        m = _EN_NAME.match(value)
        names = [m.group()] if m else []
    elif japanese or _has_kana(value):
        names = [value] if _JA_NAME.fullmatch(value) else []
    else:
        names = [n for n in re.split(r"[\s、，,]+", value) if n]
        if len(names) > 1 and not all(re.fullmatch(_HAN_NAME, n) for n in names):
            names = names[:1]
    out: list[CjkCredit] = []
    for name in names:
        clean = _clean_name(name)
        if clean is None:
            continue
        out.extend(CjkCredit(clean, role, desk) for role in roles)
    return out


def _reporter_titles(text: str, seen: set[str]) -> list[CjkCredit]:
    """记者/記者 before the names, with the outlet (and a dateline's place) before it."""
    credits: list[CjkCredit] = []
    for m in _REPORTER_BEFORE.finditer(text):
        names = [n for n in re.split(r"[\s、，,]+", m["names"]) if n]
        photo = bool(m["tail"].strip()) and m["tail"].strip() in _PHOTO_MARK
        reporter = m["title"].endswith(("记者", "記者"))
        role = "photographer" if photo else ("reporter" if reporter else "contributor")
        outlet, place = _outlet_before(text, m)
        for name in names:
            clean = _clean_name(name)
            if clean is not None and clean not in seen and plausible_name(clean):
                credits.append(CjkCredit(clean, role, outlet, place))
                seen.add(clean)
    return credits


def _outlet_before(text: str, m: re.Match[str]) -> tuple[str | None, str | None]:
    head = text[: m.start("title")]
    head = re.split(r"[\s▲△■□●◆【\[]|\d[\d:\-年月日]*", head)[-1] if head else ""
    for strip in ("全媒体", "全媒體", "图片", "圖片", "摄影", "攝影"):
        head = head.replace(strip, "")
    head = head.rstrip("（(").strip()
    dateline = _DATELINE.search(head) or _DATELINE.search(text[: m.start("title")])
    if dateline:
        return dateline["outlet"], dateline["place"] or None
    return (head or None), None


def _japanese_suffix(text: str) -> list[CjkCredit]:
    """"山田太郎記者", "山田太郎、鈴木花子記者": names with a title after them."""
    roles: dict[str, str] = {"記者": "reporter", "特派員": "reporter", "編集委員": "writer"}
    return [CjkCredit(name, roles[m["title"]]) for m in _JA_SUFFIX.finditer(text)
            for name in re.split(r"[、，,]", m["names"])]


def _japanese_dateline(text: str) -> list[CjkCredit]:
    """"（ワシントン＝山田太郎）": the reporters, at the place they filed from."""
    return [CjkCredit(name, "reporter", None, m["place"]) for m in _JA_DATELINE.finditer(text)
            for name in re.split(r"\s*[、，,]\s*", m["names"]) if name not in _JA_AGENCIES]


def _title_then_name(text: str) -> list[CjkCredit]:
    """"編集委員　中沢克二": a Japanese job title, a space, and the name."""
    m = re.fullmatch(
        rf"\s*(?P<title>編集委員|論説委員|特派員|記者|編集長)[\s　]+(?P<name>[{HAN}{KANA}]{{2,8}})\s*", text
    )
    if not m:
        return []
    return [CjkCredit(m["name"], "writer" if m["title"] != "記者" else "reporter")]

