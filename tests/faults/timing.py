"""Doing things at the same moment, and waiting for things to happen."""

import threading
import time
from collections.abc import Callable


def at_once(calls: list[Callable]) -> list:
    """Run the calls in threads released together; their results in order (an exception is a result)."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable) -> None:
        start.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001  (reported to the test as the outcome)
            results[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def eventually(check: Callable[[], bool], *, seconds: float, what: str, detail: Callable[[], str] = str) -> None:
    """Wait until check() is true; fail with `what` (and detail()) if it is not in time."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds} s\n{detail()}")
        time.sleep(0.2)
