"""The paths of the configuration: the helpers of ``artlint.paths``, under the names the
configuration's modules import."""

from ..paths import WINDOWS, absolute_path, absolute_paths, git_root, in_project, plain, project_of, within

__all__ = ["WINDOWS", "absolute_path", "absolute_paths", "git_root", "in_project", "plain", "project_of", "within"]
