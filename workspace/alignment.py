"""Aligning two sequences (blocks, sentences, words) in near-linear time on any input.

difflib's SequenceMatcher is quadratic inside long runs of repeated items (0.4 s for 6,000
characters of text, 117 s for 100,000). Here the common prefix and suffix are set aside first
(linear: a one-word change in a long text leaves almost nothing to align), and what is left
is aligned only within a budget: past MAX_COMPARISONS (length × length of the middle parts)
or past the comparison's time budget, `align` returns None and the caller shows a coarser
comparison (sentences, then whole paragraphs) and says so.
"""

import time
from difflib import SequenceMatcher

# The middle parts' length product SequenceMatcher may take on (about 0.1 s at worst).
MAX_COMPARISONS = 1_000_000
SMALL_COMPARISONS = 10_000
# A whole comparison (both wordings) stops aligning finely after this many seconds.
TIME_BUDGET_SECONDS = 0.8


class Budget:
    """The time left for one comparison; `coarse` records that a fallback was used."""

    def __init__(self, seconds=TIME_BUDGET_SECONDS):
        self.deadline = time.monotonic() + seconds
        self.coarse = False

    @property
    def exhausted(self):
        return time.monotonic() > self.deadline


def _common_prefix(a, b):
    limit = min(len(a), len(b))
    index = 0
    while index < limit and a[index] == b[index]:
        index += 1
    return index


def _common_suffix(a, b, prefix):
    limit = min(len(a), len(b)) - prefix
    index = 0
    while index < limit and a[-1 - index] == b[-1 - index]:
        index += 1
    return index


def align(a, b, *, budget=None, max_comparisons=MAX_COMPARISONS, or_replace=False):
    """difflib-style opcodes (tag, a1, a2, b1, b2) turning `a` into `b`, or None when aligning
    the changed middle would cost more than the budget allows (with `or_replace`, the middle
    is then one replacement and the budget is marked coarse)."""
    prefix = _common_prefix(a, b)
    suffix = _common_suffix(a, b, prefix)
    a_mid, b_mid = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    opcodes = []
    if prefix:
        opcodes.append(("equal", 0, prefix, 0, prefix))
    if a_mid and b_mid:
        # A small middle costs nothing to align: only a large one is held to the time budget.
        large = len(a_mid) * len(b_mid) > SMALL_COMPARISONS
        if len(a_mid) * len(b_mid) > max_comparisons or (large and budget is not None and budget.exhausted):
            if not or_replace:
                return None
            budget.coarse = True
            opcodes.append(("replace", prefix, len(a) - suffix, prefix, len(b) - suffix))
        else:
            matcher = SequenceMatcher(a=a_mid, b=b_mid, autojunk=False)
            for tag, a1, a2, b1, b2 in matcher.get_opcodes():
                opcodes.append((tag, a1 + prefix, a2 + prefix, b1 + prefix, b2 + prefix))
    elif a_mid:
        opcodes.append(("delete", prefix, prefix + len(a_mid), prefix, prefix))
    elif b_mid:
        opcodes.append(("insert", prefix, prefix, prefix, prefix + len(b_mid)))
    if suffix:
        opcodes.append(("equal", len(a) - suffix, len(a), len(b) - suffix, len(b)))
    return opcodes


def sentence_spans(keys, texts):
    """(start, end) of each sentence: a run of words ending with . ! or ?"""
    spans, start = [], 0
    for index, text in enumerate(texts):
        if text[-1:] in ".!?":
            spans.append((start, index + 1))
            start = index + 1
    if start < len(keys):
        spans.append((start, len(keys)))
    return spans


def align_words(a_keys, b_keys, a_texts, b_texts, *, budget):
    """Word opcodes; when words are too many to align, sentence by sentence; when even the
    sentences are, one replacement of the whole (the budget is then marked coarse)."""
    opcodes = align(a_keys, b_keys, budget=budget)
    if opcodes is not None:
        return opcodes
    budget.coarse = True
    a_spans, b_spans = sentence_spans(a_keys, a_texts), sentence_spans(b_keys, b_texts)
    a_sentences = [tuple(a_keys[s:e]) for s, e in a_spans]
    b_sentences = [tuple(b_keys[s:e]) for s, e in b_spans]
    sentence_ops = align(a_sentences, b_sentences, budget=budget)
    if sentence_ops is None:
        return [("replace", 0, len(a_keys), 0, len(b_keys))]
    opcodes = []
    for tag, a1, a2, b1, b2 in sentence_ops:
        wa1, wa2 = (a_spans[a1][0], a_spans[a2 - 1][1]) if a2 > a1 else (_at(a_spans, a1, a_keys),) * 2
        wb1, wb2 = (b_spans[b1][0], b_spans[b2 - 1][1]) if b2 > b1 else (_at(b_spans, b1, b_keys),) * 2
        if tag == "equal":
            opcodes.append(("equal", wa1, wa2, wb1, wb2))
            continue
        inner = align(a_keys[wa1:wa2], b_keys[wb1:wb2], budget=budget) if tag == "replace" else None
        if inner is None:
            opcodes.append((tag, wa1, wa2, wb1, wb2))
        else:
            opcodes.extend((t, x1 + wa1, x2 + wa1, y1 + wb1, y2 + wb1) for t, x1, x2, y1, y2 in inner)
    return opcodes


def _at(spans, index, keys):
    """The word position where sentence `index` starts (or the end)."""
    return spans[index][0] if index < len(spans) else len(keys)
