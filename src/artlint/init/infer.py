"""Infer a JSON Schema from the front matter of a collection's files.

Every choice is written into the schema as a ``$comment`` beside what it decides, so the
team reads why a key is required, an enum or a format. The inferred schema is then fitted:
validated against the very files it came from, and loosened (the constraint that the most
files break first) until at least ``FIT`` of them pass.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

#: A key present (or likely misspelled) in at least this share of the files is required.
REQUIRED_SHARE = 0.95
#: The share of the files the written schema must accept.
FIT = 0.95
#: Enums: at most this many values, seen in at least ENUM_MIN_FILES files, each value
#: repeated ENUM_REPEAT times on average, none longer than ENUM_MAX_LENGTH characters.
ENUM_MAX_VALUES = 8
ENUM_MIN_FILES = 10
ENUM_REPEAT = 5
ENUM_MAX_LENGTH = 40
#: Objects seen fewer times than this keep an open set of keys (too little evidence).
CLOSED_MIN_FILES = 10
#: The keys are stable (unknown keys refused) when at most this share of the files use a
#: key that only a few files (under 2 %, or one) use: every key seen is then listed, and a
#: new one is more likely a slip than a new field.
STABLE_SHARE = 0.15
#: How deep nested mappings get their own properties.
MAX_DEPTH = 3
#: Keys longer than this are never compared for misspellings (bounds the edit distance's cost).
MAX_KEY_LENGTH = 64

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,20}://\S")
_TYPE_ORDER = ("string", "integer", "number", "boolean", "array", "object", "null")


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# ----------------------------------------------------------------------------- misspellings


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b`` (a swap of neighbours counts
    one), or ``limit + 1`` once it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def _squash(text: str) -> str:
    return text.replace("_", "").replace("-", "").casefold()


def close_to(rare: str, common: str, case_insensitive: bool = False) -> bool:
    """Whether ``rare`` reads as a slip of the pen for ``common``."""
    if rare == common or len(rare) > MAX_KEY_LENGTH or len(common) > MAX_KEY_LENGTH:
        return False
    if rare.casefold() == common.casefold():
        return not case_insensitive  # Hugo reads keys without regard to case
    if _squash(rare) == _squash(common):
        return True
    limit = 1 if len(common) < 8 else 2
    return edit_distance(rare.casefold(), common.casefold(), limit) <= limit


def misspellings(counts: Counter[Any], total: int, case_insensitive: bool = False) -> dict[Any, Any]:
    """Rare names (one file, or under 0.5 % of them) that are close to a common one (at
    least 3 files and 5 %): rare name → the common name it most likely means."""
    common = [name for name, n in counts.most_common() if isinstance(name, str) and n >= max(3, 0.05 * total)]
    rare_most = max(1, total // 200)
    found = {}
    for name, n in counts.items():
        if not isinstance(name, str) or n > rare_most:
            continue
        match = next((c for c in common if counts[c] > n and close_to(name, c, case_insensitive)), None)
        if match is not None:
            found[name] = match
    return found


# ----------------------------------------------------------------------------- values


def _admitted_types(values: Sequence[Any]) -> tuple[list[str], Counter[str]]:
    """The JSON types a key may take: the most used one, and any other that at least two
    values and 2 % of them have (rarer ones are treated as mistakes), except the forms
    generators take as the same (``_same_to_generators``). Integers count as numbers where
    numbers are admitted."""
    counts = Counter(json_type(v) for v in values)
    ranked = counts.most_common()
    admitted = {ranked[0][0]} | {t for t, n in ranked[1:] if n >= 2 and n >= 0.02 * len(values)}
    admitted |= _same_to_generators(values, admitted)
    if "number" in admitted:
        admitted.discard("integer")
    return [t for t in _TYPE_ORDER if t in admitted], counts


def _same_to_generators(values: Sequence[Any], admitted: set[str]) -> set[str]:
    """The rare types a generator reads as a form of the admitted ones, never a mistake:
    null (an empty key: no value, as if absent); a number where text is the rule (YAML read
    unquoted digits, ``version: 3.0``: the template prints them the same); ``false`` beside
    text (the "none" of a text key: Eleventy's ``permalink: false``, ``url: false``)."""
    seen = {json_type(v) for v in values}
    same = {"null"} & seen
    if "string" in admitted:
        same |= {"integer", "number"} & seen
    if any(v is False for v in values) and "string" in seen and admitted & {"string", "boolean"}:
        same |= {"string", "boolean"}
    return same


def _share(count: int, total: int) -> str:
    return f"{count} of {total}" if total else "none"


def _string_format(strings: Sequence[str]) -> tuple[str | None, str]:
    """A ``format`` that 95 % of ``strings`` are shaped for, and why (or None, and why not)."""
    filled = [s for s in strings if s]
    if len(filled) < 3:
        return None, ""
    need = FIT * len(filled)
    timed = _time_format(filled, need)
    return timed if timed is not None else _link_format(strings, filled, need)


def _time_format(filled: Sequence[str], need: float) -> tuple[str | None, str] | None:
    """``format`` date or date-time when the values are dates or timestamps (None and why
    not when they are but no format fits); None when they are not dates."""
    dates = sum(1 for s in filled if _DATE.fullmatch(s))
    stamps = sum(1 for s in filled if _DATETIME.match(s))
    if dates >= need and not stamps:
        return "date", f"format date: {_share(dates, len(filled))} values are YYYY-MM-DD dates"
    if stamps >= need and not dates:
        if _valid("date-time", filled) >= need:
            return "date-time", f"format date-time: {_share(stamps, len(filled))} values are RFC 3339 timestamps"
        return None, "no format: timestamps that are not RFC 3339 (the date-format rule checks them)"
    if dates + stamps >= need:
        return None, "no format: dates and timestamps mixed (the date-format rule checks them)"
    return None


def _link_format(strings: Sequence[str], filled: Sequence[str], need: float) -> tuple[str | None, str]:
    """``format`` uri (absolute URLs, none empty) or uri-reference (URLs or paths), or None."""
    urls = sum(1 for s in filled if _URL.match(s))
    if urls >= need and len(filled) == len(strings):
        return "uri", f"format uri: {_share(urls, len(filled))} values are absolute URLs"
    refs = sum(1 for s in filled if _is_reference(s))
    if refs >= need:
        empty = " (an empty string too)" if len(filled) < len(strings) else ""
        return "uri-reference", f"format uri-reference: {_share(refs, len(filled))} values are URLs or paths{empty}"
    return None, ""


def _is_reference(text: str) -> bool:
    """A URL or a path, without spaces."""
    return (text.startswith(("/", "./", "../")) or _URL.match(text) is not None) and not any(c.isspace() for c in text)


def _valid(fmt: str, strings: Iterable[str]) -> int:
    checker = _validator_class().FORMAT_CHECKER
    return sum(1 for s in strings if checker.conforms(s, fmt))


def _enum(strings: Sequence[str], case_insensitive: bool) -> tuple[list[str] | None, str]:
    """The closed set of values of a key, if it is one, and why."""
    counts = Counter(strings)
    if len(strings) < ENUM_MIN_FILES or any(len(s) > ENUM_MAX_LENGTH for s in counts):
        return None, ""
    slips = misspellings(counts, len(strings), case_insensitive)
    values = [v for v, _ in counts.most_common() if v not in slips]
    if not 2 <= len(values) <= ENUM_MAX_VALUES or len(values) * ENUM_REPEAT > len(strings):
        return None, ""
    why = f"enum: {len(values)} values repeated across {len(strings)} files"
    if slips:
        why += "; left out as likely misspellings: " + ", ".join(f"{k!r} (of {v!r})" for k, v in sorted(slips.items()))
    return values, why


def infer_value(values: Sequence[Any], depth: int = 1, case_insensitive: bool = False) -> dict[str, Any]:
    """The schema of one key from every value it has in the files."""
    types, counts = _admitted_types(values)
    node: dict[str, Any] = {"type": types[0] if len(types) == 1 else types}
    why = [f"type {' or '.join(types)}", *_refused_types(types, counts)]
    if "string" in types:
        why += _string_constraints(node, [v for v in values if isinstance(v, str)], "null" in types, case_insensitive)
    if "array" in types:
        _infer_items(node, values, depth, case_insensitive)
    if "object" in types and depth < MAX_DEPTH:
        _infer_members(node, values, depth, case_insensitive)
        node["type"] = types[0] if len(types) == 1 else types
    node["$comment"] = "; ".join(why) + (f". {node['$comment']}" if "$comment" in node else "")
    return node


def _refused_types(types: Sequence[str], counts: Counter[str]) -> list[str]:
    """Why the types seen but not admitted are left out (integers admitted as numbers apart)."""
    left_out = [f"{t} ({counts[t]}×)" for t in _TYPE_ORDER if counts[t] and t not in types and not (t == "integer" and "number" in types)]
    return ["rare types refused as likely mistakes: " + ", ".join(left_out)] if left_out else []


def _string_constraints(node: dict[str, Any], strings: Sequence[str], nullable: bool, case_insensitive: bool) -> list[str]:
    """Give a text key its ``format`` or, failing one, its ``enum`` (with null when the key
    may be empty); returns why."""
    if not strings:
        return []
    fmt, fmt_reason = _string_format(strings)
    enum, reason = (None, "") if fmt or fmt_reason else _enum(strings, case_insensitive)
    if fmt:
        node["format"] = fmt
    if enum:
        node["enum"] = enum + ([None] if nullable else [])
    return [r for r in (fmt_reason, reason) if r]


def _infer_items(node: dict[str, Any], values: Sequence[Any], depth: int, case_insensitive: bool) -> None:
    """Give a list key the schema of its items, inferred from the items of every list."""
    items = [item for v in values if isinstance(v, list) for item in v]
    if items:
        node["items"] = infer_value(items, depth + 1, case_insensitive)


def _infer_members(node: dict[str, Any], values: Sequence[Any], depth: int, case_insensitive: bool) -> None:
    """Give a mapping key the properties, required keys and unknown-key policy of its mappings."""
    objects = [v for v in values if isinstance(v, dict)]
    if objects:
        node.update(infer_object(objects, depth + 1, case_insensitive))


# ----------------------------------------------------------------------------- objects


def infer_object(objects: Sequence[dict[str, Any]], depth: int = 0, case_insensitive: bool = False) -> dict[str, Any]:
    """The schema of mappings (the front matter itself at depth 0): properties, required
    keys, and the unknown-key policy."""
    total = len(objects)
    counts: Counter[str] = Counter(k for o in objects for k in o)
    slips = misspellings(counts, total, case_insensitive)
    properties = _properties(objects, counts, slips, depth, case_insensitive)
    # required: the keys (or a likely misspelling of them) that nearly every file has; the few
    # files without one are what the first check reports, for the team to decide on.
    present = counts + Counter({common: counts[slip] for slip, common in slips.items()})
    required = [k for k in properties if present[k] >= REQUIRED_SHARE * total]
    node: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        node["required"] = required
    why = [f"required: the keys present in at least {REQUIRED_SHARE:.0%} of the {total} files" if required else f"nothing required: no key is in {REQUIRED_SHARE:.0%} of the {total} files"]
    why.append(_unknown_keys(node, objects, counts, slips))
    if slips:
        why.append("refused as likely misspellings: " + ", ".join(f"{k!r} (of {v!r}, {counts[v]} files)" for k, v in sorted(slips.items())))
    node["$comment"] = "; ".join(why)
    return node


def _properties(objects: Sequence[dict[str, Any]], counts: Counter[str], slips: dict[Any, Any], depth: int, case_insensitive: bool) -> dict[str, Any]:
    """The schema of each key of ``objects`` but the likely misspellings, the most used first."""
    total = len(objects)
    properties = {}
    for key, n in counts.most_common():
        if key in slips:
            continue
        prop = infer_value([o[key] for o in objects if key in o], depth + 1, case_insensitive)
        prop["$comment"] = f"in {_share(n, total)} files; {prop['$comment']}"
        properties[key] = prop
    return properties


def _unknown_keys(node: dict[str, Any], objects: Sequence[dict[str, Any]], counts: Counter[str], slips: dict[Any, Any]) -> str:
    """Refuse unknown keys in ``node`` when the keys are stable, else only the likely
    misspellings; returns why."""
    total = len(objects)
    rare_bar = max(2, math.ceil(0.02 * total))
    rare = {k for k, n in counts.items() if n < rare_bar and k not in slips}
    odd_files = sum(1 for o in objects if any(k in rare for k in o))
    if total >= CLOSED_MIN_FILES and odd_files <= STABLE_SHARE * total:
        node["additionalProperties"] = False
        return f"unknown keys refused: the keys are stable ({odd_files} of {total} files use a key that fewer than {rare_bar} files use)"
    if slips:  # still refuse the likely misspellings: every key but these is allowed
        node["patternProperties"] = {"^" + all_but(sorted(slips)): {}}
        node["additionalProperties"] = False
    reason = f"too few files ({total}) to close" if total < CLOSED_MIN_FILES else f"{odd_files} of {total} files use a key that fewer than {rare_bar} files use"
    return f"unknown keys allowed: {reason}"


def all_but(words: Sequence[str]) -> str:
    """A regular expression that matches (from the start) every string but ``words``,
    without lookarounds: schemas' patterns are run by RE2 (see linear). At each prefix of
    a word: the end of the string where the prefix is not a word, a letter that leaves the
    words, or a letter that follows one of them."""
    end = "" in words
    nexts = sorted({w[0] for w in words if w})
    alts = [] if end else ["$"]
    if nexts:
        alts.append("[^" + "".join(re.escape(c) for c in nexts) + "]")
    else:
        alts.append("(?s:.)")
    alts += [re.escape(c) + all_but([w[1:] for w in words if w and w[0] == c]) for c in nexts]
    return "(?:" + "|".join(alts) + ")"


def infer_schema(datas: Sequence[dict[str, Any]], title: str, case_insensitive: bool = False) -> dict[str, Any]:
    """The front-matter schema of a collection, fitted to its files."""
    schema = {"$schema": DRAFT, "title": title, **infer_object(datas, 0, case_insensitive)}
    fit(schema, datas)
    return schema


# ----------------------------------------------------------------------------- fitting


def _validator_class() -> Any:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # (see schema.validator)
    from jsonschema import Draft202012Validator

    from .. import linear

    linear.use_in_jsonschema()  # (the patterns of the schema as `check` will run them)
    return Draft202012Validator


def passing(schema: dict[str, Any], datas: Sequence[dict[str, Any]]) -> int:
    """How many of ``datas`` the schema accepts."""
    cls = _validator_class()
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return sum(1 for d in datas if validator.is_valid(d))


def _constraint(error: Any) -> tuple[str, tuple[Any, ...], str]:
    """What an error stands on: its keyword, the path of the schema node that has it,
    and (for ``required``) the missing key."""
    where = tuple(error.absolute_schema_path)[:-1]
    key = ""
    if error.validator == "required":
        m = re.match(r"^'(.*)' is a required property$", error.message)
        key = m.group(1) if m else ""
    return str(error.validator), where, key


#: Among constraints that as many files break, which goes first: a missing key is the
#: least sure sign of a mistake, an unknown key and a wrong type the surest.
_LOOSEN_FIRST = {"required": 5, "format": 4, "enum": 3, "type": 1, "additionalProperties": 0}


def fit(schema: dict[str, Any], datas: Sequence[dict[str, Any]]) -> None:
    """Loosen ``schema`` until it accepts at least ``FIT`` of ``datas`` (or all but one):
    each round, the constraint that the most files break goes (noted in a ``$comment``)."""
    cls = _validator_class()
    for _ in range(200):
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        broken: dict[tuple[Any, ...], list[Any]] = {}
        failing = 0
        for data in datas:
            errors = list(validator.iter_errors(data))
            failing += bool(errors)
            for error in errors:
                broken.setdefault(_constraint(error), []).append(error.instance)
        if not broken or failing <= max(1, (1 - FIT) * len(datas)):  # (one file may fail in a small collection)
            return
        worst = max(broken, key=lambda c: (len(broken[c]), _LOOSEN_FIRST.get(c[0], 2)))
        _loosen(schema, worst, broken[worst])


def _loosen(schema: dict[str, Any], constraint: tuple[str, tuple[Any, ...], str], instances: list[Any]) -> None:
    keyword, where, key = constraint
    node: Any = schema
    for part in where:
        node = node[part]
    if keyword == "required":
        node["required"] = [k for k in node.get("required", ()) if k != key]
        if not node["required"]:
            del node["required"]
        change = f"'{key}' no longer required"
    elif keyword == "type":
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        added = {json_type(i) for i in instances} - set(types)
        node["type"] = [t for t in _TYPE_ORDER if t in set(types) | added]
        change = f"type widened to {' or '.join(node['type'])}"
    elif keyword in ("additionalProperties", "patternProperties"):
        node.pop("additionalProperties", None)
        node.pop("patternProperties", None)
        change = "unknown keys allowed"
    else:
        node.pop(keyword, None)
        change = f"{keyword} dropped"
    node["$comment"] = f"{node.get('$comment', '')} [loosened: {change}, {len(instances)} files did not fit]".strip()
