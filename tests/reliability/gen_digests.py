"""A tiny deterministic generator of Hugging Face "Daily Papers" page-text digests.

``write_digests(folder, files=60, papers=40, seed=0)`` writes ``day-000.txt`` … with
``papers`` entries each. Entries are drawn from a shared pool, so later files re-see papers of
earlier ones (the merge path of an import runs, not only inserts); about a third carry a GitHub
link. The same arguments always give the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

_WORDS = [
    "attention", "diffusion", "transformer", "sparse", "efficient", "scalable", "robust", "latent",
    "policy", "agent", "retrieval", "reasoning", "vision", "language", "multimodal", "token",
    "graph", "kernel", "gradient", "quantized", "benchmark", "alignment", "reward", "planning",
    "memory", "equivariant", "contrastive", "adaptive", "neural",
]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def pool_title(number: int) -> str:
    rng = random.Random(number * 7919)
    words = " ".join(rng.choice(_WORDS).capitalize() for _ in range(5))
    return f"P{number:05d}: {words} Models"


def pool_abstract(number: int) -> str:
    rng = random.Random(number * 104729)
    sentences = []
    for _ in range(4):
        sentences.append(" ".join(rng.choice(_WORDS) for _ in range(14)).capitalize() + ".")
    if number % 3 == 0:
        sentences.append(f"Code is available at https://github.com/lab{number % 17}/repo{number}.")
    return " ".join(sentences)


def digest_text(day: int, numbers: list[int]) -> str:
    month = _MONTHS[day % 12]
    parts = ["Daily Papers", "byAK and the research community", f"{month} {1 + day % 28}"]
    for number in numbers:
        parts.append(pool_title(number))
        parts.append(pool_abstract(number))
        votes = (number * 31) % 200
        parts.append(f"  • {1 + number % 9} authors\n·\n{month} {1 + number % 28}, 2024 {votes}")
    return "\n\n".join(parts) + "\n"


def file_numbers(day: int, papers: int, seed: int = 0, pool: int | None = None) -> list[int]:
    """Which pool papers the ``day``-th file lists (distinct within a file)."""
    rng = random.Random(f"{seed}:{day}")
    size = pool if pool is not None else max(papers * 8, 200)
    return rng.sample(range(size), papers)


def write_digests(folder: Path, files: int = 60, papers: int = 40, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for day in range(files):
        path = folder / f"day-{day:03d}.txt"
        path.write_text(digest_text(day, file_numbers(day, papers, seed, pool=papers * 25)),
                        encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "generated-digests")
    print(f"wrote {len(write_digests(target))} files to {target}")
