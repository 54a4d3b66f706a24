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
from typing import Any, NamedTuple

import html5lib
from html5lib._inputstream import HTMLUnicodeInputStream, invalid_unicode_re
from html5lib._tokenizer import HTMLTokenizer
from html5lib.constants import E, namespaces, tokenTypes
from html5lib.treebuilders import base

from . import charref
from .comments import skip_comments
from .source import lazy_re

_START, _END, _COMMENT = tokenTypes["StartTag"], tokenTypes["EndTag"], tokenTypes["Comment"]
_ERROR, _DOCTYPE = tokenTypes["ParseError"], tokenTypes["Doctype"]
#: html5lib's comment errors that today's spec dropped: ``--`` followed by text, ``-`` or ``!``.
_OLD_COMMENT_ERRORS = frozenset({"unexpected-char-in-comment", "unexpected-dash-after-double-dash-in-comment", "unexpected-bang-after-double-dash-in-comment"})
_ATTR = lazy_re(r"""([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]+)))?""")
_TAG_NAME = lazy_re(r"</?[^\s/>]*")


class RawAttr(NamedTuple):
    name: str
    value: str | None  # decoded, as the renderer sees it; None when written without a value
    raw: str | None  # as written, between the quotes
    name_start: int
    value_start: int  # the value's own first character (inside the quotes)
    value_end: int


class RawTag(NamedTuple):
    kind: str  # "start", "end" or "comment"
    name: str  # lower case; the comment's text for comments
    start: int
    end: int
    self_closing: bool = False
    attrs: tuple[RawAttr, ...] = ()


class RawError(NamedTuple):
    code: str
    message: str
    start: int
    end: int


class TooComplex(Exception):
    """The parse was stopped: a tag holds more attributes than allowed ("attributes"), or
    the text more tags and attributes in all ("tokens"); ``start`` is the tag's offset.

    html5lib compares each attribute of a tag with every earlier one (quadratic in a tag's
    attributes), and spends far more on a tag or an attribute than on text.
    """

    def __init__(self, what: str, start: int) -> None:
        super().__init__(what)
        self.what, self.start = what, start


#: Every character html5lib reports as invalid, and more (all of the astral planes' ends):
#: a class of few ranges, which ``re`` tests quickly, where html5lib's own has forty.
_MAYBE_INVALID = lazy_re("[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\U0001fffe-\U0010ffff]")


class _Stream(HTMLUnicodeInputStream):
    """The whole text as one chunk, so that ``chunkOffset`` is the offset in the text."""

    _defaultChunkSize = 1 << 40

    def readChunk(self, chunkSize: int | None = None) -> bool:
        if self.chunk:  # read already: this is the end, and the offset stays there
            self.chunkOffset = len(self.chunk)
            return False
        return bool(super().readChunk(chunkSize))

    def characterErrorsUCS4(self, data: str) -> None:
        """html5lib's own, but a text without a suspect character is not searched again with
        html5lib's slow expression (a sixth of the parse of an article)."""
        suspect = _MAYBE_INVALID.search(data)
        if suspect is not None:
            self.errors.extend(["invalid-codepoint"] * len(invalid_unicode_re.findall(data, suspect.start())))


class _Tokenizer(HTMLTokenizer):
    def __init__(self, text: str, parser: _Parser, **kwargs: Any) -> None:
        super().__init__(text, parser=parser, **kwargs)
        self.stream = _Stream(text)
        self.tag_start = 0
        self.amp = 0
        self.last: dict[str, Any] | None = None
        self.tags: list[RawTag] = []
        self.bad_chars: list[int] | None = None  # offsets of invalid characters, found when one is reported
        self.max_attributes, self.attributes_left = parser.limits  # of one tag, of all the tags left

    def consumeEntity(self, allowedChar: Any = None, fromAttribute: bool = False) -> None:
        """html5lib's, with the errors of today's spec in place of html5lib's older ones."""
        self.amp = amp = self.stream.chunkOffset - 1  # the '&' was just read
        queue: deque[Any] = self.tokenQueue  # (artlint's tokens carry their offsets too)
        before = len(queue)
        super().consumeEntity(allowedChar, fromAttribute)
        for i in range(len(queue) - 1, before - 1, -1):
            if queue[i]["type"] == _ERROR:
                del queue[i]
        for problem in charref.reference_problems(self.stream.chunk, amp, fromAttribute):
            queue.append({"type": _ERROR, "data": problem.code, "datavars": {"name": problem.name}, "start": amp, "end": problem.end})

    def commentEndState(self) -> bool:
        """html5lib's, without the errors of an older spec: in today's HTML a ``--`` or
        ``---`` inside a comment (``<!-- a -- b -->``) is text, and ``--!`` an error only
        when it closes the comment (``--!>``, see commentEndBangState)."""
        queue = self.tokenQueue
        before = len(queue)
        more = bool(super().commentEndState())
        if len(queue) > before and queue[-1]["type"] == _ERROR and queue[-1]["data"] in _OLD_COMMENT_ERRORS:
            del queue[-1]
        return more

    def commentEndBangState(self) -> bool:
        """html5lib's, with today's error for a comment closed by ``--!>``."""
        data = self.stream.char()
        self.stream.unget(data)
        if data == ">":
            self.tokenQueue.append({"type": _ERROR, "data": "incorrectly-closed-comment"})
        return bool(super().commentEndBangState())

    def emitCurrentToken(self) -> None:
        token: Any = self.currentToken  # (a tag's token: never None here)
        token["start"], token["end"] = self.tag_start, self.stream.chunkOffset
        self.attributes_left -= len(token["data"])
        if self.attributes_left < 0:
            raise TooComplex("tokens", self.tag_start)
        super().emitCurrentToken()

    def __iter__(self) -> Any:
        """html5lib's loop, placing each token as it leaves the queue.

        Tokens leave the queue right after the state call that queued them, so the tag
        being read (``tag_start``), the last character reference (``amp``) and the stream
        offset still describe them. Text tokens are not placed (they need no position).
        """
        self.tokenQueue = queue = deque[Any]()
        stream = self.stream
        tags = self.tags
        while self.state():
            while stream.errors:
                if self.bad_chars is None:
                    self.bad_chars = [m.start() for m in invalid_unicode_re.finditer(stream.chunk)]
                start = self.bad_chars.pop(0) if self.bad_chars else stream.chunkOffset
                self.last = {"type": _ERROR, "data": stream.errors.pop(0), "start": start, "end": start + 1}
                yield self.last
            while queue:
                self.last = token = queue.popleft()
                kind = token["type"]
                if kind == _START:
                    tags.append(self._start_tag(token))
                elif kind == _END:
                    tags.append(RawTag("end", token["name"], token["start"], token["end"]))
                elif kind == _ERROR:
                    self._place_error(token)
                elif kind == _COMMENT or kind == _DOCTYPE:
                    token["start"], token["end"] = self.tag_start, stream.chunkOffset
                    if kind == _COMMENT:
                        tags.append(RawTag("comment", token["data"], token["start"], token["end"]))
                yield token
        self.last = None

    def _place_error(self, token: dict[str, Any]) -> None:
        code = token["data"]
        offset = self.stream.chunkOffset
        if "start" in token:  # placed where it was queued (a character reference)
            return
        if "entity" in code:
            token["start"], token["end"] = self.amp, self.amp + 1  # the '&' itself
        elif code == "invalid-codepoint":
            token["start"], token["end"] = max(offset - 1, 0), offset
        else:  # an error inside the tag, comment or doctype being read
            token["start"], token["end"] = self.tag_start, max(offset, self.tag_start)

    def _start_tag(self, token: dict[str, Any]) -> RawTag:
        data = token["data"]
        decoded = data if isinstance(data, dict) else dict(reversed(data))
        attrs = _attributes(self.stream.chunk, token["start"], token["end"], decoded)
        return RawTag("start", token["name"], token["start"], token["end"], bool(token.get("selfClosing")), attrs)


def _recording_tag_start(name: str) -> Any:
    base = getattr(HTMLTokenizer, name)

    def state(self: _Tokenizer) -> bool:
        self.tag_start = self.stream.chunkOffset - 1  # the '<' was just read
        return bool(base(self))

    state.__name__ = name
    return state


# Each state entered right after a '<' was read records where the tag starts.
for _name in ("tagOpenState", "rcdataLessThanSignState", "rawtextLessThanSignState", "scriptDataLessThanSignState", "scriptDataEscapedLessThanSignState"):
    setattr(_Tokenizer, _name, _recording_tag_start(_name))


def _counting_attributes(name: str) -> Any:
    base = getattr(HTMLTokenizer, name)

    def state(self: _Tokenizer) -> bool:
        more = bool(base(self))
        token: Any = self.currentToken  # (the tag being read)
        if len(token["data"]) > self.max_attributes:  # before html5lib compares them all
            raise TooComplex("attributes", self.tag_start)
        return more

    state.__name__ = name
    return state


# The two states that add an attribute to the tag being read count them.
for _name in ("beforeAttributeNameState", "afterAttributeNameState"):
    setattr(_Tokenizer, _name, _counting_attributes(_name))


class _Node(base.Node):
    """A node of a tree that nobody reads: artlint takes the tokens and the parse errors.

    It keeps what the parser asks of its tree — names, attributes, parent and children, and
    whether an element holds text (``hasContent``) — and no text or ElementTree, which
    html5lib's default builder makes for every element.
    """

    def __init__(self, name: str, namespace: str | None = None) -> None:
        super().__init__(name)
        self.namespace = namespace
        self.nameTuple = (namespace or namespaces["html"], name)
        self.text = False

    def appendChild(self, node: _Node) -> None:
        self.childNodes.append(node)
        node.parent = self

    def insertText(self, data: str, insertBefore: _Node | None = None) -> None:
        self.text = self.text or bool(data)

    def insertBefore(self, node: _Node, refNode: _Node) -> None:
        self.childNodes.insert(self.childNodes.index(refNode), node)
        node.parent = self

    def removeChild(self, node: _Node) -> None:
        self.childNodes.remove(node)
        node.parent = None

    def reparentChildren(self, newParent: _Node) -> None:
        newParent.text = newParent.text or self.text
        self.text = False
        super().reparentChildren(newParent)

    def cloneNode(self) -> _Node:  # type: ignore[override]  # (types-html5lib says None)
        clone = _Node(self.name, self.namespace)
        clone.attributes = dict(self.attributes)
        return clone

    def hasContent(self) -> bool:  # type: ignore[override]  # (types-html5lib says None)
        return bool(self.childNodes) or self.text


def _leaf(*_: Any) -> _Node:  # a comment or a doctype
    return _Node("#leaf")


class _TreeBuilder(base.TreeBuilder):
    documentClass = staticmethod(lambda: _Node("#document"))
    fragmentClass = staticmethod(lambda: _Node("#fragment"))
    elementClass = _Node
    commentClass = staticmethod(_leaf)
    doctypeClass = staticmethod(_leaf)


class _Parser(html5lib.HTMLParser):
    limits = (1 << 62, 1 << 62)  # attributes of one tag, of all tags (set per parse)
    tokenizer: _Tokenizer

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
            start = end = len(self.tokenizer.stream.chunk)
        elif "start" in token:
            start, end = token["start"], token["end"]
        else:  # a text token: the text just read
            end = self.tokenizer.stream.chunkOffset
            start = max(end - len(token.get("data", "")), 0)
        if errorcode == "end-tag-too-early" and not self._open(datavars["name"]):
            errorcode = "unexpected-end-tag"  # html5lib's name for a stray block end tag: it closes nothing
            if self.errors and self.errors[-1][:3] == (start, end, errorcode):
                return  # in foreign content, html5lib reports the same end tag twice
        self.errors.append((start, end, errorcode, datavars or {}))

    def _open(self, name: str) -> bool:
        """Whether an element ``name`` is open (an end tag that closes nothing is a parse
        error, not an element left open: html-unclosed-element leaves it to html-parse-error)."""
        names = _HEADINGS if name in _HEADINGS else (name,)  # </h3> closes an open <h2>
        return any(node.name in names for node in self.tree.openElements)


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


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
    "incorrectly-closed-comment": "a comment closed with --!>: write -->",
    "unexpected-end-tag-treated-as": "end tag </%(originalName)s> is read as <br>: write <br>",
    "unexpected-start-tag-implies-end-tag": "<%(startName)s> inside <%(endName)s>: it closes the first one",
}


#: Elements that have no end tag: ``</img>`` closes nothing (browsers ignore it).
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _message(code: str, datavars: dict[str, Any]) -> str:
    template = _MESSAGES.get(code) or charref.MESSAGES.get(code) or E.get(code) or code
    if code == "unexpected-end-tag" and datavars.get("name") in _VOID:
        template = "end tag </%(name)s>: <%(name)s> is a void element, it has no end tag (remove it)"
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


#: What starts a whole document, after blank space and comments (``comments.skip_comments``).
_DOCUMENT = lazy_re(r"<(?:!doctype|html[\s>])", re.IGNORECASE)


def parse(text: str, max_attributes: int = 1 << 62, max_total_attributes: int = 1 << 62) -> tuple[list[RawTag], list[RawError]]:
    """Tags, comments and parse errors of ``text``, with offsets.

    ``text`` is parsed as an HTML fragment in a ``div`` (an article body), or as a whole
    document when it starts with a doctype or ``<html>``. Raises TooComplex as soon as a
    tag holds more than ``max_attributes`` attributes, or the tags more than
    ``max_total_attributes`` in all.
    """
    parser = _Parser(tree=_TreeBuilder, namespaceHTMLElements=False)
    parser.limits = (max_attributes, max_total_attributes)
    if _DOCUMENT.match(text, skip_comments(text)):
        parser.parse(text)
    else:
        parser.parseFragment(text, container="div")
    errors = [RawError(code, _message(code, datavars), start, end) for start, end, code, datavars in parser.errors]
    return parser.tokenizer.tags, errors
