"""The team enters its loans and co-guarantors while the dossier is a draft."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import number_format

from projects.tracking.models import CoGuarantor, GuaranteeDetails, Loan
from tests.factories import UserFactory

from .factories import guarantee_draft, guarantee_submitted, loan_for, next_year_date

pytestmark = pytest.mark.django_db


def url(application):
    return reverse("loan_guarantees:loans", args=[application.pk])


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def post_data(loan=None, co=None, **overrides):
    data = {
        **management("loans", 1),
        **management("loans-0-cog", 1),
        "operation-commune_insee": "",
        "operation-total_cost": "3 150 000",
        "loans-0-lender": "Crédit Coopératif",
        "loans-0-purpose": "Construction de 14 logements",
        "loans-0-amount": "1 200 000",
        "loans-0-duration_months": "300",
        "loans-0-rate_type": "fixe",
        "loans-0-annual_rate": "3,4",
        "loans-0-profile": "constant_annuity",
        "loans-0-periodicity": "yearly",
        "loans-0-deferral_months": "0",
        "loans-0-deferral_kind": "partial",
        "loans-0-first_due_date": next_year_date().isoformat(),
        "loans-0-quotite_requested": "50",
        "loans-0-cog-0-name": "Commune de Ramonville-Saint-Agne",
        "loans-0-cog-0-quotite": "20",
    }
    data.update(overrides)
    return data


@pytest.fixture
def porteur_and_draft():
    user = UserFactory()
    return user, guarantee_draft(user=user)


def test_team_member_adds_a_loan_with_a_co_guarantor(client, porteur_and_draft):
    user, application = porteur_and_draft
    client.force_login(user)
    response = client.get(url(application))
    assert response.status_code == 200
    assert b"loans-0-lender" in response.content
    response = client.post(url(application), post_data())
    assert response.status_code == 302
    loan = Loan.objects.get(application=application)
    assert loan.amount == Decimal("1200000.00")
    assert loan.annual_rate == Decimal("3.4")
    co = CoGuarantor.objects.get(loan=loan)
    assert (co.name, co.quotite, co.local_authority) == (
        "Commune de Ramonville-Saint-Agne",
        Decimal("20"),
        False,
    )
    assert GuaranteeDetails.objects.get(application=application).total_cost == Decimal("3150000")
    page = client.get(url(application)).content.decode()
    # The saved loan's schedule: 25 yearly annuities of 1.2 M€ at 3.4 %.
    assert "Échéancier par année du prêt Crédit Coopératif" in page
    annuity = loan.schedule.yearly[0].payment
    assert f"{number_format(annuity, 2, force_grouping=True)}\N{NO-BREAK SPACE}€" in page


def test_errors_keep_everything_typed(client, porteur_and_draft):
    user, application = porteur_and_draft
    client.force_login(user)
    data = post_data(**{"loans-0-annual_rate": "25", "loans-0-cog-0-quotite": "60"})
    response = client.post(url(application), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le taux doit être compris entre −1 % et 20 %." in page
    assert 'value="Construction de 14 logements"' in page
    assert 'value="Commune de Ramonville-Saint-Agne"' in page
    assert not Loan.objects.filter(application=application).exists()


def test_sum_of_quotites_over_100_is_shown_and_nothing_saved(client, porteur_and_draft):
    user, application = porteur_and_draft
    client.force_login(user)
    response = client.post(url(application), post_data(**{"loans-0-cog-0-quotite": "60"}))
    assert response.status_code == 200
    assert "dépasse 100 % du prêt" in response.content.decode()
    assert not Loan.objects.filter(application=application).exists()


def test_edit_and_delete_a_stored_loan(client, porteur_and_draft):
    user, application = porteur_and_draft
    loan = loan_for(application)
    client.force_login(user)
    data = post_data(
        **management("loans", 1, initial=1),
        **{"loans-0-id": str(loan.pk), "loans-0-amount": "150 000", "loans-0-cog-0-name": ""},
    )
    data["loans-0-cog-0-quotite"] = ""
    data["loans-0-cog-0-local_authority"] = "on"  # the blank row as the browser sends it
    response = client.post(url(application), data)
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul", response.content.decode(), re.S
    )
    loan.refresh_from_db()
    assert loan.amount == Decimal("150000")
    data["loans-0-DELETE"] = "on"
    assert client.post(url(application), data).status_code == 302
    assert not Loan.objects.filter(application=application).exists()


def test_a_blank_co_guarantor_row_is_ignored_whatever_its_checkbox(client, porteur_and_draft):
    user, application = porteur_and_draft
    client.force_login(user)
    data = post_data(**{"loans-0-cog-0-name": "", "loans-0-cog-0-quotite": ""})
    data.pop("loans-0-cog-0-local_authority", None)  # the box unticked
    response = client.post(url(application), data)
    assert response.status_code == 302
    assert not CoGuarantor.objects.filter(loan__application=application).exists()


def test_another_team_gets_404(client, porteur_and_draft):
    _user, application = porteur_and_draft
    client.force_login(UserFactory())
    assert client.get(url(application)).status_code == 404
    assert client.post(url(application), post_data()).status_code == 404
    row = reverse("loan_guarantees:loan_row", args=[application.pk])
    assert client.get(row).status_code == 404


def test_anonymous_is_sent_to_login(client, porteur_and_draft):
    _user, application = porteur_and_draft
    response = client.get(url(application))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "connexion" in response["Location"]


def test_submitted_dossier_is_read_only_for_the_team(client):
    user = UserFactory()
    application = guarantee_submitted(user=user)
    loan_for(application)
    client.force_login(user)
    response = client.get(url(application))
    assert response.status_code == 200
    assert b"loans-0-lender" not in response.content
    assert "Échéancier par année" in response.content.decode()
    assert client.post(url(application), post_data()).status_code == 403


def test_htmx_add_row_and_live_preview(client, porteur_and_draft):
    user, application = porteur_and_draft
    client.force_login(user)
    row = reverse("loan_guarantees:loan_row", args=[application.pk])
    response = client.get(row, {"index": "1"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'name="loans-1-lender"' in page
    assert 'name="loans-TOTAL_FORMS" value="2"' in page
    assert 'hx-swap-oob="true"' in page
    preview = reverse("loan_guarantees:loan_preview", args=[application.pk])
    data = {k.replace("loans-0-", "loans-1-"): v for k, v in post_data().items()}
    response = client.post(f"{preview}?prefix=loans-1", data, HTTP_HX_REQUEST="true")
    assert "Aperçu de l'échéancier" in response.content.decode()
    assert not Loan.objects.exists()
    data["loans-1-annual_rate"] = "30"
    response = client.post(f"{preview}?prefix=loans-1", data, HTTP_HX_REQUEST="true")
    assert "Le taux doit être compris entre −1 % et 20 %." in response.content.decode()


def test_schedule_xlsx_for_the_team(client, porteur_and_draft):
    from io import BytesIO

    from openpyxl import load_workbook

    user, application = porteur_and_draft
    loan = loan_for(application)
    client.force_login(user)
    response = client.get(reverse("loan_guarantees:schedule_xlsx", args=[application.pk, loan.pk]))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    yearly = list(workbook["Par année"].iter_rows(min_row=2, values_only=True))
    assert len(yearly) == 20
    # 100,000 € over 20 years at 3 %: yearly annuity 100,000 × 0.03 / (1 − 1.03⁻²⁰) = 6,721.57 €.
    assert Decimal(str(yearly[0][3])) == Decimal("6721.57")
    client.force_login(UserFactory())
    response = client.get(reverse("loan_guarantees:schedule_xlsx", args=[application.pk, loan.pk]))
    assert response.status_code == 404


def test_no_js_fallback_saves_then_offers_a_blank_loan(client, porteur_and_draft):
    user, application = porteur_and_draft
    client.force_login(user)
    response = client.post(url(application), {**post_data(), "ajouter": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("?nouveau=1")
    page = client.get(response["Location"]).content.decode()
    assert 'name="loans-1-lender"' in page
    assert 'value="Crédit Coopératif"' in page


def test_mon_espace_links_to_the_loans(client, porteur_and_draft):
    user, application = porteur_and_draft
    client.force_login(user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Mes demandes de garantie d" in page, page[page.find("<main") :][:3000]
    assert url(application) in page
    client.force_login(UserFactory())
    assert url(application) not in client.get(reverse("accounts:dashboard")).content.decode()


def test_a_viure_dossier_has_no_loan_screens(client, instructeur):
    from ..factories import draft_application, submitted_application

    user = UserFactory()
    viure = draft_application(user=user)
    client.force_login(user)
    assert client.get(url(viure)).status_code == 404
    submitted = submitted_application(viure.call)
    client.force_login(instructeur)
    assert (
        client.get(reverse("loan_guarantees:instruction", args=[submitted.pk])).status_code == 404
    )
