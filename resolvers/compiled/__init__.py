"""Compiled reads: a covered query as one SQL statement whose result is the answer's JSON.

:mod:`resolvers.compiled.walk` decides whether an operation is covered, :mod:`.person` builds
the statement, :mod:`.run` caches and runs it; ``schema/executor.py`` calls them and takes the
standard execution for everything else.
"""
