"""django-tables2 asks `inspect.signature` of a column's render/value method for every cell it renders
(`utils.call_with_appropriate` → `utils.signature`). A 150,000-person export is 1.3 million such calls: about 40 % of
its time, for an answer that depends only on the function. `install()` (CoreConfig.ready) makes tables2 remember it
per function; the answer is the library's own, computed once."""

from __future__ import annotations

from django_tables2 import utils

_original = utils.signature
_known: dict[tuple, tuple] = {}
LIMIT = 10_000  # functions made per request (lambdas in a table's __init__) must not grow it without end


def signature(fn):
    # A bound method is keyed by its function: the same answer for every row's table (self is left out either way).
    key = (getattr(fn, "__func__", fn), hasattr(fn, "__func__"))
    try:
        return _known[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable callable: ask every time, as tables2 does
        return _original(fn)
    if len(_known) >= LIMIT:
        _known.clear()
    found = _known[key] = _original(fn)
    return found


def install() -> None:
    utils.signature = signature  # call_with_appropriate looks it up in the module at each call
