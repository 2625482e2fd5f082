"""Every writer goes through one atomic writer: no planted link is written through.

A folder from someone else (a cloned repository, an unpacked archive) may hold
symbolic links at the names gtgraph uses beside a file: the lock file
``.<name>.lock``, a temporary file ``.<name>.<random>.tmp`` or the file itself.
Each writer is run against each plant, and the link's target, a file outside the
folder, must keep its bytes.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import gtgraph
from gtgraph import _files
from gtgraph.drawing import write_gexf, write_graphml, write_json
from gtgraph.errors import FileWriteError, GtGraphError
from gtgraph.readwrite import write_codebook, write_segments_csv

SECRET = b"precious bytes outside the folder\n"


def small_project() -> gtgraph.Project:
    p = gtgraph.Project(title="Links")
    s = p.add_source("P01", text="I felt calm and safe there.")
    p.code(s, 7, 11, codes=["calm"])
    p.categorize("calm", "Feelings")
    return p


def _save(p: gtgraph.Project, path: Path) -> None:
    gtgraph.save(p, path)


WRITERS: dict[str, tuple[str, Callable[[gtgraph.Project, Path], object]]] = {
    "save": ("study.gtg.json", _save),
    "write_qdpx": ("study.qdpx", gtgraph.write_qdpx),
    "write_qdc": ("book.qdc", gtgraph.write_qdc),
    "codebook md": ("codebook.md", write_codebook),
    "codebook csv": ("codebook.csv", write_codebook),
    "segments csv": ("segments.csv", write_segments_csv),
    "render dot": ("theory.dot", gtgraph.render),
    "render mermaid": ("theory.mmd", gtgraph.render),
    "graphml": ("graph.graphml", write_graphml),
    "gexf": ("graph.gexf", write_gexf),
    "json": ("graph.json", write_json),
}
if shutil.which("dot") is not None:
    WRITERS["render svg"] = ("theory.svg", gtgraph.render)
    WRITERS["render png"] = ("theory.png", gtgraph.render)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the folder written to, which no writer may touch."""
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    return secret


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "project"
    made.mkdir()
    return made


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_planted_lock_link_is_not_followed(writer, folder, outside):
    """A symbolic link at the lock file is refused; its target keeps its bytes."""
    name, write = WRITERS[writer]
    (folder / f".{name}.lock").symlink_to(outside)
    with pytest.raises(FileWriteError, match="lock file"):
        write(small_project(), folder / name)
    assert outside.read_bytes() == SECRET
    assert not (folder / name).exists()


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_planted_temporary_links_are_not_followed(writer, folder, outside, monkeypatch):
    """Links at every temporary name the writer may choose are never written through."""
    name, write = WRITERS[writer]
    tokens = iter(["deadbeef", "cafebabe", "01234567", "89abcdef"] * 5)
    monkeypatch.setattr(_files.secrets, "token_hex", lambda _n: next(tokens))
    for token in ("deadbeef", "cafebabe"):
        # The names of killed saves' leftovers: the writer removes them (the
        # links, not their targets) and makes its own.
        (folder / f".{name}.{token}.tmp").symlink_to(outside)
    write(small_project(), folder / name)
    assert outside.read_bytes() == SECRET
    assert (folder / name).is_file()
    assert not (folder / name).is_symlink()


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_target_link_given_by_the_user_is_followed(writer, folder, tmp_path):
    """A link the user passes as the output is written through, and stays a link."""
    name, write = WRITERS[writer]
    real = tmp_path / "real" / name
    real.parent.mkdir()
    link = folder / name
    link.symlink_to(real)
    write(small_project(), link)
    assert link.is_symlink()
    assert real.stat().st_size > 0


def test_derived_target_link_is_refused(folder, outside):
    """A name gtgraph made up (follow_links=False) is refused when it is a link."""
    (folder / "out.svg").symlink_to(outside)
    with pytest.raises(FileWriteError, match="symbolic link"):
        _files.atomic_write(folder / "out.svg", b"<svg/>", follow_links=False)
    assert outside.read_bytes() == SECRET


def test_render_output_never_becomes_a_planted_link(folder, outside, monkeypatch):
    """The render temporary (formerly ``.<name>.<pid>.tmp``) cannot be planted."""
    (folder / f".theory.dot.{os.getpid()}.tmp").symlink_to(outside)
    gtgraph.render(small_project(), folder / "theory.dot")
    assert outside.read_bytes() == SECRET
    assert not (folder / "theory.dot").is_symlink()
    assert "digraph" in (folder / "theory.dot").read_text()


def test_self_symlink_project_file_gives_a_clear_error(folder):
    """A project file replaced by a link to itself: a FileWriteError, not OSError."""
    target = folder / "study.gtg.json"
    target.symlink_to(target)
    with pytest.raises(FileWriteError, match="loops"):
        gtgraph.save(small_project(), target)
    assert target.is_symlink()


class TestOsErrors:
    """Operating-system failures become FileWriteError naming the file."""

    @pytest.mark.parametrize("writer", sorted(WRITERS))
    def test_missing_folder(self, writer, tmp_path):
        """Writing into a folder that does not exist says to create it."""
        name, write = WRITERS[writer]
        with pytest.raises(FileWriteError, match="does not exist") as caught:
            write(small_project(), tmp_path / "missing" / name)
        assert name in str(caught.value)

    @pytest.mark.parametrize("writer", sorted(WRITERS))
    def test_target_is_a_folder(self, writer, folder):
        """A folder at the target's name is refused as such."""
        name, write = WRITERS[writer]
        (folder / name).mkdir()
        with pytest.raises(FileWriteError, match="folder"):
            write(small_project(), folder / name)

    @pytest.mark.parametrize(
        ("code", "advice"),
        [
            (errno.ENOSPC, "disk is full"),
            (errno.EROFS, "read-only"),
            (errno.EACCES, "permission"),
        ],
    )
    @pytest.mark.parametrize("writer", ["save", "write_qdpx", "graphml", "render dot"])
    def test_write_failures_leave_the_old_file(
        self, writer, code, advice, folder, monkeypatch
    ):
        """A full disk, a read-only or forbidden folder: mapped, and the file kept."""
        name, write = WRITERS[writer]
        target = folder / name
        target.write_bytes(b"old")

        def refuse(fd, data):
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(_files.os, "write", refuse)
        with pytest.raises(FileWriteError, match=advice) as caught:
            write(small_project(), target)
        assert caught.value.errno == code
        assert str(target) in str(caught.value)
        assert target.read_bytes() == b"old"
        assert sorted(p.name for p in folder.iterdir()) == [name]

    def test_is_a_gtgraph_error(self):
        """FileWriteError is caught by ``except GtGraphError``."""
        assert issubclass(FileWriteError, GtGraphError)
