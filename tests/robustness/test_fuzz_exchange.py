"""Fuzzing the exchange-format readers (REFI-QDA, CSV, Taguette) with the shared harness."""

from __future__ import annotations

import pytest
from fuzzing import TARGETS, DrawChooser, mutated_input, run_one
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXCHANGE = ["qdc", "qde", "qdpx", "csv", "taguette"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-exchange")


@pytest.mark.parametrize("name", EXCHANGE)
def test_corpus_reads(folder, name):
    """Every file the fuzzers start from reads, and what it gives passes the check."""
    target = TARGETS[name]
    for data in target.corpus():
        assert run_one(target, data, folder) == "read"


@pytest.mark.parametrize("name", EXCHANGE)
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_files(folder, name, data):
    """Damaged files give a GtGraphError or a usable project, nothing else."""
    target = TARGETS[name]
    run_one(target, mutated_input(target, DrawChooser(data)), folder)
