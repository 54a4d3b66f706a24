"""Built-in rules: one module per rule, module name = rule id with underscores.

Each is registered in pyproject.toml under the ``artlint.rules`` entry-point group,
exactly as a plugin's rules are.
"""
