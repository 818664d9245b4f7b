"""Calls are configured by CRESS in the Wagtail admin: stages, documents and criteria inline."""

import html

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from projects.tracking.models import Call
from tests.admin_refusals import (
    admin_request,
    assert_refused_by_wagtail,
    assert_sent_to_admin_access,
)

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
        # What the stage asks before a dossier leaves it: nothing, as the admin form starts.
        "required_reviews": "0",
        "required_meeting": "",
    }


def calls_state():
    """Every call with its title, year, dates and inline stages, documents and criteria."""
    return [
        (
            call.pk,
            call.title,
            call.year,
            call.opens_at,
            call.closes_at,
            [s.code for s in call.ordered_stages()],
            sorted(call.required_documents.values_list("label", flat=True)),
            sorted(call.criteria.values_list("code", flat=True)),
        )
        for call in Call.objects.order_by("pk")
    ]


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
            "instruction_service": "Région Occitanie – Direction de l'habitat",
            "service_address": "Hôtel de Région\n31406 Toulouse Cedex 9",
            "contact_email": "habitat@example.org",
            "contact_phone": "05 36 49 00 00",
            "instruction_months": "6",
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
    assert not Call.objects.exists()
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
    assert response.url == listing
    call = Call.objects.get()
    assert (call.title, call.year) == ("VIURE 2031", 2031)
    assert [s.code for s in call.ordered_stages()] == ["brouillon", "depose", "suivi"]
    assert call.required_documents.get().label == "Statuts"
    assert call.criteria.get().name == "Vivant"
    # What the attestation de dépôt names: the service, how to reach it, the deadline.
    assert call.instruction_service == "Région Occitanie – Direction de l'habitat"
    assert (call.contact_email, call.instruction_months) == ("habitat@example.org", 6)


def test_a_pipeline_without_draft_then_submitted_stage_is_refused(client, animateur):
    before = calls_state()
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
    assert response.status_code == 200
    assert "postérieure à l&#x27;ouverture" in response.content.decode()
    assert not Call.objects.filter(year=2031).exists()
    assert calls_state() == before


def test_instructeur_reads_but_does_not_configure(client, instructeur, user):
    call = open_viure_call()
    before = calls_state()
    listing = reverse("wagtailsnippets_tracking_call:list")
    add = reverse("wagtailsnippets_tracking_call:add")
    edit = reverse("wagtailsnippets_tracking_call:edit", args=[call.pk])
    data = call_data(
        [stage("brouillon", "brouillon", "Brouillon"), stage("depose", "depot", "Déposé")]
    )
    client.force_login(instructeur)
    listed = client.get(listing)
    assert listed.status_code == 200
    assert html.escape(call.title) in listed.content.decode()

    assert_refused_by_wagtail(admin_request(client, "get", add))
    assert_refused_by_wagtail(admin_request(client, "post", add, data))
    assert_refused_by_wagtail(admin_request(client, "get", edit))
    assert_refused_by_wagtail(admin_request(client, "post", edit, data))
    assert calls_state() == before

    client.force_login(user)
    response = admin_request(client, "get", listing)
    assert_sent_to_admin_access(response, listing)
