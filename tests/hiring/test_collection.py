"""The garbage collector is paused while results are computed, and always comes back."""

import gc
import threading

import pytest

from hiring.collection import collector_paused


def test_paused_inside_nested_computations_and_back_after_them():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer computation is still running"
    assert gc.isenabled()


def test_back_after_a_computation_that_raised():
    with pytest.raises(ZeroDivisionError), collector_paused():
        _ = 1 / 0
    assert gc.isenabled()


def test_one_thread_finishing_does_not_resume_it_under_another():
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(timeout=10)

    thread = threading.Thread(target=other)
    with collector_paused():
        thread.start()
        inside.wait(timeout=10)
    assert not gc.isenabled(), "the other thread is still computing"
    release.set()
    thread.join(timeout=10)
    assert gc.isenabled()


def test_left_off_when_it_was_off_before():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
