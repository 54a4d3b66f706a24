"""Lines that no terminal and no CI runner reads as a command.

Everything artlint prints may hold text from a pull request: file names, configuration keys
and values, command-line arguments, article text. A GitHub runner reads every line of a
step's output (stdout and stderr) for workflow commands: a line that starts with ``::``
after blanks (``::error::``, ``::add-mask::``, ``::stop-commands::``), and the older form
``##[command]`` anywhere in a line. Its .NET string search may skip control and format
characters (ICU collation ignores them), so ``#\\u200b#[`` counts as ``##[`` too. A terminal
obeys escape sequences and line breaks. ``safe_line`` makes one line of text harmless;
``warn`` writes one to stderr.
"""

from __future__ import annotations

import sys
import unicodedata

from .source import lazy_re

#: Characters that may sit unseen between the characters of ``##[``: controls (Cc) and
#: format characters (Cf: zero-width spaces and joiners, bidi controls, tags, …).
_INVISIBLE = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
#: The runner's legacy command prefix ``##[``, with anything invisible between its characters
#: (no class overlaps the next: linear).
_LEGACY = lazy_re(f"#[{_INVISIBLE}]*#[{_INVISIBLE}]*\\[")


def _escape(char: str) -> str:
    """A character that does not print (control, format, line or paragraph separator,
    unassigned) as a visible escape; a blank or tab as it is, and a lone surrogate too (a
    file name's byte that is not UTF-8: written out as that byte)."""
    if char == "\t" or unicodedata.category(char) in ("Zs", "Cs"):
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every character that does not print escaped (``\\x1b``, ``\\u2028``): one
    line, no terminal escape sequence, nothing invisible."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def defuse(text: str, bracket: str = "\\x5b") -> str:
    """``text`` with the runner's ``##[`` (and ``#``/``#``/``[`` with invisible characters
    between) broken: its ``[`` written as ``bracket`` (``\\u005b`` in a JSON string)."""
    if "#" not in text:
        return text
    return _LEGACY.sub(lambda m: m[0][:-1] + bracket, text)


def safe_line(text: str) -> str:
    """``text`` as one line that starts no workflow command and drives no terminal."""
    text = defuse(printable(text))
    stripped = text.lstrip()
    if stripped.startswith("::"):  # (the runner trims blanks first)
        at = len(text) - len(stripped)
        text = text[:at] + "\\x3a" + text[at + 1 :]
    return text


def warn(message: str) -> None:
    """Write ``message`` to stderr as one safe line (``safe_line``)."""
    sys.stderr.write(safe_line(message) + "\n")
    sys.stderr.flush()
