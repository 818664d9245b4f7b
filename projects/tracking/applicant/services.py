"""The applicant's writes: saving each step of a draft (what validates is stored at once,
what does not is kept in ``Application.pending_input`` and shown back with its error; what
each step holds and lacks is declared in ``steps``), submission with its acknowledgement
e-mail, answers to document requests. Stage changes go through ``projects.tracking.workflow``
only."""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.accounts.models import Organisation
from labo.core.formats import euros

from .. import workflow
from ..models import Application, ApplicationDocument, HistoryEntry, Visibility
from . import forms, steps
from .steps import missing_items

# --- posted data ------------------------------------------------------------------------


def raw_data(data) -> dict:
    """Posted data as a JSON-able dict of lists, without the CSRF token and our actions."""
    skip = {"csrfmiddlewaretoken", "action", "_autosave", VERSION_FIELD}
    if hasattr(data, "lists"):
        return {key: _no_nul(values) for key, values in data.lists() if key not in skip}
    return {key: _no_nul(value) for key, value in data.items() if key not in skip}


def _no_nul(value):
    # The form refuses a NUL (and says so); the copy kept pending must not hold one, since
    # PostgreSQL's jsonb cannot store \u0000 and the whole save would fail.
    if isinstance(value, list):
        return [_no_nul(item) for item in value]
    return value.replace("\x00", "") if isinstance(value, str) else value


def as_querydict(raw: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, values in raw.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    return data


# --- two people on one step ---------------------------------------------------------------
#
# A page carries a fingerprint of what its fields held when it was shown (``VERSION_FIELD``).
# On saving, a field is written only if this person changed it; if someone else changed it
# meanwhile to something else, neither version is lost: theirs stays saved and is quoted in
# the error at the field, which shows back what this person typed (kept pending). Saving the
# page again then keeps the version now in the field.

VERSION_FIELD = "_version"


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # a table, as rows of cells (the budget)
        return json.dumps([[_as_text(cell) for cell in row] for row in value])
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Organisation):
        return str(value.pk)
    return str(value)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def step_version(application, slug) -> str:
    """The fingerprint a page of ``slug`` carries (see ``VERSION_FIELD``)."""
    values = steps.BY_SLUG[slug].values(application)
    return json.dumps({name: _digest(_as_text(value)) for name, value in values.items()})


def _started_from(data) -> dict | None:
    try:
        version = json.loads(data.get(VERSION_FIELD) or "")
    except (TypeError, ValueError):
        return None
    return version if isinstance(version, dict) else None


def _sort_out(submitted: dict, current: dict, started_from: dict | None):
    """(names to write, names in conflict). Without a fingerprint (a page from before it,
    a post replayed after a login), what differs from the database is written."""
    writable, conflicts = set(), set()
    for name, value in submitted.items():
        mine, now = _digest(_as_text(value)), _digest(_as_text(current.get(name)))
        was = (started_from or {}).get(name, now)
        if mine in (was, now):
            continue  # not changed by this person, or already what they want
        if now != was:
            conflicts.add(name)
        else:
            writable.add(name)
    return writable, conflicts


def _shown(form, name, value) -> str:
    if value in (None, ""):
        return _("vide")
    choices = getattr(form.fields[name], "choices", None)
    if choices is not None and not isinstance(value, Organisation):
        return str(dict(choices).get(value, value))
    if isinstance(value, Decimal):
        return euros(value)
    return str(value)


def conflict_message(shown: str) -> str:
    return _(
        "Une autre personne de l'équipe a modifié ce champ pendant que vous écriviez. "
        "Version enregistrée : « %(theirs)s ». Votre version est dans le champ : gardez celle "
        "que vous voulez (ou fusionnez-les) et enregistrez."
    ) % {"theirs": shown}


BUDGET_CONFLICT = gettext_lazy(
    "Une autre personne de l'équipe a modifié le budget pendant que vous écriviez : le "
    "budget enregistré est rappelé ci-dessous, votre version est dans le tableau. Gardez celle "
    "que vous voulez et enregistrez."
)


@transaction.atomic
def save_step(application, slug, user, data, files=None, *, action=""):
    """Save what this person changed and validates in the posted step; keep the rest
    pending. Returns the bound form, whose errors the page shows."""
    # One save of a dossier at a time, reading what the others saved just before.
    Application.objects.select_for_update().filter(pk=application.pk).values_list("pk").first()
    application.refresh_from_db()
    step = steps.BY_SLUG.get(slug)
    form = step and step.build_form(application, user, data, files)
    if form is None:
        return None
    save = _save_table if isinstance(form, forms.BudgetTable) else _save_fields
    written, conflicts, pending = save(step, application, form, data, user, action)
    if pending is not None:
        application.pending_input = {**application.pending_input, slug: pending}
    else:
        application.pending_input = {
            key: value for key, value in application.pending_input.items() if key != slug
        }
    application.current_step = slug
    # Only what this save changed: another step saved meanwhile by someone else stays.
    application.save(update_fields=[*written, "pending_input", "current_step", "updated_at"])
    form.conflicts = conflicts
    return form


def _save_fields(step, application, form, data, user, action):
    """Each field on its own: (fields written, fields in conflict, what to keep pending)."""
    form.is_valid()
    cleaned = dict(form.cleaned_data)
    current = step.values(application)
    submitted = {name: cleaned[name] for name in current if name in cleaned}
    writable, conflicts = _sort_out(submitted, current, _started_from(data))
    for name in sorted(conflicts):
        form.add_error(name, conflict_message(_shown(form, name, current[name])))
    unchanged = set(current) - writable
    changed = {name: value for name, value in cleaned.items() if name not in unchanged}
    written = step.store(application, form, changed, user)
    # A refused file is not kept (it is shown refused once); typed fields are.
    invalid = (bool(form.errors) and not step.takes_files) or bool(conflicts)
    return written, conflicts, raw_data(data) if invalid else None


def _save_table(step, application, table, data, user, action):
    """The budget, saved whole once its row buttons are applied: (no Application field
    written, the table if in conflict, what to keep pending)."""
    table.apply(action)
    current = step.values(application)
    writable, conflicts = _sort_out({step.slug: table.lines()}, current, _started_from(data))
    if conflicts:
        table.conflict = BUDGET_CONFLICT
        table.saved_version = step.build_form(application, user)
    elif writable:
        step.store(application, table, {}, user)
    invalid = table.has_errors or bool(conflicts)
    return [], conflicts, table.raw() if invalid else None


def pending_form(application, slug, user):
    """The step's form bound to what the applicant typed last time if it did not validate,
    so it comes back with its errors."""
    step = steps.BY_SLUG[slug]
    raw = application.pending_input.get(slug)
    if raw is None or step.takes_files:
        return step.build_form(application, user)
    form = step.build_form(application, user, as_querydict(raw))
    if hasattr(form, "is_valid"):
        form.is_valid()
    return form


# --- completeness and submission ---------------------------------------------------------


class Incomplete(Exception):
    def __init__(self, missing):
        super().__init__("; ".join(missing))
        self.missing = missing


def submit(application, user, *, accepted_late_by=None, request=None):
    """Check completeness, submit through the workflow, then send the acknowledgement."""
    missing = missing_items(application)
    if missing:
        raise Incomplete(missing)
    application = workflow.submit(application, user, accepted_late_by=accepted_late_by)
    transaction.on_commit(lambda: send_acknowledgement(application, request=request))
    return application


def absolute(path, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_acknowledgement(application, request=None) -> int:
    """French acknowledgement to each member of the project team, with the receipt of the
    deposit attached (``receipt``: the same PDF the dossier page offers)."""
    from .receipt import receipt_filename, receipt_pdf

    recipients = list(
        workflow.team_users(application).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    context = {
        "application": application,
        "call": application.call,
        "project": application.project,
        "link": absolute(reverse("tracking_applicant:detail", args=[application.pk]), request),
        "submitted_at": timezone.localtime(application.submitted_at),
        "receipt_filename": receipt_filename(application),
        "receipt_link": absolute(
            reverse("tracking_applicant:receipt", args=[application.pk]), request
        ),
    }
    subject = render_to_string("tracking/applicant/emails/submitted_subject.txt", context)
    body = render_to_string("tracking/applicant/emails/submitted.txt", context)
    attachment = (context["receipt_filename"], receipt_pdf(application), "application/pdf")
    sent = 0
    for address in recipients:
        message = EmailMessage(
            " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [address]
        )
        message.attach(*attachment)
        sent += message.send()
    return sent


@transaction.atomic
def answer_request(application, document_request, uploaded, checked, *, user):
    """A file sent for a staff request: stored, the request fulfilled, the history told."""
    from ..files import store_document

    document = store_document(application, uploaded, checked, user=user, request=document_request)
    if document_request.fulfilled_at is None:
        document_request.fulfilled_at = timezone.now()
        document_request.save(update_fields=["fulfilled_at"])
    workflow.record(
        application,
        HistoryEntry.Kind.DOCUMENT_ADDED,
        user,
        comment=_("Pièce envoyée : %(label)s (%(name)s).")
        % {"label": document_request.label, "name": document.original_name},
        visibility=Visibility.SHARED,
    )
    if application.staff_in_charge_id:
        from labo.notifications.services import notify

        notify(
            application.staff_in_charge,
            kind="tracking.document",
            message=_("Le dossier %(reference)s a reçu la pièce demandée « %(label)s ».")
            % {"reference": application.reference, "label": document_request.label},
        )
    return document


def delete_draft_document(document: ApplicationDocument):
    document.file.delete(save=False)
    document.delete()
