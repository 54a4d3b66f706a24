"""'Did you mean …?': the nearest of the known names to a misspelled one."""

from __future__ import annotations

from collections.abc import Iterable

SEE_RULES = " (see 'artlint rules')"


def nearest(word: str, known: Iterable[str]) -> str | None:
    """The known name most like ``word`` (case aside), or None when none is close."""
    import difflib  # (imported here: asked only about a misspelled name)

    choices = {name.lower(): name for name in known}
    found = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.7)
    return choices[found[0]] if found else None


def did_you_mean(word: str, known: Iterable[str], otherwise: str = "") -> str:
    """`` (did you mean `exclude`?)`` for the nearest known name, or ``otherwise``."""
    found = nearest(word, known)
    return f" (did you mean `{found}`?)" if found is not None else otherwise


def plural(count: int, one: str, many: str) -> str:
    """``1 entry`` / ``2 entries``: the count with the word that agrees with it."""
    return f"{count} {one if count == 1 else many}"
