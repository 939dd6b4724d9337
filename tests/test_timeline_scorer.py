"""The temporal-awareness scorer of benchmarks/timeline.py (SemEval-2015 Task 4), on toy timelines."""

from __future__ import annotations

import pytest

from benchloader import load_benchmark


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("timeline")


GOLD = """Acme
0\tXXXX-XX-XX\t9-4-planned
1\t2005-01-18\t1-2-unveiled\t1-0-unveils
2\t2005-06-XX\t2-3-ordered
2\t2005-06-XX\t2-5-paid
3\t2007-XX-XX\t3-1-delivered
"""


def test_parse_timeline_reads_ranks_dates_and_coreferent_mentions(bench):
    entries = bench.parse_timeline(GOLD)
    assert len(entries) == 5
    assert entries[1] == bench.Entry(1, "2005-01-18", ("1-2-unveiled", "1-0-unveils"))
    assert entries[0].rank == 0


def test_identical_timelines_score_one(bench):
    gold = bench.parse_timeline(GOLD)
    c = bench.score_timeline(gold, gold)
    assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0)
    assert c.r_all > 0


def test_conversion_follows_the_task_rules(bench):
    rels = set(bench.timeline_relations(bench.parse_timeline(GOLD)))
    assert ("e:1-0-unveils", "SIMULTANEOUS", "e:1-2-unveiled") in rels  # coreferent mentions
    assert ("e:1-2-unveiled", "SIMULTANEOUS", "t:2005-01-18") in rels  # anchor
    assert ("e:2-3-ordered", "SIMULTANEOUS", "e:2-5-paid") in rels  # same rank
    assert ("e:1-2-unveiled", "BEFORE", "e:2-3-ordered") in rels  # consecutive ranks
    assert not any("9-4-planned" in r[0] + r[2] for r in rels if r[1] == "BEFORE")  # rank 0 is not ordered


def test_closure_and_reduction(bench):
    g = bench.Graph([("a", "BEFORE", "b"), ("b", "BEFORE", "c"), ("a", "BEFORE", "c"), ("c", "SIMULTANEOUS", "d")])
    assert g.implies(("a", "BEFORE", "d"))
    assert not g.implies(("d", "BEFORE", "a"))
    assert not g.implies(("a", "BEFORE", "zz"))
    assert ("a", "BEFORE", "c") not in g.reduced()  # implied through b
    assert len(g.reduced()) == 3


def test_reversed_order_scores_only_the_anchors(bench):
    gold = (bench.Entry(1, "2001-XX-XX", ("1-1-a",)), bench.Entry(2, "2002-XX-XX", ("1-2-b",)))
    wrong = (bench.Entry(1, "2001-XX-XX", ("1-2-b",)), bench.Entry(2, "2002-XX-XX", ("1-1-a",)))
    c = bench.score_timeline(gold, wrong)
    # Gold reduced graph: a=t2001, b=t2002, a<b; the system holds none of them.
    assert (c.r_hit, c.r_all) == (0, 3)
    assert (c.p_hit, c.p_all) == (0, 3)
    assert c.f1 == 0.0


def test_partial_timeline_known_counts(bench):
    gold = bench.parse_timeline(GOLD)
    system = (bench.Entry(1, "2005-01-18", ("1-2-unveiled",)), bench.Entry(2, "2007-XX-XX", ("3-1-delivered",)))
    c = bench.score_timeline(gold, system)
    # System reduced: unveiled=t2005-01-18, delivered=t2007-XX-XX, unveiled<delivered: 3, all in the gold closure.
    assert (c.p_hit, c.p_all) == (3, 3)
    # Gold reduced: 1 coreference + 3 anchors + 1 same-rank + 2 consecutive BEFORE = 7; the system closure holds
    # unveiled=t2005-01-18 and delivered=t2007-XX-XX.
    assert (c.r_hit, c.r_all) == (2, 7)
    assert c.f1 == pytest.approx(2 * 1.0 * (2 / 7) / (1.0 + 2 / 7))


def test_micro_counts_add_up(bench):
    a, b = bench.Counts(1, 2, 3, 4), bench.Counts(1, 0, 1, 4)
    total = a + b
    assert (total.precision, total.recall) == (1.0, 0.5)


def test_rank_events_and_task_dates(bench):
    entries = bench.rank_events([("2005-XX-XX", ("1-1-x",)), (None, ("1-2-y",)), ("2004-05-XX", ("1-3-z",)),
                                 ("2005-XX-XX", ("1-4-w",))])
    assert [(e.rank, e.mentions[0]) for e in entries] == [(0, "1-2-y"), (1, "1-3-z"), (2, "1-1-x"), (2, "1-4-w")]
    assert bench.task_date("2005-01") == "2005-01-XX"
    assert bench.task_date("2005") == "2005-XX-XX"
    assert bench.task_date(None) is None


def test_detokenize_and_align(bench):
    tokens = [bench.Token(1, t) for t in ["Boeing", "said", "(", "on", "Monday", ")", "it", "won", "."]]
    text = bench.detokenize([t.text for t in tokens])
    assert text == "Boeing said (on Monday) it won."
    aligned = bench.align_tokens(text, tokens)
    assert len(aligned) == len(tokens)
    assert bench.sentences_in(aligned, 0, len(text)) == [1]
