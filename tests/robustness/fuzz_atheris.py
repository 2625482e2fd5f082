"""Coverage-guided fuzzing with atheris (optional; not part of the test suite).

atheris (libFuzzer for Python) is not a dependency of gtgraph; install it where
you run this::

    pip install atheris
    python tests/robustness/fuzz_atheris.py --target native -- -max_total_time=600

It starts from the same valid files as the other fuzzers (``fuzzing.py``) and
applies the same rule: only the allowed errors may escape the reader, and what
it reads must pass the target's check.  Arguments after ``--`` go to libFuzzer
(``-runs=N``, ``-max_total_time=S``, ``-jobs=N``, a corpus folder, ...).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    """Run atheris on one target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="native")
    args, libfuzzer = parser.parse_known_args()
    libfuzzer = [a for a in libfuzzer if a != "--"]
    sys.path[:0] = [str(HERE), str(ROOT / "tests"), str(ROOT)]
    try:
        import atheris
    except ImportError:
        sys.stderr.write("atheris is not installed: pip install atheris\n")
        return 2
    with atheris.instrument_imports():
        import fuzzing

        import gtgraph.readwrite  # noqa: F401 - instrumented for coverage

    target = fuzzing.TARGETS[args.target]
    folder = Path(tempfile.mkdtemp(prefix="gtgraph-atheris-"))
    corpus = folder / "corpus"
    corpus.mkdir()
    for i, data in enumerate(target.corpus()):
        (corpus / f"seed-{i}").write_bytes(data)

    def one_input(data: bytes) -> None:
        fuzzing.run_one(target, data, folder)

    atheris.Setup([sys.argv[0], *libfuzzer, str(corpus)], one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
