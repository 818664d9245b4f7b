"""Known vulnerabilities in the locked dependencies (pip-audit), with dated exceptions.

pip-audit alone is not enough here: when its vulnerability service has no data for a
package, it skips it and still prints « No known vulnerabilities found » with exit code 0.
A skipped package has not been audited, so this script counts skips as failures too.

Both failures can be accepted only by an entry of ``dependency-audit-exceptions.toml``
that names what it covers, says why, and expires: past its date the exception stops
applying and CI turns red until someone looks again.

Usage: python .ci/audit_dependencies.py requirements-dev.lock [--today YYYY-MM-DD]
"""

import argparse
import datetime
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXCEPTIONS_FILE = HERE / "dependency-audit-exceptions.toml"

# The whole audit may not have run at all (no network, service down): pip-audit then exits
# non-zero without a report. That is the same situation as every package skipped.
UNREACHABLE = "audit-service-unreachable"
UNAUDITED = "unaudited-dependencies"


@dataclass(frozen=True)
class Finding:
    kind: str  # a vulnerability id (PYSEC-…, GHSA-…, CVE-…), UNAUDITED or UNREACHABLE
    package: str
    detail: str


@dataclass(frozen=True)
class AuditException:
    covers: str
    packages: tuple[str, ...]  # empty: every package
    decided: datetime.date
    expires: datetime.date
    reason: str

    def applies_to(self, finding, today):
        return (
            self.covers == finding.kind
            and (not self.packages or finding.package in self.packages)
            and self.decided <= today <= self.expires
        )


def findings_from_report(report):
    """The vulnerabilities and the skipped packages of a pip-audit JSON report."""
    findings = []
    for dependency in report.get("dependencies", []):
        name = dependency["name"]
        if "skip_reason" in dependency:
            findings.append(Finding(UNAUDITED, name, dependency["skip_reason"]))
            continue
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", [])) or "aucune"
            findings.append(
                Finding(
                    vulnerability["id"],
                    name,
                    f"{name} {dependency.get('version', '?')} — corrigé en : {fixed}",
                )
            )
    return findings


def load_exceptions(path=EXCEPTIONS_FILE):
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return [
        AuditException(
            covers=entry["covers"],
            packages=tuple(entry.get("packages", ())),
            decided=entry["decided"],
            expires=entry["expires"],
            reason=entry["reason"],
        )
        for entry in data.get("exception", [])
    ]


def unexcused(findings, exceptions, today):
    return [
        finding
        for finding in findings
        if not any(exception.applies_to(finding, today) for exception in exceptions)
    ]


def run_pip_audit(lock_file):
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(lock_file),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    try:
        completed = subprocess.run(  # noqa: S603 - fixed command, our own lock file
            command, capture_output=True, text=True, timeout=600, check=False
        )
    except subprocess.TimeoutExpired:
        return None, "pip-audit n'a pas répondu en 10 minutes."
    try:
        return json.loads(completed.stdout), completed.stderr
    except json.JSONDecodeError:
        return None, completed.stderr


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lock_file", type=Path)
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    today = args.today or datetime.date.today()

    report, errors = run_pip_audit(args.lock_file)
    if report is None:
        findings = [Finding(UNREACHABLE, "*", (errors or "").strip()[-500:])]
    else:
        findings = findings_from_report(report)
    exceptions = load_exceptions()
    remaining = unexcused(findings, exceptions, today)

    audited = 0 if report is None else len(report.get("dependencies", []))
    skipped = sum(1 for finding in findings if finding.kind in (UNAUDITED, UNREACHABLE))
    vulnerabilities = [f for f in findings if f.kind not in (UNAUDITED, UNREACHABLE)]
    print(
        f"Audit des dépendances ({args.lock_file}) : {audited} paquets, "
        f"{len(vulnerabilities)} vulnérabilité(s) connue(s), {skipped} paquet(s) non audité(s)."
    )
    for exception in exceptions:
        used = [f for f in findings if exception.applies_to(f, today)]
        if used:
            print(
                f"EXCEPTION « {exception.covers} » du {exception.decided} "
                f"(expire le {exception.expires}) appliquée à {len(used)} constat(s) : "
                f"{exception.reason}"
            )
    for finding in remaining:
        print(f"NON COUVERT : {finding.kind} — {finding.package} — {finding.detail}")
    return 1 if remaining else 0


if __name__ == "__main__":
    sys.exit(main())
