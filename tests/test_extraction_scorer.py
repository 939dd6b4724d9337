"""The token-overlap scorer of benchmarks/extraction.py, on hand-made cases."""

from __future__ import annotations

import pytest

from benchloader import load_benchmark


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("extraction")


def test_identical_texts_score_one(bench):
    text = "The bridge reopens next month, officials said.\n\nRepairs cost 40 million euros."
    s = bench.score(text, text)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_case_whitespace_and_punctuation_do_not_matter(bench):
    s = bench.score("The Bridge reopens, officials said.", "the bridge\n\nREOPENS officials said")
    assert s.f1 == 1.0


def test_disjoint_texts_score_zero(bench):
    s = bench.score("harbour bridge repairs", "football results tonight")
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_known_partial_case(bench):
    # gold tokens a b c d, prediction a b x: overlap 2 -> P 2/3, R 2/4, F1 4/7
    s = bench.score("a b c d", "a b x")
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(1 / 2)
    assert s.f1 == pytest.approx(4 / 7)


def test_tokens_are_a_multiset(bench):
    # a repeated word counts only as often as the gold has it
    s = bench.score("the cat sat", "the the the cat")
    assert s.precision == pytest.approx(2 / 4)
    assert s.recall == pytest.approx(2 / 3)


def test_empty_cases(bench):
    assert bench.score("", "").f1 == 1.0
    assert bench.score("some gold text", "").f1 == 0.0
    assert bench.score("", "some predicted text").f1 == 0.0


def test_shingles(bench):
    # bigrams: gold (a b)(b c)(c d), prediction (a b)(b c)(c x) -> 2 of 3 each way
    s = bench.score("a b c d", "a b c x", ngram=2)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)


def test_summary_means_count_failures_as_zero(bench):
    scores = [bench.score("a b", "a b"), bench.score("a b", "")]
    summary = bench.summarize("run", scores, failures=1, seconds=0.0)
    assert summary.f1 == pytest.approx(0.5)
    assert summary.precision == pytest.approx(0.5)
    assert summary.failures == 1 and summary.pages == 2
