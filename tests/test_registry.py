"""A rule plugin that cannot be loaded is a usage error that names it — exit 2 and one
message, never a traceback: registered twice, failing on import, not a Rule, an entry-point
name that is not the rule's id, Options that are not a frozen dataclass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from artlint import registry
from artlint.diagnostic import UsageError

GOOD = '''
from artlint import Rule

class Good(Rule):
    id = "acme.good"
    severity = "warning"
    summary = "A rule that finds nothing."
    explanation = "It is only loaded."

    def check(self, doc, options):
        return ()

class Other(Good):
    id = "acme.other"

def not_a_class():
    pass
'''


def plugin(tmp_path: Path, entries: str, modules: dict[str, str]) -> Path:
    """A folder holding an installed-looking distribution (its dist-info) and its modules."""
    dist = tmp_path / "acme_rules-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "entry_points.txt").write_text("[artlint.rules]\n" + entries)
    for name, text in modules.items():
        (tmp_path / f"{name}.py").write_text(text)
    return tmp_path


def load_with(monkeypatch: pytest.MonkeyPatch, folder: Path) -> dict[str, object]:
    monkeypatch.syspath_prepend(str(folder))
    for name in [m for m in sys.modules if m.startswith("acme_")]:
        monkeypatch.delitem(sys.modules, name)
    return dict(registry.load())


@pytest.mark.parametrize(
    ("entries", "modules", "message"),
    [
        ("acme.good = acme_ok:Good\nacme.good = acme_ok:Other\n", {"acme_ok": GOOD}, "rule 'acme.good' is registered twice: by acme_ok:Good and by acme_ok:Other"),
        ("alt-length = acme_dup:Good\n", {"acme_dup": GOOD.replace('"acme.good"', '"alt-length"')}, "rule 'alt-length' is registered twice: by acme_dup:Good and by artlint.rules"),
        ("acme.good = acme_missing:Good\n", {}, "rule plugin 'acme.good' (acme_missing:Good) failed to load: ModuleNotFoundError"),
        ("acme.good = acme_boom:Good\n", {"acme_boom": "raise RuntimeError('boom')\n"}, "failed to load: RuntimeError: boom"),
        ("acme.good = acme_syntax:Good\n", {"acme_syntax": "def (:\n"}, "failed to load: SyntaxError"),
        ("acme.good = acme_ok:Missing\n", {"acme_ok": GOOD}, "failed to load: AttributeError"),
        ("acme.good = acme_ok:not_a_class\n", {"acme_ok": GOOD}, "rule plugin 'acme.good' (acme_ok:not_a_class) is not a subclass of artlint.Rule"),
        ("acme.good = acme_ok:GOOD_TEXT\n", {"acme_ok": GOOD + "GOOD_TEXT = 'x'\n"}, "is not a subclass of artlint.Rule"),
        ("acme.good = acme_ok:Other\n", {"acme_ok": GOOD}, "rule plugin acme_ok:Other has id 'acme.other' but is registered as 'acme.good'"),
        (
            "acme.good = acme_opts:Good\n",
            {"acme_opts": GOOD.replace('    severity = "warning"', '    severity = "warning"\n    Options = dict')},
            "failed to load: TypeError: rule acme.good: Options must be a frozen dataclass",
        ),
    ],
)
def test_a_broken_plugin_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: str, modules: dict[str, str], message: str) -> None:
    folder = plugin(tmp_path, entries, modules)
    with pytest.raises(UsageError) as raised:
        load_with(monkeypatch, folder)
    assert message in str(raised.value)


def test_a_plugin_seen_twice_on_the_path_is_loaded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = plugin(tmp_path / "one", "acme.good = acme_ok:Good\n", {"acme_ok": GOOD})
    again = plugin(tmp_path / "two", "acme.good = acme_ok:Good\n", {})
    monkeypatch.syspath_prepend(str(again))
    rules = load_with(monkeypatch, folder)
    assert "acme.good" in rules and "alt-length" in rules


def test_no_rules_at_all_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_entry_points", lambda: [])
    with pytest.raises(UsageError, match="no rules are registered"):
        registry.load()


def test_the_command_line_says_it_in_one_line_exit_2(tmp_path: Path) -> None:
    folder = plugin(tmp_path / "plugins", "acme.good = acme_boom:Good\n", {"acme_boom": "import acme_nowhere\n"})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}  # (the artlint under test too)
    for args in (["rules"], ["check", "--no-cache", "."]):
        result = subprocess.run([sys.executable, "-m", "artlint", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, result.stderr
        assert "rule plugin 'acme.good' (acme_boom:Good) failed to load: ModuleNotFoundError" in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
