"""Every code block of README.md and docs/*.md runs, verbatim, on the installed package.

Blocks are read from the Markdown fences, by language:

- ``python``: the blocks of one page run in order in one namespace (a page
  reads like one session), in a fresh folder and a fresh Python process
  (pages change global state: number limits, logging);
- ``bash``: each line runs in that same folder, with ``bash -e``; installing
  (``pip install ...``) and running the test suite (``pytest``) are the steps
  that put this very test in place, so those commands are left out;
- ``console``: a transcript; each ``$ command`` runs, and the lines of its
  output that state a count (``regions: 56``, ``edges: 95``, ``pieces: 10``,
  ...) or a written file must be in what the command prints now;
- ``text``, ``json`` and other languages are not run (file formats, output
  shown for reading, commands that take minutes): say so with the language,
  a fence without one is refused.

The folder has ``examples/`` of the repository in it, as a clone has, so
that the commands the pages give (``exactpd enumerate examples/network.json``)
run as written.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from exactpd.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)
SETUP = re.compile(r"^\s*(python3? -m )?(pip install|pytest)\b")
"""The commands a page gives to install exactpd or run its tests: done already when this test runs."""
CHECKED = re.compile(r"^(regions|bounded|edges|pieces|bends|components|wrote): ")
"""Output lines of a console transcript that must be printed as shown."""


def blocks(page: Path) -> list[tuple[str, str, int]]:
    """``(language, code, line)`` for every fenced block of the page."""
    text = page.read_text(encoding="utf-8")
    return [(m.group(1).strip(), m.group(2), text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text)]


def _commands(code: str) -> list[str]:
    """The shell commands of a bash block, without the setup steps (a ``setup && command`` line keeps ``command``)."""
    kept = []
    for line in code.splitlines():
        parts = [part for part in line.split("&&") if part.strip() and not SETUP.match(part)]
        if parts:
            kept.append("&&".join(parts).strip())
    return kept


def _transcript(code: str) -> list[tuple[str, list[str]]]:
    """``(command, output lines)`` for each ``$ command`` of a console block."""
    steps: list[tuple[str, list[str]]] = []
    for line in code.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def _shell(command: str, cwd: Path) -> str:
    """Run one command line in ``cwd``; its standard output.

    A plain ``exactpd ...`` (arguments, a comment, at most ``> /dev/null``)
    runs in the page's process through the command line's own ``main``, as
    the installed ``exactpd`` script would, without starting Python again;
    anything else runs in bash.
    """
    words = shlex.split(command, comments=True)
    quiet = words[-2:] == [">", "/dev/null"]
    argv = words[1:-2] if quiet else words[1:]
    if words[:1] == ["exactpd"] and not set("|;&<>").intersection("".join(argv)):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        assert code == 0, f"{command!r} failed ({code}):\n{out.getvalue()}\n{err.getvalue()}"
        return "" if quiet else out.getvalue()
    done = subprocess.run(["bash", "-e", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command!r} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fence_says_its_language(page):
    assert [line for language, _, line in blocks(page) if not language] == []


def run_page(page: Path, folder: Path) -> None:
    """Run every block of ``page`` in ``folder`` (the current directory), as described in the module doc."""
    namespace: dict = {"__name__": "__docs__"}
    for language, code, line in blocks(page):
        where = f"{page.relative_to(ROOT)}:{line}"
        if language == "python":
            exec(compile(code, where, "exec"), namespace)
        elif language == "bash":
            for command in _commands(code):
                _shell(command, folder)
        elif language == "console":
            for command, shown in _transcript(code):
                printed = _shell(command, folder).splitlines()
                missing = [text for text in shown if CHECKED.match(text) and text not in printed]
                assert not missing, f"{where}: {command!r} no longer prints {missing}; it prints:\n" + "\n".join(printed)


def _in_a_new_process(folder: Path, *arguments: str) -> None:
    """Run this file as a script in ``folder``: pages change global state (number limits, logging), kept out of the test run."""
    done = subprocess.run([sys.executable, __file__, *arguments], cwd=folder, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(arguments)}:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"


@pytest.mark.parametrize("page", [p for p in PAGES if any(b[0] in ("python", "bash", "console") for b in blocks(p))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_code_blocks_run(page, tmp_path):
    pytest.importorskip("matplotlib")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    _in_a_new_process(tmp_path, str(page))


def test_setup_commands_are_the_only_ones_left_out():
    assert _commands('python3 -m pip install ".[plot]"        # matplotlib') == []
    assert _commands("python3 -m pip install . && exactpd demo") == ["exactpd demo"]
    assert _commands("exactpd demo --save net.json\npip install exactpd") == ["exactpd demo --save net.json"]


def _check_shell(folder: Path) -> None:
    assert "wrote: net.json" in _shell("exactpd demo --save net.json   # a comment", folder)
    assert _shell("exactpd locate net.json --point 0,0 > /dev/null", folder) == ""
    assert _shell("exactpd locate net.json --point 0,0 | head -n 1", folder) == "point        (0, 0)\n"


def test_a_command_runs_in_its_process_or_in_bash(tmp_path):
    _in_a_new_process(tmp_path, "--check-shell")


if __name__ == "__main__":  # python tests/test_docs.py PAGE | --check-shell, in the folder to work in
    if sys.argv[1] == "--check-shell":
        _check_shell(Path.cwd())
    else:
        run_page(Path(sys.argv[1]), Path.cwd())
