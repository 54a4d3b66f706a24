"""What artlint keeps between runs, in its cache folder: the results of each file, the
record of the last run (an accelerator of the results), and the SQLite helpers the corpus
index shares. Nothing here knows a rule: what decides a file's findings comes from the
rules' options and ``Rule.cache_inputs`` (see ``keys``)."""
