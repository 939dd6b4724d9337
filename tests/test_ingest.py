from __future__ import annotations

import json
from pathlib import Path

from newsfuse.ingest import load_inputs
from newsfuse.ingest.records import normalize_published
from newsfuse.ingest.text import decode, split_title

BODY = ("The regional council voted on Thursday to close the old ferry terminal after inspectors found "
        "serious corrosion in its main pier, officials said.")


def test_txt_title_and_body(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Council Closes Ferry Terminal\n\n{BODY}\n", encoding="utf-8")
    result = load_inputs([tmp_path])
    [article] = result.articles
    assert article.title == "Council Closes Ferry Terminal"
    assert article.text == BODY
    assert article.source == "a"
    assert result.rejected == ()


def test_txt_first_line_sentence_is_not_a_title(seeds_dir: Path) -> None:
    result = load_inputs([seeds_dir])
    assert len(result.articles) == 5
    titled = [a for a in result.articles if a.title]
    assert len(titled) == 4  # one seed starts directly with its first sentence
    untitled = next(a for a in result.articles if not a.title)
    assert untitled.text.split("\n")[0].endswith(".")


def test_jsonl_fields_metadata_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "x1", "source": "Daily Test", "url": "https://t.test/1", "title": "A title",
                    "published": "2024-03-05T10:00:00+01:00", "text": BODY, "author": "R. Writer"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "x2", "source": "Daily Test"}),
        json.dumps({"id": "x3", "source": 7, "text": BODY}),
        "",
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = load_inputs([tmp_path / "in.jsonl"])
    [article] = result.articles
    assert article.id == "x1"
    assert article.published == "2024-03-05T09:00:00Z"
    assert article.metadata["author"] == "R. Writer"
    reasons = {r.input.rsplit(":", 1)[1]: r.reason for r in result.rejected}
    assert "malformed JSON" in reasons["2"]
    assert "JSON object" in reasons["3"]
    assert "neither 'text' nor 'html'" in reasons["4"]
    assert "'source' must be a string" in reasons["5"]


def test_bad_files_are_rejected_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "good.txt").write_text(f"Title Here\n\n{BODY}", encoding="utf-8")
    result = load_inputs([tmp_path, tmp_path / "missing.txt", "https://example.test/x"])
    assert [a.source for a in result.articles] == ["good"]
    reasons = {Path(r.input).name: r.reason for r in result.rejected}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "unsupported file type .png" in reasons["image.png"]
    assert "no such file" in reasons["missing.txt"]


def test_encodings() -> None:
    text = "Café owners in Zürich said prices rose."
    assert decode(text.encode("utf-16")) == text
    assert decode(text.encode("cp1252")) == text
    assert decode("\ufeff".encode() + text.encode()) == text


def test_order_and_duplicates_do_not_matter(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(f"Same Title\n\n{BODY} {name}", encoding="utf-8")
    first = load_inputs([tmp_path / "a.txt", tmp_path / "b.txt"])
    second = load_inputs([tmp_path / "b.txt", tmp_path / "a.txt", tmp_path / "a.txt"])
    assert first == second


def test_split_title_and_dates() -> None:
    assert split_title("Headline\nBody text.") == ("Headline", "Body text.")
    assert split_title("One sentence only.\nMore.")[0] is None
    assert normalize_published("2017-09-05") == "2017-09-05"
    assert normalize_published("5 September 2017") == "2017-09-05"
    assert normalize_published("0001-01-01") is None
    assert normalize_published("not a date at all") is None


def test_a_body_of_page_furniture_only_is_rejected_saying_what_was_cut(tmp_path: Path) -> None:
    from newsfuse.config import Settings
    from newsfuse.pipeline import prepare

    record = {"id": "v1", "source": "Kestrel Star", "title": "Harbour teen hurt in fall",
              "text": "1:24 Drone footage of the harbour at dawn\n2:05 Council meets on the budget"}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    kept, rejected = prepare(load_inputs([path]).articles, Settings())
    assert kept == []
    assert [r.reason for r in rejected] == [
        "nothing left after removing boilerplate: 2 lines cut, the first '1:24 Drone footage of the harbour at dawn'"]
