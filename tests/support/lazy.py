"""A module imported where it is first used, not where it is named: torch and the references built on it (over two
seconds to import) load in the one test worker that runs the tests comparing with them (tests/conftest.py sends
those modules to one worker), not in every worker that collects them."""

import importlib


class lazy:  # noqa: N801  (stands where a module would: `torch = lazy("torch")`)
    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        if attr.startswith("_"):  # what collection asks of every name in a module (a fixture's marker, __test__)
            raise AttributeError(attr)
        return getattr(importlib.import_module(self._name), attr)
