"""Everything a rule author imports: Rule, Finding, NoOptions, FilePath (and fix.Fix, fix.Edit)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, NewType

from .diagnostic import SEVERITIES
from .fix import Fix
from .source import Span, lazy_re

if TYPE_CHECKING:
    from .corpus import Corpus, Facts
    from .document import Document
    from .suppress import Directive

#: An option holding a path: written relative to the project root in the configuration,
#: given to the rule as an absolute path that exists.
FilePath = NewType("FilePath", str)

#: An option holding a regular expression: checked when the configuration loads.
Regex = NewType("Regex", str)

RULE_ID = lazy_re(r"(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.)?[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


_OPTION_TYPES: dict[type, dict[str, Any]] = {}


def option_types(options: type) -> dict[str, Any]:
    """The type of each field of a rule's ``Options`` class: its annotations evaluated (they
    are strings under ``from __future__ import annotations``), once a process, for the
    configuration and the cache's settings key alike. Not to be changed by the caller."""
    if options not in _OPTION_TYPES:
        _OPTION_TYPES[options] = typing.get_type_hints(options)
    return _OPTION_TYPES[options]


class Finding(NamedTuple):
    """What a rule reports: where, what is wrong there, and maybe how to fix it."""

    span: Span
    message: str
    fix: Fix | None = None


@dataclass(frozen=True)
class NoOptions:
    """The options of a rule that has none."""


class Rule:
    """A check of one Document.

    Subclasses set the class attributes and implement ``check``. The entry-point name
    under which a rule is registered (group ``artlint.rules``) must equal its ``id``.
    Options are a frozen dataclass whose defaults are the rule's defaults; the
    configuration fills them (``max-length`` in TOML is the field ``max_length``).
    """

    id: ClassVar[str]
    severity: ClassVar[str]
    summary: ClassVar[str]
    explanation: ClassVar[str]
    tags: ClassVar[tuple[str, ...]] = ()
    #: Rules that own this rule's findings where both report the same place: one defect,
    #: one diagnostic (``date-format`` defers to ``frontmatter-schema``).
    defers_to: ClassVar[tuple[str, ...]] = ()
    Options: ClassVar[type[Any]] = NoOptions
    #: Off unless the configuration sets its severity or names it in ``select``: a house
    #: style, not a defect (``html-raw-ampersand``).
    opt_in: ClassVar[bool] = False
    #: A rule that offers fixes: an article (file name, text) it fixes, which ``explain``
    #: shows before and after its fixes (``fix.example``).
    fix_example: ClassVar[tuple[str, str] | None] = None

    def __init_subclass__(cls, abstract: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if abstract:  # a base class for rules, not a rule
            return
        name = cls.__qualname__
        for attr in ("id", "severity", "summary", "explanation"):
            if not isinstance(getattr(cls, attr, None), str) or not getattr(cls, attr).strip():
                raise TypeError(f"rule {name} must set {attr} to a non-empty string")
        if not RULE_ID.fullmatch(cls.id):
            raise TypeError(f"rule {name}: id {cls.id!r} is not kebab-case (vendor.rule-id for plugins)")
        if cls.severity not in SEVERITIES:
            raise TypeError(f"rule {cls.id}: severity must be one of {', '.join(SEVERITIES)}")
        if "\n" in cls.summary.strip():
            raise TypeError(f"rule {cls.id}: summary must be one line")
        params = getattr(cls.Options, "__dataclass_params__", None)
        if not dataclasses.is_dataclass(cls.Options) or params is None or not params.frozen:
            raise TypeError(f"rule {cls.id}: Options must be a frozen dataclass")

    def prepare(self, doc: Document, options: Any) -> None:
        """Called for every enabled rule before any check: a rule may set document bounds."""

    def check(self, doc: Document, options: Any) -> Iterable[Finding]:
        raise NotImplementedError

    def cache_inputs(self, options: Any) -> Iterable[str]:
        """What, besides the file and the options, decides this rule's findings — today's
        date, the listing of a folder, the content of a file the rule reads: the result
        cache re-checks a file when one of them changes. Values, made cheaply; the options
        themselves are part of the key already."""
        return ()


class CorpusRule(Rule, abstract=True):
    """A rule that compares a file with the rest of the corpus (duplicates, templates).

    ``check_corpus`` gets the file's facts and the ``Corpus`` of its corpus folder, which
    answers the questions cross-file rules ask (``titled``, ``near``, ``template_count``;
    ``memo`` shares any other answer between the files of a run). It runs after the
    per-file rules; its findings are kept in the index only until the corpus changes, so
    they follow edits to other files.
    """

    def check(self, doc: Document, options: Any) -> Iterable[Finding]:
        return ()

    def check_corpus(self, facts: Facts, corpus: Corpus, options: Any) -> Iterable[Finding]:
        raise NotImplementedError


class OnlineRule(Rule, abstract=True):
    """A rule that checks URLs over the network, once per run (opt-in: option ``online``).

    ``collect`` runs per file and returns the (url, span) pairs to check; the engine then
    requests every distinct URL once, for all files, and reports those that fail.
    """

    #: Whether a URL must answer with an image (Content-Type image/*).
    image: ClassVar[bool] = False

    def wanted(self, options: Any) -> bool:
        """Whether the run checks URLs over the network (option ``online``, --online)."""
        return bool(getattr(options, "online", False))

    def checker(self, options: Any) -> tuple[float, tuple[str, ...], int]:
        """How URLs are requested: the timeout (seconds), the private hosts allowed and
        how long (seconds) a success is reused. Rules that agree share requests."""
        return float(options.online_timeout), tuple(options.allow_private_hosts), int(options.cache_ttl)

    def collect(self, doc: Document, options: Any) -> Iterable[tuple[str, Span]]:
        raise NotImplementedError

    def check(self, doc: Document, options: Any) -> Iterable[Finding]:
        return ()


class SuppressionRule(Rule, abstract=True):
    """A rule about the suppression comments themselves (``unused-suppression``).

    ``check_suppressions`` runs once the other rules' findings of the file have been
    suppressed, so each ``Directive`` knows which rules it suppressed (``used``); ``known``
    is every registered rule id, ``enabled`` the ids of the rules that ran on the file.
    Its own findings are not suppressed.
    """

    def check(self, doc: Document, options: Any) -> Iterable[Finding]:
        return ()

    def check_suppressions(self, directives: Sequence[Directive], known: Set[str], enabled: Set[str], options: Any) -> Iterable[Finding]:
        raise NotImplementedError
