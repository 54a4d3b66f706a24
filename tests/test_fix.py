"""Fixes: the model (apply), its storage, and every rule's fix on real files."""

from __future__ import annotations

import marshal

import pytest

from artlint import fix as fixes
from artlint.diagnostic import Diagnostic, restore, stored
from artlint.fix import Applicability, Edit, Fix, apply
from artlint.source import Span


def test_apply_makes_edits_in_order_and_reports_them() -> None:
    a = Fix.safe("a", Edit(0, 1, "A"))
    b = Fix.safe("b", Edit(4, 4, "!"), Edit(2, 3, "C"))
    text, applied = apply("abcd", [b, a])
    assert text == "AbCd!"
    assert applied == [a, b]


def test_apply_first_wins_overlapping_wait() -> None:
    first = Fix.safe("first", Edit(0, 3, "x"))
    later = Fix.safe("later", Edit(2, 4, "y"))
    text, applied = apply("abcdef", [later, first])
    assert (text, applied) == ("xdef", [first])
    # the next pass, on the new text, could apply another fix
    assert apply(text, [])[0] == text


def test_apply_two_insertions_at_one_place_conflict_but_touching_ranges_do_not() -> None:
    one, two = Fix.safe("1", Edit(1, 1, "1")), Fix.safe("2", Edit(1, 1, "2"))
    assert apply("ab", [one, two]) == ("a1b", [one])
    replace, insert = Fix.safe("r", Edit(0, 1, "X")), Fix.safe("i", Edit(1, 1, "+"))
    assert apply("ab", [insert, replace]) == ("X+b", [replace, insert])


def test_apply_skips_edits_outside_the_text_and_fixes_whose_own_edits_overlap() -> None:
    outside = Fix.safe("out", Edit(3, 9, ""))
    crossed = Fix("crossed", (Edit(0, 2, ""), Edit(1, 3, "")), Applicability.SAFE)
    empty = Fix("none", (), Applicability.SAFE)
    assert apply("abcd", [outside, crossed, empty]) == ("abcd", [])


def test_a_fix_survives_the_cache_form() -> None:
    f = Fix.unsafe("remove it", Edit(3, 7, ""), Edit(0, 0, "x"))
    d = Diagnostic("a.md", Span(1, 1, 1, 2), "r", "error", "m", "fp", f)
    rows = marshal.loads(marshal.dumps(stored([d, d._replace(fix=None)])))
    assert restore("a.md", rows) == [d, d._replace(fix=None)]
    assert f.edits == (Edit(0, 0, "x"), Edit(3, 7, ""))


@pytest.mark.parametrize("row", [("m", "sometimes", ()), ("m",), ("m", "safe", ((1, "2", "x"),)), 3])
def test_a_damaged_stored_fix_is_a_value_error(row: object) -> None:
    with pytest.raises(ValueError):
        fixes.restore(row)


def test_the_engine_carries_a_findings_fix_with_its_edits_located() -> None:
    from artlint.config import RuleSetting
    from artlint.engine import lint_text
    from artlint.rule import Finding, NoOptions, Rule

    class Shout(Rule):
        id = "test-shout"
        severity = "warning"
        summary = "shouts"
        explanation = "shouts"

        def check(self, doc, options):  # type: ignore[no-untyped-def]
            at = doc.text.index("quiet")
            yield Finding(doc.index.span(at, at + 5), "too quiet", Fix.safe("shout", Edit(at, at + 5, "LOUD")))

    result = lint_text("a.md", "\ufeffone\r\nquiet\r\n".encode(), [RuleSetting(Shout(), "warning", NoOptions())])
    (d,) = result.diagnostics
    assert d.fix is not None and d.fix.edits == (Edit(5, 10, "LOUD"),)
    assert d.fix.edits[0].span == Span(2, 1, 2, 6)
    assert restore("a.md", marshal.loads(marshal.dumps(stored([d])))) == [d]
    assert restore("a.md", marshal.loads(marshal.dumps(stored([d]))))[0].fix.edits[0].span == Span(2, 1, 2, 6)  # type: ignore[union-attr]
