"""Template tags in a body: Liquid/Nunjucks/Jinja ``{% … %}`` and ``{{ … }}`` (Jekyll,
Eleventy, Zola) and Hugo shortcodes ``{{< … >}}`` / ``{{% … %}}``.

A site's generator runs them before the Markdown is rendered: they are neither HTML nor
prose, and are masked to spaces (offsets kept) before the body is parsed. A tag never spans
a blank line (an unclosed ``{{`` in prose stays text). Image shortcodes (``{{< figure src
alt >}}``, ``{% image "a.png", "alt" %}``, Jekyll's ``{% include image.html … %}``, and those
a configuration declares) are images: ``image_of`` reads their source and alt.

The scan is linear: each closing delimiter is searched for once per stretch of text.
"""

from __future__ import annotations

from typing import NamedTuple

from .code import Regions
from .source import lazy_re

#: Opening delimiter → closing delimiter, longest openers first.
DELIMITERS = (("{{<", ">}}"), ("{{%", "%}}"), ("{{", "}}"), ("{%", "%}"))
_OPENER = lazy_re(r"\{[{%]")
_BLANK_LINE = lazy_re(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_NAME = lazy_re(r"[\s\-]*(/?[A-Za-z_][\w.\-]*)")  # (not Hugo's escaped {{</* x */>}})
_ARG = lazy_re(r"""[\s,()]*(?:([A-Za-z_][\w\-]*)[ \t]*[=:][ \t]*)?("[^"]*"|'[^']*'|[^\s,()"'=]+)""")

#: The most arguments read of one tag (a shortcode has a handful).
MAX_ARGS = 64
#: Shortcodes whose content, up to their closing tag, is code or is not rendered where it
#: is written (Liquid ``endX``, Hugo ``/X``): captured into a variable, a comment, or text
#: in another template language (Eleventy's ``{% renderTemplate "webc" %}``).
CODE_PAIRS = frozenset({"highlight", "code", "codeblock", "raw", "comment", "capture", "set", "renderTemplate"})
#: Tags that write nothing where they stand (control flow, assignments): a line that holds
#: only such a tag is a blank line once the page is built. Any other tag writes something.
SILENT = frozenset(
    "if elif elsif else endif for endfor unless endunless case when endcase assign set endset capture endcapture "
    "comment endcomment raw endraw increment decrement macro endmacro block endblock extends import from layout "
    "break continue with endwith filter endfilter call endcall".split()
)
#: Built-in image shortcodes → (source parameters, alt parameters), first present wins; a
#: number is a positional argument (1 = the first). Hugo's figure takes its caption as alt.
BUILTIN_IMAGES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "figure": (("src",), ("alt", "caption")),
    "img": (("src", "1"), ("alt", "2")),
    "image": (("src", "1"), ("alt", "2")),
    "Img": (("src", "1"), ("alt", "2")),
    "Image": (("src", "1"), ("alt", "2")),
}
#: Jekyll's ``{% include image.html … %}``: includes of a file with one of these stems.
IMAGE_INCLUDES = frozenset({"image", "img", "figure", "picture"})
_INCLUDE_IMAGE = (("src", "url", "file", "path", "image"), ("alt", "caption", "description"))


class Arg(NamedTuple):
    key: str | None  # None: a positional argument
    value: str  # without its quotes
    start: int  # body offsets of the value
    end: int


class Tag(NamedTuple):
    start: int  # body offsets of the whole tag
    end: int
    name: str  # "figure", "/figure", "include", "site.url" …
    args: tuple[Arg, ...]


def scan(text: str, code: Regions) -> list[Tag]:
    """The template tags of ``text`` outside ``code``, in order."""
    if "{{" not in text and "{%" not in text:
        return []
    breaks = [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]
    next_close: dict[str, int] = {}
    tags: list[Tag] = []
    pos, b = 0, 0
    for m in _OPENER.finditer(text):
        start = m.start()
        if start < pos:
            continue
        skip = code.end_of(start)
        if skip is not None:
            pos = skip
            continue
        opener, closer = _delimiters(text, start)
        close = _find(text, closer, start + len(opener), next_close)
        if close < 0:
            continue
        while breaks[b] < start:
            b += 1
        if close > breaks[b]:
            continue
        end = close + len(closer)
        tags.append(_tag(text, start, start + len(opener), close, end))
        pos = end
    return tags


def _delimiters(text: str, start: int) -> tuple[str, str]:
    """The opening delimiter at ``start`` (a '{{' or '{%') and its closing one."""
    if text[start + 1] == "%":
        return "{%", "%}"
    third = text[start + 2 : start + 3]
    return ("{{<", ">}}") if third == "<" else ("{{%", "%}}") if third == "%" else ("{{", "}}")


def _find(text: str, closer: str, start: int, cache: dict[str, int]) -> int:
    """``text.find(closer, start)``, remembered: a later search from before the last
    occurrence found returns it without searching again."""
    found = cache.get(closer)
    if found is None or (found >= 0 and found < start):
        found = text.find(closer, start)
        cache[closer] = found
    return found


def _tag(text: str, start: int, inner_start: int, inner_end: int, end: int) -> Tag:
    m = _NAME.match(text, inner_start, inner_end)
    if m is None:
        return Tag(start, end, "", ())
    args: list[Arg] = []
    for a in _ARG.finditer(text, m.end(), inner_end):
        if len(args) == MAX_ARGS:
            break
        value, v_start = a.group(2), a.start(2)
        if value[:1] in "\"'" and len(value) >= 2:
            value, v_start = value[1:-1], v_start + 1
        elif value in ("-", "/", "*", "*/", "%", "-%"):
            continue  # the delimiter's own marks (whitespace control, Hugo's comment escape)
        args.append(Arg(a.group(1), value, v_start, v_start + len(value)))
    return Tag(start, end, m.group(1), tuple(args))


def code_pairs(tags: list[Tag]) -> list[tuple[int, int]]:
    """The (start, end) ranges between a code shortcode and its closing tag, tags included
    (``{% highlight js %}…{% endhighlight %}``, ``{{< code >}}…{{< /code >}}``)."""
    ranges: list[tuple[int, int]] = []
    opened: Tag | None = None
    for tag in tags:
        if opened is None:
            if tag.name in CODE_PAIRS and not (tag.name == "set" and (len(tag.args) != 1 or tag.args[0].key is not None)):
                opened = tag  # ({% set x = 1 %} is not a block: {% set x %}…{% endset %} is)
        elif tag.name in ("end" + opened.name, "/" + opened.name):
            ranges.append((opened.start, tag.end))
            opened = None
    return ranges


def image_params(tag: Tag, declared: dict[str, tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The source and alt parameters of an image shortcode, or None for another tag."""
    if tag.name in declared:
        src, alt = declared[tag.name]
        return (src,), (alt,)
    if tag.name in BUILTIN_IMAGES:
        return BUILTIN_IMAGES[tag.name]
    if tag.name in ("include", "include_relative") and tag.args and tag.args[0].key is None:
        stem = tag.args[0].value.rsplit("/", 1)[-1].split(".", 1)[0]
        if stem in IMAGE_INCLUDES:
            return _INCLUDE_IMAGE
    return None


def argument(tag: Tag, names: tuple[str, ...]) -> Arg | None:
    """The first argument of ``tag`` named in ``names`` (a number: the nth positional)."""
    positional = [a for a in tag.args if a.key is None]
    if tag.name in ("include", "include_relative"):
        positional = positional[1:]  # the first names the included file
    for name in names:
        if name.isdigit():
            n = int(name)
            if 0 < n <= len(positional):
                return positional[n - 1]
        else:
            found = next((a for a in tag.args if a.key == name), None)
            if found is not None:
                return found
    return None


def is_templated(value: str) -> bool:
    """A value written with template syntax: known only once the site is built."""
    return "{{" in value or "{%" in value
