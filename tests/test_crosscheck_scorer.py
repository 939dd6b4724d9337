"""The crosscheck benchmark's scoring functions on toy inputs (no pipeline run)."""

from __future__ import annotations

from benchloader import load_benchmark

cc = load_benchmark("crosscheck")


def gq(id_, start, end, qual, low, high, speaker=None, fact=None, doc="d"):
    return cc.GoldQuantity(id_, doc, start, end, qual, low, high, speaker, fact)


def sc(id_, start, end, qual, low, high, value=None, speakers=(), fact=None, status=None, doc="d"):
    return cc.SystemClaim(id_, doc, start, end, qual, value, low, high, tuple(speakers), fact, status)


def test_values_agree_per_qualifier() -> None:
    assert cc.values_agree(gq("g", 0, 3, "exact", 200, 200), sc("c", 0, 3, "exact", 200.0, 200.0, 200.0))
    assert not cc.values_agree(gq("g", 0, 3, "exact", 200, 200), sc("c", 0, 3, "exact", 210.0, 210.0))
    assert cc.values_agree(gq("g", 0, 3, "at_least", 200, None), sc("c", 0, 3, "at_least", 200.0, None))
    assert not cc.values_agree(gq("g", 0, 3, "at_least", 200, None), sc("c", 0, 3, "more_than", 200.0, None))
    assert cc.values_agree(gq("g", 0, 3, "about", 70, 70), sc("c", 0, 3, "about", 63.0, 77.0, 70.0))
    assert not cc.values_agree(gq("g", 0, 3, "about", 70, 70), sc("c", 0, 3, "exact", 70.0, 70.0, 70.0))
    assert cc.values_agree(gq("g", 0, 3, "at_most", None, 3), sc("c", 0, 3, "at_most", 2.4, 3.0))
    assert cc.values_agree(gq("g", 0, 3, "range", 30, 40), sc("c", 0, 3, "about", 30.0, 40.0))
    assert cc.values_agree(gq("g", 0, 3, "vague", None, None), sc("c", 0, 3, "vague", 2.0, None))
    assert not cc.values_agree(gq("g", 0, 3, "vague", 200000, 999999), sc("c", 0, 3, "vague", 2000.0, 9999.0))
    assert cc.values_agree(gq("g", 0, 3, "exact", 1000, 1000), sc("c", 0, 3, "exact", 1005.0, 1005.0))  # within 1%


def test_speaker_containment() -> None:
    assert cc.speaker_matches(["Russian Defense Ministry"], ["the ministry"])
    assert cc.speaker_matches(["Sergey Rudskoy"], ["General Sergey Rudskoy"])
    assert cc.speaker_matches(["Syria's government news agency"], ["Syria’s government news agency"])
    assert not cc.speaker_matches(["SANA"], ["Syria’s official news agency"])
    assert not cc.speaker_matches(["RT"], ["report"])  # words, not substrings
    assert not cc.speaker_matches(["police"], ["", "the"])


def test_matching_quantities_and_speakers() -> None:
    gold = [gq("g1", 10, 22, "at_least", 200, None, ("Russian Defense Ministry",)),
            gq("g2", 50, 59, "about", 70, 70, ("Syrian Observatory",)),
            gq("g3", 80, 84, "exact", 4, 4)]
    system = [sc("c1", 19, 22, "at_least", 200.0, None, speakers=("the Defense Ministry",)),
              sc("c2", 50, 59, "about", 63.0, 77.0, 70.0, speakers=("Reuters",)),
              sc("c3", 100, 102, "exact", 24.0, 24.0)]
    m = cc.match_quantities(gold, system)
    assert m == {"g1": "c1", "g2": "c2"}
    q = cc.score_quantities(gold, system, m)
    assert (q.precision, q.recall) == (2 / 3, 2 / 3)
    s = cc.score_speakers(gold, system, m)
    assert (s.tp_p, s.n_pred, s.n_gold) == (1, 2, 2)


def test_fact_pairs_and_status() -> None:
    gold = [gq("a", 0, 2, "exact", 1, 1, fact="F"), gq("b", 5, 7, "exact", 1, 1, fact="F"),
            gq("c", 9, 11, "exact", 1, 1, fact="F"), gq("d", 20, 22, "exact", 5, 5)]
    system = [sc("x", 0, 2, "exact", 1.0, 1.0, fact="S1", status="corroborated"),
              sc("y", 5, 7, "exact", 1.0, 1.0, fact="S1", status="corroborated"),
              sc("z", 9, 11, "exact", 1.0, 1.0, fact="S2", status="single"),
              sc("w", 20, 22, "exact", 5.0, 5.0, fact="S2", status="single")]
    m = cc.match_quantities(gold, system)
    f = cc.score_fact_pairs(gold, system, m)
    assert (f.tp_p, f.n_pred, f.n_gold) == (1, 2, 3)  # a-b right, c-d wrong; a-c, b-c missed
    right, scored, detail = cc.score_status(gold, system, m, {"F": "corroborated"})
    assert (right, scored) == (1, 1)  # F is split (not scored); singleton d is in one system fact, status single
    system[2] = sc("z", 9, 11, "exact", 1.0, 1.0, fact="S1", status="corroborated")
    system[3] = sc("w", 20, 22, "exact", 5.0, 5.0, fact="S3", status="single")
    right, scored, _ = cc.score_status(gold, system, cc.match_quantities(gold, system), {"F": "corroborated"})
    assert (right, scored) == (2, 2)


def test_locate_and_map_span() -> None:
    raw = "Headline 200\n\nThey said at least 200 died, and 200 more fled."
    clean = "They said at least 200 died, and 200 more fled."
    assert cc.locate(raw, "200", 3) == (raw.rindex("200"), raw.rindex("200") + 3)
    assert cc.locate(raw, "200", 4) is None
    s, e = cc.locate(raw, "at least 200", 1)
    assert clean[slice(*cc.map_span(raw, clean, s, e))] == "at least 200"


def test_detokenize_rejoins_numbers() -> None:
    assert cc.detokenize(["home", "to", "120", ",", "000", "people"]) == "home to 120,000 people"
    assert cc.detokenize(["The", "6", ".", "1", "-", "magnitude", "quake"]) == "The 6.1-magnitude quake"
