"""The read receipt (« accusé de lecture ») of a decision: the first member of the team who
opens it (dossier page or PDF) is recorded with the date and time, once per version; staff,
strangers and refused requests record nothing; the staff read it on the dossier page and
find, in the listing, the decisions left unread for more than a week."""

import datetime
import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from projects.tracking import workflow
from projects.tracking.models import Decision, DecisionReading
from tests.factories import UserFactory
from tests.tracking.guards import correct, grant

from .factories import current_call, dossier_at, porteur_of

pytestmark = pytest.mark.django_db


def decided(instructeur, **fields):
    application = dossier_at("commission-permanente", **fields)
    grant(application, instructeur, date=datetime.date(2025, 12, 12), amount_granted=45000)
    application.refresh_from_db()
    return application


def open_page(client, application, user):
    client.force_login(user)
    return client.get(reverse("tracking_applicant:detail", args=[application.pk]))


def open_pdf(client, application, user):
    client.force_login(user)
    return client.get(reverse("tracking_applicant:decision_pdf", args=[application.pk]))


def staff_page(client, application, user) -> str:
    client.force_login(user)
    response = client.get(reverse("tracking_staff:detail", args=[application.pk]))
    return html.unescape(response.content.decode())


def receipt_of(content) -> str:
    start = content.index('id="accuse-de-lecture"')
    return " ".join(content[start : content.index("</dd>", start)].split(">", 1)[1].split())


# --- what is recorded ------------------------------------------------------------------------


def test_the_first_member_opening_the_page_signs_the_receipt(client, instructeur):
    application = decided(instructeur)
    porteur = porteur_of(application)
    before = timezone.now()
    assert open_page(client, application, porteur).status_code == 200
    reading = DecisionReading.objects.get()
    assert (reading.application, reading.decision, reading.version, reading.reader) == (
        application,
        application.decision,
        1,
        porteur,
    )
    assert before <= reading.read_at <= timezone.now()
    # Opening again, or a second member after them, keeps the first reading.
    colleague = UserFactory()
    application.project.team.memberships.create(user=colleague)
    open_page(client, application, porteur)
    open_pdf(client, application, colleague)
    assert DecisionReading.objects.get() == reading
    assert DecisionReading.objects.get().reader == porteur


def test_opening_the_pdf_signs_the_receipt_too(client, instructeur):
    application = decided(instructeur)
    assert open_pdf(client, application, porteur_of(application)).status_code == 200
    assert DecisionReading.objects.get().reader == porteur_of(application)


def test_a_correction_is_read_again(client, instructeur):
    application = decided(instructeur)
    open_page(client, application, porteur_of(application))
    correct(application, instructeur, amount_granted=Decimal("44000"))
    open_pdf(client, application, porteur_of(application))
    assert list(DecisionReading.objects.values_list("version", flat=True)) == [1, 2]


def test_an_annulled_decision_keeps_its_receipt(client, instructeur):
    application = decided(instructeur)
    open_page(client, application, porteur_of(application))
    workflow.annul_decision(application, user=instructeur, expected_version=1, reason="Retirée.")
    reading = DecisionReading.objects.get()
    assert (reading.application, reading.decision, reading.version) == (application, None, 1)


def test_one_receipt_per_version_is_a_constraint_of_the_table(instructeur):
    application = decided(instructeur)
    decision, reader = application.decision, porteur_of(application)
    DecisionReading.objects.create(
        application=application, decision=decision, version=1, reader=reader
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionReading.objects.create(
            application=application, decision=decision, version=1, reader=UserFactory()
        )


# --- what records nothing ---------------------------------------------------------------------


def test_staff_opening_the_decision_sign_nothing(client, instructeur, animateur):
    application = decided(instructeur)
    for staff in (animateur, instructeur):
        assert open_page(client, application, staff).status_code == 200
        assert open_pdf(client, application, staff).status_code == 200
        staff_page(client, application, staff)
    assert not DecisionReading.objects.exists()


def test_strangers_and_refused_requests_sign_nothing(client, instructeur):
    application = decided(instructeur)
    assert client.get(reverse("tracking_applicant:detail", args=[application.pk])).status_code == (
        302
    )
    for stranger in (UserFactory(), porteur_of(dossier_at("depose"))):
        assert open_page(client, application, stranger).status_code == 404
        assert open_pdf(client, application, stranger).status_code == 404
    client.force_login(porteur_of(application))
    url = reverse("tracking_applicant:decision_pdf", args=[application.pk])
    assert client.post(url).status_code == 405
    assert not DecisionReading.objects.exists()


def test_the_page_of_a_dossier_without_decision_signs_nothing(client):
    application = dossier_at("commission-permanente")
    open_page(client, application, porteur_of(application))
    assert open_pdf(client, application, porteur_of(application)).status_code == 404
    assert not DecisionReading.objects.exists()


# --- what the staff see ------------------------------------------------------------------------


def test_the_staff_page_says_who_read_the_decision_and_when(client, instructeur):
    application = decided(instructeur)
    porteur = porteur_of(application)
    assert receipt_of(staff_page(client, application, instructeur)) == (
        "Pas encore lue par l'équipe du projet"
    )
    open_page(client, application, porteur)
    read_at = timezone.localtime(DecisionReading.objects.get().read_at)
    expected = f"Lue par {porteur.display_name} le {read_at.day} "
    content = staff_page(client, application, instructeur)
    assert receipt_of(content).startswith(expected)
    assert read_at.strftime("%H:%M") in receipt_of(content)
    assert "notification-de-decision.pdf" in content
    correct(application, instructeur, amount_granted=44000)
    assert receipt_of(staff_page(client, application, instructeur)).startswith(
        "Pas encore lue par l'équipe du projet (la version 1 avait été lue le"
    )


def test_a_reader_whose_account_is_gone_is_still_a_receipt(client, instructeur):
    application = decided(instructeur)
    open_page(client, application, porteur_of(application))
    DecisionReading.objects.update(reader=None)
    assert receipt_of(staff_page(client, application, instructeur)).startswith(
        "Lue par un compte supprimé le"
    )


# --- the listing: decisions left unread ------------------------------------------------------


def listing(client, user=None, **filters):
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("tracking_staff:list"), filters)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def aged(application, days):
    """The decision recorded ``days`` days ago."""
    Decision.objects.filter(application=application).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return application


def test_the_listing_finds_the_decisions_left_unread_for_more_than_a_week(
    client, instructeur, animateur
):
    call = current_call()
    unread = aged(decided(instructeur, call=call), 8)
    read = aged(decided(instructeur, call=call), 8)
    open_page(client, read, porteur_of(read))
    recent = aged(decided(instructeur, call=call), 3)
    corrected = aged(decided(instructeur, call=call), 10)
    correct(corrected, instructeur, amount_granted=44000)
    # Corrected just now: the team has not had a week to open the new version yet.
    undecided = dossier_at("commission-permanente", call=call)
    content = listing(client, animateur, unread_decision="on")
    assert unread.reference in content
    for other in (read, recent, corrected, undecided):
        assert other.reference not in content
    assert "Décision non lue depuis plus de 7 jours" in content
    everything = listing(client, animateur)
    assert all(a.reference in everything for a in (unread, read, recent, corrected, undecided))
    assert (
        everything.count("décision pas encore lue par l'équipe") == 3
    )  # unread, recent, corrected


def test_a_correction_a_week_old_and_unread_is_listed(client, instructeur, animateur, monkeypatch):
    application = aged(decided(instructeur), 20)
    open_page(client, application, porteur_of(application))
    correct(application, instructeur, amount_granted=44000)
    assert application.reference not in listing(client, animateur, unread_decision="on")
    # A correction is a history row, which nothing may edit: only the clock can age it.
    later = timezone.now() + timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert application.reference in listing(client, animateur, unread_decision="on")


def test_the_unread_filter_keeps_the_listing_query_count_flat(
    client, instructeur, animateur, django_assert_max_num_queries
):
    call = current_call()
    aged(decided(instructeur, call=call), 8)
    listing(client, animateur, unread_decision="on")
    with django_assert_max_num_queries(20) as few:
        listing(client, unread_decision="on")
    for _number in range(3):
        aged(decided(instructeur, call=call), 9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = listing(client, unread_decision="on")
    assert content.count("décision pas encore lue par l'équipe") == 4
