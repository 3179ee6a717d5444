"""The window freezes its long-lived objects at idle moments, so full garbage collections stay short."""

from __future__ import annotations

import gc
import weakref

import pytest

from desktop.heap_settling import QUICK_FREEZES, HeapSettler

pytestmark = pytest.mark.gui


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def settler(qtbot):
    busy = {"now": False}
    made = HeapSettler(lambda: busy["now"], idle_ms=50)
    made.busy = busy
    yield made
    made.release()


def test_the_window_settles_once_its_first_results_are_shown_and_it_is_idle(qtbot, window):
    with qtbot.waitSignal(window.heap.settled, timeout=15000):
        window.search_now()  # the first results, as the application asks for them; then two quiet seconds
    assert window.heap.settles == 1 and gc.get_freeze_count() > 0
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        qtbot.keyClicks(window.search_box, "Kazakhstan")
    with qtbot.assertNotEmitted(window.heap.settled, wait=2500):
        pass  # nothing owed: searching on does not settle again
    window.close()
    assert gc.get_freeze_count() == 0  # a closed window leaves nothing frozen


def test_a_slow_full_collection_owes_a_settling_at_the_next_quiet_moment(qtbot, settler):
    settler.activity()
    with qtbot.waitSignal(settler.settled):
        pass
    settler.activity()
    with qtbot.assertNotEmitted(settler.settled, wait=200):
        pass
    settler.slow_ms = 0.0  # every full collection counts as slow
    gc.collect()
    settler.activity()
    with qtbot.waitSignal(settler.settled):
        pass
    assert settler.settles == 2


def test_a_settling_waits_while_the_window_reads_the_library(qtbot, settler):
    settler.busy["now"] = True
    settler.activity()
    with qtbot.assertNotEmitted(settler.settled, wait=300):
        pass
    settler.busy["now"] = False
    with qtbot.waitSignal(settler.settled):
        pass


def test_cyclic_garbage_frozen_while_typing_is_freed_by_the_settling(qtbot, settler):
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    settler.searched()  # freezes what is alive, the cycle with it
    del cycle
    gc.collect()
    assert gone() is not None  # frozen: a collection passes over it
    with qtbot.waitSignal(settler.settled):
        pass
    assert gone() is None


def test_only_the_first_few_searches_freeze_before_the_window_is_idle(qtbot, settler):
    for _search in range(QUICK_FREEZES):
        settler.searched()
    frozen = gc.get_freeze_count()
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    settler.searched()  # typing on: nothing more is frozen, so garbage is collected as usual
    del cycle
    gc.collect()
    assert gone() is None and gc.get_freeze_count() == frozen


def test_a_library_change_owes_a_settling(qtbot, settler):
    settler.activity()
    with qtbot.waitSignal(settler.settled):
        pass
    settler.changed()
    with qtbot.waitSignal(settler.settled):
        pass
    assert settler.settles == 2


def test_a_settling_waits_for_the_completion_tables_being_built(qtbot, settler):
    import threading

    building = threading.Event()
    thread = threading.Thread(target=building.wait)
    thread.start()
    settler.wait_for(thread)
    settler.activity()
    with qtbot.assertNotEmitted(settler.settled, wait=300):
        pass
    building.set()
    with qtbot.waitSignal(settler.settled):
        thread.join()
