"""Executors for the tests: run tasks in the caller's thread, and interrupt a run part way."""

from __future__ import annotations

from concurrent.futures import Executor, Future


class Interrupting(Executor):
    """Runs tasks in the caller's thread and raises KeyboardInterrupt after ``budget`` of them."""

    def __init__(self, budget: int) -> None:
        self.budget = budget

    def submit(self, fn, *args):
        if self.budget == 0:
            raise KeyboardInterrupt
        self.budget -= 1
        future = Future()
        future.set_result(fn(*args))
        return future
