"""`people duplicates` against the number of people: 2,500, 10,000 and (with --largest) 20,000.

A newsroom's people: romanised Korean names in both orders, with and without hyphens (the hard
case: a few dozen syllables make many names one letter apart), Korean in Hangul, Chinese in Han
characters and in pinyin, Japanese in kanji and in rōmaji, Western names with accents; one in ten
is a second record of someone already there, one letter slipped. People are recorded through the
library as `credits add` records them (one name event each).

At each size: `find_duplicates` as a library call (CPU time, pairs found) and `provenance people
duplicates` as a command in a fresh process (CPU time, start-up included). Scoring every spelling
against every other, as duplicates did before, is timed at the smallest size as the baseline.

Target (PASS/FAIL printed; exit 1 if it fails): the library call on 10,000 people within 5 s of
CPU. The growth per doubling of people is printed: 2.0x is linear, 4.0x is every pair.

Run: .venv/bin/python bench/people.py [--largest]   (a few minutes: recording people is most of it)
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from provenance.db import make_engine, transaction
from provenance.migrations import upgrade
from provenance.people import _compact_orders, find_duplicates, list_people, person_named

TARGET_SECONDS = 5.0
SIZES = [2_500, 10_000]

KO_FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
             "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Go", "Moon", "Son"]
KO_SYLLABLES = ["min", "ji", "jun", "seo", "yeon", "hyun", "woo", "eun", "soo", "jin", "hee", "young",
                "ho", "jae", "sung", "hye", "mi", "na", "bin", "hoon", "kyung", "sook", "chul", "dong",
                "ha", "yun", "won", "joo", "gyu", "tae", "sang", "il", "yong", "seok", "a", "ra"]
HANGUL_FAMILY = list("김이박최정강조윤장임한오서신권황안송유홍")
HANGUL_GIVEN = list("민지준서연현우은수진희영호재성혜미나빈훈경숙철동하윤원주규태상일용석아라")
PINYIN_FAMILY = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
                 "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"]
PINYIN_GIVEN = ["wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "xiu", "ying",
                "hua", "ming", "ping", "gang", "hong", "xia", "jie", "tao", "yan", "chao", "bo", "hui"]
HAN_FAMILY = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗")
HAN_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
JA_FAMILY = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
             "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue"]
JA_GIVEN = ["Haruto", "Yui", "Sota", "Hina", "Yuto", "Aoi", "Riku", "Mei", "Ren", "Sakura", "Kaito",
            "Yuna", "Hiroshi", "Takeshi", "Naoko", "Keiko", "Akira", "Kenji", "Yuki", "Mai"]
KANJI_FAMILY = ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "加藤", "吉田",
                "山田"]
KANJI_GIVEN = ["翔太", "結衣", "陽菜", "蓮", "大翔", "葵", "陸", "芽依", "健", "直子", "明", "由紀"]
WESTERN_FIRST = ["Eugene", "Karma", "José", "Ann", "Maria", "John", "Noah", "Emma", "Olivia", "Liam",
                 "Sophie", "Lucas", "Amélie", "Jürgen", "Zoë", "Mateo", "Chloé", "Ethan", "Isabel",
                 "Hannah", "David", "Sarah", "Michael", "Laura", "Daniel", "Anna", "Thomas", "Julia"]
WESTERN_LAST = ["Whong", "Dorjee", "García", "Müller", "Smith", "O'Neil", "Brown", "Martin", "Dubois",
                "Rossi", "Novak", "Kowalski", "Jensen", "Silva", "Fernández", "Schmidt", "Taylor",
                "Wilson", "Anderson", "Moreau", "Lefèvre", "Bianchi", "Nowak", "Larsen", "Costa"]


def a_name(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        given = rng.choice(KO_SYLLABLES).capitalize() + rng.choice(["", "-"]) + rng.choice(KO_SYLLABLES)
        family = rng.choice(KO_FAMILY)
        return f"{family} {given}" if rng.random() < 0.5 else f"{given} {family}"
    if kind < 0.5:
        return rng.choice(HANGUL_FAMILY) + "".join(rng.choices(HANGUL_GIVEN, k=rng.choice([1, 2, 2])))
    if kind < 0.6:
        return f"{rng.choice(PINYIN_FAMILY)} {rng.choice(PINYIN_GIVEN).capitalize()}" \
               f"{rng.choice(['', *PINYIN_GIVEN])}"
    if kind < 0.7:
        return rng.choice(HAN_FAMILY) + "".join(rng.choices(HAN_GIVEN, k=rng.choice([1, 2, 2])))
    if kind < 0.75:
        return rng.choice(KANJI_FAMILY) + rng.choice(KANJI_GIVEN)
    if kind < 0.8:
        return f"{rng.choice(JA_GIVEN)} {rng.choice(JA_FAMILY)}"
    return f"{rng.choice(WESTERN_FIRST)} {rng.choice(WESTERN_LAST)}"


def slipped(rng: random.Random, name: str) -> str:
    """name with one letter changed, dropped or doubled."""
    at = rng.randrange(len(name))
    how = rng.randrange(3)
    if how == 0:
        return name[:at] + rng.choice("aeiou") + name[at + 1:]
    if how == 1 and len(name) > 2:
        return name[:at] + name[at + 1:]
    return name[:at] + name[at] + name[at:]


def names(count: int, seed: int = 11) -> list[str]:
    """count different names, one in ten a slip of an earlier one."""
    rng = random.Random(seed)
    found: dict[str, None] = {}
    while len(found) < count:
        name = slipped(rng, rng.choice(list(found))) if found and rng.random() < 0.1 else a_name(rng)
        if name.strip():
            found[name] = None
    return list(found)


def every_pair(url: str) -> float:
    """CPU seconds of scoring every spelling against every other, as duplicates did before."""
    with transaction(make_engine(url)) as session:
        keys = [key for person in list_people(session) for spelling in [person.name, *person.aliases]
                for key in _compact_orders(spelling)]
    before = time.process_time()
    for key in keys:
        process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=90, limit=None)
    return time.process_time() - before


def command_cpu(url: str) -> float:
    command = [sys.executable, "-m", "provenance", "--db", url, "people", "duplicates"]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as run:
        _, status, usage = os.wait4(run.pid, 0)
        run.returncode = os.waitstatus_to_exitcode(status)
    if run.returncode != 0:
        raise SystemExit("people duplicates failed")
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--largest", action="store_true", help="also 20,000 people")
    args = parser.parse_args()
    sizes = [*SIZES, 20_000] if args.largest else SIZES
    everyone = names(sizes[-1])
    ok = True
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'people.sqlite'}"
        engine = make_engine(url, must_exist=False)
        upgrade(engine)
        recorded = 0
        results: list[tuple[int, float]] = []
        print(f"{'people':>7} {'pairs':>6} {'library CPU':>12} {'per doubling':>13} {'command CPU':>12}")
        for size in sizes:
            with transaction(engine) as session:
                for name in everyone[recorded:size]:
                    person_named(session, name)
            recorded = size
            with transaction(engine) as session:
                before = time.process_time()
                found = find_duplicates(session)
                cpu = time.process_time() - before
            growth = ""
            if results:
                previous, previous_cpu = results[-1]
                doublings = (size // previous).bit_length() - 1
                growth = f"{(cpu / previous_cpu) ** (1 / doublings):.2f}x"
            results.append((size, cpu))
            print(f"{size:7,} {len(found):6,} {cpu:10.2f} s {growth:>13} {command_cpu(url):10.2f} s")
            if size == 10_000:
                ok = cpu <= TARGET_SECONDS
                print(f"  10,000 people in {cpu:.2f} s CPU (target {TARGET_SECONDS:.0f} s): "
                      f"{'PASS' if ok else 'FAIL'}")
            if size == sizes[0]:
                print(f"  every spelling against every other (before), {size:,} people: "
                      f"{every_pair(url):.2f} s CPU")
        engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
