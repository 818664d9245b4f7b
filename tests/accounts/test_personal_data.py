"""« Mes données » is complete (#15, RGPD articles 15 and 20): every table that points at a
person is exported or set aside with a reason (walked like the access matrix walks URLs);
a member with a dossier, forum posts, registrations and files finds them all; the archive
with the files is built in the background, shows its progress and is the owner's only."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.models import Attachment, TopicWatch
from labo.accounts.models import PersonalDataExport
from labo.accounts.personal_data import NOT_EXPORTED, SECTIONS, personal_data, user_relations
from labo.notifications.models import Notification
from projects.tracking.models import BudgetLine, Comment, CriterionAnswer, Visibility
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, ReportFactory, TopicFactory
from tests.tracking.factories import ApplicationDocumentFactory, draft_application

pytestmark = pytest.mark.django_db


# --- every relation to a person is accounted for -------------------------------------------


def test_every_relation_to_a_person_is_exported_or_set_aside_with_a_reason():
    exported = {f"{section.model}.{section.field}" for section in SECTIONS}
    relations = {f"{label}.{name}" for label, name in user_relations()}
    missing = sorted(relations - exported - set(NOT_EXPORTED))
    assert not missing, (
        "Relations to the user missing from « Mes données » (add a Section to "
        f"labo/accounts/personal_data.py, or a reason to NOT_EXPORTED): {missing}"
    )
    stale = sorted((exported | set(NOT_EXPORTED)) - relations)
    assert not stale, f"Sections or reasons for relations that no longer exist: {stale}"


def test_every_section_names_real_columns():
    for section in SECTIONS:
        names = {field.name for field in apps.get_model(section.model)._meta.concrete_fields}
        assert set(section.columns or ()) <= names, section


def test_the_walk_finds_a_new_relation(monkeypatch):
    """A model added tomorrow with a user foreign key fails the walk: shown by removing a
    section."""
    import labo.accounts.personal_data as module

    monkeypatch.setattr(module, "SECTIONS", [s for s in SECTIONS if s.key != "forum_lectures"])
    exported = {f"{section.model}.{section.field}" for section in module.SECTIONS}
    relations = {f"{label}.{name}" for label, name in user_relations()}
    assert relations - exported - set(NOT_EXPORTED) == {"forum.TopicRead.user"}


# --- a member with something everywhere -----------------------------------------------------


@pytest.fixture
def member(site):
    """A porteur with a draft (answers, budget, a piece), forum writing, a registration."""
    from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory

    user = UserFactory(display_name="Camille Porteuse")
    application = draft_application(user=user, operation_title="Les Tilleuls à Mende")
    criterion = application.call.criteria.first()
    CriterionAnswer.objects.create(
        application=application, criterion=criterion, text="Salle commune"
    )
    BudgetLine.objects.create(application=application, side="depense", label="Travaux",
                              amount="400000", position=0)  # fmt: skip
    ApplicationDocumentFactory(application=application, uploaded_by=user,
                               original_name="statuts.pdf")  # fmt: skip
    ApplicationDocumentFactory(application=application, original_name="note-interne.pdf",
                               staff_only=True)  # fmt: skip
    Comment.objects.create(application=application, body="Avis interne sur l'équipe",
                           visibility=Visibility.INTERNAL)  # fmt: skip
    topic = TopicFactory(author=user, title="Terrain cherché dans le Gers")
    post = PostFactory(topic=topic, author=user, body="Nous cherchons 2 000 m².")
    Attachment.objects.create(post=post, file=ContentFile(b"\x89PNG plan", name="plan.png"),
                              name="plan.png", content_type="image/png", extension=".png",
                              size=10)  # fmt: skip
    ReportFactory(reporter=user, text="Message publicitaire")
    TopicWatch.objects.create(user=user, topic=topic, level="watching")
    from labo.events.models import EventIndexPage

    index = EventIndexPage.objects.first() or EventIndexPageFactory(parent=site)
    RegistrationFactory(event=EventPageFactory(parent=index, title="Visite à Mende"), user=user)
    return user


def test_the_json_holds_everything_about_the_member(member):
    data = personal_data(member)
    text = json.dumps(data, ensure_ascii=False)
    assert data["profil"]["nom_affiche"] == "Camille Porteuse"
    assert [t["titre"] for t in data["forum_sujets"]] == ["Terrain cherché dans le Gers"]
    assert "Nous cherchons 2 000 m²." in text
    assert "Message publicitaire" in text
    assert "Visite à Mende" in text
    assert data["equipes_projet"]
    (dossier,) = data["dossiers"]
    assert dossier["operation"]["intitule"] == "Les Tilleuls à Mende"
    assert dossier["criteres"][0]["reponse"] == "Salle commune"
    assert dossier["budget"] == [
        {"poste": "Dépense", "intitule": "Travaux", "montant": "400000.00"}
    ]
    assert [p["nom"] for p in dossier["pieces"]] == ["statuts.pdf"]
    # What the team does not see stays out; no secret ever leaves.
    assert "note-interne.pdf" not in text
    assert "Avis interne" not in text
    assert member.password not in text


def test_the_archive_is_built_in_the_background_with_the_files(client, member):
    client.force_login(member)
    page = reverse("accounts:data_archive")
    assert "Préparer mon archive" in client.get(page).content.decode()
    response = client.post(page)
    assert response.status_code == 302
    export = PersonalDataExport.objects.get(user=member)
    assert (export.status, export.progress) == (PersonalDataExport.Status.READY, 100)
    assert Notification.objects.filter(recipient=member, kind="accounts.data_export_ready")
    html = client.get(page).content.decode()
    link = reverse("accounts:data_archive_download", args=[export.token])
    assert link in html
    download = client.get(link)
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("donnees.json"))
        piece = next(name for name in names if name.startswith("fichiers/dossiers/"))
        assert piece.endswith("-statuts.pdf")
        assert archive.read(piece).startswith(b"%PDF")
    assert any(name.startswith("fichiers/forum/") and name.endswith("plan.png") for name in names)
    assert data["dossiers"][0]["operation"]["intitule"] == "Les Tilleuls à Mende"


def test_an_archive_in_preparation_shows_its_progress_and_is_not_asked_twice(client, member):
    export = PersonalDataExport.objects.create(
        user=member, status=PersonalDataExport.Status.RUNNING, progress=42
    )
    client.force_login(member)
    html = client.get(reverse("accounts:data_archive"), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 3s"' in html
    assert '<progress id="avancement-' in html and 'value="42"' in html
    client.post(reverse("accounts:data_archive"))
    assert list(PersonalDataExport.objects.filter(user=member)) == [export]


def test_an_archive_is_its_owners_only_and_for_a_week(client, member):
    client.force_login(member)
    client.post(reverse("accounts:data_archive"))
    export = PersonalDataExport.objects.get(user=member)
    link = reverse("accounts:data_archive_download", args=[export.token])
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(link).status_code == 404
    PersonalDataExport.objects.filter(pk=export.pk).update(
        finished_at=timezone.now() - timedelta(days=8)
    )
    assert client.get(link).status_code == 404
    assert "Expirée" in client.get(reverse("accounts:data_archive")).content.decode()
    export.refresh_from_db()
    assert not export.file  # the file itself is gone
