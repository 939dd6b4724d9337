"""The per-article work on a Dask cluster gives the report of a local run, byte for byte, connecting
once per run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfuse.cli import DEMO_INPUTS, main
from newsfuse.config import NlpSettings
from newsfuse.errors import NewsfuseError
from newsfuse.nlp import dask_workers
from newsfuse.nlp.dask_workers import parse_on_dask


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_local_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    connects = []
    connect = dask_workers._connect
    monkeypatch.setattr(dask_workers, "_connect",
                        lambda address, *rest: connects.append(address) or connect(address, *rest))
    inputs = [str(p) for p in DEMO_INPUTS]
    reports = {}
    for name, extra in (("local", ["--workers", "1"]), ("dask", ["--dask", "local:2"])):
        out = tmp_path / f"{name}.json"
        # small batches: a run of several, which must share one cluster
        result = CliRunner().invoke(main, ["analyze", *inputs, "--no-db", "--format", "json", "--out", str(out),
                                           "--batch-chars", "6000", *extra])
        assert result.exit_code == 0, result.output
        reports[name] = out.read_bytes()
    assert reports["dask"] == reports["local"]
    assert connects == ["local:2"]


@pytest.mark.parametrize("address", ["local:x", "local:0"])
def test_a_bad_cluster_address_is_an_error_not_a_crash(address: str) -> None:
    from newsfuse.types import Article

    article = Article(id="a", source="s", url=None, title=None, published=None, text="Text of the article.")
    with pytest.raises(NewsfuseError):
        list(parse_on_dask([article], NlpSettings(), address))


@pytest.mark.slow
def test_a_local_cluster_parses_without_torch_and_leaves_embedding_here() -> None:
    from newsfuse.nlp.dask_workers import DaskWorkers
    from newsfuse.types import Article

    article = Article(id="a", source="s", url=None, title=None, published="2021-03-02",
                      text="Two people were hurt in a crash on the bridge on Monday, police said.")
    workers = DaskWorkers("local:1", NlpSettings().model)
    try:
        assert not workers.embeds
        # spaCy's thinc would import torch; the worker's preload turned it away
        loaded = workers.client.run(lambda: __import__("sys").modules.get("torch") is not None)
        parsed = list(workers.parse([article], NlpSettings()))
        loaded_after = workers.client.run(lambda: __import__("sys").modules.get("torch") is not None)
    finally:
        workers.close()
    assert parsed and parsed[0].sentences
    assert list(loaded.values()) == [False] and list(loaded_after.values()) == [False]
