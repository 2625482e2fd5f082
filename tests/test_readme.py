"""The README's promises: two set-up commands, and CI runs the test one."""

from __future__ import annotations

import re

from conftest import ROOT


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up and try it", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_two_setup_commands():
    """The README starts with one command for the example and one for the tests."""
    example, tests = commands()
    assert "pip install ." in example
    assert tests.endswith("pytest")
    assert 'pip install -e ".[dev]"' in tests


def test_ci_runs_the_readme_test_command():
    """.ci/run runs exactly the README's test command."""
    _, tests = commands()
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_first_command_runs_the_demo():
    """The README's first command installs gtgraph and runs its demo."""
    example, _ = commands()
    assert example.endswith("pip install . && gtgraph demo")
