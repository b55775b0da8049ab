"""Credit lines as Korean, Chinese and Japanese outlets print them.

Names stay in the script they were recorded in; the words around them are the outlet's. Credits
of one role are gathered at the role's first appearance, as in every byline style.

- ``ko`` (Yonhap and the Korean dailies): reporters and writers as ``홍길동 기자``, several as
  ``홍길동 김철수 기자``, led by the dateline of where and for whom they wrote:
  ``(서울=연합뉴스) 홍길동 기자`` (``(연합뉴스)`` with a desk alone, ``(서울)`` with a place alone);
  the other roles as ``번역 A``, ``편집 B``, ``교열 C``, ``사진 D``, ``도움 E``, ``추가 취재 F``.
- ``zh`` (Xinhua and the Chinese dailies): ``记者 张三 李四``, with the desk before it
  (``新华社记者 张三``); the other roles in full-width brackets: ``（责编：李四）``, ``（翻译：…）``,
  ``（撰稿：…）``, ``（校对：…）``, ``（摄影：…）``, ``（供稿：…）``, ``（参与采写：…）``. A place is left
  out: Chinese papers give it in the dateline of the story, not in the credit.
- ``ja`` (Japanese dailies): ``山田太郎記者``, several as ``山田太郎記者、鈴木花子記者``, led by
  ``【ワシントン=共同】``-style brackets holding the place and desk; the other roles as
  ``翻訳：A``, ``編集：B``, ``校閲：C``, ``写真：D``, ``協力：E``, ``取材協力：F``, separated by ``、``.
"""

from collections.abc import Sequence
from typing import Final

from provenance.text.credit_parsing import ParsedCredit

__all__ = ["CJK_STYLES", "render_cjk_byline"]

CJK_STYLES: Final = ("ko", "zh", "ja")

# Roles printed as the outlet's word for a staff reporter after the names.
_REPORTING: Final = frozenset({"reporter", "writer"})

_KO_LABEL: Final = {
    "additional_reporter": "추가 취재",
    "translator": "번역",
    "editor": "편집",
    "copy_editor": "교열",
    "photographer": "사진",
    "contributor": "도움",
}
_ZH_LABEL: Final = {
    "additional_reporter": "参与采写",
    "translator": "翻译",
    "writer": "撰稿",
    "editor": "责编",
    "copy_editor": "校对",
    "photographer": "摄影",
    "contributor": "供稿",
}
_JA_LABEL: Final = {
    "additional_reporter": "取材協力",
    "translator": "翻訳",
    "editor": "編集",
    "copy_editor": "校閲",
    "photographer": "写真",
    "contributor": "協力",
}


def render_cjk_byline(credits: Sequence[ParsedCredit], style: str) -> str:
    """Render credits (in byline order) in one of CJK_STYLES; "" for no credits."""
    if style == "ko":
        return _korean(credits)
    if style == "zh":
        return _chinese(credits)
    if style == "ja":
        return _japanese(credits)
    raise ValueError(f"unknown byline style {style!r}; expected one of {', '.join(CJK_STYLES)}")


_Run = tuple[str | None, str | None, list[str]]  # desk, place, names


def _by_role(
    credits: Sequence[ParsedCredit], reporting: frozenset[str]
) -> list[tuple[str, list[ParsedCredit]]]:
    """Credits gathered by role at its first appearance (the reporting roles as one), each person
    once per group."""
    groups: dict[str, list[ParsedCredit]] = {}
    for credit in credits:
        key = "reporting" if credit.role in reporting else credit.role
        group = groups.setdefault(key, [])
        if all(c.name != credit.name for c in group):
            group.append(credit)
    return list(groups.items())


def _runs(people: list[ParsedCredit], *, places: bool = True) -> list[_Run]:
    """Neighbouring people who share a desk and place (if places count), as (desk, place, names)."""
    runs: list[_Run] = []
    for person in people:
        desk = None if person.desk == person.name else person.desk
        place = person.location if places else None
        if runs and runs[-1][:2] == (desk, place):
            runs[-1][2].append(person.name)
        else:
            runs.append((desk, place, [person.name]))
    return runs


def _dateline(desk: str | None, place: str | None) -> str:
    return "=".join(part for part in (place, desk) if part)


def _korean(credits: Sequence[ParsedCredit]) -> str:
    parts = []
    for role, people in _by_role(credits, _REPORTING):
        if role != "reporting":
            parts.append(f"{_KO_LABEL[role]} {' '.join(p.name for p in people)}")
            continue
        for desk, place, names in _runs(people):
            lead = f"({_dateline(desk, place)}) " if desk or place else ""
            parts.append(f"{lead}{' '.join(names)} 기자")
    return " ".join(parts)


def _chinese(credits: Sequence[ParsedCredit]) -> str:
    parts = []
    for role, people in _by_role(credits, frozenset({"reporter"})):
        names = " ".join(p.name for p in people)
        if role != "reporting":
            parts.append(f"（{_ZH_LABEL[role]}：{names}）")
            continue
        for desk, _place, run in _runs(people, places=False):
            parts.append(f"{desk or ''}记者 {' '.join(run)}")
    # Full-width brackets need no space before them; two reporter runs do.
    return "".join(p if i == 0 or p.startswith("（") else f" {p}" for i, p in enumerate(parts))


def _japanese(credits: Sequence[ParsedCredit]) -> str:
    parts = []
    for role, people in _by_role(credits, _REPORTING):
        if role != "reporting":
            parts.append(f"{_JA_LABEL[role]}：{'、'.join(p.name for p in people)}")
            continue
        for desk, place, names in _runs(people):
            lead = f"【{_dateline(desk, place)}】" if desk or place else ""
            parts.append(lead + "、".join(f"{name}記者" for name in names))
    return "、".join(parts)
