"""Background work of accounts: the personal data archive (RGPD)."""

import tempfile

from django.core.files import File
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from labo.notifications.services import notify

from . import personal_data
from .models import PersonalDataExport


@task()
def build_personal_data_archive(export_id: int) -> str:
    export = PersonalDataExport.objects.select_related("user").get(pk=export_id)
    PersonalDataExport.objects.filter(pk=export.pk).update(status=PersonalDataExport.Status.RUNNING)
    shown = {"percent": 0}

    def progress(fraction):
        # One write per percent: a large account's page follows it without a write per file.
        percent = min(int(fraction * 100), 99)
        if percent > shown["percent"]:
            shown["percent"] = percent
            PersonalDataExport.objects.filter(pk=export.pk).update(progress=percent)

    try:
        with tempfile.TemporaryFile() as buffer:
            personal_data.write_archive(export.user, buffer, progress)
            buffer.seek(0)
            export.file.save(f"{export.token}.zip", File(buffer), save=False)
    except Exception:
        PersonalDataExport.objects.filter(pk=export.pk).update(
            status=PersonalDataExport.Status.FAILED
        )
        raise
    export.size = export.file.size
    export.status = PersonalDataExport.Status.READY
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "size", "status", "progress", "finished_at"])
    notify(
        export.user,
        kind="accounts.data_export_ready",
        message=_("L'archive de vos données est prête : téléchargez-la dans la semaine."),
        link=reverse("accounts:data_archive"),
    )
    return export.status
