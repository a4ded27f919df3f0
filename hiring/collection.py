"""Pausing Python's cyclic garbage collector while a large result is computed.

Reading and ranking a large opening allocates tens of thousands of short-lived
objects (a tuple per row read, a list per column). Reference counting frees
them all; the cyclic collector, triggered every 700 allocations, meanwhile
scans them again and again, and now and then the whole heap of the process:
50–60 ms of a 400 ms shortlist at 10,000 applications. Nothing computed here
builds reference cycles worth collecting, so the collector waits until the
computation ends. Threads share the collector: it is paused while any of
them is computing and resumes when the last one is done.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_computing = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _computing, _was_enabled
    with _lock:
        if _computing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _computing += 1
    try:
        yield
    finally:
        with _lock:
            _computing -= 1
            if _computing == 0 and _was_enabled:
                gc.enable()
