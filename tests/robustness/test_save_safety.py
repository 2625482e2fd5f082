"""Saving safely in one process: backups, change detection, links, permissions, leftovers."""

from __future__ import annotations

import os
import stat

import pytest

import gtgraph
from gtgraph import GtGraphError
from gtgraph.readwrite import FileChangedError, _files, dumps


def project(title: str = "study") -> gtgraph.Project:
    p = gtgraph.Project(title=title)
    p.clock = lambda: "2024-05-01T09:00:00Z"  # equal projects, whenever made
    s = p.add_source("P01", text="I felt heard.", participant="P01")
    p.code(s, 0, 12, codes=["feeling heard"])
    return p


@pytest.fixture
def saved(tmp_path):
    """A project saved to study.gtg.json, and the path."""
    path = tmp_path / "study.gtg.json"
    p = project()
    p.save(path)
    return p, path


def test_backup_holds_the_previous_version(saved):
    """Each save keeps the version it replaces as <name>.bak; the first save makes none."""
    p, path = saved
    backup = path.with_name("study.gtg.json.bak")
    assert not backup.exists()
    first = path.read_bytes()
    p.add_code("second thought")
    p.save(path)
    assert backup.read_bytes() == first
    second = path.read_bytes()
    p.add_code("third thought")
    p.save(path)
    assert backup.read_bytes() == second
    assert gtgraph.load(backup).codes.names() == ["feeling heard", "second thought"]


def test_no_backup_when_asked(saved):
    """backup=False replaces the file without keeping the old one."""
    p, path = saved
    p.add_code("x")
    p.save(path, backup=False)
    assert not path.with_name("study.gtg.json.bak").exists()


def test_changed_on_disk_refused_then_forced(saved):
    """A file changed by another program is not overwritten without force=True; the .bak keeps it."""
    p, path = saved
    other = project("edited elsewhere")
    path.write_text(dumps(other), encoding="utf-8")
    p.add_code("mine")
    with pytest.raises(FileChangedError, match="pass force=True") as info:
        p.save(path)
    assert "study.gtg.json.bak" in str(info.value)
    assert gtgraph.load(path) == other  # untouched
    p.save(path, force=True)
    assert "mine" in gtgraph.load(path).codes
    assert gtgraph.load(path.with_name("study.gtg.json.bak")) == other
    p.add_code("and more")
    p.save(path)  # the forced save recorded the new stamp


def test_same_content_rewritten_is_not_a_change(saved):
    """A file rewritten with the same bytes (a copy back, a checkout, touch) may be saved over."""
    p, path = saved
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)  # another inode, another time, the same content
    os.utime(path, ns=(1, 1))
    p.add_code("x")
    p.save(path)
    assert "x" in gtgraph.load(path).codes


def test_same_size_other_content_is_a_change(saved):
    """A change that keeps the size (one letter) is still noticed."""
    p, path = saved
    data = path.read_bytes()
    changed = data.replace(b"feeling heard", b"feeling HEARD")
    assert len(changed) == len(data) and changed != data
    st = path.stat()
    path.write_bytes(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # even with the old time
    with pytest.raises(FileChangedError):
        p.save(path)


def test_deleted_file_is_written_again(saved):
    """A file deleted since it was loaded is simply written again."""
    p, path = saved
    path.unlink()
    p.save(path)
    assert gtgraph.load(path) == p


def test_loaded_project_is_checked_too(saved):
    """A project loaded from a file is checked against that file when saved back."""
    _, path = saved
    loaded = gtgraph.load(path)
    gtgraph.save(project("other"), path)  # a fresh project: nothing to check against
    loaded.add_code("x")
    with pytest.raises(FileChangedError):
        loaded.save(path)


def test_every_file_saved_to_is_checked(saved, tmp_path):
    """Saving to a second file does not forget the first one's version."""
    p, path = saved
    second = tmp_path / "copy.gtg.json"
    p.save(second)
    path.write_text(dumps(project("edited")), encoding="utf-8")
    with pytest.raises(FileChangedError):
        p.save(path)
    p.save(second)


def test_fresh_project_over_existing_file_keeps_backup(saved):
    """A project that never read a file replaces it when saved there; the .bak keeps the old one."""
    _, path = saved
    old = path.read_bytes()
    gtgraph.save(project("replacement"), path)
    assert gtgraph.load(path).title == "replacement"
    assert path.with_name("study.gtg.json.bak").read_bytes() == old


def test_loads_from_text_is_not_tied_to_a_file(saved):
    """A project built from text (loads) carries no stamp and overwrites as a new one."""
    _, path = saved
    from_text = gtgraph.readwrite.loads(path.read_text(encoding="utf-8"))
    gtgraph.save(project("other"), path)
    from_text.save(path)
    assert gtgraph.load(path) == from_text


def test_symlink_is_followed(tmp_path):
    """Saving through a symbolic link replaces the file it points to; the link stays."""
    real = tmp_path / "real" / "study.gtg.json"
    real.parent.mkdir()
    link = tmp_path / "link.gtg.json"
    p = project()
    p.save(real)
    link.symlink_to(real)
    loaded = gtgraph.load(link)
    loaded.add_code("through the link")
    loaded.save(link)
    assert link.is_symlink()
    assert "through the link" in gtgraph.load(real).codes
    assert (real.parent / "study.gtg.json.bak").exists()
    real.write_text(dumps(project("edited")), encoding="utf-8")
    with pytest.raises(FileChangedError):
        loaded.save(link)


def test_permissions_are_kept(saved):
    """A file's permission bits survive a save (the new file is not left private)."""
    p, path = saved
    path.chmod(0o640)
    p.add_code("x")
    p.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_new_file_follows_the_umask(tmp_path):
    """A new file gets the usual permissions (0666 less the umask), not 0600."""
    old = os.umask(0o022)
    try:
        project().save(tmp_path / "new.gtg.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.gtg.json").stat().st_mode) == 0o644


def test_stale_temporary_files_are_removed(saved):
    """Temporary files a killed save left are removed by the next save, and only those."""
    p, path = saved
    folder = path.parent
    stale = [
        folder / ".study.gtg.json.abcd1234.tmp",
        folder / ".study.gtg.json.x_y_z_0_.tmp",
    ]
    others = [
        folder / ".other.gtg.json.abcd1234.tmp",
        folder / ".study.gtg.json.x.abcd1234.tmp",  # another file's (study.gtg.json.x)
        folder / "study.gtg.json.abcd1234.tmp",
    ]
    for leftover in stale + others:
        leftover.write_text("half a file")
    p.save(path)
    assert [f.exists() for f in stale] == [False, False]
    assert [f.exists() for f in others] == [True, True, True]


def test_failed_save_leaves_nothing_behind(saved, monkeypatch):
    """A save that fails at the final rename leaves the file, no temporary file and no lock."""
    p, path = saved
    before = sorted(f.name for f in path.parent.iterdir())
    old = path.read_bytes()
    real_replace = os.replace

    def fail_on_target(src, dst, *args, **kwargs):
        if os.fspath(dst) == os.fspath(path):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", fail_on_target)
    p.add_code("x")
    with pytest.raises(GtGraphError, match="No space left on device"):
        p.save(path)
    assert path.read_bytes() == old
    after = sorted(f.name for f in path.parent.iterdir())
    assert after == [*before, "study.gtg.json.bak"]  # the backup of the intact file


def test_backup_copied_where_hard_links_fail(saved, monkeypatch):
    """On file systems without hard links the backup is a copy."""
    p, path = saved
    old = path.read_bytes()

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    p.add_code("x")
    p.save(path)
    assert path.with_name("study.gtg.json.bak").read_bytes() == old


def test_folder_as_target_refused(tmp_path):
    """A folder in the place of the file is refused with a clear message."""
    (tmp_path / "study.gtg.json").mkdir()
    with pytest.raises(GtGraphError, match="it is a folder"):
        project().save(tmp_path / "study.gtg.json")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="permissions do not bind the superuser",
)
def test_read_only_folder(tmp_path):
    """A folder that cannot be written gives a GtGraphError naming the file."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(GtGraphError, match="cannot"):
            project().save(folder / "study.gtg.json")
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_unsavable_number_is_refused_at_once(value):
    """A NaN or infinite attribute, which no project file can hold, is refused when given."""
    p = gtgraph.Project()
    with pytest.raises(gtgraph.ValidationError, match="cannot hold"):
        p.add_participant("P01", score=value)
    assert len(p.participants) == 0


def test_load_records_the_stamp(saved):
    """load() records the file's stamp (size, time, CRC-32) on the project."""
    _, path = saved
    loaded = gtgraph.load(path)
    stamp = _files.stamp_for(loaded, _files.resolve(path))
    st = path.stat()
    assert (stamp.size, stamp.mtime_ns) == (st.st_size, st.st_mtime_ns)
    import zlib

    assert stamp.crc == zlib.crc32(path.read_bytes())
