#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labo.settings.dev")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # Django's command runner hides a settings error from some commands (check runs on empty
    # defaults): load the settings first so that production refuses loudly, for every command.
    settings.INSTALLED_APPS  # noqa: B018
    execute_from_command_line(sys.argv)
