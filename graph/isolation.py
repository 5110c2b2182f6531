"""Run one piece of untrusted work (a query) in a child process that can be stopped and cannot hurt us.

A query on a local store runs in a forked child, which inherits the loaded store (copy-on-write, no
reload) and sends its answer back pickled through a temporary file. The child has a memory ceiling
(RLIMIT_AS: what the process holds at the fork plus a budget) and an answer-size ceiling
(RLIMIT_FSIZE); the parent kills it at the deadline. So a query that would take all the memory, run
forever or crash the engine (a segfault inside a native library) ends with a clear error, and the
command that asked is unharmed. Without fork (Windows), the work runs in a thread instead: the time
limit holds, the memory and crash protection do not.
"""

from __future__ import annotations

import importlib
import os
import pickle
import select
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import CouncilGraphError, QueryError, QueryTimeout

__all__ = ["run_isolated", "run_in_thread", "timeout_message", "can_isolate"]

T = TypeVar("T")
_MB = 1024 * 1024


def can_isolate() -> bool:
    return hasattr(os, "fork") and hasattr(os, "waitpid")


def timeout_message(what: str, timeout: float) -> str:
    unit = "second" if timeout == 1 else "seconds"
    return (
        f"{what} did not finish within {timeout:g} {unit} and was stopped; narrow it (more specific "
        "patterns, a LIMIT) or allow more time with --timeout SECONDS"
    )


def memory_message(what: str, memory_mb: int) -> str:
    return (
        f"{what} needed more than {memory_mb:,} MB of memory and was stopped; narrow it (more specific "
        "patterns, a LIMIT, no ORDER BY over everything) or allow more with --memory-limit MB"
    )


def run_isolated(
    work: Callable[[], T], *, what: str, timeout: float | None, memory_mb: int = 0, result_mb: int = 0
) -> T:
    """The value of `work()`, computed in a child process under the limits (0 or None: no limit).

    Errors the work raises on purpose (CouncilGraphError) come back as themselves; running out of
    time, memory or answer size, and a crash, become QueryError subclasses that say which.
    """
    if not can_isolate():
        return run_in_thread(work, what=what, timeout=timeout)
    handle, path = tempfile.mkstemp(prefix="councilgraph-answer-")
    os.close(handle)
    log_handle, log_path = tempfile.mkstemp(prefix="councilgraph-worker-")
    os.close(log_handle)
    try:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _child(work, path, log_path, memory_mb, result_mb)
        status = _wait(pid, timeout)
        if status is None:
            raise QueryTimeout(timeout_message(what, timeout or 0))
        return _outcome(status, path, log_path, what, timeout, memory_mb, result_mb)
    finally:
        for leftover in (path, log_path):
            try:
                os.unlink(leftover)
            except OSError:
                pass


def _child(work: Callable[[], object], path: str, log_path: str, memory_mb: int, result_mb: int) -> None:
    code = 70
    try:
        log = os.open(log_path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(log, 1)  # the engine's own messages (e.g. an allocation failure) go to the log
        os.dup2(log, 2)
        import faulthandler

        faulthandler.disable()  # a test runner's handler would print the engine's crash on its own stream
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # an over-large answer ends the child with SIGXFSZ
        _limit_memory(memory_mb)
        if result_mb:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (result_mb * _MB, result_mb * _MB))
        payload: tuple[Any, ...]  # (outcome, *details), pickled for the parent
        try:
            payload = ("ok", work())
        except MemoryError:
            payload, code = ("memory",), 71
        except CouncilGraphError as exc:
            payload = ("error", type(exc).__module__, type(exc).__qualname__, str(exc), _plain_attributes(exc))
        except BaseException as exc:  # a bug: its traceback goes back to the parent
            payload = ("bug", "".join(traceback.format_exception(exc)))
        with open(path, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0 if payload[0] != "memory" else code
    except MemoryError:
        code = 71
    except BaseException:  # noqa: BLE001 - the child must end here whatever happened
        code = 70
    finally:
        os._exit(code)


def _limit_memory(memory_mb: int) -> None:
    """Cap the child's address space at what it holds now plus `memory_mb` megabytes."""
    if not memory_mb:
        return
    import resource

    held = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    held = int(line.split()[1]) * 1024
    except (OSError, ValueError):
        held = 0
    if held:
        limit = held + memory_mb * _MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    else:  # no /proc: cap the data segment instead, which counts the heap
        resource.setrlimit(resource.RLIMIT_DATA, (memory_mb * _MB, memory_mb * _MB))


def _plain_attributes(exc: BaseException) -> dict:
    """The attributes of an exception that survive pickling (strings, numbers, tuples of them)."""
    kept = {}
    for key, value in vars(exc).items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - unpicklable attributes are left behind
            continue
        kept[key] = value
    return kept


def _wait(pid: int, timeout: float | None) -> int | None:
    """The child's wait status, or None after killing it at the deadline."""
    deadline = None if not timeout else time.monotonic() + timeout
    pause = 0.0005
    exited = _exit_watch(pid)
    try:
        while True:
            if exited is not None:  # woken the moment the child exits (or at the deadline), not by polling
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                select.select([exited], [], [], left)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            if deadline is not None and time.monotonic() >= deadline:
                break
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
    except BaseException:  # an interrupt while waiting: the child goes too
        _kill(pid)
        raise
    finally:
        if exited is not None:
            os.close(exited)
    _kill(pid)
    return None


def _exit_watch(pid: int) -> int | None:
    """A file descriptor that becomes readable when the child exits (Linux's pidfd), or None where there is
    none (the wait then polls)."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _outcome(status: int, path: str, log_path: str, what: str, timeout: float | None, memory_mb: int, result_mb: int):
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGXFSZ:
            raise QueryError(
                f"the answer to {what} is larger than {result_mb:,} MB and was stopped; narrow the query or add a LIMIT"
            )
        log = _read_log(log_path)
        if number == signal.SIGABRT and "memory allocation" in log and memory_mb:
            raise QueryError(memory_message(what, memory_mb))
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        raise QueryError(
            f"the query engine crashed on {what} ({name}) and was stopped; this command is "
            "unharmed. Simplify the query (fewer nested groups or chained clauses)"
            + (f". The engine said: {log.splitlines()[0][:200]}" if log.strip() else "")
        )
    code = os.WEXITSTATUS(status)
    if code == 71:
        raise QueryError(memory_message(what, memory_mb))
    try:
        with open(path, "rb") as handle:
            payload = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError) as exc:
        raise QueryError(f"{what} ended without an answer (exit status {code}): {_read_log(log_path)[:200]}") from exc
    if payload[0] == "ok":
        return payload[1]
    if payload[0] == "memory":
        raise QueryError(memory_message(what, memory_mb))
    if payload[0] == "bug":
        raise RuntimeError(f"the query worker failed on {what}:\n{payload[1]}")
    error = _rebuilt(*payload[1:])
    if isinstance(error, QueryTimeout):  # the work's own deadline: say it as the parent's would
        raise QueryTimeout(timeout_message(what, timeout or 0))
    raise error


def _rebuilt(module: str, qualname: str, message: str, attributes: dict) -> CouncilGraphError:
    """The child's error as an instance of its own class, with its message and attributes."""
    found: object
    try:
        found = importlib.import_module(module)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        found = QueryError
    cls = found if isinstance(found, type) and issubclass(found, CouncilGraphError) else QueryError
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(attributes)
    return error


def _read_log(log_path: str) -> str:
    try:
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read(4096)
    except OSError:
        return ""


def run_in_thread(work: Callable[[], T], *, what: str, timeout: float | None) -> T:
    """Run `work` in a worker thread; give up with QueryTimeout after `timeout` seconds.

    Used where there is no fork, and for trusted work. The thread cannot be stopped: work that
    checks a deadline itself (the rdflib store does) stops; other work runs on in the background.
    """
    outcome: list = []

    def target():
        try:
            outcome.append(("ok", work()))
        except BaseException as exc:  # handed to the caller's thread
            _drop_locals(exc)
            outcome.append(("error", exc))

    worker = threading.Thread(target=target, name="councilgraph-query", daemon=True)
    worker.start()
    worker.join(timeout if timeout and timeout > 0 else None)
    if not outcome:
        raise QueryTimeout(timeout_message(what, timeout or 0))
    status, value = outcome[0]
    if status == "error":
        if isinstance(value, QueryTimeout):
            raise QueryTimeout(timeout_message(what, timeout or 0)) from None
        raise value
    return value


def _drop_locals(exc: BaseException | None) -> None:
    """Clear the locals of the frames `exc` and the exceptions behind it hold, in this thread: an
    Oxigraph result is bound to the thread that made it and must not be dropped in another one."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__
