"""Mutation testing of the project's decision code (``make mutation``, never part of ``make test``).

Mutants are generated from the AST and applied as text edits at the nodes' positions, so line
numbers and comments stay. Each mutant has a stable id, ``path::scope::kind#ordinal``, where the
scope is the function's qualified name (``<module>:NAME`` for a module-level constant) and the
ordinal counts the same kind of mutation inside that scope only: an edit elsewhere in the file
does not renumber it.

For each module, one pytest process collects the tests listed in ``config.py`` once, sets the
test database up once, checks that the unmutated code passes them, then forks a child per mutant
(``plugin.py``): the child swaps the mutated code objects into the live functions, runs the
tests up to the first failure and exits 0 (survived) or 1 (killed).

    python -m tests.mutation.run [--module PATH ...] [--only ID_SUBSTRING] [--list]
                                 [--show-survivors] [--root DIR] [--jobs N]

Equivalent mutants are listed in ``equivalent.toml`` (id = one-line reason); the score is
killed / (total - equivalent). Results go to ``mutation-results/<module>.txt`` under the root.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tests.mutation.config import MODULES

HERE = Path(__file__).resolve().parent
EQUIVALENT_FILE = HERE / "equivalent.toml"

COMPARE_TEXT = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
# Boundary shift for orderings, negation for (in)equality, membership and identity.
COMPARE_SWAP = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
ROUNDING_SWAP = {
    "ROUND_HALF_UP": "ROUND_HALF_EVEN",
    "ROUND_HALF_EVEN": "ROUND_HALF_UP",
    "ROUND_HALF_DOWN": "ROUND_HALF_UP",
    "ROUND_UP": "ROUND_DOWN",
    "ROUND_DOWN": "ROUND_UP",
    "ROUND_CEILING": "ROUND_FLOOR",
    "ROUND_FLOOR": "ROUND_CEILING",
    "ROUND_05UP": "ROUND_DOWN",
}
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "format_lazy",
}
LOGGER_NAMES = {"logger", "log", "logging", "LOGGER", "_logger", "_log"}
DROPPABLE = (
    ast.Assign,
    ast.AugAssign,
    ast.AnnAssign,
    ast.Expr,
    ast.Return,
    ast.Raise,
    ast.Delete,
    ast.Assert,
    ast.Continue,
    ast.Break,
)
# Operators between two operands; comments in the gap are matched first so they are skipped.
GAP_TOKEN = re.compile(
    rb"#[^\n]*|\bnot\s+in\b|\bis\s+not\b|\bin\b|\bis\b|\band\b|\bor\b|<=|>=|==|!=|<|>"
)


@dataclass
class Mutant:
    id: str
    module: str
    scope: str
    kind: str
    line: int
    start: int  # byte offsets in the file
    end: int
    replacement: str
    module_stmt_line: int = 0  # module-level constant: line of its assignment, else 0

    def apply(self, source: bytes) -> bytes:
        return source[: self.start] + self.replacement.encode() + source[self.end :]

    def diff(self, source: bytes) -> str:
        """One line: the original line, an arrow, the mutated line."""
        line_start = source.rfind(b"\n", 0, self.start) + 1
        line_end = source.find(b"\n", self.start)
        line_end = len(source) if line_end == -1 else line_end
        before = source[line_start:line_end].decode().strip()
        mutated = self.apply(source)
        new_end = mutated.find(b"\n", self.start)
        new_end = len(mutated) if new_end == -1 else new_end
        after = mutated[line_start:new_end].decode().strip()
        if self.end > line_end:
            before += " …"
        return f"{before}  →  {after}"


class Generator:
    def __init__(self, relpath: str, source: bytes):
        self.relpath = relpath
        self.source = source
        self.line_offsets = [0]
        for match in re.finditer(rb"\n", source):
            self.line_offsets.append(match.end())
        self.raw: list[tuple[str, str, int, int, str, int]] = []
        self.module_stmt_line = 0

    # Positions -----------------------------------------------------------------------------
    def offset(self, lineno: int, col: int) -> int:
        return self.line_offsets[lineno - 1] + col

    def start(self, node) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)

    def add(self, scope, kind, start, end, replacement):
        line = self.source.count(b"\n", 0, start) + 1
        self.raw.append((scope, kind, start, end, replacement, self.module_stmt_line, line))

    # Walk ------------------------------------------------------------------------------------
    def run(self) -> list[Mutant]:
        tree = ast.parse(self.source)
        # A module-level object completed by later statements (``_parser.enable(...)``) cannot
        # be rebuilt from its assignment alone: it is not mutated.
        completed = {
            node.id
            for stmt in tree.body
            if isinstance(stmt, ast.Expr)
            for node in ast.walk(stmt)
            if isinstance(node, ast.Name)
        }
        for stmt in tree.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                self.function(stmt, "")
            elif isinstance(stmt, ast.ClassDef):
                self.klass(stmt, "")
            elif isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if (
                    len(names) != len(targets)
                    or any(n.startswith("__") for n in names)
                    or completed.intersection(names)
                ):
                    continue
                self.module_stmt_line = stmt.lineno
                self.expr(stmt.value, f"<module>:{names[0]}")
                self.module_stmt_line = 0
        return self.number()

    def number(self) -> list[Mutant]:
        counters: dict[tuple[str, str], int] = {}
        mutants = []
        for scope, kind, start, end, replacement, stmt_line, line in sorted(
            self.raw, key=lambda r: (r[2], r[3], r[1])
        ):
            key = (scope, kind)
            counters[key] = counters.get(key, 0) + 1
            mutants.append(
                Mutant(
                    id=f"{self.relpath}::{scope}::{kind}#{counters[key]}",
                    module=self.relpath,
                    scope=scope,
                    kind=kind,
                    line=line,
                    start=start,
                    end=end,
                    replacement=replacement,
                    module_stmt_line=stmt_line,
                )
            )
        return mutants

    def klass(self, node: ast.ClassDef, prefix: str):
        for stmt in node.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                self.function(stmt, f"{prefix}{node.name}.")
            elif isinstance(stmt, ast.ClassDef):
                self.klass(stmt, f"{prefix}{node.name}.")
        # Class attributes, dataclass defaults and enum values are evaluated once, when the
        # class is built: they cannot be swapped into a live class, so they are not mutated.

    def function(self, node, prefix: str):
        # Decorators, annotations and default values are evaluated at definition time.
        self.body(node.body, f"{prefix}{node.name}")

    def body(self, stmts, scope: str):
        for index, stmt in enumerate(stmts):
            if index == 0 and _is_docstring(stmt):
                continue
            self.statement(stmt, scope)

    def statement(self, stmt, scope: str):
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            self.function(stmt, f"{scope}.<locals>.")
            return
        if isinstance(stmt, ast.ClassDef):
            self.klass(stmt, f"{scope}.<locals>.")
            return
        if _is_logging(stmt):
            return
        if (
            isinstance(stmt, DROPPABLE)
            and not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
            and not (isinstance(stmt, ast.AnnAssign) and stmt.value is None)
        ):
            start, end = self.start(stmt), self.end(stmt)
            newlines = self.source.count(b"\n", start, end)
            self.add(scope, f"Drop:{type(stmt).__name__}", start, end, "pass" + "\n" * newlines)
        if isinstance(stmt, ast.Raise):
            return  # the exception and its message text are not mutated
        if isinstance(stmt, ast.Assert):
            self.expr(stmt.test, scope)
            return
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.expr(stmt.value, scope)
            return
        for _name, value in ast.iter_fields(stmt):
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, ast.stmt):
                    self.statement(item, scope)
                elif isinstance(item, ast.ExceptHandler):
                    for inner in item.body:
                        self.statement(inner, scope)
                elif isinstance(item, ast.withitem):
                    self.expr(item.context_expr, scope)
                elif isinstance(item, ast.match_case):
                    if item.guard is not None:
                        self.expr(item.guard, scope)
                    for inner in item.body:
                        self.statement(inner, scope)
                elif isinstance(item, ast.expr):
                    self.expr(item, scope)

    def expr(self, node, scope: str):
        if isinstance(node, ast.JoinedStr):
            return  # f-strings: text, and unreliable positions on Python 3.11
        if isinstance(node, ast.Call):
            name = _call_name(node.func)
            if name in GETTEXT_NAMES or _is_logging_call(node):
                return
            if (
                name == "Decimal"
                and len(node.args) == 1
                and not node.keywords
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                self.decimal(node.args[0], scope)
                return
        if isinstance(node, ast.Compare):
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                span = self.gap_token(left, right)
                if span:
                    new = COMPARE_SWAP[type(op)]
                    self.add(
                        scope,
                        f"{type(op).__name__}->{new.__name__}",
                        span[0],
                        span[1],
                        COMPARE_TEXT[new],
                    )
                left = right
        elif isinstance(node, ast.BoolOp):
            self.boolop(node, scope)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            start = self.start(node)
            match = re.match(rb"not\s*", self.source[start:])
            if match:
                self.add(scope, "Not->", start, start + match.end(), "")
        elif isinstance(node, ast.Constant):
            self.constant(node, scope)
        elif isinstance(node, ast.Name) and node.id in ROUNDING_SWAP:
            self.rounding(node, node.id, scope)
        elif isinstance(node, ast.Attribute) and node.attr in ROUNDING_SWAP:
            self.rounding(node, node.attr, scope)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expr(child, scope)
            elif isinstance(child, ast.keyword | ast.comprehension):
                for grandchild in ast.iter_child_nodes(child):
                    if isinstance(grandchild, ast.expr):
                        self.expr(grandchild, scope)
            elif isinstance(child, ast.arguments):
                continue  # lambda defaults

    def gap_token(self, left, right):
        gap_start, gap_end = self.end(left), self.start(right)
        for match in GAP_TOKEN.finditer(self.source, gap_start, gap_end):
            if not match.group().startswith(b"#"):
                return match.start(), match.end()
        return None

    def boolop(self, node: ast.BoolOp, scope: str):
        spans = [self.gap_token(a, b) for a, b in zip(node.values, node.values[1:], strict=False)]
        if not all(spans):
            return
        old, new = ("And", "Or") if isinstance(node.op, ast.And) else ("Or", "And")
        # One edit over the whole expression, every keyword of this BoolOp swapped.
        start, end = spans[0][0], spans[-1][1]
        text = self.source[start:end]
        for span in reversed(spans):
            rel_start, rel_end = span[0] - start, span[1] - start
            text = text[:rel_start] + new.lower().encode() + text[rel_end:]
        self.add(scope, f"{old}->{new}", start, end, text.decode())

    def constant(self, node: ast.Constant, scope: str):
        start, end = self.start(node), self.end(node)
        value = node.value
        if isinstance(value, bool):
            self.add(scope, f"{value}->{not value}", start, end, str(not value))
        elif isinstance(value, int):
            for delta in (1, -1):
                new = value + delta
                text = str(new) if new >= 0 else f"({new})"
                self.add(scope, f"Int:{value}->{new}", start, end, text)

    def decimal(self, node: ast.Constant, scope: str):
        try:
            value = Decimal(node.value)
        except InvalidOperation:
            return
        if not value.is_finite():
            return
        start, end = self.start(node), self.end(node)
        quote = self.source[start : start + 1].decode()
        for delta in (1, -1):
            new = value + delta
            self.add(scope, f"Dec:{node.value}->{new}", start, end, f"{quote}{new}{quote}")

    def rounding(self, node, name: str, scope: str):
        new = ROUNDING_SWAP[name]
        # decimal's rounding constants are their own names as str: no import needed.
        self.add(scope, f"{name}->{new}", self.start(node), self.end(node), repr(new))


def _is_docstring(stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _call_name(func) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_logging_call(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    owner = func.value
    if isinstance(owner, ast.Name):
        return owner.id in LOGGER_NAMES
    return isinstance(owner, ast.Attribute) and owner.attr in LOGGER_NAMES


def _is_logging(stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and _is_logging_call(stmt.value)
    )


def generate(root: Path, relpath: str) -> tuple[list[Mutant], int]:
    """The mutants of one file, and how many were dropped because they do not compile."""
    source = (root / relpath).read_bytes()
    mutants, invalid = [], 0
    for mutant in Generator(relpath, source).run():
        try:
            compile(mutant.apply(source), relpath, "exec", dont_inherit=True)
        except SyntaxError:
            invalid += 1
            continue
        mutants.append(mutant)
    return mutants, invalid


def load_equivalent() -> dict[str, str]:
    with EQUIVALENT_FILE.open("rb") as file:
        data = tomllib.load(file)
    return {str(key): str(value) for key, value in data.get("equivalent", {}).items()}


# Running ---------------------------------------------------------------------------------------


def run_module(root: Path, relpath: str, mutants: list[Mutant], jobs: int, timeout_factor: float):
    """Runs one pytest process for the module; returns (baseline dict, results by id, log)."""
    tests = [t for t in MODULES[relpath] if (root / t.split("::")[0]).exists()]
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        plan = Path(tmp) / "plan.json"
        out = Path(tmp) / "results.jsonl"
        plan.write_text(
            json.dumps(
                {
                    "module": relpath,
                    "mutants": [asdict(m) for m in mutants],
                    "jobs": jobs,
                    "timeout_factor": timeout_factor,
                    "out": str(out),
                }
            )
        )
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.mutation.plugin",
            "-p",
            "no:cacheprovider",
            "-q",
            "-s",
            "--mutation-plan",
            str(plan),
            *tests,
        ]
        log_lines = []
        with subprocess.Popen(  # noqa: S603
            command,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        ) as process:
            for line in process.stdout:
                if line.startswith("MUT "):
                    print("  " + line[4:].rstrip(), flush=True)
                else:
                    log_lines.append(line)
        baseline, results = {}, {}
        if out.exists():
            for line in out.read_text().splitlines():
                record = json.loads(line)
                if record.get("baseline"):
                    baseline = record
                else:
                    results[record["id"]] = record
        return baseline, results, "".join(log_lines)


def report_module(root, relpath, mutants, invalid, baseline, results, log, equivalent, show):
    source = (root / relpath).read_bytes()
    by_id = {m.id: m for m in mutants}
    killed = [i for i, r in results.items() if r["status"] in ("killed", "timeout")]
    timeouts = [i for i, r in results.items() if r["status"] == "timeout"]
    survived = [i for i, r in results.items() if r["status"] == "survived"]
    errors = [i for i, r in results.items() if r["status"] == "error"]
    equiv = [m.id for m in mutants if m.id in equivalent]
    killed_non_eq = [i for i in killed if i not in equivalent]
    survivors = [i for i in survived if i not in equivalent]
    denominator = len(mutants) - len(equiv)
    complete = bool(baseline.get("ok")) and len(results) == len(mutants)
    score = 100 * len(killed_non_eq) / denominator if denominator and complete else None
    lines = [f"== {relpath}"]
    if not baseline.get("ok"):
        lines.append(f"   BASELINE FAILED, module skipped: {baseline.get('reason', 'no result')}")
        tail = log.strip().splitlines()[-30:]
        lines.extend("   | " + t for t in tail)
    else:
        lines.append(
            f"   tests: {baseline['tests']} ({baseline['seconds']:.1f} s unmutated), "
            f"per-mutant timeout {baseline['timeout']:.0f} s"
        )
    seconds = sum(r.get("seconds", 0) for r in results.values())
    lines.append(
        f"   total {len(mutants)}  killed {len(killed)} (timeouts {len(timeouts)})  "
        f"survived {len(survived)}  equivalent {len(equiv)}  errors {len(errors)}  "
        f"score {'n/a' if score is None else f'{score:.1f} %'}"
        + (f"  (not compiling, dropped: {invalid})" if invalid else "")
        + (f"  mean {seconds / len(results):.2f} s/mutant" if results else "")
    )
    for mutant_id in sorted(set(equiv) & set(killed)):
        lines.append(f"   note: listed as equivalent but killed: {mutant_id}")
    detail = [
        ("SURVIVED", survivors),
        ("EQUIVALENT (survived)", [i for i in survived if i in equivalent]),
        ("ERROR", errors),
    ]
    for title, ids in detail:
        if not ids or (title != "ERROR" and not show):
            continue
        lines.append(f"   {title}:")
        for mutant_id in sorted(ids, key=lambda i: (by_id[i].line, i)):
            mutant = by_id[mutant_id]
            lines.append(f"     {mutant_id}  (line {mutant.line})")
            lines.append(f"         {mutant.diff(source)}")
            if title.startswith("EQUIVALENT"):
                lines.append(f"         reason: {equivalent[mutant_id]}")
            if title == "ERROR":
                lines.append(f"         {results[mutant_id].get('detail', '')}")
    print("\n".join(lines), flush=True)

    # The file always has every mutant, survivors first.
    file_lines = [*lines] if show else [*lines[:3]]
    file_lines.append("   all mutants (status, id, line, killing test):")
    order = {"survived": 0, "error": 1, "timeout": 2, "killed": 3}
    for mutant in sorted(
        mutants,
        key=lambda m: (order.get(results.get(m.id, {}).get("status"), 4), m.line, m.id),
    ):
        result = results.get(mutant.id, {})
        status = result.get("status", "not run")
        if mutant.id in equivalent:
            status += " (equivalent)"
        file_lines.append(
            f"     {status:<22} {mutant.id}  (line {mutant.line})  {result.get('by', '')}".rstrip()
        )
        if result.get("status") == "survived":
            file_lines.append(f"         {mutant.diff(source)}")
    results_dir = root / "mutation-results"
    results_dir.mkdir(exist_ok=True)
    name = relpath.removesuffix(".py").replace("/", ".")
    (results_dir / f"{name}.txt").write_text("\n".join(file_lines) + "\n")
    return {
        "module": relpath,
        "total": len(mutants),
        "killed": len(killed),
        "survived": len(survived),
        "equivalent": len(equiv),
        "errors": len(errors),
        "score": score,
        "seconds": seconds,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutation.run", description=__doc__)
    parser.add_argument("--module", action="append", help="path of a module of config.py")
    parser.add_argument("--only", help="run only mutants whose id contains this text")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--show-survivors", action="store_true")
    parser.add_argument("--root", default=".", help="checkout to mutate and test (default: .)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once per module")
    parser.add_argument(
        "--timeout-factor",
        type=float,
        default=3.0,
        help="per-mutant timeout = factor × unmutated run time (at least 20 s)",
    )
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if not (root / "tests" / "mutation" / "plugin.py").exists():
        parser.error(f"{root}/tests/mutation/ is missing: copy this folder into that checkout")
    modules = args.module or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"not in tests/mutation/config.py: {', '.join(unknown)}")
    jobs = args.jobs
    if jobs > 1 and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("PostgreSQL: children share one test database, --jobs forced to 1.")
        jobs = 1
    equivalent = load_equivalent()
    summaries = []
    started = time.monotonic()
    for relpath in modules:
        mutants, invalid = generate(root, relpath)
        if args.only:
            mutants = [m for m in mutants if args.only in m.id]
        if args.list:
            source = (root / relpath).read_bytes()
            print(f"== {relpath}: {len(mutants)} mutants")
            for mutant in mutants:
                mark = "  [equivalent]" if mutant.id in equivalent else ""
                print(f"  {mutant.id}  (line {mutant.line}){mark}")
                print(f"      {mutant.diff(source)}")
            continue
        if not mutants:
            print(f"== {relpath}: no mutants")
            summaries.append(
                {"module": relpath, "total": 0, "killed": 0, "survived": 0, "equivalent": 0}
                | {"errors": 0, "score": None, "seconds": 0.0}
            )
            continue
        missing = [t for t in MODULES[relpath] if not (root / t.split("::")[0]).exists()]
        print(f"== {relpath}: {len(mutants)} mutants")
        if missing:
            print(f"   not in this checkout, skipped: {' '.join(missing)}")
        baseline, results, log = run_module(root, relpath, mutants, jobs, args.timeout_factor)
        summaries.append(
            report_module(
                root,
                relpath,
                mutants,
                invalid,
                baseline,
                results,
                log,
                equivalent,
                args.show_survivors,
            )
        )
    if args.list:
        return 0
    print()
    print(f"{'module':<48} {'total':>6} {'killed':>7} {'surv.':>6} {'equiv.':>7} {'score':>8}")
    for s in summaries:
        score = "n/a" if s["score"] is None else f"{s['score']:.1f} %"
        print(
            f"{s['module']:<48} {s['total']:>6} {s['killed']:>7} {s['survived']:>6} "
            f"{s['equivalent']:>7} {score:>8}"
        )
    total = sum(s["total"] for s in summaries)
    elapsed = time.monotonic() - started
    print(f"{total} mutants in {elapsed:.0f} s ({elapsed / total if total else 0:.2f} s/mutant)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
