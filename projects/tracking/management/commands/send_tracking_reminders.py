"""Daily reminder of overdue dossiers: cron ``0 7 * * * manage.py send_tracking_reminders``."""

from projects.tracking.staff.commands import RemindersCommand as Command  # noqa: F401
