"""Heading slugs per generator, and the attribute-list ids (artlint.slug)."""

from __future__ import annotations

import time

import pytest

from artlint.slug import attribute_ids, heading_anchors, markdown_heading_text, symbol_prefixes


@pytest.mark.parametrize(
    ("slugger", "text", "anchor"),
    [
        ("github", "Q&A: v1.2 notes", "qa-v12-notes"),
        ("github", "Déjà  vu", "déjà--vu"),  # each space is a dash
        ("goldmark", " Hello, World! ", "hello-world"),
        ("kramdown", "1. Getting started!", "getting-started"),
        ("kramdown", "123", "section"),
        ("markdown-it-anchor", "Props (properties)", "props-(properties)"),
        ("markdown-it-anchor", "Q&A:  v1.2", "q&a:-v1.2"),
        ("zola", "Déjà vu: the `x` API", "deja-vu-the-x-api"),
    ],
)
def test_slugger(slugger: str, text: str, anchor: str) -> None:
    assert anchor in heading_anchors([text], slugger)


def test_repeated_headings_are_numbered() -> None:
    assert heading_anchors(["Options", "Options", "Options"], "github") == {"options", "options-1", "options-2"}


def test_auto_accepts_every_generator() -> None:
    found = heading_anchors(["Q&A: v1.2"], "auto")
    assert {"qa-v12", "q&a:-v1.2", "q-a-v1-2"} <= found


@pytest.mark.parametrize(
    ("line", "text", "explicit"),
    [
        ("## Get started {: #get-started }", "Get started", "get-started"),
        ("## Title {#title .wide}", "Title", "title"),
        ("### The `x` [link](https://e.org) ###", "The x link", None),
        ("Setext text line", "Setext text line", None),
        ("## C# {not attributes}", "C# {not attributes}", None),
    ],
)
def test_markdown_heading_text(line: str, text: str, explicit: str | None) -> None:
    assert markdown_heading_text(line) == (text, explicit)


def test_attribute_ids() -> None:
    assert [a[2] for a in attribute_ids('text {: #a } and {#b .c key="v"} {{ .Go }} {id="d"}')] == ["a", "b", "d"]


def test_symbol_prefixes() -> None:
    assert symbol_prefixes(["Async (🦀, 👩\u200d💻)", "No emoji"]) == {"async"}


@pytest.mark.parametrize("text", ["{" * 50_000, "{:" + "#" * 50_000, "{" + " " * 299 + "x" * 50_000, "# " * 50_000])
def test_adversarial_input_is_linear(text: str) -> None:
    started = time.perf_counter()
    attribute_ids(text)
    markdown_heading_text(text[:20_000])
    assert time.perf_counter() - started < 2
