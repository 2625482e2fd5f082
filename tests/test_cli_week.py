"""The command in a researcher's week: options anywhere, clear lines, what was written,
transcripts in, two coders merged (also by git)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

import gtgraph


def command(*args, cwd=None, env=None):
    """Run ``python -m gtgraph`` in a child process (the real command)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("GTGRAPH_ACTOR", None)
    return subprocess.run(
        [sys.executable, "-m", "gtgraph", *map(str, args)],
        capture_output=True, text=True, check=False, env=full_env, cwd=cwd,
    )  # fmt: skip


@pytest.fixture
def study(tmp_path):
    p = gtgraph.Project(title="t", actor="HB")
    p.add_source(
        "P01", text="I was nervous. She had been there too.", participant="P01"
    )
    p.code("P01", 0, 13, codes="feeling nervous")
    p.categorize("feeling nervous", "Fear")
    path = tmp_path / "study.gtg.json"
    p.save(path)
    return path


class TestOptionsAndMessages:
    def test_global_option_after_subcommand(self, study):
        """`gtgraph info FILE -v` works like `gtgraph -v info FILE`."""
        after = command("info", study, "-v")
        before = command("-v", "info", study)
        assert after.returncode == 0, after.stderr
        assert after.stdout == before.stdout
        assert "Codes (segments / participants)" in after.stdout

    def test_writing_commands_say_what_they_wrote(self, study, tmp_path):
        """convert and codebook name the file they wrote; -q silences it."""
        out = tmp_path / "copy.csv"
        done = command("convert", study, out)
        assert done.returncode == 0, done.stderr
        assert f"wrote {out}" in done.stderr
        done = command("codebook", study, "-o", tmp_path / "cb.md")
        assert f"wrote {tmp_path / 'cb.md'}" in done.stderr
        assert "| nervous |" not in (tmp_path / "cb.md").read_text()
        assert "I was nervous" in (tmp_path / "cb.md").read_text()  # quotes by default
        quiet = command("convert", study, tmp_path / "again.csv", "-q")
        assert quiet.returncode == 0
        assert quiet.stderr == ""

    def test_convert_warns_what_the_target_cannot_keep(self, study, tmp_path):
        """Converting to .qdpx says the history is not kept."""
        done = command("convert", study, tmp_path / "x.qdpx")
        assert done.returncode == 0, done.stderr
        assert "x.qdpx cannot keep the history (3 events)" in done.stderr

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["draw", "{study}", "-o", "{tmp}/nodir/x.dot"], "the folder {tmp}/nodir does not exist"),
            (["convert", "{study}", "{tmp}/nodir/x.csv"], "the folder {tmp}/nodir does not exist"),
            (["convert", "{study}", "{tmp}"], "is a directory"),
            (["info", "{tmp}"], "is a directory"),
            (["info", "{tmp}/fake.qdpx"], "not a REFI-QDA archive (not a zip file)"),
            (["info", "{tmp}/missing.gtg.json"], "no such file"),
        ],
    )  # fmt: skip
    def test_one_clear_line(self, study, tmp_path, args, message):
        """A missing folder, a folder, a file of the wrong kind: one line, exit 2."""
        (tmp_path / "fake.qdpx").write_text("just some text", encoding="utf-8")
        fill = {"study": study, "tmp": tmp_path}
        done = command(*(a.format(**fill) for a in args))
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert message.format(**fill) in lines[0]
        assert "Traceback" not in done.stderr


class TestTeam:
    def test_add_sources_then_merge(self, tmp_path):
        """add-sources makes projects from transcripts; merge joins two coders."""
        folder = tmp_path / "transcripts"
        folder.mkdir()
        (folder / "P01.txt").write_text("I: Hi\nP01: Hé, ça va 🙂", encoding="utf-8")
        (folder / "P02.vtt").write_text(
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v P02>Yes</v>\n", encoding="utf-8"
        )
        for who in ("HB", "RK"):
            done = command("add-sources", folder, "-o", tmp_path / f"{who}.gtg.json",
                           "--actor", who)  # fmt: skip
            assert done.returncode == 0, done.stderr
            assert "2 source(s) added" in done.stderr
            p = gtgraph.load(tmp_path / f"{who}.gtg.json", actor=who)
            p.code("P01", quote="ça va", codes="feeling fine")
            p.save(tmp_path / f"{who}.gtg.json")
        done = command("merge", tmp_path / "HB.gtg.json", tmp_path / "RK.gtg.json",
                       "-o", tmp_path / "both.gtg.json")  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "no conflicts" in done.stdout
        merged = gtgraph.load(tmp_path / "both.gtg.json", actor="HB")
        assert merged.coders == ["HB", "RK"]
        assert [t.speaker for t in merged.sources["P01"].turns] == ["I", "P01"]


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)  # fmt: skip


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
class TestGitDriver:
    @pytest.fixture
    def repo(self, tmp_path):
        repo = tmp_path / "repo"
        repo.mkdir()
        git("init", "-q", "-b", "main", cwd=repo)
        git("config", "user.email", "t@example.org", cwd=repo)
        git("config", "user.name", "T", cwd=repo)
        driver = f"{sys.executable} -m gtgraph merge-driver %O %A %B"
        git("config", "merge.gtgraph.driver", driver, cwd=repo)
        (repo / ".gitattributes").write_text("*.gtg.json merge=gtgraph\n")
        p = gtgraph.Project(title="study", actor="HB")
        p.add_source("P01", text="I was nervous. She had been there too.")
        p.add_source("P02", text="We laughed about it later.")
        p.add_code("nervous", definition="feeling nervous")
        p.save(repo / "study.gtg.json", backup=False)
        git("add", ".", cwd=repo)
        git("commit", "-qm", "start", cwd=repo)
        return repo

    def _commit_on(self, repo, branch, change, *, new=True):
        git("checkout", "-q", *(["-b"] if new else []), branch, cwd=repo)
        p = gtgraph.load(repo / "study.gtg.json", actor=branch)
        change(p)
        p.save(repo / "study.gtg.json", backup=False)
        git("commit", "-qam", f"coding by {branch}", cwd=repo)

    def test_both_branches_coded_merge_cleanly(self, repo, monkeypatch):
        """Two branches that coded different passages merge into a valid project."""
        monkeypatch.setenv("PYTHONPATH", str(ROOT))
        self._commit_on(repo, "HB", lambda p: p.code("P01", 0, 13, codes="nervous"))
        git("checkout", "-q", "main", cwd=repo)
        self._commit_on(repo, "RK", lambda p: p.code("P02", 0, 10, codes="laughing"))
        git("checkout", "-q", "HB", cwd=repo)
        done = git("merge", "-q", "--no-edit", "RK", cwd=repo)
        assert done.returncode == 0, done.stdout + done.stderr
        merged = gtgraph.load(repo / "study.gtg.json", actor="HB")
        assert sorted(
            (s.coder, merged.get(s.source).name) for s in merged.segments
        ) == [
            ("HB", "P01"),
            ("RK", "P02"),
        ]

    def test_conflicts_listed_file_stays_valid(self, repo, monkeypatch):
        """A definition changed on both branches is listed; the file still loads."""
        monkeypatch.setenv("PYTHONPATH", str(ROOT))
        self._commit_on(
            repo, "HB", lambda p: p.update("nervous", definition="anxious at first")
        )
        git("checkout", "-q", "main", cwd=repo)
        self._commit_on(
            repo, "RK", lambda p: p.update("nervous", definition="wary of staff")
        )
        git("checkout", "-q", "HB", cwd=repo)
        done = git("merge", "--no-edit", "RK", cwd=repo)
        assert done.returncode != 0
        assert "definition: code 'nervous'" in done.stdout + done.stderr
        merged = gtgraph.load(repo / "study.gtg.json", actor="HB")  # valid JSON
        assert merged.codes["nervous"].definition == "anxious at first"
        status = git("status", "--porcelain", cwd=repo).stdout
        assert "UU study.gtg.json" in status
