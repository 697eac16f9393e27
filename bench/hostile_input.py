"""The board's comparison, Markdown rendering and the reading grade against input size.

    python bench/hostile_input.py [--sizes 6000 12000 25000 50000 100000]

For each size (characters) it prints seconds for:
  diff-one-word   a text of a few words repeated, one word changed in the middle (the case that
                  took 117 s at 100k before: SequenceMatcher is quadratic in repeated words)
  diff-two-ends   the same text changed at its start and its end (nothing to trim)
  diff-paras      the text in many short repeated paragraphs, every tenth one changed
  render          Markdown to safe HTML of the text
  brackets        Markdown of "![" repeated size/2 times (the live preview's worst case)
  emphasis        Markdown of "*a " repeated size/3 times (a preview refuses more than 5,000
                  asterisks and underscores before parsing; this is the renderer's own cost)
  grade           the reading grade of the text
and whether the comparison fell back to a coarser one. Needs no database.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editorial.settings.test")

import django  # noqa: E402

django.setup()

from articles.rendering import render_markdown  # noqa: E402
from workspace.diff import compare_markdown  # noqa: E402
from workspace.readability import reading_grade  # noqa: E402

WORDS = ["the", "dose", "of", "ibuprofen", "is", "taken", "with", "food", "and", "water."]


def text_of(size, seed=1):
    rng = random.Random(seed)
    words, length = [], 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return words


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def run(sizes):
    columns = ["diff-one-word", "diff-two-ends", "diff-paras", "render", "brackets", "emphasis", "grade"]
    print(f"{'chars':>8} " + " ".join(f"{c:>14}" for c in columns) + "  coarse")
    worst = {}
    reading_grade(" ".join(text_of(1000)))  # load the hyphenation dictionary once
    for size in sizes:
        words = text_of(size)
        old = " ".join(words)
        middle = words[:]
        middle[len(middle) // 2] = "paracetamol"
        ends = words[:]
        ends[0], ends[-1] = "Paracetamol", "milk."
        paragraphs = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
        changed = [p + " again" if i % 10 == 0 else p for i, p in enumerate(paragraphs)]
        figures, coarse = {}, []
        figures["diff-one-word"], one = timed(compare_markdown, old, " ".join(middle))
        figures["diff-two-ends"], two = timed(compare_markdown, old, " ".join(ends))
        figures["diff-paras"], paras = timed(compare_markdown, "\n\n".join(paragraphs), "\n\n".join(changed))
        figures["render"], _ = timed(render_markdown, old)
        figures["brackets"], _ = timed(render_markdown, "![" * (size // 2))
        figures["emphasis"], _ = timed(render_markdown, "*a " * (size // 3))
        figures["grade"], _ = timed(reading_grade, old)
        coarse = [name for name, diff in (("one", one), ("ends", two), ("paras", paras)) if diff.coarse]
        print(
            f"{size:>8} " + " ".join(f"{figures[c]:>14.3f}" for c in columns) + f"  {','.join(coarse) or '-'}"
        )
        for name, seconds in figures.items():
            worst[name] = max(worst.get(name, 0), seconds)
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6000, 12000, 25000, 50000, 100000])
    args = parser.parse_args()
    worst = run(args.sizes)
    # The page budgets: a compare page under 2 s, a live preview under 1 s.
    slow = [n for n, s in worst.items() if s > (2.0 if n.startswith("diff") else 1.0)]
    if slow:
        print("Over budget:", ", ".join(slow))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
