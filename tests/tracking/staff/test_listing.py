"""The listing: filters, search, counts per stage, board, flat query count, and the CSV and
XLSX exports (parsed back; formulas neutralised)."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from labo.accounts.occitanie import LegalForm
from projects.tracking.models import Application, Review
from tests.factories import OrganisationFactory
from tests.tracking.factories import submitted_application

from .factories import current_call, dossier_at, with_role

pytestmark = pytest.mark.django_db


def listing(client, **params):
    return client.get(reverse("tracking_staff:list"), params)


def references(response):
    return {a.reference for a in response.context["applications"]}


def test_filters_search_and_counts(client, animateur, instructeur):
    call = current_call()
    a = dossier_at("depose", call=call, departement="34", operation_title="Ferme des Oliviers")
    b = dossier_at("entretien-prealable", call=call, departement="31")
    c = dossier_at(
        "entretien-prealable",
        call=call,
        departement="31",
        organisation=OrganisationFactory(legal_form=LegalForm.ASSOCIATION),
    )
    Application.objects.filter(pk=c.pk).update(stage_due_at=timezone.now() - timedelta(days=2))
    Review.objects.create(application=b, reviewer=instructeur)
    client.force_login(animateur)
    response = listing(client)
    assert references(response) == {a.reference, b.reference, c.reference}
    counts = {row["code"]: row["count"] for row in response.context["stage_counts"]}
    assert counts == {"depose": 1, "entretien-prealable": 2}
    assert references(listing(client, stage="entretien-prealable")) == {b.reference, c.reference}
    assert references(listing(client, departement="34")) == {a.reference}
    assert references(listing(client, legal_form="association")) == {c.reference}
    assert references(listing(client, reviewer=instructeur.pk)) == {b.reference}
    assert references(listing(client, overdue="on")) == {c.reference}
    assert references(listing(client, q="oliviers")) == {a.reference}
    assert references(listing(client, q=b.reference)) == {b.reference}
    assert references(listing(client, call=call.pk)) == {a.reference, b.reference, c.reference}
    sorted_refs = [x.reference for x in listing(client, sort="reference").context["applications"]]
    assert sorted_refs == sorted(sorted_refs)
    assert "en retard" in listing(client).content.decode()


def test_drafts_are_not_listed(client, animateur):
    from tests.tracking.factories import draft_application

    draft = draft_application()
    client.force_login(animateur)
    assert draft.pk not in {a.pk for a in listing(client).context["applications"]}


def test_board_by_stage(client, animateur):
    call = current_call()
    application = dossier_at("entretien-prealable", call=call)
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:board"), {"call": call.pk})
    columns = {col["stage"].code: col["applications"] for col in response.context["columns"]}
    assert columns["entretien-prealable"] == [application]
    assert application.reference in response.content.decode()


def _seed(call, count):
    for _ in range(count):
        submitted_application(call)


@pytest.mark.parametrize("count", [10, 100])
def test_the_listing_query_count_is_flat(client, animateur, django_assert_max_num_queries, count):
    call = current_call()
    _seed(call, count)
    client.force_login(animateur)
    listing(client)  # warm the session and the caches
    with django_assert_max_num_queries(20):
        response = listing(client)
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("tracking_staff:export", args=["xlsx"])).status_code == 200


def test_the_dossier_page_query_count_is_flat(client, django_assert_max_num_queries):
    from labo.accounts import roles

    admin = with_role(roles.ADMINISTRATEUR)
    small = dossier_at("pre-audition")
    big = dossier_at("pre-audition")
    for number in range(6):
        Review.objects.create(application=big, reviewer=with_role(roles.INSTRUCTEUR))
        big.comments.create(author=admin, body=f"Commentaire {number}")
    client.force_login(admin)
    client.get(reverse("tracking_staff:detail", args=[small.pk]))
    with django_assert_max_num_queries(40) as small_queries:
        client.get(reverse("tracking_staff:detail", args=[small.pk]))
    with django_assert_max_num_queries(40) as big_queries:
        client.get(reverse("tracking_staff:detail", args=[big.pk]))
    assert len(big_queries.captured_queries) <= len(small_queries.captured_queries) + 2


def test_csv_export_parses_back_and_neutralises_formulas(client, animateur):
    call = current_call()
    application = dossier_at("depose", call=call, operation_title='=HYPERLINK("http://x")')
    dossier_at("depose", call=call, operation_title="@SUM(A1)")
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Référence"
    assert len(rows) == 3
    titles = {row[3] for row in rows[1:]}
    assert titles == {'\'=HYPERLINK("http://x")', "'@SUM(A1)"}
    row = next(r for r in rows if r[0] == application.reference)
    assert row[11] == "50000,00"


def test_csv_export_follows_the_filters(client, animateur):
    call = current_call()
    dossier_at("depose", call=call, departement="34")
    other = dossier_at("depose", call=call, departement="31")
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:export", args=["csv"]), {"departement": "31"})
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:]), delimiter=";")
    )
    assert [r[0] for r in rows[1:]] == [other.reference]


def test_xlsx_export_parses_back(client, animateur):
    call = current_call()
    application = dossier_at("depose", call=call, operation_title="-1+1")
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Référence"
    assert rows[1][0] == application.reference
    assert rows[1][3] == "'-1+1"
    assert rows[1][11] == 50000
    # Staff-only facts: no comment, review or minutes column.
    assert not any("ommentaire" in str(title) for title in rows[0])
