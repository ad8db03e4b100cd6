"""Data set modules for `parley eval`: one per data set, discovered by name (see parley.evaluation)."""
