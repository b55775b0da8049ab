"""The README's two fresh-machine commands are the ones CI and users run."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```\n(python3 -m venv .*)\n```", readme)


def test_readme_has_the_demo_and_the_test_command():
    demo, tests = _commands()[:2]
    assert demo.endswith("provenance demo")
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim():
    tests = _commands()[1]
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
