"""Word attribution as data: who wrote each token, kept as runs, carried through edits.

An owner is (revision number, author's person id or None). Both are fixed once a revision is
written, so a paragraph version can keep them with its text and blame needs no walk through
history. Pure functions over texts and owner lists; the blame service stores and reads them.
"""

import json
from collections.abc import Sequence
from itertools import groupby

from provenance.text.word_diff import encode_tokens, tokenize

Owner = tuple[int, int | None]


def runs_of(owners: Sequence[Owner]) -> str:
    """Encode one owner per token as JSON runs ``[[revision, person, count], …]``."""
    runs = [[number, person, len(list(run))] for (number, person), run in groupby(owners)]
    return json.dumps(runs, separators=(",", ":"))


def owners_of(runs: str) -> list[Owner]:
    """Decode JSON runs into one owner per token (runs this code wrote; see owners_checked)."""
    return [(number, person) for number, person, count in json.loads(runs) for _ in range(count)]


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def owners_checked(runs: str, tokens: int) -> list[Owner]:
    """Decode stored runs for a text of tokens tokens, or ValueError saying how they are malformed.

    Well formed: a JSON list of ``[revision >= 1, person id or null, count >= 1]`` whose counts add
    up to the number of tokens.
    """
    try:
        decoded = json.loads(runs)
    except (TypeError, ValueError):
        raise ValueError("not JSON") from None
    if not isinstance(decoded, list):
        raise ValueError("not a list of runs")
    owners: list[Owner] = []
    for run in decoded:
        if not (isinstance(run, list) and len(run) == 3 and _integer(run[0]) and run[0] >= 1
                and (run[1] is None or _integer(run[1])) and _integer(run[2]) and run[2] >= 1):
            raise ValueError(f"{json.dumps(run)[:40]} is not [revision, person, count]")
        if len(owners) + run[2] > tokens:
            break
        owners.extend([(run[0], run[1])] * run[2])
    total = sum(run[2] for run in decoded)
    if total != tokens:
        raise ValueError(f"its runs count {total} tokens; the text has {tokens}")
    return owners


def carry(source: str, source_owners: Sequence[Owner], new: str, author: Owner | None) -> list[Owner]:
    """Owners of new's tokens: kept tokens keep their owner; changed ones go to author.

    With author None the change is looked through: a replaced span takes the owners of what it
    replaced (stretched over its length), an inserted one the owner of the token before it.
    """
    from rapidfuzz.distance import Indel  # loaded where texts are compared, not at start-up

    old_tokens, new_tokens = tokenize(source), tokenize(new)
    if len(old_tokens) != len(source_owners):
        raise ValueError("attribution does not match the source text")
    a, b = encode_tokens((old_tokens, new_tokens))
    owners: list[Owner] = []
    replaced: list[Owner] = []
    for op in Indel.opcodes(a, b):
        tag, i1, i2, n = op.tag, op.src_start, op.src_end, op.dest_end - op.dest_start
        if tag == "equal":
            owners.extend(source_owners[i1:i2])
            replaced = []
        elif tag == "delete":
            replaced = list(source_owners[i1:i2])
        else:
            if author is not None:
                owners.extend([author] * n)
            elif replaced:
                owners.extend(replaced[k * len(replaced) // n] for k in range(n))
            else:
                owners.extend([owners[-1] if owners else source_owners[0]] * n)
            replaced = []
    return owners


def attribution_for(new_text: str, sources: Sequence[tuple[str, str, str]], author: Owner) -> str:
    """The stored attribution of a new version, from its sources' (kind, text, runs)."""
    if not sources or any(kind == "translation" for kind, _, _ in sources):
        return runs_of([author] * len(tokenize(new_text)))
    text = " ".join(t for _, t, _ in sources)
    owners = [o for _, _, runs in sources for o in owners_of(runs)]
    return runs_of(carry(text, owners, new_text, author))
