"""The library's public names, and the example in docs/api.md, run as written."""

import contextlib
import io
import os
import re
from pathlib import Path

import provenance

ROOT = Path(__file__).resolve().parent.parent
API_DOC = ROOT / "docs" / "api.md"


def test_every_public_name_imports():
    for name in provenance.__all__:
        assert getattr(provenance, name) is not None, name


def test_the_documented_example_prints_what_the_doc_says(tmp_path: Path):
    blocks = re.findall(r"```(\w*)\n(.*?)```", API_DOC.read_text(encoding="utf-8"), re.S)
    code = next(body for lang, body in blocks if lang == "python")
    expected = next(body for lang, body in blocks if lang == "")
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(API_DOC), "exec"), {"__name__": "__example__"})
    finally:
        os.chdir(cwd)
    assert out.getvalue() == expected
    assert (tmp_path / "newsroom.sqlite").exists()
