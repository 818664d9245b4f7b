"""« Instruction des dossiers » in Mon espace: counts for staff, nothing for others."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.tracking.models import Application

from ..factories import submitted_application

pytestmark = pytest.mark.django_db


def test_staff_see_what_waits_for_them(client, site, animateur):
    first = submitted_application()
    submitted_application(call=first.call)
    Application.objects.filter(pk=first.pk).update(
        stage_due_at=timezone.now() - timedelta(days=1), staff_in_charge=animateur
    )
    client.force_login(animateur)
    html = client.get("/mon-espace/").content.decode()
    assert "Instruction des dossiers" in html
    assert "2 dossiers en cours" in html
    assert "1 dossier en retard" in html
    assert "1 dossier dont vous êtes chargé de suivi" in html
    assert 'href="/instruction/"' in html


def test_porteurs_do_not_get_the_staff_section(client, site):
    application = submitted_application()
    client.force_login(application.project.team.members.get())
    html = client.get("/mon-espace/").content.decode()
    assert "Instruction des dossiers" not in html
