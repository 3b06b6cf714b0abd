"""Run tasks in worker processes so that no task can take the run down.

A task that crashes its worker (a native library's abort, a segfault), runs past its time
limit or past its memory limit costs that task alone: the worker is killed and replaced, the
task comes back as a :class:`Failure`, and the other tasks go on. Workers live for the whole
run, so what they load (templates, compiled programs) is loaded once per worker.

Results are yielded in task order, whatever order the workers finish in, so a parallel run
reports exactly as a serial one.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from ..limits import Limits

MB = 1 << 20
DEPTH = 2  # items sent to a worker ahead of its answers (one worked on, one waiting)
# Windows waits on at most 63 handles at once (WaitForMultipleObjects), and the pool waits on
# two per worker (its pipe, its process); Python 3.11's connection.wait raises ValueError
# beyond that instead of waiting in batches. A PC with 32 or more logical cores would ask for
# more workers by default (--jobs: the core count).
WINDOWS_MAX_WORKERS = 30


@dataclass(frozen=True)
class Failure:
    """A task that did not finish: ``kind`` is ``crash``, ``timeout`` or ``memory``."""

    kind: str
    detail: str = ""


Task = Callable[[Any, Any], Any]  # (setup, item) -> result; must be picklable by name


def run_isolated(fn: Task, setup: Any, items: Sequence[Any], jobs: int, limits: Limits,
                 on_start: Callable[[int], None] | None = None,
                 meanwhile: Callable[[], None] | None = None) -> Iterator[tuple[int, Any]]:
    """``fn(setup, item)`` for every item in ``jobs`` worker processes; yields
    ``(index, result or Failure)`` in item order.

    ``meanwhile`` is called once, in this process: as soon as the first items are sent when
    a core is left over for it (its work runs beside the workers'), else before the workers
    start (they would only share their cores with it; forked, they inherit what it loaded).
    """
    workers = worker_count(jobs, len(items))
    if meanwhile is not None and workers >= (os.cpu_count() or 1):
        meanwhile()
        meanwhile = None
    pool = _Pool(fn, setup, workers, limits)
    try:
        yield from pool.run(items, on_start, meanwhile)
    finally:
        pool.close()


def worker_count(jobs: int, items: int) -> int:
    """How many workers ``jobs`` gives for ``items`` tasks: never more than the tasks, nor
    (on Windows) than it can wait on."""
    workers = min(max(jobs, 1), max(items, 1))
    return min(workers, WINDOWS_MAX_WORKERS) if sys.platform == "win32" else workers


def _context() -> Any:
    # fork is fast and shares what the parent already imported; Windows and macOS spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


class _Worker:
    def __init__(self, ctx: Any, fn: Task, setup: Any, limits: Limits):
        # The worker's stderr goes to a file: a native abort's last words, never the terminal.
        fd, self.log = tempfile.mkstemp(prefix="xlgen-worker-", suffix=".log")
        os.close(fd)
        parent, child = ctx.Pipe()
        self.conn: Connection = parent
        self.process = ctx.Process(target=_main, args=(child, fn, setup, limits.memory_mb,
                                                       self.log), daemon=True)
        self.process.start()
        child.close()
        # The items sent, in order: the first is being worked on, the next wait in the pipe
        # (DEPTH), so that the worker goes on while the run's process commits a result.
        self.queue: deque[int] = deque()
        self.deadline = float("inf")  # of the first item

    @property
    def index(self) -> int | None:
        """The item being worked on, if any."""
        return self.queue[0] if self.queue else None

    def send(self, index: int, item: Any, seconds: float | None) -> bool:
        """Send ``index``; whether it is the one worked on now (else it waits its turn)."""
        self.conn.send((index, item))
        self.queue.append(index)
        if len(self.queue) == 1:
            self.begin(seconds)
        return len(self.queue) == 1

    def begin(self, seconds: float | None) -> None:
        """The first item's clock starts."""
        self.deadline = time.monotonic() + seconds if seconds else float("inf")

    def answered(self, seconds: float | None) -> int | None:
        """The first item is done; the next one, if sent, is worked on now (returned)."""
        self.queue.popleft()
        if not self.queue:
            self.deadline = float("inf")
            return None
        self.begin(seconds)
        return self.queue[0]

    def last_words(self) -> str:
        try:
            with open(self.log, "rb") as fh:
                text = fh.read()[-4096:].decode("utf-8", "replace")
        except OSError:
            return ""
        lines = [line for line in text.strip().splitlines()
                 if line.strip() and not line.startswith("note:")]  # Rust's backtrace hint
        return lines[-1][:200] if lines else ""

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        elif self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()
        try:
            os.unlink(self.log)
        except OSError:
            pass


class _Pool:
    def __init__(self, fn: Task, setup: Any, jobs: int, limits: Limits):
        self.ctx = _context()
        self.fn, self.setup, self.limits = fn, setup, limits
        self.pending: deque[int] = deque()  # items not sent, in order (run)
        self.on_start: Callable[[int], None] | None = None
        self.workers = [self._spawn() for _ in range(jobs)]

    def _spawn(self) -> _Worker:
        return _Worker(self.ctx, self.fn, self.setup, self.limits)

    def close(self) -> None:
        for w in self.workers:
            w.stop()

    def _replace(self, worker: _Worker) -> None:
        """A fresh worker in ``worker``'s place; the items waiting in its pipe behind the one
        it was on go back to the front of the pending ones, in order."""
        worker.stop(kill=True)
        self.workers[self.workers.index(worker)] = self._spawn()
        waiting = list(worker.queue)[1:]
        worker.queue.clear()
        self.pending.extendleft(reversed(waiting))

    def run(self, items: Sequence[Any], on_start: Callable[[int], None] | None,
            meanwhile: Callable[[], None] | None = None) -> Iterator[tuple[int, Any]]:
        self.pending = deque(range(len(items)))
        self.on_start = on_start
        done: dict[int, Any] = {}
        following = 0
        while following < len(items):
            self._give(items)
            if meanwhile is not None:
                meanwhile()
                meanwhile = None
            busy = [w for w in self.workers if w.queue]
            soonest = min(w.deadline for w in busy)
            timeout = max(0.0, soonest - time.monotonic()) if soonest != float("inf") else None
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                             timeout))
            for w in busy:
                outcome = self._outcome(w, ready)
                if outcome is not None:
                    index, value = outcome
                    done[index] = value
            # Give the idle workers their next items before the caller takes the results:
            # its commit (writing, fsync) would otherwise keep them waiting.
            self._give(items)
            while following in done:
                yield following, done.pop(following)
                following += 1

    def _started(self, index: int | None) -> None:
        if index is not None and self.on_start:
            self.on_start(index)

    def _give(self, items: Sequence[Any]) -> None:
        """Send the next pending item to each idle worker (a worker that ended is replaced),
        then a second one to each worker on one item while more are pending than there are
        workers: it waits in the pipe, so the worker need not wait for the run's process to
        take the first one's result and send another. Near the end a worker gets one item at
        a time, so that none waits behind a long one while another worker is idle."""
        for depth in range(1, DEPTH + 1):
            for i, w in enumerate(self.workers):
                if len(w.queue) != depth - 1 or not self.pending:
                    continue
                if depth > 1 and len(self.pending) <= len(self.workers):
                    return
                if not w.queue and not w.process.is_alive():  # it ended after its last answer
                    self._replace(w)
                    w = self.workers[i]
                index = self.pending.popleft()
                try:
                    if w.send(index, items[index], self.limits.seconds):
                        self._started(index)
                except OSError:  # it died just now: try again on a fresh worker
                    self.pending.appendleft(index)
                    if not w.queue:  # else its first item's outcome replaces it
                        self._replace(w)

    def _outcome(self, w: _Worker, ready: set) -> tuple[int, Any] | None:
        """The worker's finished task, if any; a dead or late worker is replaced."""
        index = w.index
        assert index is not None
        if w.conn in ready:
            try:
                got_index, kind, value = w.conn.recv()
            except (EOFError, OSError):
                pass  # it died while answering: a crash, below
            else:
                if kind == "memory":
                    self._replace(w)  # its heap is suspect after a MemoryError (it ends)
                    return got_index, Failure("memory", value)
                self._started(w.answered(self.limits.seconds))
                return got_index, value
        if w.process.sentinel in ready or not w.process.is_alive():
            w.process.join(timeout=5)
            detail = _exit_detail(w.process.exitcode, w.last_words())
            self._replace(w)
            return index, Failure("crash", detail)
        if time.monotonic() >= w.deadline:
            self._replace(w)
            return index, Failure("timeout", f"{self.limits.seconds:.0f} 秒")
        return None


def _exit_detail(code: int | None, last: str) -> str:
    if code is not None and code < 0:
        try:
            what = f"信号 {signal.Signals(-code).name}"
        except ValueError:
            what = f"信号 {-code}"
    elif code is not None and code > 0xFFFF:  # Windows: an NTSTATUS, looked up in hex
        what = f"退出码 0x{code:08X}"  # 0xC0000005: access violation
    else:
        what = f"退出码 {code}"
    return f"{what}：{last}" if last else what


def _limit_memory(megabytes: int | None) -> None:
    if not megabytes:
        return
    if sys.platform == "win32":  # no setrlimit: a job object (the time limit holds anyway)
        from .winjob import limit_process_memory

        limit_process_memory(megabytes * MB)
        return
    import resource

    limit = megabytes * MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _main(conn: Connection, fn: Task, setup: Any, memory_mb: int | None, log: str) -> None:
    """A worker: run tasks until told to stop (``None``) or the parent goes away."""
    faulthandler.disable()  # a crash is reported by the parent, from the log's last line
    os.environ["RUST_BACKTRACE"] = "0"  # so that line is the native library's own message
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    os.dup2(fd, 2)  # native libraries write their last words to fd 2
    os.close(fd)
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    _limit_memory(memory_mb)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        try:
            answer = (index, "ok", fn(setup, item))
        except MemoryError:
            answer = None  # leaving the except clause frees the frames that held the memory
        if answer is None:
            conn.send((index, "memory", f"{memory_mb} MB" if memory_mb else ""))
            return
        conn.send(answer)
