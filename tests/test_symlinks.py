"""Symbolic links and configured paths never lead artlint out of the project."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

Run = Callable[..., CompletedProcess[str]]
SECRET = "---\ntitle: THE-SECRET-LINE\ntitle: again\n---\n\nTHE-SECRET-BODY\n"
BAD = "---\ntitle: a\ntitle: b\n---\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A project (``site``, with its configuration and a git folder) beside files that are not its own."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SECRET)
    (outside / "secret.json").write_text('{"type": "object", "required": ["THE-SECRET-KEY"]}')
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "artlint.toml").write_text("")
    (root / "content" / "real.md").write_text(BAD)
    return root


def no_secret(result: CompletedProcess[str]) -> None:
    assert "THE-SECRET" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def checked(result: CompletedProcess[str]) -> list[str]:
    return sorted({d["path"] for d in json.loads(result.stdout)})


def test_a_link_to_a_file_outside_is_not_read_when_walking(site: Path, artlint: Run) -> None:
    (site / "content" / "passwd.md").symlink_to(site.parent / "outside" / "secret.md")
    for args in (("check",), ("check", "--format", "json"), ("check", "--no-cache", "content")):
        result = artlint(*args, cwd=site)
        no_secret(result)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("artlint: info: ") and "passwd.md" in result.stderr
    assert checked(artlint("check", "--format", "json", cwd=site)) == ["content/real.md"]


def test_a_link_named_on_the_command_line_is_not_read(site: Path, artlint: Run) -> None:
    """pre-commit passes staged symlinks by name."""
    (site / "content" / "passwd.md").symlink_to(site.parent / "outside" / "secret.md")
    result = artlint("check", "--format", "json", "content/passwd.md", "content/real.md", cwd=site)
    no_secret(result)
    assert checked(result) == ["content/real.md"]
    alone = artlint("check", "content/passwd.md", cwd=site)
    no_secret(alone)
    assert alone.returncode == 0 and "passwd.md" in alone.stderr


def test_a_link_to_the_root_of_the_file_system_is_not_walked(site: Path, artlint: Run) -> None:
    (site / "content" / "everything").symlink_to("/")
    (site / "content" / "elsewhere").symlink_to(site.parent / "outside")
    (site / "named").symlink_to(site.parent / "outside")
    result = artlint("check", "--format", "json", cwd=site)
    no_secret(result)
    assert checked(result) == ["content/real.md"]
    named = artlint("check", "--format", "json", "named", cwd=site)
    no_secret(named)
    assert named.returncode == 0 and json.loads(named.stdout) == []


def test_links_within_the_project_are_followed(site: Path, artlint: Run) -> None:
    (site / "alias.md").symlink_to("content/real.md")
    (site / "drafts").mkdir()
    (site / "drafts" / "d.md").write_text(BAD)
    (site / "content" / "mirror").symlink_to("../drafts")
    (site / "content" / "sub").mkdir()
    (site / "content" / "sub" / "up.md").symlink_to("../real.md")
    result = artlint("check", "--format", "json", cwd=site)
    assert checked(result) == ["alias.md", "content/mirror/d.md", "content/real.md", "content/sub/up.md"] or checked(result) == ["alias.md", "content/real.md", "content/sub/up.md", "drafts/d.md"]
    assert result.stderr == ""
    assert checked(artlint("check", "--format", "json", "alias.md", cwd=site)) == ["alias.md"]


def test_a_project_reached_through_a_link_is_checked(site: Path, artlint: Run) -> None:
    """The project's own folder may be a link (a home on another disk): real paths are compared."""
    link = site.parent / "via"
    link.symlink_to(site)
    result = artlint("check", "--format", "json", cwd=link)
    assert checked(result) == ["content/real.md"] and result.stderr == ""


def test_a_path_named_outside_the_project_is_the_users_choice(site: Path, artlint: Run) -> None:
    result = artlint("check", "--format", "json", str(site.parent / "outside" / "secret.md"), cwd=site)
    assert result.returncode == 1 and len(checked(result)) == 1


@pytest.mark.parametrize(
    "config, needle",
    [
        ('schema = "../outside/secret.json"\n', "schema: ../outside/secret.json is outside the project"),
        ('schema = "linked.json"\n', "schema: linked.json is outside the project"),
        ('cache-dir = "../outside/cache"\n', "cache-dir: ../outside/cache is outside the project"),
        ('corpus = ["../outside"]\n', "corpus: ../outside is outside the project"),
        ('[rules.image-local-missing]\nstatic-dirs = ["/"]\n', "static-dirs[0]: / is outside the project"),
    ],
)
def test_configured_paths_stay_in_the_project(site: Path, artlint: Run, config: str, needle: str) -> None:
    (site / "linked.json").symlink_to(site.parent / "outside" / "secret.json")
    (site / "artlint.toml").write_text(config)
    result = artlint("check", cwd=site)
    no_secret(result)
    assert result.returncode == 2 and needle in result.stderr, result.stderr
    assert not (site.parent / "outside" / "cache").exists()


def test_a_schema_named_on_the_command_line_may_be_anywhere(site: Path, artlint: Run) -> None:
    result = artlint("check", "--format", "json", "--schema", str(site.parent / "outside" / "secret.json"), cwd=site)
    assert result.returncode == 1 and "frontmatter-schema" in result.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX")
def test_the_walk_skips_a_link_to_a_folder_outside_in_a_subfolder(site: Path, artlint: Run) -> None:
    deep = site / "content" / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "escape").symlink_to("../../../../outside")
    result = artlint("check", "--format", "json", cwd=site)
    no_secret(result)
    assert checked(result) == ["content/real.md"] and "content/a/b/escape" in result.stderr


def test_a_path_named_through_a_linked_folder_is_not_read(site: Path, artlint: Run) -> None:
    (site / "content" / "away").symlink_to(site.parent / "outside")
    result = artlint("check", "--format", "json", "content/away/secret.md", cwd=site)
    no_secret(result)
    assert json.loads(result.stdout) == [] and "away" in result.stderr


def test_a_nested_configuration_may_name_files_of_its_repository(site: Path, artlint: Run) -> None:
    """The project is the repository around the configuration (its git root)."""
    (site / "schemas").mkdir()
    (site / "schemas" / "s.json").write_text('{"type": "object", "required": ["missing"]}')
    (site / "content" / "artlint.toml").write_text('schema = "../schemas/s.json"\n')
    result = artlint("check", "--format", "json", cwd=site / "content")
    assert result.returncode == 1 and "frontmatter-schema" in result.stdout, result.stderr


def test_image_paths_never_probe_outside_the_site(site: Path, artlint: Run) -> None:
    """Whether an image exists is an oracle: a path that climbs out of the site, or a link
    inside it that leads out, is missing — whatever lies outside — and '/..' stays at the
    static folder's root, as a web server keeps it."""
    (site / "artlint.toml").write_text('[rules.image-local-missing]\nstatic-dirs = ["public"]\n')
    (site / "public" / "img").mkdir(parents=True)
    (site / "public" / "img" / "here.png").write_bytes(b"")
    (site / "public" / "img" / "out.png").symlink_to(site.parent / "outside" / "secret.md")
    (site / "content" / "x.png").symlink_to(site.parent / "outside" / "secret.json")
    climb = "../" * 12
    body = (
        f"![a]({climb}etc/hostname)\n\n![b](/{climb}img/here.png)\n\n![c](/img/out.png)\n\n"
        f"![d](../../outside/secret.md)\n\n![e](x.png)\n\n![f](/img/here.png)\n\n![g](../public/img/here.png)\n"
    )
    (site / "content" / "real.md").write_text("---\ntitle: t\n---\n\n" + body)
    result = artlint("check", "--select", "image-local-missing", "--format", "json", "--no-cache", ".", cwd=site)
    no_secret(result)
    missing = sorted(d["message"].split()[1] for d in json.loads(result.stdout))
    assert missing == sorted([f"{climb}etc/hostname", "/img/out.png", "../../outside/secret.md", "x.png"])
