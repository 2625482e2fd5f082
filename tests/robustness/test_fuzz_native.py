"""Fuzzing the project-file reader: damaged files give FormatError or a usable project."""

from __future__ import annotations

import json

import pytest
from fuzzing import (
    JSON_TOKENS,
    NATIVE,
    DrawChooser,
    check_project,
    encode_json,
    mutate_bytes,
    mutate_json,
    mutated_input,
    native_corpus,
    run_one,
)
from hypothesis import given
from hypothesis import strategies as st
from strategies import projects

from gtgraph.readwrite import dumps


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def test_corpus_is_valid(folder):
    """Every file the fuzzers start from loads and passes the check unchanged."""
    corpus = native_corpus()
    assert len(corpus) >= 3
    for data in corpus:
        assert run_one(NATIVE, data, folder) == "read"


@given(data=st.data())
def test_damaged_bytes(folder, data):
    """Bit flips, truncation, deletions, duplications, invalid UTF-8 and hostile tokens."""
    choose = DrawChooser(data)
    seed = choose.choice(native_corpus())
    run_one(NATIVE, mutate_bytes(seed, choose, tokens=JSON_TOKENS), folder)


@given(data=st.data())
def test_structural_edits(folder, data):
    """Wrong types, huge numbers, deep nesting, duplicate ids, dangling references, swaps."""
    choose = DrawChooser(data)
    doc = json.loads(choose.choice(native_corpus()))
    run_one(NATIVE, encode_json(mutate_json(doc, choose), choose), folder)


@given(project=projects(max_sources=3, max_codes=4), data=st.data())
def test_edits_of_generated_projects(folder, project, data):
    """Structural edits of projects built through the API (every shape the API makes)."""
    choose = DrawChooser(data)
    doc = json.loads(dumps(project))
    run_one(NATIVE, encode_json(mutate_json(doc, choose, max_edits=2), choose), folder)


@given(data=st.data())
def test_mixed_mutations(folder, data):
    """The long run's input generator, under Hypothesis so that failures shrink."""
    run_one(NATIVE, mutated_input(NATIVE, DrawChooser(data)), folder)


@given(project=projects())
def test_check_holds_for_valid_projects(project):
    """The check applied to every loaded project holds for projects built through the API."""
    check_project(project)
