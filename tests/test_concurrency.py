"""Two `newsfuse ingest` processes writing one store at once must queue, not interleave.

The incremental add reads the clustering state and the stored stories, then writes stories; it holds
the store's write lock from its first read to its commit, so the second process waits and then builds
on the first one's stories. Before, two concurrent ingests left articles in no story or in two, and
later ingests crashed. The articles below are synthetic, written for this test.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.pipeline import ingest
from newsfuse.store import Store
from storelock import write_locked

# As the processes will run (embeddings on unless NEWSFUSE_EMBED=0): the time an incremental add spends
# embedding its articles is what let two adds interleave before.
SETTINGS = Settings.from_env()

# (topic, outlet, day, title, text)
_ARTICLES = {
    "fire": [
        ("Dunmore Courier", "2024-03-05", "Fire destroys Harlan Logistics warehouse in Dunmore",
         "A fire destroyed the Harlan Logistics warehouse on the edge of Dunmore on Tuesday night. Fire Chief "
         "Alan Brecker said forty firefighters fought the blaze for six hours and that nobody was hurt. The "
         "warehouse stored furniture and paper, and smoke drifted over the Dunmore ring road until morning."),
        ("Valley Post", "2024-03-06", "Dunmore warehouse blaze: cause still unknown",
         "Investigators in Dunmore have not found the cause of the fire that gutted the Harlan Logistics "
         "warehouse. Fire Chief Alan Brecker said the roof collapsed shortly after midnight and that crews "
         "kept the flames away from a nearby fuel depot. Harlan Logistics said its drivers would be paid."),
        ("Regional Wire", "2024-03-06", "Harlan Logistics counts losses after Dunmore fire",
         "Harlan Logistics said the fire at its Dunmore warehouse destroyed stock worth two million pounds. "
         "Fire Chief Alan Brecker said firefighters were still damping down hot spots on Wednesday, and the "
         "Dunmore council offered the firm a temporary depot while the warehouse is rebuilt."),
    ],
    "bridge": [
        ("Westholm Gazette", "2024-04-10", "Calder Bridge in Westholm closed after cracks found",
         "The Calder Bridge in Westholm was closed to all traffic on Wednesday after engineers found cracks "
         "in two of its steel girders. Transport Minister Rosa Vell said the bridge would stay shut until "
         "repairs are finished, and that buses would be diverted through the Westholm bypass."),
        ("Valley Post", "2024-04-11", "Westholm commuters face long detours as Calder Bridge shuts",
         "Commuters in Westholm faced detours of up to forty minutes after the Calder Bridge closed. Transport "
         "Minister Rosa Vell told reporters the cracked girders would be replaced within three months and "
         "that a temporary ferry across the Calder river would run from Monday."),
        ("Regional Wire", "2024-04-12", "Minister Rosa Vell promises Calder Bridge repairs",
         "Transport Minister Rosa Vell promised that the Calder Bridge in Westholm would reopen before the "
         "summer. Engineers said the cracks in the girders were caused by corrosion, and the Westholm council "
         "asked for an inspection of every bridge over the Calder river."),
    ],
    "water": [
        ("Pellworth Herald", "2024-05-02", "Boil-water notice for Pellworth after contamination",
         "The Pellworth Water Board told residents to boil their tap water on Thursday after tests found "
         "bacteria at the Pellworth reservoir. Board director Imogen Tarrant said the notice covered twelve "
         "thousand homes and that bottled water would be handed out at the Pellworth market hall."),
        ("Valley Post", "2024-05-03", "Pellworth residents queue for bottled water",
         "Residents of Pellworth queued for bottled water on Friday as the boil-water notice stayed in force. "
         "Imogen Tarrant of the Pellworth Water Board said the reservoir would be flushed and chlorinated, "
         "and that the notice could be lifted after three clean tests."),
        ("Regional Wire", "2024-05-04", "Pellworth Water Board traces bacteria to broken pipe",
         "The Pellworth Water Board said a broken pipe let surface water into the Pellworth reservoir. "
         "Director Imogen Tarrant said the pipe had been repaired and the boil-water notice for Pellworth "
         "homes would stay until tests came back clean."),
    ],
    "strike": [
        ("Ardmoor Echo", "2024-06-17", "Ardmoor teachers walk out over pay",
         "Teachers at eleven schools in Ardmoor went on strike on Monday over pay. The Ardmoor Teachers Union "
         "said its members had rejected a two per cent offer, and union leader Dana Okoro said the strike "
         "would last three days unless the Ardmoor education board improved its offer."),
        ("Valley Post", "2024-06-18", "Ardmoor schools shut on second day of teachers' strike",
         "Schools in Ardmoor stayed shut on Tuesday, the second day of the teachers' strike. Dana Okoro of "
         "the Ardmoor Teachers Union said talks with the education board had broken down, and parents "
         "arranged childcare as the strike over pay went on."),
    ],
    "ferry": [
        ("Harrow Bay Times", "2024-07-08", "Ferry MV Solent Star runs aground in Harrow Bay",
         "The ferry MV Solent Star ran aground on a sandbank in Harrow Bay on Monday morning with two hundred "
         "passengers on board. Coastguard officer Piet Langley said all passengers were taken ashore by "
         "lifeboat and that the ferry would be towed off at high tide."),
        ("Regional Wire", "2024-07-09", "MV Solent Star refloated in Harrow Bay",
         "Tugs refloated the ferry MV Solent Star in Harrow Bay on Tuesday. Coastguard officer Piet Langley "
         "said the hull was not breached, and the ferry operator said sailings from Harrow Bay would resume "
         "once the Solent Star had been inspected."),
    ],
}


def _record(topic: str, number: int) -> dict[str, str]:
    source, day, title, text = _ARTICLES[topic][number]
    return {"id": f"{topic}-{number}", "source": source, "url": f"https://example.test/{topic}/{number}",
            "title": title, "published": day, "text": text}


# The store first holds two stories; then two processes add at once, both to the same new story (water).
_BASE = [("fire", 0), ("fire", 1), ("bridge", 0), ("bridge", 1)]
_FIRST = [("fire", 2), ("water", 0), ("water", 1), ("ferry", 0), ("ferry", 1)]
_SECOND = [("bridge", 2), ("water", 2), ("strike", 0), ("strike", 1)]


def _write(path: Path, records: list[tuple[str, int]]) -> Path:
    path.write_text("".join(json.dumps(_record(*r)) + "\n" for r in records), encoding="utf-8")
    return path


def _membership_problems(db: Path) -> list[str]:
    """Every stored article in exactly one story, whose stored membership matches its own article list."""
    problems = []
    with sqlite3.connect(db) as conn:
        articles = {r[0] for r in conn.execute("SELECT id FROM articles")}
        holders: dict[str, list[str]] = {}
        for story_id, article_id in conn.execute("SELECT story_id, article_id FROM story_articles"):
            holders.setdefault(article_id, []).append(story_id)
        problems += [f"{a} is in {len(holders.get(a, []))} stories" for a in sorted(articles)
                     if len(holders.get(a, [])) != 1]
        for story_id, data in conn.execute("SELECT id, data FROM stories"):
            listed = set(json.loads(data)["article_ids"])
            held = {a for a, stories in holders.items() if story_id in stories}
            if listed != held:
                problems.append(f"story {story_id} lists {sorted(listed)} but holds {sorted(held)}")
    return problems


def _state_problems(db: Path) -> list[str]:
    """The incremental clustering state must count each clustered article once (two interleaved adds
    used to count the same articles twice: wrong document frequencies for every later add)."""
    with sqlite3.connect(db) as conn:
        items = conn.execute("SELECT COUNT(*) FROM cluster_items").fetchone()[0]
        count = int(conn.execute("SELECT value FROM meta WHERE name = 'cluster_count'").fetchone()[0])
        df = dict(conn.execute("SELECT key, df FROM cluster_df"))
        recount = Counter(key for (vector,) in conn.execute("SELECT vector FROM cluster_items")
                          for key in json.loads(vector))
    problems = [] if count == items else [f"cluster_count {count} for {items} clustered articles"]
    wrong = sorted(k for k in df.keys() | recount.keys() if df.get(k) != recount.get(k))
    return problems + ([f"{len(wrong)} wrong document frequencies, e.g. {wrong[:3]}"] if wrong else [])


def _ingest_process(inputs: Path, db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen([sys.executable, "-m", "newsfuse.cli", "ingest", str(inputs), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _cpu_ticks(pid: int) -> int | None:
    """CPU time a process has used so far (Linux /proc; None elsewhere or once it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def _wait_until_blocked(runs: list[subprocess.Popen[str]], limit: float = 240.0) -> None:
    """Wait until every process has stopped using the CPU for a second (all are waiting for the write lock
    the test holds, their inputs parsed), or `limit` seconds; without /proc, a fixed wait."""
    deadline = time.monotonic() + limit
    if _cpu_ticks(runs[0].pid) is None:
        time.sleep(min(limit, 30.0))
        return
    last: list[int | None] = []
    while time.monotonic() < deadline and all(run.poll() is None for run in runs):
        ticks = [_cpu_ticks(run.pid) for run in runs]
        if ticks == last:
            return
        last = ticks
        time.sleep(1.0)


def test_two_concurrent_ingests_queue_and_leave_every_article_in_one_story(tmp_path: Path) -> None:
    base, first, second = (_write(tmp_path / f"{name}.jsonl", records) for name, records in
                           (("base", _BASE), ("first", _FIRST), ("second", _SECOND)))
    db = tmp_path / "shared.sqlite"
    with Store(db) as store:
        ingest([str(base)], store, SETTINGS)
        assert store.story_count() == 2 and store.meta("cluster_state")

    # Both processes start while the test holds the write lock: each loads and parses its inputs, then
    # waits for the lock to store them; let go, their incremental adds start within moments of each other.
    with write_locked(db, seconds=600) as _:
        runs = [_ingest_process(first, db), _ingest_process(second, db)]
        _wait_until_blocked(runs)
        assert all(run.poll() is None for run in runs)
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-3000:]
    assert _membership_problems(db) == [] and _state_problems(db) == []
    with Store(db, readonly=True) as store:
        assert store.article_count() == len(_BASE) + len(_FIRST) + len(_SECOND)
        assert store.unplaced_articles() == [] and store.meta("cluster_state")
        water = store.story_ids_of_articles(["water-0", "water-1", "water-2"])
        assert len({s for ids in water.values() for s in ids}) == 1  # both processes' articles, one story

    # Later ingests carry on (they used to crash), and a rebuild gives the stories of one sequential ingest.
    with Store(db) as store:
        ingest([str(first)], store, SETTINGS)
        assert _state_problems(db) == []
        rebuilt = {s.id: s for s in ingest([str(second)], store, SETTINGS, full=True)[2].stories}
    assert _membership_problems(db) == [] and _state_problems(db) == []
    with Store(tmp_path / "sequential.sqlite") as store:
        sequential = {s.id: s for s in ingest([str(base), str(first), str(second)], store, SETTINGS)[2].stories}
    assert rebuilt == sequential
    assert sorted(sorted(s.article_ids) for s in rebuilt.values()) == [
        ["bridge-0", "bridge-1", "bridge-2"], ["ferry-0", "ferry-1"], ["fire-0", "fire-1", "fire-2"],
        ["strike-0", "strike-1"], ["water-0", "water-1", "water-2"]]
