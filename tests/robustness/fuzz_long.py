"""The long fuzzing run, by hand: many damaged files for one reader, with counts.

    python tests/robustness/fuzz_long.py                      # native, 10 minutes
    python tests/robustness/fuzz_long.py --minutes 60 --seed 7
    python tests/robustness/fuzz_long.py --inputs 100000 --target native
    python tests/robustness/fuzz_long.py --gtgraph ../old-checkout   # another gtgraph

It uses the same mutations as the tests (``fuzzing.py``), driven by a seeded
random generator instead of Hypothesis, so it tries far more inputs per minute.
Every input that makes the reader raise anything but an allowed error (or whose
result fails the check) is written to the output folder with its traceback,
and counted by the place it failed; the run ends with a summary and exits 1 if
anything failed.  The same inputs can then be replayed with ``--replay FILE``.

The Hypothesis tests have a long profile too::

    HYPOTHESIS_PROFILE=long python -m pytest tests/robustness -k fuzz --hypothesis-show-statistics
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _setup_path(gtgraph_root: str | None) -> None:
    sys.path.insert(0, str(HERE))
    sys.path.insert(1, str(ROOT / "tests"))
    sys.path.insert(0, str(Path(gtgraph_root).resolve()) if gtgraph_root else str(ROOT))


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _where(error: BaseException) -> str:
    """The innermost frame inside gtgraph (or the last one), to group failures."""
    frames = traceback.extract_tb(error.__traceback__)
    inside = [
        f for f in frames if "gtgraph" in f.filename and "tests" not in f.filename
    ]
    frame = (inside or frames)[-1]
    return f"{type(error).__name__} at {Path(frame.filename).name}:{frame.lineno} ({frame.name})"


def main() -> int:
    """Run the fuzzer; print the counts; exit 1 if any input broke the rule."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="native")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--inputs", type=int, default=0, help="stop after this many")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="fuzz-failures")
    parser.add_argument("--gtgraph", help="import gtgraph from this checkout instead")
    parser.add_argument("--replay", help="run one saved input and show its traceback")
    args = parser.parse_args()
    _setup_path(args.gtgraph)
    import fuzzing

    target = fuzzing.TARGETS[args.target]
    folder = Path(tempfile.mkdtemp(prefix="gtgraph-fuzz-"))
    if args.replay:
        data = Path(args.replay).read_bytes()
        _say(fuzzing.run_one(target, data, folder))
        return 0
    out = Path(args.out)
    rng = random.Random(args.seed)  # noqa: S311 - reproducible inputs, not secrets
    choose = fuzzing.RandomChooser(rng)
    outcomes: collections.Counter[str] = collections.Counter()
    failures: dict[str, list[Path]] = collections.defaultdict(list)
    start = time.monotonic()
    deadline = start + 60 * args.minutes
    tried = 0
    while time.monotonic() < deadline and (not args.inputs or tried < args.inputs):
        data = fuzzing.mutated_input(target, choose)
        tried += 1
        try:
            outcomes[fuzzing.run_one(target, data, folder)] += 1
        except Exception as error:  # noqa: BLE001 - counting what escapes is the point
            outcomes["FAILED"] += 1
            where = _where(error)
            if len(failures[where]) < 5:
                out.mkdir(parents=True, exist_ok=True)
                name = hashlib.sha1(data).hexdigest()[:12]  # noqa: S324 - a file name
                path = out / f"{args.target}-{name}.input"
                path.write_bytes(data)
                path.with_suffix(".txt").write_text(
                    "".join(traceback.format_exception(error)), encoding="utf-8"
                )
                failures[where].append(path)
            else:
                failures[where].append(Path())
        if tried % 5000 == 0:
            rate = tried / (time.monotonic() - start)
            _say(f"{tried} inputs, {rate:.0f}/s, {dict(outcomes)}")
    elapsed = time.monotonic() - start
    _say(
        f"\n{args.target}: {tried} inputs in {elapsed / 60:.1f} min (seed {args.seed}): "
        f"{outcomes['read']} read, {outcomes['refused']} refused with an allowed "
        f"error, {outcomes['known']} known gaps, {outcomes['FAILED']} failed"
    )
    for where, paths in sorted(failures.items(), key=lambda x: -len(x[1])):
        saved = [str(p) for p in paths if p != Path()]
        _say(f"  {len(paths):6d} x {where}; e.g. {saved[0] if saved else '-'}")
    return 1 if outcomes["FAILED"] else 0


if __name__ == "__main__":
    sys.exit(main())
