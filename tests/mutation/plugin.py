"""pytest side of the mutation runner (``-p tests.mutation.plugin --mutation-plan FILE``).

Collection happens once; the test database is set up once, in this process. Then every run,
the unmutated baseline and each mutant, happens in a forked child, which inherits the
collected items, the imported modules and the database (SQLite in memory is copied with the
process; on PostgreSQL the parent closes its connections so that each child opens its own).
The child swaps the mutated code objects into the live function objects of the module, so
names imported elsewhere see the mutant too, runs the items up to the first failure and exits
0 (survived) or 1 (killed). The parent waits with a timeout; a timeout counts as killed.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import importlib
import json
import os
import signal
import sys
import tempfile
import time
import types
from pathlib import Path

import pytest
from _pytest.runner import runtestprotocol

SURVIVED, KILLED, APPLY_ERROR = 0, 1, 3


def pytest_addoption(parser):
    parser.getgroup("mutation").addoption(
        "--mutation-plan", default=None, help="JSON plan written by tests.mutation.run"
    )


def _module_name(relpath: str) -> str:
    name = relpath.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def _code_objects(code, found):
    found.setdefault((code.co_qualname, code.co_firstlineno), code)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _code_objects(const, found)
    return found


def _fit_closure(new, old):
    """A dropped statement may drop a free variable (``super()`` loses ``__class__``): the live
    function keeps its closure, so the new code declares the old free variables again, unused.
    Any other mismatch raises ValueError when assigned, and the mutant is reported as an error."""
    if new.co_freevars != old.co_freevars and old.co_freevars[: len(new.co_freevars)] == (
        new.co_freevars
    ):
        return new.replace(co_freevars=old.co_freevars)
    return new


class Target:
    """The live module and every function object compiled from its file."""

    def __init__(self, root: Path, relpath: str):
        self.path = (root / relpath).resolve()
        self.module = importlib.import_module(_module_name(relpath))
        if Path(self.module.__file__).resolve() != self.path:
            raise RuntimeError(f"{self.module.__name__} was imported from {self.module.__file__}")
        self.source = self.path.read_bytes()
        filename = self.module.__spec__.origin
        self.functions: dict[tuple[str, int], list[types.FunctionType]] = {}
        for obj in gc.get_objects():
            if isinstance(obj, types.FunctionType) and obj.__code__.co_filename == filename:
                key = (obj.__code__.co_qualname, obj.__code__.co_firstlineno)
                self.functions.setdefault(key, []).append(obj)
        self.filename = filename
        # The unmutated source must compile to the code that is running (no stale import).
        original = _code_objects(self.compile(self.source), {})
        self.stale = [
            key
            for key, funcs in self.functions.items()
            if key in original and any(f.__code__ != original[key] for f in funcs)
        ]

    def compile(self, source: bytes):
        return compile(source, self.filename, "exec", dont_inherit=True)

    def apply(self, mutant: dict):
        source = (
            self.source[: mutant["start"]]
            + mutant["replacement"].encode()
            + self.source[mutant["end"] :]
        )
        code = self.compile(source)
        new_codes = _code_objects(code, {})
        swapped = 0
        for key, funcs in self.functions.items():
            new = new_codes.get(key)
            if new is None:
                continue
            for func in funcs:
                if func.__code__ != new:
                    func.__code__ = _fit_closure(new, func.__code__)
                    swapped += 1
        if mutant["module_stmt_line"]:
            swapped += self.apply_module_constant(source, mutant["module_stmt_line"])
        if not swapped:
            raise RuntimeError("the mutant changed no live code")

    def apply_module_constant(self, source: bytes, line: int) -> int:
        tree = ast.parse(source)
        stmt = next(s for s in tree.body if s.lineno == line)
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        names = [t.id for t in targets]
        old = {name: self.module.__dict__.get(name) for name in names}
        exec(  # noqa: S102
            compile(ast.Module([stmt], type_ignores=[]), self.filename, "exec"),
            self.module.__dict__,
        )
        # `from module import NAME` elsewhere holds the old object: rebind those too.
        for other in list(sys.modules.values()):
            if other is None or other is self.module:
                continue
            for name in names:
                try:
                    if getattr(other, name, None) is old[name] and old[name] is not None:
                        setattr(other, name, self.module.__dict__[name])
                except Exception:  # noqa: S112 - lazy modules may refuse getattr
                    continue
        return len(names)


def _force_database_setup(session, items):
    """Creates the test database in this process, before any fork."""
    db_items = [i for i in items if "django_db_setup" in getattr(i, "fixturenames", ())]
    if not db_items:
        return
    session._setupstate.setup(session)
    db_items[0]._request.getfixturevalue("django_db_setup")


def _run_child(items, target, mutant, write_fd, durations_path=None):
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    code = SURVIVED
    detail = ""
    durations = {}
    try:
        if mutant is not None:
            target.apply(mutant)
        for index, item in enumerate(items):
            # The last item keeps the session alive: no database teardown from a child.
            nextitem = items[index + 1] if index + 1 < len(items) else items[0]
            started = time.monotonic()
            reports = runtestprotocol(item, log=False, nextitem=nextitem)
            durations[item.nodeid] = time.monotonic() - started
            if any(report.failed for report in reports):
                code, detail = KILLED, item.nodeid
                break
    except BaseException as exc:  # noqa: BLE001
        code, detail = APPLY_ERROR, f"{type(exc).__name__}: {exc}"[:300]
    if durations_path:
        Path(durations_path).write_text(json.dumps(durations))
    os.write(write_fd, detail.encode()[:4000])
    os._exit(code)


def _close_connections():
    if "django" not in sys.modules:
        return
    try:
        from django.db import connections

        if any(c.vendor == "postgresql" for c in connections.all(initialized_only=True)):
            connections.close_all()
    except Exception:  # noqa: S110 - Django not configured: nothing to close
        pass


class Runner:
    def __init__(self, items, target, jobs, out):
        self.items = items
        self.target = target
        self.jobs = max(1, jobs)
        self.out = out
        # Test files in collection order; each mutant runs them cheapest first, except that
        # the file that killed the previous mutant of the same function goes first.
        self.files: dict[str, list] = {}
        for item in items:
            self.files.setdefault(item.nodeid.split("::")[0], []).append(item)
        self.file_seconds = dict.fromkeys(self.files, 0.0)
        self.last_killer: dict[str, str] = {}

    def learn_durations(self, durations: dict[str, float]):
        for nodeid, seconds in durations.items():
            self.file_seconds[nodeid.split("::")[0]] += seconds

    def ordered_items(self, mutant):
        first = self.last_killer.get(mutant["scope"]) if mutant else None
        files = sorted(self.files, key=lambda f: (f != first, self.file_seconds[f]))
        return [item for name in files for item in self.files[name]]

    def fork(self, mutant, durations_path=None):
        items = self.ordered_items(mutant) if mutant else self.items
        _close_connections()
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _run_child(items, self.target, mutant, write_fd, durations_path)
        os.close(write_fd)
        return pid, read_fd

    @staticmethod
    def collect(pid, read_fd, status):
        detail = os.read(read_fd, 4000).decode(errors="replace")
        os.close(read_fd)
        code = os.waitstatus_to_exitcode(status)
        return code, detail

    def run_baseline(self):
        """The unmutated code in a single child, waited for without a timeout."""
        with tempfile.NamedTemporaryFile(suffix=".json") as durations:
            pid, read_fd = self.fork(None, durations.name)
            _, status = os.waitpid(pid, 0)
            result = self.collect(pid, read_fd, status)
            with contextlib.suppress(ValueError):
                self.learn_durations(json.loads(Path(durations.name).read_text() or "{}"))
        return result

    def run_all(self, mutants, timeout):
        pending = list(mutants)
        running = {}  # pid -> (mutant, read_fd, started)
        done = 0
        while pending or running:
            while pending and len(running) < self.jobs:
                mutant = pending.pop(0)
                pid, read_fd = self.fork(mutant)
                running[pid] = (mutant, read_fd, time.monotonic())
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                now = time.monotonic()
                for child, (mutant, read_fd, started) in list(running.items()):
                    if now - started > timeout:
                        os.kill(child, signal.SIGKILL)
                        os.waitpid(child, 0)
                        os.close(read_fd)
                        del running[child]
                        done += 1
                        self.emit(mutant, "timeout", now - started, f"timeout {timeout:.0f} s")
                        self.progress(done, len(mutants), mutant, "timeout (counted as killed)")
                time.sleep(0.02)
                continue
            if pid not in running:
                continue
            mutant, read_fd, started = running.pop(pid)
            code, detail = self.collect(pid, read_fd, status)
            status_name = {SURVIVED: "survived", KILLED: "killed"}.get(code, "error")
            if status_name == "killed":
                self.last_killer[mutant["scope"]] = detail.split("::")[0]
            if status_name == "error" and not detail:
                detail = f"child exit code {code}"
            done += 1
            self.emit(mutant, status_name, time.monotonic() - started, detail)
            self.progress(done, len(mutants), mutant, status_name)

    def emit(self, mutant, status, seconds, detail):
        record = {"id": mutant["id"], "status": status, "seconds": round(seconds, 3)}
        if status == "killed":
            record["by"] = detail
        elif detail:
            record["detail"] = detail
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()

    @staticmethod
    def progress(done, total, mutant, status):
        print(f"MUT [{done}/{total}] {status:<8} {mutant['id']}", flush=True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    plan_path = session.config.getoption("mutation_plan")
    if not plan_path:
        return None
    plan = json.loads(Path(plan_path).read_text())
    out = open(plan["out"], "w")  # noqa: SIM115
    items = list(session.items)

    def baseline(ok, reason="", **extra):
        out.write(json.dumps({"baseline": True, "ok": ok, "reason": reason, **extra}) + "\n")
        out.flush()

    if session.testsfailed:
        baseline(False, "collection errors")
        return True
    if not items:
        baseline(False, "no tests collected")
        return True
    try:
        target = Target(Path.cwd(), plan["module"])
    except Exception as exc:
        baseline(False, f"cannot load the module: {type(exc).__name__}: {exc}")
        return True
    if target.stale:
        baseline(False, f"running code differs from the file for {target.stale[:3]}")
        return True
    _force_database_setup(session, items)
    runner = Runner(items, target, plan["jobs"], out)
    started = time.monotonic()
    code, detail = runner.run_baseline()
    seconds = time.monotonic() - started
    timeout = max(20.0, plan["timeout_factor"] * seconds)
    if code != SURVIVED:
        baseline(False, f"unmutated code fails: {detail or code}", tests=len(items))
        return True
    baseline(True, tests=len(items), seconds=seconds, timeout=timeout)
    print(f"MUT baseline: {len(items)} tests pass in {seconds:.1f} s", flush=True)
    runner.run_all(plan["mutants"], timeout)
    out.close()
    session.testsfailed = 0
    return True
