"""Staff listing and XLSX export timings over 5,000 seeded dossiers (``make bench``)."""

from projects.tracking.staff.commands import BenchmarkCommand as Command  # noqa: F401
