"""A member proposes a resource; the CRESS validates it in the Wagtail workflow; the
proposer hears the decision."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains
from wagtail.models import WorkflowState

from labo.notifications.models import Notification
from resources import forms as resource_forms
from resources.models import ResourcePage, Theme
from resources.pdf import minimal_pdf
from tests.quality.test_uploads import HTML, PDF, docx, docx_bomb, odt, plain_zip

pytestmark = pytest.mark.django_db

URL = "/ressources/proposer/"


def form_data(**overrides):
    data = {
        "title": "Guide de la gouvernance partagée",
        "summary": "Comment décider ensemble dans un habitat participatif.",
        "resource_type": "guide",
        "themes": [Theme.objects.get(slug="gouvernance").pk],
        "url": "",
    }
    data.update(overrides)
    return data


def pdf_upload(name="guide.pdf", content=None):
    return SimpleUploadedFile(name, content or minimal_pdf("Guide"), "application/pdf")


def test_visitors_are_sent_to_log_in(client, index):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_unverified_accounts_are_told_why(client, index):
    from tests.factories import UserFactory

    client.force_login(UserFactory(verified=False))
    response = client.get(URL)
    assert response.status_code == 403


def test_member_proposal_becomes_a_draft_in_the_cress_workflow(client, index, user, animateur):
    client.force_login(user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {**form_data(), "file": pdf_upload()})
    assert response.status_code == 302
    resource = ResourcePage.objects.get(title="Guide de la gouvernance partagée")
    assert not resource.live
    assert resource.proposed_by == user
    assert resource.get_parent().pk == index.pk
    assert [t.slug for t in resource.themes.all()] == ["gouvernance"]
    document = resource.documents.get().document
    assert document.collection.name == "Propositions de ressources"
    state = WorkflowState.objects.get(object_id=str(resource.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Validation CRESS"
    assert Notification.objects.filter(recipient=animateur, kind="resource_proposed").exists()
    # Not public while it waits.
    assert client.get("/ressources/").context["page_obj"].paginator.count == 0


def test_approval_publishes_and_notifies_the_proposer(client, index, user, animateur):
    client.force_login(user)
    client.post(URL, form_data(url="https://www.exemple.fr/guide"))
    resource = ResourcePage.objects.get()
    assert resource.links.get().url == "https://www.exemple.fr/guide"
    state = WorkflowState.objects.get(object_id=str(resource.pk))
    state.current_task_state.task.specific.on_action(state.current_task_state, animateur, "approve")
    resource.refresh_from_db()
    assert resource.live
    notification = Notification.objects.get(recipient=user, kind="resource_approved")
    assert "validée" in notification.message
    assert notification.link == resource.url


def test_approved_documents_leave_the_private_collection(client, index, user, animateur):
    client.force_login(user)
    client.post(URL, {**form_data(), "file": pdf_upload()})
    resource = ResourcePage.objects.get()
    state = WorkflowState.objects.get(object_id=str(resource.pk))
    state.current_task_state.task.specific.on_action(state.current_task_state, animateur, "approve")
    assert resource.documents.get().document.collection.is_root()


def test_rejection_notifies_the_proposer_with_the_comment(client, index, user, animateur):
    client.force_login(user)
    client.post(URL, form_data(url="https://www.exemple.fr/guide"))
    resource = ResourcePage.objects.get()
    state = WorkflowState.objects.get(object_id=str(resource.pk))
    state.current_task_state.task.specific.on_action(
        state.current_task_state, animateur, "reject", comment="Document déjà en ligne."
    )
    resource.refresh_from_db()
    assert not resource.live
    notification = Notification.objects.get(recipient=user, kind="resource_rejected")
    assert "n'a pas été retenue" in notification.message
    assert "Document déjà en ligne." in notification.message


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ...", "application/octet-stream"),
            "Les fichiers « .exe » ne sont pas acceptés.",
        ),
        (SimpleUploadedFile("faux.pdf", b"pas un pdf", "application/pdf"), "pas un PDF valide"),
        (SimpleUploadedFile("vide.odt", b"", "application/vnd.oasis"), "Le fichier"),
    ],
)
def test_bad_files_are_refused_in_french_and_nothing_typed_is_lost(
    client, index, user, upload, message
):
    client.force_login(user)
    response = client.post(URL, {**form_data(), "file": upload})
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "Guide de la gouvernance partagée")
    assertContains(response, "Comment décider ensemble dans un habitat participatif.")
    assertContains(response, "sélectionnez-le à nouveau")
    assert not ResourcePage.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("guide.docx", plain_zip(), "n'est pas un DOCX valide : son contenu est de type ZIP"),
        ("guide.docx", docx({"[Content_Types].xml": "<Types/>"}), "n'est pas un DOCX valide"),
        ("budget.xlsx", docx(), "n'est pas un XLSX valide : son contenu est de type DOCX"),
        ("guide.odt", odt("text/html"), "n'est pas un ODT valide : son contenu est de type ZIP"),
        ("guide.odp", odt(), "n'est pas un ODP valide : son contenu est de type ODT"),
        ("note.txt", HTML, "n'est pas un TXT valide : son contenu est de type HTML"),
        ("guide.docx", docx_bomb(), "fois son poids, la limite est de 100 fois"),
        ("guide.pdf", PDF + plain_zip(), "contient aussi une archive ZIP cachée"),
    ],
)
def test_files_go_through_the_one_upload_checker(client, index, user, name, content, message):
    """Resources no longer trust the extension: a ZIP or another office format renamed
    « .docx », « .odt »… is refused for what its entries show (labo.core.uploads)."""
    client.force_login(user)
    response = client.post(URL, {**form_data(), "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assertContains(response, message.replace("'", "&#x27;"))
    assertContains(response, "Guide de la gouvernance partagée")
    assert not ResourcePage.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("guide.odt", odt()), ("guide.docx", docx()), ("outils.zip", plain_zip()),
     ("budget.csv", "poste;montant\nÉtude;1200\n".encode())],
)  # fmt: skip
def test_office_files_archives_and_text_are_proposed(client, index, user, name, content):
    client.force_login(user)
    response = client.post(URL, {**form_data(), "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    assert (
        ResourcePage.objects.get()
        .documents.get()
        .document.file.name.endswith(name.rsplit(".", 1)[1])
    )


def test_files_over_the_limit_are_refused(client, index, user, monkeypatch):
    monkeypatch.setattr(resource_forms, "PROPOSAL_MAX_SIZE", 100)
    client.force_login(user)
    response = client.post(URL, {**form_data(), "file": pdf_upload()})
    assertContains(response, "la taille maximale est de 100\xa0octets")
    assert not ResourcePage.objects.exists()


def test_a_file_or_a_link_is_required(client, index, user):
    client.force_login(user)
    response = client.post(URL, form_data(themes=[]))
    assertContains(response, "Joignez un fichier ou indiquez un lien vers la ressource.")
    assertContains(response, "Choisissez au moins un thème.")
