"""The ``gtgraph info`` and ``gtgraph check`` commands: what a project holds, and its theory checks."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gtgraph.cli._common import _FILE, _examples, _read, _Settings, pass_settings

__all__ = ["check", "info"]


@click.command(
    epilog=_examples("gtgraph info study.gtg.json", "gtgraph info export.qdpx -v")
)
@click.argument("file", type=_FILE)
@pass_settings
def info(settings: _Settings, file: Path) -> None:
    """Summarise a project: counts, coders, relation types, last change."""
    project = _read(file, settings)
    click.echo(project.summary())
    coders = project.coders
    click.echo(f"  coders         {', '.join(coders) if coders else '(none recorded)'}")
    used = sorted({r.type for r in project.relationships})
    click.echo(f"  relation types {', '.join(used) if used else '(none used)'}")
    history = project.history
    if len(history):
        last = history[-1]
        click.echo(
            f"  last change    {last.when} {last.op}"
            + (f" by {last.who}" if last.who else "")
        )
    if settings.level > 0:
        from gtgraph.graph import grounding_counts

        counts = grounding_counts(project)
        click.echo("\nCodes (segments / participants):")
        for code in project.codes:
            segments, participants, _ = counts.get(code.id, (0, 0, 0))
            click.echo(f"  {code.name}  ({segments} / {participants})")


@click.command(
    epilog=_examples(
        "gtgraph check study.gtg.json",
        "gtgraph check study.gtg.json --strict",
        "gtgraph check study.gtg.json --rule memo-about-nothing --format json",
    )
)
@click.argument("file", type=_FILE)
@click.option(
    "--strict", is_flag=True, help="Exit with 1 when there is any error or warning."
)
@click.option(
    "--rule",
    "rules",
    multiple=True,
    help="Run only this rule (repeatable); see the checks reference.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the findings.",
)
@pass_settings
def check(
    settings: _Settings, file: Path, strict: bool, rules: tuple[str, ...], fmt: str
) -> None:
    """Run the theory checks: codes in no category, thin relationships, cycles, ...

    Each finding has a severity (error, warning, info), the rule that found it and
    a message that names the elements and says what to do.
    """
    from gtgraph.checks import check as run_checks

    findings = run_checks(_read(file, settings), rules=rules or None)
    if fmt == "json":
        data = [
            {
                "severity": f.severity,
                "rule": f.rule,
                "message": f.message,
                "subjects": list(f.subjects),
            }
            for f in findings
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for f in findings:
            colour = {"error": "red", "warning": "yellow"}.get(f.severity)
            click.echo(f"{click.style(f.severity, fg=colour)}  [{f.rule}] {f.message}")
        counts = {
            s: sum(1 for f in findings if f.severity == s)
            for s in ("error", "warning", "info")
        }
        click.echo(
            ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()),
            err=True,
        )
    if strict and any(f.severity in ("error", "warning") for f in findings):
        click.get_current_context().exit(1)
