"""The README's two fresh-machine commands are the ones CI and users run."""

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli

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


# Every command example in the README runs here. Those shown with their output (`$ provenance …`
# and the lines after it) run against the demo database and must print what the README shows,
# times and paths masked; a line `...` stands for any number of lines. The list under "Your own
# stories" runs top to bottom in a fresh directory, with the files it names made by the test.

_TIMES = re.compile(r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:\.\d+)?\+00:00| \d\d:\d\d UTC)?")
_PATHS = re.compile(r"sqlite:///\S+|/\S+/provenance-demo\.sqlite")


def _blocks() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.splitlines() for block in re.findall(r"```\n(.*?)```", readme, re.DOTALL)]


def _shown_examples() -> list[tuple[str, list[str]]]:
    """(command, the output the README shows) for every `$ provenance` line, in order."""
    examples: list[tuple[str, list[str]]] = []
    for lines in _blocks():
        for line in lines:
            if line.startswith("$ provenance "):
                examples.append((line[2:], []))
            elif examples and lines[0].startswith("$ provenance "):
                examples[-1][1].append(line)
    return [(command, _trimmed(output)) for command, output in examples]


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _mask(text: str) -> str:
    return _PATHS.sub("<path>", _TIMES.sub("<time>", text))


def _matches(shown: list[str], printed: str) -> bool:
    pattern = "".join("(?:.*\n)*?" if line == "..." else re.escape(_mask(line)) + "\n" for line in shown)
    return re.fullmatch(pattern, _mask(printed)) is not None


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    directory = tmp_path_factory.mktemp("readme-demo")
    result = CliRunner().invoke(cli, ["demo", "--dir", str(directory)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return f"sqlite:///{directory / 'provenance-demo.sqlite'}"


def test_the_readme_shows_examples_with_their_output():
    commands = [command for command, _ in _shown_examples()]
    assert commands[0] == "provenance demo"
    assert {c.split()[1] for c in commands} >= {"demo", "chain", "audit", "log", "diff", "blame"}


@pytest.mark.parametrize(("command", "shown"), _shown_examples(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_every_shown_example_prints_what_the_readme_shows(command, shown, demo_url, tmp_path):
    args = shlex.split(command)[1:]
    # The demo gets a folder of the test's; every other command reads the demo database.
    args = [*args, "--dir", str(tmp_path)] if args[0] == "demo" else ["--db", demo_url, *args]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    printed = result.stdout.lstrip("\n")
    assert _matches(shown, printed), f"{command} printed:\n{printed}"


def _own_stories() -> list[str]:
    [block] = [lines for lines in _blocks() if lines and lines[0].startswith("provenance init")]
    return block


def _files(directory: Path) -> None:
    """The files the README's own-story commands name."""
    shutil.copy(ROOT / "data" / "rfa-2021-03-north-korea-state-companies.txt", directory / "article.txt")
    shutil.copy(ROOT / "tests" / "data" / "xliff" / "companies-2.0.xlf", directory / "from-the-cat-tool.xlf")
    sources = ROOT / "tests" / "data" / "sources"
    shutil.copy(sources / "plone-rfa-story.json", directory / "plone-export.json")
    shutil.copy(sources / "wordpress-post-with-revisions.json", directory / "wordpress-post.json")
    (directory / "archive").mkdir()
    shutil.copy(sources / "plone-korean-export.json", directory / "archive" / "plone-korean-export.json")
    shutil.copy(sources / "ninjs-1x-wire.json", directory / "archive" / "ninjs-1x-wire.json")
    (directory / "accounts.csv").write_text("system,login,name\nplone,parks,Seo-yeon Park\n",
                                            encoding="utf-8")
    texts = {
        "report.txt": ["시는 도서관을 다음 달부터 밤 11시까지 연다고 밝혔다.",
                       "시는 예산 3억 2천만 원을 배정했으며, 사서 6명을 채용한다. 주차장은 늘리지 않는다.",
                       "도서관은 1990년에 지어졌다."],
        "translation.txt": ["The city said the library will open until 11 p.m. from next month.",
                            "The city set aside 320 million won and will hire six librarians.",
                            "It will not add parking. The library was built in 1990."],
        "edited.txt": ["The library will open until 11 p.m. from next month, the city said.",
                       "The city set aside 320 million won and will hire six librarians.",
                       "It will not add parking. The library was built in 1990."],
        "fixed.txt": ["The library will open until 11 p.m. from next month, the city said.",
                      "The city set aside 320 million won and will hire six new librarians.",
                      "It will not add parking. The library was built in 1990."],
    }
    for name, paragraphs in texts.items():
        (directory / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def test_every_own_story_command_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROVENANCE_DATABASE_URL", raising=False)
    _files(tmp_path)
    ran = 0
    for line in _own_stories():
        words = shlex.split(line, comments=True)
        commands = [[]]
        for word in words:
            if word == "&&":
                commands.append([])
            else:
                commands[-1].append(word)
        for command in commands:
            assert command[0] == "provenance", line
            result = CliRunner().invoke(cli, command[1:], catch_exceptions=False)
            # `audit --check` and `verify --strict` exit 1 on a warning, as the README says (the
            # stories the list made without signing them are unsigned by the key).
            allowed = (0, 1) if {"--check", "--strict"} & set(command) else (0,)
            assert result.exit_code in allowed, (line, result.output)
            ran += 1
    assert ran == len(_own_stories()) + 1  # keygen && sign
    assert (tmp_path / "report.html").exists() and (tmp_path / "my-story.prov.json").exists()
