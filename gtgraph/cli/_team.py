"""The ``gtgraph add-sources``, ``merge`` and ``merge-driver`` commands: transcripts in, coders together."""

from __future__ import annotations

from pathlib import Path

import click

from gtgraph.cli._common import (
    _FILE,
    _check_output,
    _examples,
    _input_error,
    _read,
    _Settings,
    _status,
    _write_project,
    _wrote,
    pass_settings,
)

__all__ = ["add_sources", "merge", "merge_driver"]


@click.command(
    "add-sources",
    epilog=_examples(
        "gtgraph add-sources transcripts/ -o study.gtg.json",
        "gtgraph add-sources 'P04 interview.docx' P05.vtt -o study.gtg.json",
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=_FILE,
    help="The project file: added to when it exists, made otherwise.",
)
@click.option(
    "--actor", help="Who is adding them (default: GTGRAPH_ACTOR or the file's last)."
)
@pass_settings
def add_sources(
    settings: _Settings, paths: tuple[Path, ...], output: Path, actor: str | None
) -> None:
    """Add transcripts (.txt .md .docx .odt .rtf .vtt .srt) to a project as sources.

    PATHS are files, or folders whose transcripts are read in the natural order
    of their names (P2 before P10).  Each file becomes a source named after the
    file, with the participant from the start of its name (P03 interview.docx:
    P03) and the speaker turns ("Interviewer:", "P03:", WebVTT voices).
    """
    import gtgraph
    from gtgraph.readwrite import load
    from gtgraph.readwrite.transcripts import read_transcripts

    _check_output(output)
    if output.exists():
        project = load(output, actor=actor)
    else:
        project = gtgraph.Project(actor=actor)
    for path in paths:
        if not path.exists():
            _input_error(f"{path}: no such file or folder")
    before = len(project.sources)
    with _status(settings, f"Reading {len(paths)} path(s)"):
        for path in paths:
            read_transcripts(path, project=project)
    project.save(output)
    added = len(project.sources) - before
    _wrote(settings, output, f"{added} source(s) added, {len(project.sources)} in all")


@click.command(
    epilog=_examples(
        "gtgraph merge hb.gtg.json rk.gtg.json -o merged.gtg.json",
    )
)
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("-o", "--output", required=True, type=_FILE, help="The merged project.")
@pass_settings
def merge(settings: _Settings, files: tuple[Path, ...], output: Path) -> None:
    """Merge projects coded separately on the same sources, listing the conflicts.

    Sources are matched by their text, codes and categories by name; each
    coder's codings stay theirs (so `gtgraph` agreement can compare them).
    Conflicts (different definitions, a code in different categories,
    contradicting relationships) are printed; the first file's choice is kept.
    """
    from gtgraph.readwrite.merging import merge as merge_projects

    if len(files) < 2:  # noqa: PLR2004 - a merge needs two
        _input_error("give two or more project files to merge")
    projects = [_read(f, settings) for f in files]
    with _status(settings, f"Merging {len(files)} projects"):
        merged, report = merge_projects(*projects)
    _write_project(merged, output)
    click.echo(str(report))
    _wrote(settings, output)


@click.command(
    "merge-driver",
    epilog=_examples(
        "git config merge.gtgraph.driver 'gtgraph merge-driver %O %A %B'",
        "gtgraph merge-driver base.gtg.json ours.gtg.json theirs.gtg.json",
    ),
)
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@pass_settings
def merge_driver(settings: _Settings, base: Path, ours: Path, theirs: Path) -> None:
    """Three-way merge of a project file, for git (%O %A %B).

    Writes the merged project over OURS, always as a valid project file.
    Exits 0 when the merge is clean; when there are conflicts it lists them and
    exits 1, so that git marks the file as conflicted for a person to decide.
    """
    from gtgraph.readwrite.merging import merge_files

    report = merge_files(base, ours, theirs)
    if report.clean:
        settings.say(f"gtgraph: merged {ours.name}: {report}".splitlines()[0])
        return
    click.echo(f"gtgraph: {ours.name}: {report}", err=True)
    raise click.exceptions.Exit(1)
