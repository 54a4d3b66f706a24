"""Configuration: find ``artlint.toml`` or ``[tool.artlint]`` upward, validate it strictly and
resolve it into the rule settings of each file.

Precedence, lowest first: a rule's option defaults < top-level shared keys < ``[rules.<id>]``
< a collection's shared keys < ``[collections.<name>.rules.<id>]`` < command-line flags.
A *shared key* is a key that names an option of one or more rules (``schema``, …): it
sets that option of every rule that has it.

The package: ``files`` (finding and reading the file), ``load`` (validating and resolving a
table), ``coerce`` (option values by type), ``model`` (the resolved ``Config``), ``paths``
(the project root, absolute paths).
"""

from __future__ import annotations

from .coerce import coerce
from .files import CONFIG_NAMES, find_file, read_file
from .load import _TOP_KEYS, from_table, load
from .model import DEFAULT_INCLUDE, PRUNED, Config, Overrides, RuleSetting
from .paths import absolute_path, absolute_paths, git_root, in_project, project_of, within

__all__ = [
    "CONFIG_NAMES",
    "DEFAULT_INCLUDE",
    "PRUNED",
    "_TOP_KEYS",
    "Config",
    "Overrides",
    "RuleSetting",
    "absolute_path",
    "absolute_paths",
    "coerce",
    "find_file",
    "from_table",
    "git_root",
    "in_project",
    "load",
    "project_of",
    "read_file",
    "within",
]
