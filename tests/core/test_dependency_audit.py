"""The dependency audit of .ci/run: vulnerabilities and unaudited packages both fail,
unless a dated exception covers them, and only until it expires."""

import datetime
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit_dependencies.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REPORT = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {
            "name": "jinja2",
            "version": "3.1.0",
            "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}],
        },
        {"name": "wagtail", "skip_reason": "Dependency not found on PyPI"},
    ],
    "fixes": [],
}


def exception(audit, covers, *, packages=(), decided="2026-11-24", expires="2027-02-28"):
    return audit.AuditException(
        covers=covers,
        packages=tuple(packages),
        decided=datetime.date.fromisoformat(decided),
        expires=datetime.date.fromisoformat(expires),
        reason="test",
    )


def test_a_vulnerability_and_a_skipped_package_are_both_findings(audit):
    findings = audit.findings_from_report(REPORT)
    assert [(f.kind, f.package) for f in findings] == [
        ("GHSA-h5c8-rqwp-cp95", "jinja2"),
        (audit.UNAUDITED, "wagtail"),
    ]
    assert "3.1.3" in findings[0].detail


def test_without_exceptions_every_finding_fails(audit):
    findings = audit.findings_from_report(REPORT)
    today = datetime.date(2026, 12, 1)
    assert audit.unexcused(findings, [], today) == findings


def test_an_exception_covers_only_its_kind_and_packages(audit):
    findings = audit.findings_from_report(REPORT)
    today = datetime.date(2026, 12, 1)
    only_unaudited = [exception(audit, audit.UNAUDITED)]
    assert [f.package for f in audit.unexcused(findings, only_unaudited, today)] == ["jinja2"]
    other_package = [exception(audit, "GHSA-h5c8-rqwp-cp95", packages=["django"])]
    assert len(audit.unexcused(findings, other_package, today)) == 2


def test_an_exception_stops_applying_after_its_date(audit):
    findings = audit.findings_from_report(REPORT)
    covering = [exception(audit, audit.UNAUDITED), exception(audit, "GHSA-h5c8-rqwp-cp95")]
    assert audit.unexcused(findings, covering, datetime.date(2027, 2, 28)) == []
    assert audit.unexcused(findings, covering, datetime.date(2027, 3, 1)) == findings


def test_the_committed_exceptions_are_dated_explained_and_temporary(audit):
    exceptions = audit.load_exceptions()
    assert exceptions, "le fichier d'exceptions doit exister et se lire"
    for entry in exceptions:
        assert entry.reason.strip()
        assert entry.decided < entry.expires
        assert (entry.expires - entry.decided).days <= 190, "une exception dure six mois au plus"
