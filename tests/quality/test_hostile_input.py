"""Issue #9 « Hostile input »: one corpus of hostile strings driven through every user-text
field of every form, through the real views. Each payload is either refused with a French
message at its field (the rest of what was typed kept), or saved and shown inert on every
page, e-mail, export, PDF and live payload where it appears.

Coverage is automatic: ``FORM_SCENARIOS`` maps every form class defined in the project's own
packages to the test that drives it; a new form missing from the table fails
``test_every_form_of_the_project_has_a_hostile_input_scenario``."""

import importlib
import json
import pkgutil
from dataclasses import dataclass, field

import pytest
from django import forms
from django.core import mail
from django.core.cache import cache

from .hostile_corpus import (
    CATEGORIES,
    CORPUS,
    LONG,
    NULL,
    csv_findings,
    email_findings,
    english,
    field_errors,
    html_findings,
    pdf_findings,
    sample,
    xlsx_findings,
    xlsx_text,
)

PACKAGES = ("labo", "projects", "resources", "forum", "search")


@dataclass(frozen=True)
class NoFreeText:
    """A form whose fields are all choices, numbers, dates, files, or secrets never shown."""

    reason: str
    # Text fields that are never stored nor shown back (passwords, logins, search filters).
    unstored: tuple = ()


# Every form class of the project → the test (in this module) that drives it through its view.
FORM_SCENARIOS = {
    "labo.accounts.forms.ProfileForm": "test_profile",
    "labo.accounts.forms.SignupProfileForm": "test_signup",
    "labo.accounts.allauth_forms.LaboSignupForm": "test_signup",
    "labo.accounts.forms.OrganisationForm": "test_organisation",
    "labo.accounts.forms.AddMemberForm": "test_add_member_and_invitation",
    "projects.forms.InvitationForm": "test_add_member_and_invitation",
    "projects.forms.ProjectCreateForm": "test_project_create",
    "projects.forms.ContactForm": "test_project_contact",
    "resources.forms.ProposalForm": "test_resource_proposal",
    "forum.forms.TopicForm": "test_forum_topic",
    "forum.forms.PostForm": "test_forum_reply_edit_and_report",
    "forum.forms.EditPostForm": "test_forum_reply_edit_and_report",
    "forum.forms.ReportForm": "test_forum_reply_edit_and_report",
    "forum.admin_views.TopicModerationForm": "test_forum_moderation",
    "forum.admin_views.SuspensionForm": "test_forum_moderation",
    "projects.tracking.applicant.forms.StructureForm": "test_applicant_steps",
    "projects.tracking.applicant.forms.OperationForm": "test_applicant_steps",
    "projects.tracking.applicant.forms.CriteriaForm": "test_applicant_steps",
    "projects.tracking.applicant.forms.WithdrawForm": "test_applicant_withdraw",
    "projects.tracking.staff.forms.CommentForm": "test_staff_comment_move_outcome",
    "projects.tracking.staff.forms.MoveForm": "test_staff_comment_move_outcome",
    "projects.tracking.staff.forms.OutcomeForm": "test_staff_comment_move_outcome",
    "projects.tracking.staff.forms.DocumentRequestForm": "test_staff_document_request",
    "projects.tracking.staff.forms.ReviewForm": "test_staff_review",
    "projects.tracking.staff.forms.MeetingForm": "test_staff_meeting",
    "projects.tracking.staff.forms.DecisionForm": "test_staff_decision",
    "projects.tracking.staff.forms.DecisionCorrectionForm": "test_staff_decision_correction",
    "projects.tracking.staff.forms.DecisionAnnulForm": "test_staff_decision_correction",
    "projects.tracking.staff.forms.RevertForm": "test_staff_decision_correction",
    "projects.tracking.guarantees.forms.LoanForm": "test_loans",
    "projects.tracking.guarantees.forms.CoGuarantorForm": "test_loans",
    "projects.tracking.guarantees.forms.OperationForm": "test_loans",
    "projects.tracking.guarantees.forms.ExemptionForm": "test_loan_instruction",
    "projects.tracking.guarantees.forms.GuaranteeClaimForm": "test_loan_instruction",
    "projects.tracking.models.calls.CallAdminForm": "test_call_admin",
    "labo.core.images.LaboImageForm": "test_wagtail_image_title",
    "resources.forms.LaboDocumentForm": "test_wagtail_document_title",
    "labo.core.forms.LaboPageForm": "test_wagtail_page_title",
    # Uploads only: tests/quality/test_uploads.py drives them with hostile files.
    "projects.tracking.applicant.forms.DocumentsForm": NoFreeText("fichiers : test_uploads.py"),
    "projects.tracking.applicant.forms.RequestUploadForm": NoFreeText("fichier : test_uploads.py"),
    "labo.accounts.allauth_forms.LaboLoginForm": NoFreeText(
        "identifiants jamais enregistrés", unstored=("login", "password")
    ),
    "labo.accounts.forms.AccountDeleteForm": NoFreeText(
        "mot de passe jamais enregistré", unstored=("password",)
    ),
    "labo.accounts.forms.MemberRoleForm": NoFreeText("un choix de rôle"),
    "labo.notifications.forms.NotificationPreferenceForm": NoFreeText("des choix"),
    "forum.forms.WatchForm": NoFreeText("un choix de niveau de suivi"),
    "projects.tracking.staff.forms.StaffInChargeForm": NoFreeText("une personne"),
    "projects.tracking.staff.forms.ReviewersForm": NoFreeText("des personnes"),
    "projects.tracking.guarantees.forms.QuotiteGrantedForm": NoFreeText("un nombre"),
    "projects.tracking.guarantees.forms.RegionFiscalYearForm": NoFreeText("des montants"),
    "projects.tracking.guarantees.forms.FollowUpForm": NoFreeText("prêt, date, montant"),
    "projects.wagtail_hooks.CommuneSearchForm": NoFreeText(
        "filtre de recherche de l'admin, jamais enregistré", unstored=("q",)
    ),
}


def project_form_classes():
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            name = module.name
            # Migrations, settings and commands define no forms; the load-test scripts
            # monkey-patch the standard library with gevent when imported (labo.bench).
            skipped = (".migrations", ".settings", ".management", "labo.bench", "locust")
            if any(part in name for part in skipped):
                continue
            importlib.import_module(name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PACKAGES
    }


def test_every_form_of_the_project_has_a_hostile_input_scenario():
    found = project_form_classes()
    missing = sorted(set(found) - set(FORM_SCENARIOS))
    assert not missing, (
        "Forms without a hostile-input scenario (add them to FORM_SCENARIOS in "
        f"tests/quality/test_hostile_input.py): {missing}"
    )
    stale = sorted(set(FORM_SCENARIOS) - set(found))
    assert not stale, f"FORM_SCENARIOS names forms that no longer exist: {stale}"
    module = globals()
    for name, scenario in FORM_SCENARIOS.items():
        if isinstance(scenario, NoFreeText):
            text_fields = [
                field_name
                for field_name, form_field in found[name].base_fields.items()
                if type(form_field) in (forms.CharField,) and field_name not in scenario.unstored
            ]
            assert not text_fields, f"{name} has free-text fields {text_fields}: drive them"
        else:
            assert callable(module.get(scenario)), f"{name}: no test named {scenario}"


def test_the_corpus_has_every_category():
    assert set(CATEGORIES) >= {
        "xss",
        "markdown",
        "url",
        "sql",
        "template",
        "csv",
        "long",
        "control",
        "bidi",
        "emoji",
        "null",
    }
    assert any(len(payload.text) > 10_000 for payload in CORPUS)


# --- the engine ----------------------------------------------------------------------------
#
# Posting costs forms × payloads; reading back costs forms × readbacks. Each payload is posted
# and, if refused, checked at once (French message at the field, the rest kept, the form shown
# again inert). A saved payload only *registers* its marker with the readbacks where it must
# appear (``Report.expect``); each distinct readback (label, address, kind, reader) is then
# rendered ONCE (``Report.render``) and checked for every marker registered there: markup made
# by any of them is a failure, and a ``shows`` readback must show each of them.
#
# Rendering is brought forward, never skipped: a readback marked ``each`` (the next payload
# overwrites what it shows) is rendered right after every save, and everything pending is
# rendered before an ``after=`` hook that changes state (a logout, a deletion).


@dataclass
class Readback:
    """A place where saved text appears: ``fetch(client)`` returns the response."""

    label: str
    url: str | None = None
    kind: str = "html"  # html, csv, xlsx, pdf, text
    shows: bool = False  # the marker must be there
    client: object = None  # another user's client (staff page, recipient…)
    fetch: object = None
    # The next payload overwrites what this page shows (the same object edited again): it is
    # rendered after each save instead of once.
    each: bool = False
    # A paginated listing (the query parameter of its page number): read once, with every
    # marker, it is read on all its pages, since the early markers are no longer on the first.
    pages: str | None = None

    def get(self, default_client, page=None):
        if self.fetch:
            return self.fetch()
        url = self.url
        if page is not None:
            url += f"{'&' if '?' in url else '?'}{self.pages}={page}"
        return (self.client or default_client).get(url)

    def key(self, default_client):
        # The same page, seen by the same person, shows every marker saved there.
        reader = self.fetch or self.client or default_client
        return (self.label, self.url, self.kind, id(reader))


@dataclass
class Report:
    name: str
    failures: list = field(default_factory=list)
    outcomes: dict = field(default_factory=dict)
    # key → (readback, default client, {marker: must be shown})
    pending: dict = field(default_factory=dict)
    renders: int = 0

    def fail(self, message):
        self.failures.append(f"[{self.name}] {message}")

    def expect(self, client, readbacks, payload):
        """``payload`` was saved: each of ``readbacks`` must keep it inert (and show it)."""
        for readback in readbacks:
            key = readback.key(client)
            _readback, _client, markers = self.pending.setdefault(key, (readback, client, {}))
            markers[payload.marker] = markers.get(payload.marker, False) or readback.shows

    def render(self, each_only=False):
        """Render each pending readback once, checked for every marker registered there."""
        for key, (readback, client, markers) in list(self.pending.items()):
            if each_only and not readback.each:
                continue
            del self.pending[key]
            self.renders += 1
            _render(self, client, readback, markers)
        # A page view that sent e-mails: they are checked like the others.
        if mail.outbox:
            self.failures.extend(email_findings(mail.outbox, f"{self.name} (lecture)"))
            mail.outbox.clear()

    def assert_clean(self):
        self.render()
        if self.failures:
            shown = "\n".join(self.failures[:60])
            more = len(self.failures) - 60
            pytest.fail(shown + (f"\n… and {more} more" if more > 0 else ""), pytrace=False)


def _render(report, client, readback, markers):
    names = sorted(markers)
    where = f"{readback.label} [{readback.url or 'fetch'}] ({', '.join(names[:3])}"
    where += f" +{len(names) - 3})" if len(names) > 3 else ")"
    response = _fetch(report, client, readback, where)
    if response is None:
        return
    texts = [_check(report, readback, response, where)]
    if readback.pages:
        page_obj = (response.context or {}).get("page_obj") if response.context else None
        if page_obj is None:
            report.fail(f"{where}: no page_obj in the context: its other pages were not read")
            return
        for number in range(2, page_obj.paginator.num_pages + 1):
            page_where = f"{where} page {number}"
            response = _fetch(report, client, readback, page_where, number)
            if response is not None:
                texts.append(_check(report, readback, response, page_where))
    text = "".join(texts)
    for marker, shows in markers.items():
        # An export is read back for what it writes: a payload missing from it (an export
        # read without the row that carries it) proves nothing about its neutralisation.
        exported = readback.kind in ("csv", "xlsx")
        if (shows or exported) and readback.kind != "pdf" and marker not in text:
            what = "the export has no cell with it" if exported else "the saved text is not shown"
            report.fail(f"{readback.label} {marker}: {what}")


def _fetch(report, client, readback, where, page=None):
    try:
        response = readback.get(client, page)
    except Exception as error:  # the test client re-raises a view's exception
        report.fail(f"{where}: server error {type(error).__name__}: {str(error)[:120]}")
        return None
    if response.status_code >= 400:
        report.fail(f"{where}: status {response.status_code}")
        return None
    return response


def _check(report, readback, response, where):
    """The findings of one rendered readback; its text, for the ``shows`` check."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if readback.kind == "csv":
        report.failures.extend(csv_findings(content, where))
        return content.decode("utf-8-sig")
    elif readback.kind == "xlsx":
        report.failures.extend(xlsx_findings(content, where))
        return xlsx_text(content)
    elif readback.kind == "pdf":
        report.failures.extend(pdf_findings(content, where))
    else:
        text = content.decode()
        if readback.kind == "html":
            report.failures.extend(html_findings(text, where))
        return text
    return ""


def check_emails(report, payload):
    report.failures.extend(email_findings(mail.outbox, f"{payload.marker}"))
    mail.outbox.clear()


def drive(
    report,
    client,
    url,
    valid,
    fields,
    payloads=None,
    *,
    saved=lambda response: response.status_code == 302,
    readbacks=(),
    files=None,
    after=None,
    headers=None,
):
    """Post each payload into every field of ``fields`` at once; a field that refuses it is
    checked for its French message, and the payload is sent again into the fields that did
    not refuse it, so each field meets each payload. A saved payload is registered with
    ``readbacks`` (a list, or ``readbacks(payload, response)`` for pages of what it created),
    rendered later, once per distinct readback, by ``Report.render``."""
    given = valid

    def valid():
        # A field retried alone needs ordinary values in the other driven fields.
        data = {name: _ordinary(name) for name in fields}
        data.update(given() if callable(given) else given)
        return data

    for payload in payloads or sample():
        _drive_one(
            report, client, url, valid, list(fields), payload, saved, readbacks, files, after,
            headers or {},
        )  # fmt: skip


def _ordinary(name):
    if "url" in name or "website" in name:
        return "https://exemple.fr/page"
    if "email" in name:
        return "personne@exemple.fr"
    if "siren" in name or "insee" in name:
        return ""
    return "Texte ordinaire"


def _drive_one(report, client, url, valid, fields, payload, saved, readbacks, files, after,
               headers):  # fmt: skip
    cache.clear()  # rate limits are not what this test is about
    data = dict(valid() if callable(valid) else valid)
    for name in fields:
        data[name] = payload.text
    if files:
        data.update(files())
    where = f"{payload.marker} ({payload.category}) in {fields}"
    try:
        response = client.post(url, data, **headers)
    except Exception as error:  # the test client re-raises a view's exception
        report.fail(f"{where}: server error {type(error).__name__}: {str(error)[:120]}")
        return
    if response.status_code >= 500:
        report.fail(f"{where}: server error {response.status_code}")
        return
    if saved(response):
        report.outcomes.setdefault(payload.marker, set()).add("saved")
        if payload.category == NULL:
            report.fail(f"{where}: a NUL character was accepted (PostgreSQL refuses it)")
        check_emails(report, payload)
        report.expect(client, readbacks(payload, response) if callable(readbacks) else readbacks,
                      payload)  # fmt: skip
        report.render(each_only=True)
        if after:
            report.render()  # what ``after`` changes or undoes is read back first
            after()
        return
    report.outcomes.setdefault(payload.marker, set()).add("refused")
    if response.status_code not in (200, 400, 422):
        report.fail(f"{where}: refused with status {response.status_code}")
        return
    # The refused form shows back what was typed, NUL included: the person's own input.
    again = response.content.decode().replace("\x00", "")
    report.failures.extend(html_findings(again, f"form again {where}"))
    refused = [name for name in fields if field_errors(response, name)]
    if not refused:
        report.fail(f"{where}: refused without an error at any of these fields")
        return
    for name in refused:
        for message in english(field_errors(response, name)):
            report.fail(f"{where}: English message at {name}: {message!r}")
    for name in fields:
        if name not in refused and len(fields) == 1:
            report.fail(f"{where}: refused, but no message at {name}")
    if len(fields) == 1:
        _kept(report, response, data, fields[0], where)
    accepting = [name for name in fields if name not in refused]
    if accepting and len(fields) > 1:
        _drive_one(report, client, url, valid, accepting, payload, saved, readbacks, files,
                   after, headers)  # fmt: skip
    if payload.category != NULL and payload.category != LONG and len(fields) > 1:
        # A refused field is tried alone too: its message must be its own.
        for name in refused:
            if len(refused) > 1:
                _drive_one(report, client, url, valid, [name], payload, saved, readbacks,
                           files, after, headers)  # fmt: skip


def _kept(report, response, data, refused_field, where):
    """What else was typed is shown back in the form."""
    content = response.content.decode()
    import html as html_module

    text = html_module.unescape(content)
    for name, value in data.items():
        # Passwords are never shown back, by design.
        # Dates are shown back in the French format, not as posted.
        skip = name == refused_field or "password" in name or "date" in name
        # Numbers are shown back localised (« 1 000,00 »), not as posted.
        numeric = isinstance(value, str) and value.replace(" ", "").replace(",", "").isdigit()
        if skip or numeric or not isinstance(value, str) or len(value) < 4:
            continue
        if value not in text:
            report.fail(f"{where}: the value of {name} ({value!r}) was lost")


def live_payloads(monkeypatch):
    """Every event sent to a channel layer group, as JSON text."""
    sent = []

    class Recorder:
        async def group_send(self, group, message):
            sent.append(json.dumps(message, ensure_ascii=False, default=str))

    import forum.live
    import labo.notifications.services

    monkeypatch.setattr(forum.live, "get_channel_layer", Recorder)
    monkeypatch.setattr(labo.notifications.services, "get_channel_layer", Recorder)
    return sent


# --- accounts ------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(db, instructeur):
    from django.test import Client

    staff = Client()
    staff.force_login(instructeur)
    return staff


@pytest.fixture
def admin_client_(db, administrateur):
    from django.test import Client

    admin = Client()
    admin.force_login(administrateur)
    return admin


def test_profile(admin_client_, site):
    """The profile edits the person's own display name: a second payload would overwrite the
    first, so each payload is saved by a fresh member (of one organisation, registered to one
    event), and the shared pages, listings and exports are read once with every marker."""
    from django.test import Client

    from labo.events.site_setup import ensure_agenda
    from tests.events.factories import EventPageFactory, RegistrationFactory
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    organisation = OrganisationFactory()
    # Staff export the registrations to an event: the display name is a cell there.
    event = EventPageFactory(
        parent=ensure_agenda(), registration_enabled=True, capacity=len(CORPUS) + 5
    )
    report = Report("profil")
    shared = [
        Readback("admin des utilisateurs", "/admin/users/", client=admin_client_, pages="p"),
        Readback(
            "export CSV des inscriptions",
            "/admin/evenements/inscriptions/?export=csv",
            "csv",
            client=admin_client_,
        ),
        Readback(
            "export XLSX des inscriptions",
            "/admin/evenements/inscriptions/?export=xlsx",
            "xlsx",
            client=admin_client_,
        ),
    ]
    first_member = None
    for payload in CORPUS:
        member = UserFactory()
        MembershipFactory(user=member, organisation=organisation)
        RegistrationFactory(event=event, user=member)
        member_client = Client()
        member_client.force_login(member)
        first_member = first_member or member_client
        drive(report, member_client, "/mon-espace/profil/", {}, ["display_name"], [payload],
              readbacks=[
                  Readback("Mon espace", "/mon-espace/", shows=True),
                  Readback("mes données", "/mon-espace/mes-donnees/", kind="text", shows=True),
                  # Every member's name, as one member sees the organisation.
                  Readback("page de la structure", f"/mon-espace/structures/{organisation.pk}/",
                           client=first_member, shows=True),
                  *shared,
              ])  # fmt: skip
    report.assert_clean()


def test_signup(client, site, admin_client_):
    from labo.accounts.models import User

    counter = iter(range(10_000))

    def valid():
        return {
            "email": f"inscription{next(counter)}@exemple.fr",
            "password1": "motdepasse-solide-42",
            "password2": "motdepasse-solide-42",
        }

    def readbacks(payload, response):
        from django.test import Client

        user = User.objects.order_by("-pk").first()
        newcomer = Client()
        newcomer.force_login(user)
        return [
            Readback("Mon espace du nouveau compte", "/mon-espace/", client=newcomer, shows=True)
        ]

    report = Report("inscription")
    drive(report, client, "/compte/signup/", valid, ["display_name"], readbacks=readbacks,
          after=client.logout)  # fmt: skip
    report.assert_clean()


def test_organisation(member_client, user, admin_client_, staff_client):
    from labo.accounts.models import Organisation
    from tests.tracking.factories import submitted_application
    from tests.tracking.staff.factories import current_call

    def readbacks(payload, response):
        organisation = Organisation.objects.order_by("-pk").first()
        submitted_application(current_call(), organisation=organisation)
        return [
            Readback("page de la structure", response.url, shows=True),
            Readback("Mon espace", "/mon-espace/", shows=True),
            Readback("liste d'instruction", "/instruction/", client=staff_client, shows=True),
            Readback("export CSV", "/instruction/export.csv", "csv", client=staff_client),
            Readback("export XLSX", "/instruction/export.xlsx", "xlsx", client=staff_client),
            Readback("admin des structures", "/admin/structures/", client=admin_client_),
            Readback(
                "export CSV de l'admin", "/admin/structures/?export=csv", "csv",
                client=admin_client_,
            ),
            Readback(
                "export XLSX de l'admin", "/admin/structures/?export=xlsx", "xlsx",
                client=admin_client_,
            ),
        ]  # fmt: skip

    valid = {
        "name": "Coopérative des Tilleuls",
        "kind": Organisation.Kind.HOLDER,
        "legal_form": "coop_habitants",
        "ess_status": Organisation.EssStatus.BY_LAW,
        "departement": "34",
        "siren": "",
        "website": "",
    }
    report = Report("structure")
    drive(report, member_client, "/mon-espace/structures/nouvelle/", valid,
          ["name", "website", "siren"], readbacks=readbacks)  # fmt: skip
    report.assert_clean()


def test_add_member_and_invitation(member_client, user, site):
    from labo.accounts.models import Membership
    from projects.models import ProjectIndexPage
    from tests.factories import MembershipFactory
    from tests.projects.factories import ProjectPageFactory

    membership = MembershipFactory(user=user, role=Membership.Role.ADMIN)
    url = f"/mon-espace/structures/{membership.organisation.pk}/membres/ajouter/"
    report = Report("ajout de membre")
    drive(report, member_client, url, {"role": Membership.Role.MEMBER}, ["email"],
          saved=lambda r: r.status_code == 302)  # fmt: skip
    index = ProjectIndexPage.objects.get()
    project = ProjectPageFactory(parent=index, team=[user])
    team_url = f"{index.url}equipe/{project.pk}/"
    report2 = Report("invitation")
    drive(report2, member_client, team_url, {}, ["email"],
          readbacks=[Readback("page de l'équipe", team_url)])  # fmt: skip
    report.failures += report2.failures
    report.assert_clean()


# --- projects and resources ----------------------------------------------------------------


@pytest.fixture
def project_index(site):
    from projects.models import ProjectIndexPage

    return ProjectIndexPage.objects.get()


def test_project_create(member_client, project_index, animateur):
    from django.test import Client

    from projects.models import HabitatType, ProjectPage

    cress = Client()
    cress.force_login(animateur)

    def readbacks(payload, response):
        page = ProjectPage.objects.order_by("-pk").first()
        page.save_revision().publish()
        return [
            Readback("édition dans l'admin", response.url, shows=True),
            Readback("page du projet", page.url, shows=True),
            Readback("annuaire", project_index.url),
            Readback("carte GeoJSON", "/projets/carte.geojson", kind="text"),
            Readback("Mon espace", "/mon-espace/", shows=True),
            Readback("recherche", f"/recherche/?q={payload.marker}"),
            Readback("admin des pages (CRESS)", "/admin/pages/", client=cress),
        ]

    valid = {
        "title": "Les Jardins du Lauragais",
        "commune": "Castelnaudary",
        "habitat_type": HabitatType.objects.get(slug="participatif").pk,
        "stage": "emergence",
    }
    report = Report("création de projet")
    drive(report, member_client, f"{project_index.url}creer/", valid, ["title"],
          readbacks=readbacks)  # fmt: skip
    # The commune field never stores text: a hostile value is refused, in French.
    drive(report, member_client, f"{project_index.url}creer/", valid, ["commune"], sample())
    report.assert_clean()


def test_project_contact(client, project_index):
    from tests.factories import UserFactory
    from tests.projects.factories import ProjectPageFactory

    page = ProjectPageFactory(parent=project_index, team=[UserFactory()])
    valid = {"name": "Camille Martin", "email": "camille@exemple.fr", "message": "Bonjour !"}
    report = Report("contact d'un projet")
    drive(report, client, f"{page.url}contact/", valid, ["name", "message", "email"],
          readbacks=[Readback("page du projet", page.url)])  # fmt: skip
    report.assert_clean()


def test_resource_proposal(member_client, animateur, settings, tmp_path, site):
    from django.test import Client

    from resources.models import ResourcePage, Theme
    from tests.resources.factories import resource_index

    settings.MEDIA_ROOT = str(tmp_path / "media")
    index = resource_index()
    cress = Client()
    cress.force_login(animateur)

    def readbacks(payload, response):
        page = ResourcePage.objects.order_by("-pk").first()
        # The notification quotes the title: a title that refused the payload (its control
        # or bidi characters) leaves it to the summary, which the notification does not show.
        return [
            Readback("notifications de la CRESS", "/notifications/", client=cress,
                     shows=payload.marker in page.title),
            Readback("édition dans l'admin", f"/admin/pages/{page.pk}/edit/", client=cress),
            Readback("aperçu dans l'admin", f"/admin/pages/{page.pk}/view_draft/", client=cress,
                     shows=True),
            Readback("tâches de la CRESS", "/admin/", client=cress),
        ]  # fmt: skip

    valid = {
        "title": "Guide de la gouvernance partagée",
        "summary": "Comment décider ensemble.",
        "resource_type": "guide",
        "themes": [Theme.objects.get(slug="gouvernance").pk],
        "url": "https://exemple.fr/guide",
    }
    report = Report("proposition de ressource")
    drive(report, member_client, index.url + "proposer/", valid, ["title", "summary", "url"],
          readbacks=readbacks)  # fmt: skip
    report.assert_clean()


# --- forum ---------------------------------------------------------------------------------


@pytest.fixture
def category(db):
    from tests.forum.factories import CategoryFactory

    return CategoryFactory()


def forum_readbacks(moderator_client):
    def readbacks(payload, response):
        from forum.models import Post

        post = Post.objects.order_by("-pk").first()
        topic = post.topic
        return [
            # Replies spread over several pages: the fragment below shows the last one.
            Readback("sujet", f"/forum/sujets/{topic.pk}/", pages="page"),
            Readback("message seul (htmx)", f"/forum/messages/{post.pk}/fragment/", shows=True),
            Readback(
                "nouveaux messages (htmx)",
                f"/forum/sujets/{topic.pk}/nouveaux-messages/?apres=0",
            ),
            Readback("catégorie", f"/forum/categories/{topic.category.slug}/", pages="page"),
            Readback("forum", "/forum/"),
            Readback("recherche", f"/recherche/?q={payload.marker}"),
            Readback("file de modération", "/admin/forum/moderation/", client=moderator_client),
        ]

    return readbacks


@pytest.fixture
def no_forum_limits(monkeypatch):
    """Rate limits count posts in the database: not what this test is about."""
    import forum.limits

    monkeypatch.setattr(forum.limits, "check_post", lambda *args, **kwargs: None)
    monkeypatch.setattr(forum.limits, "check_topic", lambda *args, **kwargs: None)


def test_forum_topic(
    member_client, category, animateur, monkeypatch, no_forum_limits,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django.test import Client

    moderator = Client()
    moderator.force_login(animateur)
    sent = live_payloads(monkeypatch)
    valid = {"title": "Un titre de sujet", "body": "Un message", "tags": "jardin, énergie"}
    report = Report("nouveau sujet")
    with django_capture_on_commit_callbacks(execute=True):
        drive(report, member_client, f"/forum/categories/{category.slug}/nouveau-sujet/",
              valid, ["title", "body", "tags"], CORPUS,
              readbacks=forum_readbacks(moderator))  # fmt: skip
    for message in sent:
        if "hxm" in message:
            report.fail(f"user text in a websocket event: {message[:200]}")
    assert sent, "no live event was sent: the websocket check proved nothing"
    report.assert_clean()


def test_forum_reply_edit_and_report(
    member_client, user, category, animateur, monkeypatch, no_forum_limits,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django.test import Client

    from tests.forum.factories import PostFactory, TopicFactory

    moderator = Client()
    moderator.force_login(animateur)
    sent = live_payloads(monkeypatch)
    topic = TopicFactory(category=category)
    report = Report("réponse, modification, signalement")
    with django_capture_on_commit_callbacks(execute=True):
        drive(report, member_client, f"/forum/sujets/{topic.pk}/repondre/", {"body": "x"},
              ["body"], readbacks=forum_readbacks(moderator))  # fmt: skip
    # Editing the same message again would overwrite the previous marker: each payload edits
    # a message of its own (the last one of the topic, as the readbacks expect).
    for payload in sample():
        own = PostFactory(topic=topic, author=user)
        drive(report, member_client, f"/forum/messages/{own.pk}/modifier/", {}, ["body"],
              [payload], readbacks=forum_readbacks(moderator))  # fmt: skip
    for payload in CORPUS:
        # The preview renders without storing anything: it must answer, inert.
        response = member_client.post("/forum/apercu/", {"body": payload.text})
        if response.status_code != 200:
            report.fail(f"aperçu {payload.marker}: status {response.status_code}")
        preview = response.content.decode().replace("\ufffd", "")
        report.failures.extend(html_findings(preview, f"aperçu {payload.marker}"))

    def reported_post():
        return PostFactory(topic=topic)

    posts = iter([reported_post() for _payload in CORPUS])

    def report_url():
        return f"/forum/messages/{next(posts).pk}/signaler/"

    for payload in CORPUS:
        drive(report, member_client, report_url(), {"reason": "autre"}, ["text"], [payload],
              readbacks=[Readback("file de modération", "/admin/forum/moderation/",
                                  client=moderator, shows=True)])  # fmt: skip
    for message in sent:
        if "hxm" in message:
            report.fail(f"user text in a websocket event: {message[:200]}")
    report.assert_clean()


def test_forum_moderation(category, animateur, user):
    from django.test import Client

    from forum.models import ModerationLog
    from tests.forum.factories import TopicFactory

    moderator = Client()
    moderator.force_login(animateur)
    topic = TopicFactory(category=category)
    log = [
        Readback("journal de modération", "/admin/forum/journal/", client=moderator, pages="p"),
        Readback("export CSV du journal", "/admin/forum/journal/?export=csv", "csv",
                 client=moderator),
        Readback("export XLSX du journal", "/admin/forum/journal/?export=xlsx", "xlsx",
                 client=moderator),
    ]  # fmt: skip
    report = Report("modération")
    drive(report, moderator, f"/admin/forum/moderation/sujets/{topic.pk}/", {"action": "pin"},
          ["reason"], readbacks=log)  # fmt: skip
    count = ModerationLog.objects.count()

    def suspended(response):
        nonlocal count
        now = ModerationLog.objects.count()
        done, count = now > count, now
        return done

    for payload in CORPUS:
        cache.clear()
        data = {"email": user.email, "reason": payload.text, "days": "1"}
        response = moderator.post("/admin/forum/moderation/suspendre/", data, follow=True)
        if response.status_code != 200:
            report.fail(f"suspension {payload.marker}: status {response.status_code}")
            continue
        report.failures.extend(
            html_findings(response.content.decode(), f"suspension {payload.marker}")
        )
        if suspended(response):
            # Each suspension is a new entry of the journal: read once, with every marker.
            report.expect(moderator, log, payload)
        else:
            shown = [str(m) for m in response.context["messages"]]
            if not shown or english(shown):
                report.fail(
                    f"suspension {payload.marker}: refused without a French message: {shown}"
                )
    report.assert_clean()


# --- tracking: the applicant -----------------------------------------------------------------


def test_applicant_steps(client, user, staff_client):
    """The steps edit one draft: a second payload would overwrite the first, so each payload
    fills the steps of a draft of its own (operation, then criteria and structure for the
    sampled ones); its pages are read once with everything it saved, the shared listing once
    with every marker."""
    from projects.tracking.models import Application
    from tests.tracking.factories import draft_application
    from tests.tracking.staff.factories import current_call

    client.force_login(user)
    report = Report("candidature")
    sampled = {payload.marker for payload in sample()}
    call = current_call()
    criteria = list(call.criteria.all())
    for payload in CORPUS:
        application = draft_application(call, user=user)

        def step(slug, application=application):
            return f"/candidatures/{application.pk}/etape/{slug}/"

        def no_pending_nul(response, application=application):
            # PostgreSQL's jsonb refuses \u0000: what is kept pending must hold no NUL.
            pending = Application.objects.get(pk=application.pk).pending_input
            if "\\u0000" in json.dumps(pending):
                report.fail(
                    "a NUL character was stored in the pending input (PostgreSQL refuses it)"
                )
            return response.status_code == 302

        readbacks = [
            Readback("le dossier (candidat)", f"/candidatures/{application.pk}/", shows=False),
            Readback("mes candidatures", "/candidatures/"),
            Readback("étape de dépôt", step("depot")),
            Readback("étape de l'opération", step("operation")),
        ]
        drive(report, client, step("operation"), {"action": "save", "amount_requested": "1000"},
              ["operation_title", "operation_summary", "operation_description"], [payload],
              saved=no_pending_nul, readbacks=readbacks)  # fmt: skip
        if payload.marker in sampled:
            drive(report, client, step("criteres"), {"action": "save"},
                  [f"critere_{criterion.pk}" for criterion in criteria[:2]], [payload],
                  saved=no_pending_nul, readbacks=readbacks)  # fmt: skip
            drive(report, client, step("structure"),
                  {"action": "save", "new_legal_form": "coop_habitants", "new_departement": "34"},
                  ["new_name"], [payload], saved=no_pending_nul, readbacks=readbacks)  # fmt: skip
        # A refused payload is kept pending, shown back on the steps: its draft is read even
        # if every field refused it (the NUL payload).
        report.expect(client, readbacks, payload)
    report.assert_clean()


def test_applicant_withdraw(client, user, staff_client):
    from tests.tracking.factories import submitted_application
    from tests.tracking.staff.factories import current_call

    report = Report("retrait")
    for payload in sample():
        application = submitted_application(current_call(), user=user)
        client.force_login(user)
        drive(report, client, f"/candidatures/{application.pk}/retirer/", {}, ["comment"],
              [payload], readbacks=[
                  Readback("dossier (candidat)", f"/candidatures/{application.pk}/"),
                  Readback("dossier (instruction)", f"/instruction/dossiers/{application.pk}/",
                           client=staff_client, shows=True),
                  Readback("PDF", f"/instruction/dossiers/{application.pk}/pdf/", "pdf",
                           client=staff_client),
              ])  # fmt: skip
    report.assert_clean()


def test_dossier_text_in_staff_pages_exports_and_pdf(staff_client, site):
    """What the applicant typed (operation, structure, project, answers) as staff see it:
    listing, board, dossier page, committee PDF, CSV and XLSX exports."""
    from projects.tracking.models import CriterionAnswer
    from tests.factories import OrganisationFactory
    from tests.tracking.factories import project_with_team
    from tests.tracking.staff.factories import current_call, dossier_at

    report = Report("dossier vu par l'instruction")
    call = current_call()
    shared = [
        Readback("liste", "/instruction/", shows=True),
        Readback("tableau", "/instruction/tableau/"),
        Readback("statistiques", "/instruction/statistiques/"),
        Readback("export CSV", "/instruction/export.csv", "csv", shows=True),
        Readback("export XLSX", "/instruction/export.xlsx", "xlsx"),
        # The statistics export writes no dossier text: it is read back in test_call_admin,
        # with the stage names staff type.
    ]
    for payload in CORPUS:
        if payload.category == NULL:
            continue
        text = payload.text[:200] if payload.category == LONG else payload.text
        project = project_with_team()
        project.title = text[:255]
        project.save_revision().publish()
        application = dossier_at(
            "entretien-prealable",
            call=call,
            project=project,
            organisation=OrganisationFactory(name=text[:200]),
            operation_title=text[:200],
            operation_summary=text[:1000],
            operation_description=payload.text,
        )
        CriterionAnswer.objects.update_or_create(
            application=application,
            criterion=call.criteria.first(),
            defaults={"text": payload.text},
        )
        # Its own pages, and the shared ones (read once, with every marker).
        report.expect(staff_client, [
            Readback("dossier", f"/instruction/dossiers/{application.pk}/", shows=True),
            Readback("PDF", f"/instruction/dossiers/{application.pk}/pdf/", "pdf"),
            *shared,
        ], payload)  # fmt: skip
    report.assert_clean()


# --- tracking: the staff -----------------------------------------------------------------


@pytest.fixture
def dossier(site):
    from tests.tracking.staff.factories import dossier_at, immediate_emails, porteur_of

    application = dossier_at("entretien-prealable")
    immediate_emails(porteur_of(application))
    return application


def _porteur_client(application):
    from tests.tracking.staff.factories import porteur_of

    return _porteur_client_of(porteur_of(application))


def _porteur_client_of(user):
    from django.test import Client

    porteur = Client()
    porteur.force_login(user)
    return porteur


def _dossier_readbacks(application, staff_client, porteur_shows=False, staff_shows=True,
                       porteur=None):  # fmt: skip
    # The same porteur's client for every payload, so their pages are read once.
    porteur = porteur or _porteur_client(application)
    return [
        Readback("dossier (instruction)", f"/instruction/dossiers/{application.pk}/",
                 client=staff_client, shows=staff_shows),
        Readback("PDF", f"/instruction/dossiers/{application.pk}/pdf/", "pdf", client=staff_client),
        Readback("dossier (candidat)", f"/candidatures/{application.pk}/", client=porteur,
                 shows=porteur_shows),
        Readback("notifications (candidat)", "/notifications/", client=porteur),
    ]  # fmt: skip


def test_staff_comment_move_outcome(staff_client, dossier, instructeur, animateur):
    from django.test import Client

    from tests.factories import UserFactory
    from tests.tracking.guards import satisfy_guards
    from tests.tracking.staff.factories import dossier_at

    cress = Client()
    cress.force_login(animateur)
    report = Report("commentaire, étape, issue")
    base = f"/instruction/dossiers/{dossier.pk}/"
    drive(report, cress, base + "commentaires/", {"visibility": "partage"}, ["body"], sample(),
          readbacks=_dossier_readbacks(dossier, cress, porteur_shows=True))  # fmt: skip
    # A move or an outcome ends the stage: each payload gets dossiers of its own, all of one
    # porteur, whose notifications are then read once with every marker.
    owner = UserFactory()
    porteur = _porteur_client_of(owner)
    for payload in sample():
        # The interview was held: the stage may be left.
        application = satisfy_guards(dossier_at("entretien-prealable", user=owner))
        target = application.call.stages.filter(sort_order__gt=application.stage.sort_order)
        drive(report, cress, f"/instruction/dossiers/{application.pk}/etape/",
              {"expected_stage_id": application.stage_id, "to_stage_id": target.first().pk,
               "visibility": "partage"}, ["comment"], [payload],
              readbacks=_dossier_readbacks(application, cress, porteur_shows=True,
                                           porteur=porteur))  # fmt: skip
        application = dossier_at("entretien-prealable", user=owner)
        drive(report, cress, f"/instruction/dossiers/{application.pk}/issue/",
              {"expected_stage_id": application.stage_id, "outcome": "reoriente",
               "visibility": "partage"}, ["redirected_to_detail", "comment"], [payload],
              readbacks=_dossier_readbacks(application, cress, porteur_shows=True,
                                           porteur=porteur))  # fmt: skip
    report.assert_clean()


def test_staff_document_request(staff_client, dossier, animateur):
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    cress = Client()
    cress.force_login(animateur)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    report = Report("demande de pièce")
    drive(report, cress, f"/instruction/dossiers/{dossier.pk}/demandes-de-pieces/",
          {"due_date": due}, ["label", "message"],
          readbacks=_dossier_readbacks(dossier, cress, porteur_shows=True,
                                       staff_shows=False))  # fmt: skip
    report.assert_clean()


def test_staff_review(dossier, instructeur, staff_client):
    from tests.tracking.factories import ReviewFactory

    review = ReviewFactory(application=dossier, reviewer=instructeur)
    criteria = list(dossier.call.criteria.order_by("sort_order"))
    valid = {"recommendation": "favorable", "save": "1"}
    report = Report("avis")
    # The same review is edited again by the next payload, which overwrites the comments: the
    # staff's pages that show them are read after each save, the porteur's pages once.
    readbacks = _dossier_readbacks(dossier, staff_client)
    for readback in readbacks:
        readback.each = readback.client is staff_client
    drive(report, staff_client, f"/instruction/dossiers/{dossier.pk}/avis/{review.pk}/", valid,
          ["comment", f"comment_{criteria[0].pk}"], readbacks=readbacks)  # fmt: skip
    report.assert_clean()


def test_staff_meeting(dossier, animateur):
    from django.test import Client

    from projects.tracking.models import Meeting

    cress = Client()
    cress.force_login(animateur)
    valid = {"kind": "entretien", "starts_at": "2030-12-01T10:00", "duration_minutes": "60",
             "location": "Maison de la CRESS", "participants": [animateur.pk]}  # fmt: skip

    # Each payload is a new meeting of the dossier: its pages are read once, with every marker.
    dossier_pages = _dossier_readbacks(dossier, cress)

    def readbacks(payload, response):
        meeting = Meeting.objects.order_by("-pk").first()
        base = f"/instruction/dossiers/{dossier.pk}/reunions/{meeting.pk}/"
        return [
            *dossier_pages,
            Readback("invitation iCal", base + "invitation.ics", "text", client=cress),
        ]

    report = Report("réunion")
    drive(report, cress, f"/instruction/dossiers/{dossier.pk}/reunions/", valid,
          ["location", "agenda", "minutes", "outcome", "video_url"],
          readbacks=readbacks)  # fmt: skip
    # The invitations below edit the last meeting again: what the form saved is read first.
    report.render()
    meeting = Meeting.objects.order_by("-pk").first()
    for payload in sample():
        # The iCalendar invitation e-mailed to the participants.
        cache.clear()
        # Written directly, as stored text: NUL never gets this far (the form refuses it above,
        # and PostgreSQL could not store it).
        meeting.location = payload.text[:200].replace("\x00", "")
        meeting.agenda = payload.text.replace("\x00", "")
        meeting.save()
        response = cress.post(
            f"/instruction/dossiers/{dossier.pk}/reunions/{meeting.pk}/invitations/"
        )
        if response.status_code >= 500:
            report.fail(f"invitation {payload.marker}: status {response.status_code}")
        check_emails(report, payload)
        ics = cress.get(f"/instruction/dossiers/{dossier.pk}/reunions/{meeting.pk}/invitation.ics")
        body = ics.content.decode()
        if "\nBcc:" in body or "\r\nBcc:" in body.replace("\\n", ""):
            report.fail(f"iCal {payload.marker}: a line break was not escaped")
    report.assert_clean()


def test_staff_decision(instructeur, staff_client):
    from tests.tracking.staff.factories import dossier_at, immediate_emails, porteur_of

    report = Report("décision")
    # A decision ends the dossier: each payload gets one of its own (so its pages are its own).
    for payload in sample():
        application = dossier_at("commission-permanente")
        immediate_emails(porteur_of(application))
        valid = {
            "expected_stage_id": application.stage_id,
            "body": "cp",
            "result": "accorde",
            "date": "2026-12-04",
            "deliberation_number": "CP/2026-12/04.12",
            "amount_granted": "45000",
            "amount_justification": "",
            "conditions": "Vérifier le permis",
            "message_to_applicant": "Félicitations.",
        }
        drive(report, staff_client, f"/instruction/dossiers/{application.pk}/decision/", valid,
              ["deliberation_number", "amount_justification", "conditions",
               "message_to_applicant"], [payload],
              readbacks=_dossier_readbacks(application, staff_client))  # fmt: skip
    report.assert_clean()


def test_staff_decision_correction(instructeur, staff_client):
    from projects.tracking.models import Application
    from tests.tracking.guards import grant
    from tests.tracking.staff.factories import dossier_at

    report = Report("correction de décision")
    for payload in sample():
        application = dossier_at("commission-permanente")
        decision = grant(application, instructeur)
        application.refresh_from_db()
        url = f"/instruction/dossiers/{application.pk}/decision/"

        def corrected(decision=decision):
            decision.refresh_from_db()
            return {
                "expected_version": decision.version, "body": "cp", "date": "2026-12-03",
                "deliberation_number": "CP/2026-12/04.13", "amount_granted": "1000",
                "amount_justification": "", "conditions": "", "message_to_applicant": "",
                "reason": "Montant rectifié",
            }  # fmt: skip

        drive(report, staff_client, url + "correction/", corrected,
              ["conditions", "message_to_applicant", "amount_justification", "reason"],
              [payload], readbacks=_dossier_readbacks(application, staff_client))  # fmt: skip
        step_back = dossier_at("agora")
        drive(report, staff_client, f"/instruction/dossiers/{step_back.pk}/etape/retour/",
              lambda a=step_back: {"expected_stage_id": Application.objects.get(pk=a.pk).stage_id,
                                   "reason": "Entretien à refaire"},
              ["reason"], [payload],
              readbacks=_dossier_readbacks(step_back, staff_client))  # fmt: skip
        drive(report, staff_client, url + "annulation/",
              lambda d=decision: {"expected_version": d.version, "reason": "Délibération retirée"},
              ["reason"], [payload],
              readbacks=_dossier_readbacks(application, staff_client))  # fmt: skip
    report.assert_clean()


# --- tracking: loan guarantees -----------------------------------------------------------


def test_loans(client):
    from tests.factories import UserFactory
    from tests.tracking.guarantees.factories import guarantee_draft, next_year_date

    user = UserFactory()
    application = guarantee_draft(user=user)
    client.force_login(user)

    def valid():
        return {
            "loans-TOTAL_FORMS": "1", "loans-INITIAL_FORMS": "0",
            "loans-MIN_NUM_FORMS": "0", "loans-MAX_NUM_FORMS": "1000",
            "loans-0-cog-TOTAL_FORMS": "1", "loans-0-cog-INITIAL_FORMS": "0",
            "loans-0-cog-MIN_NUM_FORMS": "0", "loans-0-cog-MAX_NUM_FORMS": "1000",
            "operation-commune_insee": "", "operation-total_cost": "3 150 000",
            "loans-0-lender": "Crédit Coopératif", "loans-0-purpose": "Construction",
            "loans-0-amount": "1 200 000", "loans-0-duration_months": "300",
            "loans-0-rate_type": "fixe", "loans-0-annual_rate": "3,4",
            "loans-0-profile": "constant_annuity", "loans-0-periodicity": "yearly",
            "loans-0-deferral_months": "0", "loans-0-deferral_kind": "partial",
            "loans-0-first_due_date": next_year_date().isoformat(),
            "loans-0-quotite_requested": "50",
            "loans-0-cog-0-name": "Commune de Ramonville", "loans-0-cog-0-quotite": "20",
        }  # fmt: skip

    def after():
        application.loans.all().delete()

    url = f"/garanties/dossiers/{application.pk}/prets/"
    report = Report("prêts")
    drive(report, client, url, valid,
          ["loans-0-lender", "loans-0-purpose", "loans-0-cog-0-name", "operation-ofs_approval"],
          readbacks=[Readback("prêts", url, shows=True),
                     Readback("dossier", f"/candidatures/{application.pk}/")],
          after=after)  # fmt: skip
    report.assert_clean()


def test_loan_instruction(instructeur, staff_client, site):
    from decimal import Decimal

    from django.utils import timezone

    from tests.factories import OrganisationFactory
    from tests.tracking.factories import open_guarantee_call
    from tests.tracking.guarantees.factories import grant, guarantee_submitted, loan_for

    call = open_guarantee_call()
    report = Report("instruction de la garantie")
    for payload in sample():
        text = payload.text[:200].replace("\x00", "")
        application = guarantee_submitted(call, stage_code="instruction")
        loan = loan_for(application, amount=Decimal("1200000.00"), duration_months=300,
                        annual_rate=Decimal("3.4"), lender=text)  # fmt: skip
        # The exposure export lists granted guarantees only: one carries the payload in
        # every text it writes (borrower, lender, purpose).
        granted = guarantee_submitted(call, stage_code="commission-permanente",
                                      organisation=OrganisationFactory(name=text))  # fmt: skip
        loan_for(granted, amount=Decimal("300000.00"), lender=text, purpose=text)
        grant(granted)
        base = f"/garanties/instruction/{application.pk}/"
        # The schedule's workbook writes numbers and dates only: no text to read back.
        pages = [
            Readback("instruction", base, shows=payload.category != NULL),
            Readback("exposition", "/garanties/exposition/", shows=True),
            Readback("exposition XLSX", "/garanties/exposition/export.xlsx", "xlsx"),
            Readback("PDF", f"/instruction/dossiers/{application.pk}/pdf/", "pdf"),
        ]  # fmt: skip
        drive(report, staff_client, base + "exemption/", {"exemption-exemption_kind": "hlm"},
              ["exemption-exemption_reason"], [payload], readbacks=pages)  # fmt: skip
        drive(report, staff_client, base + "mise-en-jeu/",
              {"miseenjeu-loan": loan.pk, "miseenjeu-date": timezone.localdate().isoformat(),
               "miseenjeu-amount": "1000"}, ["miseenjeu-comment"], [payload],
              readbacks=pages)  # fmt: skip
    report.assert_clean()


def test_call_admin(administrateur):
    """Calls and their stages are configured by staff in the Wagtail admin (CallAdminForm)."""
    from django.test import Client

    from projects.tracking.models import Call, CallStage
    from tests.tracking.staff.factories import current_call

    admin = Client()
    admin.force_login(administrateur)
    call = current_call()
    report = Report("appel (admin)")
    stage = call.stages.exclude(kind=CallStage.Kind.DRAFT).order_by("sort_order").first()
    for payload in sample():
        text = payload.text.replace("\x00", "")
        Call.objects.filter(pk=call.pk).update(title=text[:200])
        CallStage.objects.filter(pk=stage.pk).update(staff_name=text[:100])
        # The next payload overwrites the title: read after each one.
        report.expect(admin, [
            Readback("appels dans l'admin", "/admin/", each=True),
            Readback("liste d'instruction", "/instruction/", each=True),
            Readback("statistiques XLSX",
                     f"/instruction/statistiques/export.xlsx?appel={call.pk}", "xlsx",
                     each=True),
        ], payload)  # fmt: skip
        report.render(each_only=True)
    report.assert_clean()


def test_wagtail_image_title(site):
    """Staff upload images in Wagtail's admin through LaboImageForm: its title is free text,
    shown in the image library and the editor."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from PIL import Image as PILImage
    from wagtail.images.models import Image
    from wagtail.models import Collection

    from tests.factories import UserFactory

    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))

    def picture():
        buffer = io.BytesIO()
        PILImage.new("RGB", (8, 8), (200, 120, 40)).save(buffer, "PNG")
        return {"file": SimpleUploadedFile("plan.png", buffer.getvalue(), "image/png")}

    def readbacks(payload, response):
        image = Image.objects.order_by("-pk").first()
        return [
            Readback("médiathèque", "/admin/images/"),
            Readback("modification de l'image", f"/admin/images/{image.pk}/", shows=True),
        ]

    report = Report("image (admin)")
    valid = {"collection": Collection.get_first_root_node().pk}
    drive(report, admin, "/admin/images/add/", valid, ["title"], files=picture,
          readbacks=readbacks)  # fmt: skip
    report.assert_clean()


def test_wagtail_document_title(site, tmp_path, settings):
    """Staff upload documents in Wagtail's library through LaboDocumentForm."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from resources.pdf import minimal_pdf
    from tests.factories import UserFactory

    settings.MEDIA_ROOT = str(tmp_path / "media")
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))

    def document():
        return {"file": SimpleUploadedFile("guide.pdf", minimal_pdf("Guide"), "application/pdf")}

    def readbacks(payload, response):
        latest = Document.objects.order_by("-pk").first()
        return [
            Readback("documents", "/admin/documents/"),
            Readback("modification du document", f"/admin/documents/edit/{latest.pk}/",
                     shows=True),
        ]  # fmt: skip

    report = Report("document (admin)")
    valid = {"collection": Collection.get_first_root_node().pk}
    drive(report, admin, "/admin/documents/add/", valid, ["title"], files=document,
          readbacks=readbacks)  # fmt: skip
    report.assert_clean()


def test_wagtail_page_title(site):
    """Every page type is edited through LaboPageForm: a legal page stands for them all."""
    import itertools

    from django.test import Client
    from wagtail.models import Page
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from tests.factories import UserFactory

    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    home = Page.objects.get(depth=2)
    numbers = itertools.count()

    def valid():
        data = {"title": "Mentions", "slug": f"mentions-{next(numbers)}", "body": streamfield([])}
        return nested_form_data(data)

    def readbacks(payload, response):
        latest = Page.objects.order_by("-pk").first()
        return [
            Readback("arborescence", f"/admin/pages/{home.pk}/"),
            Readback("modification de la page", f"/admin/pages/{latest.pk}/edit/", shows=True),
        ]

    report = Report("page (admin)")
    drive(report, admin, f"/admin/pages/add/home/legalpage/{home.pk}/", valid, ["title"],
          readbacks=readbacks)  # fmt: skip
    report.assert_clean()
