"""One html5lib parse that keeps source positions.

html5lib's trees keep no positions, and it reports parse errors where the offending token
*ends*. Here its tokenizer is instrumented: every token is stamped with the offsets where
it starts and ends in the parsed text, and each parse error with the start of the token
(or character reference) that caused it. The text is parsed as one fragment (context
``div``), as a renderer inserts an article body into its page.

Offsets index the text given to ``parse`` (which must use ``\\n`` line ends only).
"""

from __future__ import annotations

import html
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

import html5lib
from html5lib._inputstream import HTMLUnicodeInputStream, invalid_unicode_re
from html5lib._tokenizer import HTMLTokenizer
from html5lib.constants import E, tokenTypes

_START, _END, _COMMENT = tokenTypes["StartTag"], tokenTypes["EndTag"], tokenTypes["Comment"]
_CHARS, _SPACES, _ERROR = tokenTypes["Characters"], tokenTypes["SpaceCharacters"], tokenTypes["ParseError"]
_TEXT_STATES = frozenset(
    {
        "dataState",
        "rcdataState",
        "rawtextState",
        "scriptDataState",
        "plaintextState",
        "scriptDataEscapedState",
        "scriptDataEscapedDashState",
        "scriptDataEscapedDashDashState",
        "scriptDataDoubleEscapedState",
        "scriptDataDoubleEscapedDashState",
        "scriptDataDoubleEscapedDashDashState",
        "entityDataState",
        "characterReferenceInRcdata",
        "cdataSectionState",
    }
)
_ATTR = re.compile(r"""([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]+)))?""")
_TAG_NAME = re.compile(r"</?[^\s/>]*")


@dataclass(frozen=True, slots=True)
class RawAttr:
    name: str
    value: str | None  # decoded, as the renderer sees it; None when written without a value
    raw: str | None  # as written, between the quotes
    name_start: int
    value_start: int  # the value's own first character (inside the quotes)
    value_end: int


@dataclass(frozen=True, slots=True)
class RawTag:
    kind: str  # "start", "end" or "comment"
    name: str  # lower case; the comment's text for comments
    start: int
    end: int
    self_closing: bool = False
    attrs: tuple[RawAttr, ...] = ()


@dataclass(frozen=True, slots=True)
class RawError:
    code: str
    message: str
    start: int
    end: int


class _Stream(HTMLUnicodeInputStream):  # type: ignore[misc]
    """The whole text as one chunk, so that ``chunkOffset`` is the offset in the text."""

    _defaultChunkSize = 1 << 40

    def readChunk(self, chunkSize: int | None = None) -> bool:
        if self.chunk:  # read already: this is the end, and the offset stays there
            self.chunkOffset = len(self.chunk)
            return False
        return bool(super().readChunk(chunkSize))


class _Queue(deque):  # type: ignore[type-arg]
    """The tokenizer's queue: stamps each token with its offsets as it is queued."""

    def __init__(self, tokenizer: _Tokenizer) -> None:
        super().__init__()
        self.tokenizer = tokenizer

    def append(self, token: dict[str, Any]) -> None:
        self.tokenizer.stamp(token)
        super().append(token)


class _Tokenizer(HTMLTokenizer):  # type: ignore[misc]
    def __init__(self, text: str, parser: Any = None, **kwargs: Any) -> None:
        super().__init__(text, parser=parser, **kwargs)
        self.stream = _Stream(text)
        self.tag_start = 0
        self.amp = 0
        self.in_entity = False
        self.last: dict[str, Any] | None = None
        self.tags: list[RawTag] = []
        self.bad_chars = [m.start() for m in invalid_unicode_re.finditer(text)]

    def stamp(self, token: dict[str, Any]) -> None:
        offset = self.stream.chunkOffset
        kind = token["type"]
        if kind == _ERROR:
            if self.in_entity:
                start = self.amp
                offset = start + 1  # the '&' itself
            elif self.state.__name__ in _TEXT_STATES:
                start = max(offset - 1, 0)
            else:
                start = self.tag_start
        elif kind in (_CHARS, _SPACES):
            start = self.amp if self.in_entity else max(offset - len(token["data"]), 0)
        else:
            start = self.tag_start
        token["start"], token["end"] = start, max(offset, start)

    def consumeEntity(self, allowedChar: Any = None, fromAttribute: bool = False) -> None:
        self.amp, self.in_entity = self.stream.chunkOffset - 1, True
        try:
            super().consumeEntity(allowedChar, fromAttribute)
        finally:
            self.in_entity = False

    def __iter__(self) -> Any:
        self.tokenQueue = _Queue(self)
        stream = self.stream
        while True:
            before = self.state.__name__
            if not self.state():
                break
            after = self.state.__name__
            if after != before and (after == "tagOpenState" or after.endswith("LessThanSignState")):
                self.tag_start = stream.chunkOffset - 1
            while stream.errors:
                start = self.bad_chars.pop(0) if self.bad_chars else stream.chunkOffset
                self.last = {"type": _ERROR, "data": stream.errors.pop(0), "start": start, "end": start + 1}
                yield self.last
            while self.tokenQueue:
                self.last = token = self.tokenQueue.popleft()
                kind = token["type"]
                if kind == _START:
                    self.tags.append(self._start_tag(token))
                elif kind == _END:
                    self.tags.append(RawTag("end", token["name"], token["start"], token["end"]))
                elif kind == _COMMENT:
                    self.tags.append(RawTag("comment", token["data"], token["start"], token["end"]))
                yield token
        self.last = None

    def _start_tag(self, token: dict[str, Any]) -> RawTag:
        data = token["data"]
        decoded = data if isinstance(data, dict) else dict(reversed(data))
        attrs = _attributes(self.stream.chunk, token["start"], token["end"], decoded)
        return RawTag("start", token["name"], token["start"], token["end"], bool(token.get("selfClosing")), attrs)


class _Parser(html5lib.HTMLParser):  # type: ignore[misc]
    def _parse(self, stream: str, innerHTML: bool = False, container: str = "div", scripting: bool = False, **kwargs: Any) -> None:
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = _Tokenizer(stream, parser=self, **kwargs)
        self.reset()
        self.mainLoop()

    def parseError(self, errorcode: str = "XXX-undefined-error", datavars: Any = None) -> None:
        token = self.tokenizer.last
        if token is None:  # at the end of the input
            end = len(self.tokenizer.stream.chunk)
            self.errors.append((end, end, errorcode, datavars or {}))
        else:
            self.errors.append((token["start"], token["end"], errorcode, datavars or {}))


_MESSAGES = {
    "expected-named-entity": "a bare '&' that starts no character reference: write &amp;",
    "named-entity-without-semicolon": "a character reference without its ';'",
    "expected-numeric-entity": "'&#' starts no valid numeric character reference",
    "numeric-entity-without-semicolon": "a numeric character reference without its ';'",
    "unexpected-end-tag": "end tag </%(name)s> closes no open element",
    "duplicate-attribute": "an attribute is written twice in one tag; the first one wins",
    "non-void-element-with-trailing-solidus": "<%(name)s/> does not close the element in HTML: write <%(name)s></%(name)s>",
    "invalid-codepoint": "a character that is not allowed in HTML (a control character)",
    "unexpected-character-in-unquoted-attribute-value": "an unquoted attribute value holds a quote, '<', '=' or '`': quote the value",
    "unexpected-character-after-attribute-value": "no space after an attribute value",
    "expected-tag-name": "'<' that starts no tag: write &lt;",
    "expected-closing-tag-but-got-char": "'</' followed by a character that starts no end tag: write &lt;/",
    "expected-end-of-tag-but-got-eof": "a tag is cut off by the end of the body",
    "eof-in-tag-name": "a tag is cut off by the end of the body",
    "eof-in-attribute-value-double-quote": "an attribute value's closing '\"' is missing",
    "eof-in-attribute-value-single-quote": "an attribute value's closing \"'\" is missing",
    "eof-in-comment": "a comment is never closed with -->",
    "incorrect-comment": "a malformed comment: write <!-- … -->",
    "unexpected-start-tag-implies-end-tag": "<%(startName)s> inside <%(endName)s>: it closes the first one",
}


def _message(code: str, datavars: dict[str, Any]) -> str:
    template = _MESSAGES.get(code) or E.get(code) or code
    try:
        text = template % datavars if datavars or "%(" in template else template
    except (KeyError, TypeError, ValueError):
        text = template
    return f"{text} ({code})"


def _attributes(text: str, start: int, end: int, decoded: dict[str, str]) -> tuple[RawAttr, ...]:
    tag = _TAG_NAME.match(text, start)
    pos = tag.end() if tag else start + 1
    out: list[RawAttr] = []
    seen: set[str] = set()
    for m in _ATTR.finditer(text, pos, end):
        name = m.group(1).lower()
        if name in seen:
            continue
        seen.add(name)
        for group in (2, 3, 4):
            if m.group(group) is not None:
                raw = m.group(group)
                vstart = m.start(group)
                out.append(RawAttr(name, decoded.get(name, html.unescape(raw)), raw, m.start(1), vstart, vstart + len(raw)))
                break
        else:
            out.append(RawAttr(name, decoded.get(name, ""), None, m.start(1), m.start(1), m.end(1)))
    return tuple(out)


def parse(text: str) -> tuple[list[RawTag], list[RawError]]:
    """Tags, comments and parse errors of ``text`` parsed as an HTML fragment, with offsets."""
    parser = _Parser(namespaceHTMLElements=False)
    parser.parseFragment(text, container="div")
    errors = [RawError(code, _message(code, datavars), start, end) for start, end, code, datavars in parser.errors]
    return parser.tokenizer.tags, errors
