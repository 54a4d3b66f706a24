"""generator-chatter skips a phrase where none of its anchors occurs: prove that every text
a phrase matches holds one of them, by spelling out every text each phrase matches."""

from __future__ import annotations

import itertools
import re._parser as sre  # type: ignore[import-not-found]
import time
from typing import Any

import pytest

from artlint.rules.generator_chatter import CHATTER, matches


def spell(items: Any) -> list[str]:
    """Every string a finite pattern (literals, classes, alternations, bounded repeats) matches."""
    out = [""]
    for op, arg in items:
        if op is sre.LITERAL:
            options = [chr(arg)]
        elif op is sre.IN:
            options = [chr(v) for kind, v in arg if kind is sre.LITERAL]
            assert len(options) == len(arg), "only plain character classes"
        elif op is sre.SUBPATTERN:
            options = spell(arg[3])
        elif op is sre.BRANCH:
            options = [s for branch in arg[1] for s in spell(branch)]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, inner = arg
            body = spell(inner)
            options = [""] if low == 0 else []
            for n in range(max(low, 1), min(high, 3) + 1):  # up to three repeats
                options += ["".join(p) for p in itertools.product(body, repeat=n)]
        elif op is sre.AT:  # \b
            continue
        else:
            raise AssertionError(f"unexpected {op}")
        out = [a + b for a in out for b in options]
    return out


def test_every_match_holds_an_anchor() -> None:
    for anchors, pattern, context in CHATTER:
        texts = spell(sre.parse(pattern))
        assert texts
        for text in texts:
            assert any(a in text for a in anchors), (pattern, text)
            evidence = f" {context[0]}" if context else ""
            assert matches(f"Intro. {text.capitalize()}{evidence} more.") != [], text
            if context:  # without its context the phrase is not evidence enough
                assert matches(f"Intro. {text.capitalize()} more.") == [], text


def test_a_text_without_anchors_is_clean() -> None:
    assert matches("Certainly the hotel can help you with rates.") == []
    assert matches("Certainly! Below is the text.") == []  # no rewrite, no deliverable: not evidence
    assert matches("Certainly! Below is a rewritten version.") == [(0, 31), (11, 39)]


@pytest.mark.parametrize(
    "text",
    [
        "i'm sorry, but " * 20_000,  # every match searches its sentence: bounded, not the whole line
        "certainly! please provide " * 20_000,
        "`" * 50_000 + "x",
        "```\n" * 20_000,
        "<pre" * 20_000 + "<code>" * 20_000,
    ],
)
def test_adversarial_input_is_linear(text: str) -> None:
    from artlint.document import load
    from artlint.rules.generator_chatter import GeneratorChatter, Options

    doc = load("a.md", ("---\ntitle: x\n---\n" + text).encode())
    started = time.perf_counter()
    list(GeneratorChatter().check(doc, Options()))
    assert time.perf_counter() - started < 3
