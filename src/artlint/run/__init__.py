"""A run: the files checked (in a pool where there are many), their results kept and
restored, the online and cross-file passes. ``session.run`` is the pipeline."""
