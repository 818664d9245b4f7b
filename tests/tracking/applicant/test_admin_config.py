"""Calls are configured by CRESS in the Wagtail admin: stages, documents and criteria inline."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from projects.tracking.models import Call

from ..factories import open_viure_call

pytestmark = pytest.mark.django_db


def stage(code, kind, name):
    return {
        "code": code,
        "kind": kind,
        "staff_name": name,
        "applicant_name": name,
        "applicant_message": "",
        "due_days": "",
    }


def call_data(stages):
    from projects.tracking import presets

    scheme = presets.viure_scheme()
    return nested_form_data(
        {
            "scheme": scheme.pk,
            "title": "VIURE 2031",
            "year": "2031",
            "opens_at": "2031-01-15 09:00",
            "closes_at": "2031-04-30 18:00",
            "eligible_applicants": "Structures de l'ESS",
            "max_file_size_mb": "10",
            "blind_reviews": "on",
            "stages": inline_formset(stages),
            "required_documents": inline_formset(
                [{"label": "Statuts", "help_text": "", "mandatory": "on", "formats": "pdf"}]
            ),
            "criteria": inline_formset(
                [{"code": "V", "name": "Vivant", "weight": "1", "description": "", "question": ""}]
            ),
        }
    )


def test_animateur_configures_a_call_with_its_stages_documents_and_criteria(client, animateur):
    client.force_login(animateur)
    listing = reverse("wagtailsnippets_tracking_call:list")
    assert client.get(listing).status_code == 200
    add = reverse("wagtailsnippets_tracking_call:add")
    data = call_data(
        [
            stage("brouillon", "brouillon", "Brouillon"),
            stage("depose", "depot", "Déposé"),
            stage("suivi", "finale", "Suivi"),
        ]
    )
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(year=2031)
    assert [s.code for s in call.ordered_stages()] == ["brouillon", "depose", "suivi"]
    assert call.required_documents.get().label == "Statuts"
    assert call.criteria.get().name == "Vivant"


def test_a_pipeline_without_draft_then_submitted_stage_is_refused(client, animateur):
    client.force_login(animateur)
    data = call_data([stage("depose", "depot", "Déposé"), stage("suivi", "finale", "Suivi")])
    response = client.post(reverse("wagtailsnippets_tracking_call:add"), data)
    assert response.status_code == 200
    assert "doit commencer par une seule étape" in response.content.decode()
    data = call_data(
        [stage("brouillon", "brouillon", "Brouillon"), stage("depose", "depot", "Déposé")]
    )
    data["closes_at"] = "2030-01-01 09:00"
    response = client.post(reverse("wagtailsnippets_tracking_call:add"), data)
    assert "postérieure à l&#x27;ouverture" in response.content.decode()
    assert not Call.objects.filter(year=2031).exists()


def test_instructeur_reads_but_does_not_configure(client, instructeur, user):
    call = open_viure_call()
    client.force_login(instructeur)
    assert client.get(reverse("wagtailsnippets_tracking_call:list")).status_code == 200
    add = client.get(reverse("wagtailsnippets_tracking_call:add"))
    assert add.status_code in (302, 403)
    edit = client.post(reverse("wagtailsnippets_tracking_call:edit", args=[call.pk]), {})
    assert edit.status_code in (302, 403)
    client.force_login(user)
    assert client.get(reverse("wagtailsnippets_tracking_call:list")).status_code in (302, 403)
