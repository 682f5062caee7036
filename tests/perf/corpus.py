"""Deterministic synthetic corpus in the Hugging Face "Daily Papers" page-text format.

Text comes from a word-bigram model trained on the real abstracts and titles in
``tests/fixtures/hf-api`` (or ``--source``, e.g. the full 157-day corpus of the
development machines), so word frequencies, lengths and phrasing
look like real digests. Everything is seeded: the same ``(n, seed)`` always writes the same
bytes. Papers form one stream: the first ``n`` go into ``digest-NNNNN.txt`` files of ~40
papers (one per day, newest dates last), the next ``daily`` papers into ``daily.txt`` (a new
day's digest to import on top of the library).

    python tests/perf/corpus.py --papers 5000 --out corpus-5k
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import random
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

DEFAULT_SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "hf-api"
PER_FILE = 40
START_DAY = dt.date(2019, 1, 7)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
HEADER = [
    "new", "", "Get trending papers in your email inbox!", "", "Subscribe", "",
    "Daily Papers", "", "byAK and the research community", "",
]  # fmt: skip


def _clean(text: str) -> str:
    text = " ".join(text.split())
    # Drop URLs and LaTeX-mangled URL debris: links are added deliberately below.
    return " ".join(w for w in text.split() if "http" not in w and "{" not in w and "}" not in w)


def load_texts(source: Path = DEFAULT_SOURCE) -> tuple[list[str], list[str]]:
    """(titles, abstracts) of the real corpus, whitespace-normalised, de-duplicated."""
    titles: dict[str, None] = {}
    abstracts: dict[str, None] = {}
    for path in sorted(source.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data = data.get("data") or []
        for item in data:
            if isinstance(item, str):
                try:
                    item = ast.literal_eval(item)
                except (ValueError, SyntaxError):
                    continue
            if not isinstance(item, dict):
                continue
            paper = item.get("paper", item)
            title = paper.get("title") or item.get("title")
            summary = paper.get("summary") or item.get("summary")
            if title:
                titles[_clean(title)] = None
            if summary:
                abstracts[_clean(summary)] = None
    if not abstracts:
        raise SystemExit(f"no abstracts found in {source}")
    return list(titles), list(abstracts)


class Bigram:
    """Word bigram chain; ``.`` at the end of a word ends a sentence."""

    def __init__(self, texts: list[str]) -> None:
        nxt: dict[str, list[str]] = defaultdict(list)
        starts: list[str] = []
        for text in texts:
            words = text.split()
            if not words:
                continue
            starts.append(words[0])
            for a, b in zip(words, words[1:]):
                nxt[a].append(b)
                if a.endswith("."):
                    starts.append(b)
        self.next = {k: v for k, v in nxt.items()}
        self.starts = starts

    def walk(self, rnd: random.Random, min_chars: int, max_chars: int, sentence: bool) -> str:
        out: list[str] = []
        size = 0
        word = rnd.choice(self.starts)
        while True:
            out.append(word)
            size += len(word) + 1
            if sentence and size >= min_chars and word.endswith("."):
                break
            if size >= max_chars:
                break
            choices = self.next.get(word)
            if not choices or (sentence and word.endswith(".") and rnd.random() < 0.02):
                word = rnd.choice(self.starts)
            else:
                word = rnd.choice(choices)
        text = " ".join(out)
        if sentence and not text.endswith("."):
            text = text.rstrip(",;:") + "."
        return text


def _norm_title(title: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", title).casefold() if ch.isalnum())


_SYLLABLES = ["ra", "ko", "mi", "ta", "zen", "vo", "lu", "qi", "dex", "nor", "pa", "sy", "gen",
              "fla", "mo", "tri", "ven", "xa", "lo", "cor"]


def _name(rnd: random.Random, parts: int) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(parts))


class Generator:
    def __init__(self, seed: int = 1, source: Path = DEFAULT_SOURCE) -> None:
        titles, abstracts = load_texts(source)
        self.rnd = random.Random(seed)
        self.title_chain = Bigram([t.rstrip(".") for t in titles])
        self.abstract_chain = Bigram(abstracts)
        self.seen: set[str] = set()

    def title(self) -> str:
        rnd = self.rnd
        while True:
            words = self.title_chain.walk(rnd, 0, rnd.randint(55, 85), sentence=False).split()
            words = [w.rstrip(".,;:") for w in words[:12]]
            text = " ".join(w for w in words if w)
            if rnd.random() < 0.35:
                acronym = _name(rnd, rnd.randint(2, 3)).capitalize()
                text = f"{acronym}: {text}"
            key = _norm_title(text)
            if key and key not in self.seen and len(text.split()) >= 4:
                self.seen.add(key)
                return text

    def abstract(self) -> str:
        rnd = self.rnd
        body = self.abstract_chain.walk(rnd, rnd.randint(1050, 1300), 1500, sentence=True)
        links = rnd.choices([0, 1, 2], weights=[55, 33, 12])[0]
        for n in range(links):
            owner = _name(rnd, rnd.randint(2, 4))
            repo = _name(rnd, rnd.randint(2, 3)).capitalize()
            url = f"https://github.com/{owner}/{repo}"
            form = rnd.random()
            if form < 0.15:
                url = f"{url}{{{url}}}"  # the LaTeX-mangled form seen in real digests
            lead = "Code is available at" if n == 0 else "Models and data:"
            body += f" {lead} {url}."
        return body

    def entry(self, day: dt.date) -> str:
        rnd = self.rnd
        title = self.title()
        abstract = self.abstract()
        authors = max(1, int(rnd.lognormvariate(1.6, 0.6)))
        published = day - dt.timedelta(days=rnd.choice([0, 1, 1, 2, 3, 7]))
        date = f"{MONTHS[published.month - 1]} {published.day}, {published.year}"
        upvotes = int(rnd.paretovariate(1.3)) - 1
        if upvotes > 0:
            date += f" {min(upvotes, 2000)}"
        return f"{title}\n\n{abstract}\n\n  • {authors} authors\n·\n{date}\n"


def page(day: dt.date, entries: list[str]) -> str:
    head = "\n".join(HEADER) + f"\n{MONTHS[day.month - 1]} {day.day}, {day.year}\n\n"
    return head + "\n".join(entries)


def generate(out: Path, papers: int, seed: int = 1, daily: int = 40,
             source: Path = DEFAULT_SOURCE) -> tuple[list[Path], Path]:
    """Write the corpus (reusing it when ``out`` already holds this exact corpus)."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / "CORPUS.json"
    sources = sorted(f"{p.name}:{p.stat().st_size}" for p in source.glob("*.json"))
    spec = {"papers": papers, "seed": seed, "daily": daily, "per_file": PER_FILE, "version": 1,
            "source": sources}
    files = [out / f"digest-{i:05d}.txt" for i in range((papers + PER_FILE - 1) // PER_FILE)]
    daily_path = out / "daily" / "daily.txt"
    if stamp.exists() and json.loads(stamp.read_text()) == spec and all(f.exists() for f in files):
        return files, daily_path
    for old in out.glob("digest-*.txt"):
        old.unlink()
    gen = Generator(seed, source)
    written = 0
    for number, path in enumerate(files):
        day = START_DAY + dt.timedelta(days=number)
        count = min(PER_FILE, papers - written)
        path.write_text(page(day, [gen.entry(day) for _ in range(count)]), encoding="utf-8")
        written += count
    daily_path.parent.mkdir(exist_ok=True)
    day = START_DAY + dt.timedelta(days=len(files))
    daily_path.write_text(page(day, [gen.entry(day) for _ in range(daily)]), encoding="utf-8")
    stamp.write_text(json.dumps(spec))
    return files, daily_path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = ap.parse_args(argv)
    files, daily = generate(args.out, args.papers, args.seed, source=args.source)
    print(f"{len(files)} files, daily digest {daily}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
