"""Generate a fuzz corpus of hostile inputs for newsfuse's ingest, next to a few good articles.

Usage as a script:  python tests/fuzzgen.py OUT_DIR [--seed N] [--scale K]
As a module:        manifest = generate(out_dir, seed=0, scale=1)

Every generated file is recorded in the manifest with what must happen to it:
  "reject"  every input it holds (the file, or each line of a .jsonl) must be rejected with a reason;
  "any"     it may be read or rejected, but must be accounted for and must not crash the run.
Good articles are not generated: the caller copies real ones in beside the corpus.
The corpus is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

# A neutral, invented vocabulary for filler text (no corpus sentences are reproduced).
_WORDS = ("council harbour bridge report officials said on monday the after inspectors found water "
          "residents market road school budget week plan river storm police agreed closed opened").split()
_ACCENTED = ("café", "naïve", "résumé", "Zürich", "São", "Kraków", "façade", "“quoted”", "—", "€40")
_HTML_TEMPLATE = ("<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
                  "<style>body{{margin:0}}</style></head><body><nav><a href='/'>Home</a></nav>"
                  "<article><h1>{title}</h1><p>{text}</p></article></body></html>")


@dataclass(slots=True)
class Manifest:
    """What each generated file is and what must become of it."""

    expect: dict[str, str] = field(default_factory=dict)  # file path -> "reject" | "any"
    kind: dict[str, str] = field(default_factory=dict)  # file path -> generator name

    def add(self, path: Path, kind: str, expect: str) -> None:
        self.expect[str(path)] = expect
        self.kind[str(path)] = kind


def generate(out: Path, seed: int = 0, scale: int = 1) -> Manifest:
    """Write the corpus into `out` (created if missing) and return its manifest."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    manifest = Manifest()
    plan = (
        (_random_bytes_txt, 500), (_random_bytes_html, 60), (_truncated_html, 60), (_broken_jsonl, 150),
        (_control_text, 150), (_symbol_soup, 150), (_empty, 100), (_too_short, 150), (_unsupported, 60),
        (_utf16_garbage, 60), (_mixed_encodings, 20), (_bad_feed, 40),
    )
    for make, count in plan:
        for i in range(count * scale):
            path, expect = make(out, rng, i)
            manifest.add(path, make.__name__.lstrip("_"), expect)
    return manifest


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def _random_bytes_txt(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    path = out / f"rand-{i:04d}.txt"
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(300, 3000)))
    if rng.random() < 0.5:  # half without NUL bytes: they must be caught as noise, not by the NUL rule
        data = data.replace(b"\x00", b"\x01")
    path.write_bytes(data)
    return path, "reject"


def _random_bytes_html(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    path = out / f"rand-{i:04d}.html"
    junk = bytes(rng.randrange(1, 256) for _ in range(rng.randrange(300, 3000)))
    path.write_bytes(b"<html><body>" + junk if rng.random() < 0.5 else junk)
    return path, "reject"


def _truncated_html(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    """Pages cut off before their body has a sentence's worth of words."""
    path = out / f"trunc-{i:04d}.htm"
    page = _HTML_TEMPLATE.format(title=_words(rng, 4), text=_words(rng, 60))
    cut = page.index("<p>") + 3 + rng.randrange(0, 25)
    depth = rng.randrange(0, 400)
    path.write_text("<div>" * depth + page[:cut], encoding="utf-8")
    return path, "reject"


def _broken_jsonl(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    path = out / f"broken-{i:04d}.jsonl"
    good = {"id": f"x{i}", "source": "Fuzz", "title": _words(rng, 5), "text": _words(rng, 40)}
    whole = json.dumps(good)
    lines = [
        whole[: rng.randrange(1, len(whole) - 1)],  # truncated record
        json.dumps({**good, "text": rng.choice([7, 1.5, True, ["a"], {"b": 1}])}),  # wrong type
        json.dumps({k: v for k, v in good.items() if k != "text"}),  # no text, no html
        json.dumps(rng.choice([[1, 2], "string", 3, None])),  # not an object
        "[" * rng.randrange(2000, 20000),  # nesting bomb
        "{\"id\": " + "9" * rng.randrange(5000, 9000) + "}",  # integer too long to convert
        json.dumps({**good, "text": "\u0001\u0002\u0003" * 30}),  # nothing but control characters
        json.dumps({**good, "source": rng.choice([1, [], {}])}),
        json.dumps({**good, "published": rng.choice([20250101, ["2025"], {"y": 1}])}),
    ]
    rng.shuffle(lines)
    path.write_text("\n".join(lines[: rng.randrange(3, len(lines) + 1)]) + "\n", encoding="utf-8")
    return path, "reject"


def _control_text(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    path = out / f"ctrl-{i:04d}.txt"
    chars = [rng.choice(_WORDS) + " " if rng.random() < 0.5 else chr(rng.choice([*range(1, 9), 11, 12,
                                                                                   *range(14, 32), 127]))
             for _ in range(rng.randrange(200, 800))]
    path.write_text("".join(chars), encoding="utf-8")
    return path, "reject"


def _symbol_soup(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    path = out / f"soup-{i:04d}.txt"
    path.write_text("".join(rng.choice("0123456789!@#$%^&*()_+-=[]{};:,.<>/?|~ \n") for _ in range(400)),
                    encoding="utf-8")
    return path, "reject"


def _empty(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    suffix = rng.choice([".txt", ".html", ".jsonl", ".rss"])
    path = out / f"empty-{i:04d}{suffix}"
    path.write_text(rng.choice(["", " ", "\n\n", "\t \r\n"]), encoding="utf-8")
    return path, "reject" if suffix != ".jsonl" else "any"  # an empty .jsonl holds no input at all


def _too_short(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    path = out / f"short-{i:04d}.txt"
    path.write_text(_words(rng, rng.randrange(1, 5)), encoding="utf-8")
    return path, "reject"


def _unsupported(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    path = out / f"other-{i:04d}{rng.choice(['.pdf', '.png', '.docx', '', '.exe', '.json'])}"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(64)))
    return path, "reject"


def _utf16_garbage(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    """A UTF-16 byte-order mark followed by bytes that are not UTF-16 text."""
    path = out / f"bom-{i:04d}.txt"
    body = bytes(rng.randrange(256) for _ in range(rng.randrange(200, 1000)))
    path.write_bytes(b"\xff\xfe" + body + (b"\x00" if len(body) % 2 == 0 else b""))
    return path, "reject"


def _mixed_encodings(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    """Text whose words come in UTF-8, cp1252 and latin-1 at random: readable or not, never a crash."""
    path = out / f"mixed-{i:04d}.txt"
    parts = []
    for _ in range(rng.randrange(20, 80)):
        word = rng.choice(_WORDS + list(_ACCENTED))
        encoding = rng.choice(["utf-8", "cp1252", "latin-1"])
        parts.append(word.encode(encoding, errors="replace"))
    path.write_bytes(b" ".join(parts))
    return path, "any"


def _bad_feed(out: Path, rng: random.Random, i: int) -> tuple[Path, str]:
    path = out / f"feed-{i:04d}{rng.choice(['.rss', '.atom', '.xml'])}"
    choices = [
        b"<rss><channel><item><title>cut",  # not well formed
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><rss><channel/></rss>',  # entities
        b"<rss><channel><title>No items</title></channel></rss>",
        b"<html><body>not a feed</body></html>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>x</title></entry></feed>",  # item, nothing in it
    ]
    path.write_bytes(rng.choice(choices))
    return path, "reject"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    manifest = generate(args.out, args.seed, args.scale)
    print(f"{len(manifest.expect)} files written to {args.out}")


if __name__ == "__main__":
    main()
