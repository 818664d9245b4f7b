"""The applicant's writes: saving each step of a draft (what validates is stored at once,
what does not is kept in ``Application.pending_input`` and shown back with its error),
completeness, submission with its acknowledgement e-mail, answers to document requests.
Stage changes go through ``projects.tracking.workflow`` only."""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.accounts.models import Organisation
from labo.accounts.services import organisation_create
from labo.core.formats import euros

from .. import workflow
from ..models import (
    Application,
    ApplicationDocument,
    BudgetLine,
    CriterionAnswer,
    HistoryEntry,
    Visibility,
)
from . import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


STEPS = [
    Step("structure", gettext_lazy("Projet et structure")),
    Step("operation", gettext_lazy("L'opération")),
    Step("budget", gettext_lazy("Budget et financement")),
    Step("criteres", gettext_lazy("Critères")),
    Step("pieces", gettext_lazy("Pièces du dossier")),
    Step("depot", gettext_lazy("Vérification et dépôt")),
]
MAX_BUDGET_ROWS = 60


def steps_for(call) -> list[Step]:
    """The guarantee has no criteria grid: its dossier skips that step."""
    has_criteria = any(True for _c in call.criteria.all())
    return [step for step in STEPS if step.slug != "criteres" or has_criteria]


def step_after(call, slug) -> Step | None:
    steps = steps_for(call)
    slugs = [step.slug for step in steps]
    index = slugs.index(slug)
    return steps[index + 1] if index + 1 < len(steps) else None


# --- budget -----------------------------------------------------------------------------


@dataclass
class BudgetRow:
    label: str = ""
    amount: str = ""
    errors: list = field(default_factory=list)
    value: Decimal | None = None


class BudgetTable:
    """Expenses and resources as editable rows, posted as parallel lists
    (``depense-label``/``depense-amount``…); rows left empty are dropped."""

    SIDES = (BudgetLine.Side.EXPENSE, BudgetLine.Side.RESOURCE)

    def __init__(self, application, data=None):
        self.application = application
        self.rows = {side: [] for side in self.SIDES}
        self.is_bound = data is not None
        if data is None:
            for line in application.budget_lines.all():
                self.rows[line.side].append(
                    BudgetRow(line.label, forms.amount_input(line.amount), value=line.amount)
                )
        else:
            for side in self.SIDES:
                labels = _getlist(data, f"{side}-label")
                amounts = _getlist(data, f"{side}-amount")
                for index in range(min(max(len(labels), len(amounts)), MAX_BUDGET_ROWS)):
                    label = (labels[index] if index < len(labels) else "").strip()
                    amount = (amounts[index] if index < len(amounts) else "").strip()
                    if label or amount:
                        self.rows[side].append(BudgetRow(label[:200], amount[:40]))
            self._validate()

    def _validate(self):
        for rows in self.rows.values():
            for row in rows:
                try:
                    row.value = forms.parse_amount(row.amount)
                except ValidationError as error:
                    row.errors.extend(error.messages)
                if row.value is None and not row.errors:
                    row.errors.append(_("Indiquez le montant de ce poste."))
                if not row.label:
                    row.errors.append(_("Indiquez l'intitulé de ce poste."))

    def add_row(self, side):
        if side in self.rows and len(self.rows[side]) < MAX_BUDGET_ROWS:
            self.rows[side].append(BudgetRow())

    def remove_row(self, side, index):
        if side in self.rows and 0 <= index < len(self.rows[side]):
            del self.rows[side][index]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for rows in self.rows.values() for row in rows)

    def total(self, side) -> Decimal:
        return sum(
            (row.value or Decimal(0) for row in self.rows[side] if not row.errors), Decimal(0)
        )

    @property
    def expense_rows(self):
        """Rows to display: at least one, empty, so the table can be filled without JS."""
        return self.expenses or [BudgetRow()]

    @property
    def resource_rows(self):
        return self.resources or [BudgetRow()]

    @property
    def expenses(self):
        return self.rows[BudgetLine.Side.EXPENSE]

    @property
    def resources(self):
        return self.rows[BudgetLine.Side.RESOURCE]

    @property
    def expenses_total(self):
        return self.total(BudgetLine.Side.EXPENSE)

    @property
    def resources_total(self):
        return self.total(BudgetLine.Side.RESOURCE)

    @property
    def gap(self) -> Decimal:
        return self.expenses_total - self.resources_total

    def save(self):
        """Store the valid rows; the whole table is kept pending when a row is invalid."""
        lines = []
        for side in self.SIDES:
            for position, row in enumerate(self.rows[side]):
                if not row.errors and row.label and row.value is not None:
                    lines.append(
                        BudgetLine(
                            application=self.application,
                            side=side,
                            label=row.label,
                            amount=row.value,
                            position=position,
                        )
                    )
        self.application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(lines)

    def raw(self) -> dict:
        return {
            f"{side}-{part}": [getattr(row, part) for row in self.rows[side]]
            for side in self.SIDES
            for part in ("label", "amount")
        }


def _getlist(data, key):
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key, [])
    return value if isinstance(value, list) else [value]


# --- steps ------------------------------------------------------------------------------


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


def build_form(application, slug, user, data=None, files=None):
    """The bound or unbound form of a step (None for the summary step)."""
    if slug == "structure":
        initial = {
            "organisation": application.organisation_id,
            "departement": application.departement,
            "dwellings": application.dwellings,
        }
        return forms.StructureForm(data, user=user, initial=initial)
    if slug == "operation":
        initial = {name: getattr(application, name) for name in forms.OperationForm.base_fields}
        return forms.OperationForm(data, initial=initial)
    if slug == "budget":
        return BudgetTable(application, data)
    if slug == "criteres":
        answers = {
            answer.criterion_id: answer.text for answer in application.criterion_answers.all()
        }
        criteria = list(application.call.criteria.all())
        initial = {f"critere_{c.pk}": answers.get(c.pk, "") for c in criteria}
        return forms.CriteriaForm(data, criteria=criteria, initial=initial)
    if slug == "pieces":
        return forms.DocumentsForm(data, files, application=application)
    return None


# --- two people on one step ---------------------------------------------------------------
#
# A page carries a fingerprint of what its fields held when it was shown (``VERSION_FIELD``).
# On saving, a field is written only if this person changed it; if someone else changed it
# meanwhile to something else, neither version is lost: theirs stays saved and is quoted in
# the error at the field, which shows back what this person typed (kept pending). Saving the
# page again then keeps the version now in the field.

VERSION_FIELD = "_version"
BUDGET = "budget"


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Organisation):
        return str(value.pk)
    return str(value)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _budget_text(lines) -> str:
    return json.dumps([[side, label, _as_text(amount)] for side, label, amount in lines])


def step_values(application, slug) -> dict:
    """What the step's fields hold in the database (their Python values)."""
    if slug == "structure":
        return {
            "organisation": application.organisation,
            "departement": application.departement,
            "dwellings": application.dwellings,
        }
    if slug == "operation":
        return {name: getattr(application, name) for name in forms.OperationForm.base_fields}
    if slug == "criteres":
        answers = {a.criterion_id: a.text for a in application.criterion_answers.all()}
        return {f"critere_{c.pk}": answers.get(c.pk, "") for c in application.call.criteria.all()}
    if slug == BUDGET:
        lines = application.budget_lines.order_by("side", "position", "pk")
        return {BUDGET: _budget_text((line.side, line.label, line.amount) for line in lines)}
    return {}


def step_version(application, slug) -> str:
    """The fingerprint a page of ``slug`` carries (see ``VERSION_FIELD``)."""
    values = step_values(application, slug)
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
    form = build_form(application, slug, user, data, files)
    if form is None:
        return None
    started_from = _started_from(data)
    current = step_values(application, slug)
    written = []
    if slug == BUDGET:
        if action.startswith("add-"):
            form.add_row(action.removeprefix("add-"))
        elif action.startswith("remove-"):
            side, _sep, index = action.removeprefix("remove-").rpartition("-")
            if index.isdigit():
                form.remove_row(side, int(index))
        mine = _budget_text(
            (side, row.label, row.value)
            for side in form.SIDES
            for row in form.rows[side]
            if not row.errors and row.label and row.value is not None
        )
        writable, conflicts = _sort_out({BUDGET: mine}, current, started_from)
        if conflicts:
            form.conflict = BUDGET_CONFLICT
            form.saved_version = BudgetTable(application)
        elif writable:
            form.save()
        invalid = form.has_errors or bool(conflicts)
        pending = form.raw()
    else:
        form.is_valid()
        cleaned = dict(form.cleaned_data)
        submitted = {name: cleaned[name] for name in current if name in cleaned}
        writable, conflicts = _sort_out(submitted, current, started_from)
        for name in sorted(conflicts):
            form.add_error(name, conflict_message(_shown(form, name, current[name])))
        unchanged = set(current) - writable
        written = _store_valid_fields(
            application,
            slug,
            form,
            {name: value for name, value in cleaned.items() if name not in unchanged},
            user,
        )
        # A refused file is not kept (it is shown refused once); typed fields are.
        invalid = (bool(form.errors) and slug != "pieces") or bool(conflicts)
        pending = raw_data(data)
    if invalid:
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


def _store_valid_fields(application, slug, form, cleaned, user) -> list[str]:
    """Store ``cleaned`` (the valid fields this person changed); returns the names of the
    Application fields set."""
    written = []
    if slug == "structure":
        organisation = cleaned.get("organisation")
        if organisation is not None:
            application.organisation = organisation
            written.append("organisation")
        elif (
            cleaned.get("new_name")
            and cleaned.get("new_legal_form")
            and cleaned.get("new_departement")
            and not any(name in form.errors for name in ("new_name", "new_legal_form"))
        ):
            application.organisation = organisation_create(
                creator=user,
                name=cleaned["new_name"],
                legal_form=cleaned["new_legal_form"],
                departement=cleaned["new_departement"],
                kind=Organisation.Kind.HOLDER,
            )
            written.append("organisation")
        for name in ("departement", "dwellings"):
            if name in cleaned:
                setattr(application, name, cleaned[name])
                written.append(name)
    elif slug == "operation":
        for name in forms.OperationForm.base_fields:
            if name in cleaned:
                setattr(application, name, cleaned[name])
                written.append(name)
    elif slug == "criteres":
        for criterion in application.call.criteria.all():
            name = f"critere_{criterion.pk}"
            if name in cleaned:
                CriterionAnswer.objects.update_or_create(
                    application=application,
                    criterion=criterion,
                    defaults={"text": cleaned[name].strip()},
                )
    elif slug == "pieces":
        for document, uploaded, checked in form.checked.values():
            from ..files import store_document

            store_document(application, uploaded, checked, user=user, required_document=document)
    return written


def pending_form(application, slug, user):
    """The step's form bound to what the applicant typed last time if it did not validate,
    so it comes back with its errors."""
    raw = application.pending_input.get(slug)
    if raw is None or slug == "pieces":
        return build_form(application, slug, user)
    form = build_form(application, slug, user, as_querydict(raw))
    if hasattr(form, "is_valid"):
        form.is_valid()
    return form


# --- completeness and submission ---------------------------------------------------------


def document_checklist(application):
    """Each document the call asks for, with the files sent for it."""
    uploads = {}
    for document in application.documents.all():
        if document.required_document_id:
            uploads.setdefault(document.required_document_id, []).append(document)
    return [
        {"required": required, "files": uploads.get(required.pk, [])}
        for required in application.call.required_documents.all()
    ]


def missing_items(application) -> list[str]:
    """What stops the dossier from being submitted, in French, in the form's order."""
    missing = []
    step_titles = {step.slug: step.title for step in STEPS}
    for slug in application.pending_input:
        if slug in step_titles:
            missing.append(
                _("L'étape « %(step)s » contient des erreurs à corriger.")
                % {"step": step_titles[slug]}
            )
    if application.organisation_id is None:
        missing.append(_("La structure candidate n'est pas indiquée."))
    if not application.departement:
        missing.append(_("Le département de l'opération n'est pas indiqué."))
    if not application.operation_title.strip():
        missing.append(_("L'intitulé de l'opération est manquant."))
    if not application.operation_summary.strip():
        missing.append(_("Le résumé de l'opération est manquant."))
    if not application.operation_description.strip():
        missing.append(_("La description de l'opération est manquante."))
    if application.amount_requested is None:
        missing.append(_("Le montant sollicité n'est pas indiqué."))
    lines = list(application.budget_lines.all())
    expenses = sum(
        (line.amount for line in lines if line.side == BudgetLine.Side.EXPENSE), Decimal(0)
    )
    resources = sum(
        (line.amount for line in lines if line.side == BudgetLine.Side.RESOURCE), Decimal(0)
    )
    if not any(line.side == BudgetLine.Side.EXPENSE for line in lines):
        missing.append(_("Le budget ne comporte aucune dépense."))
    if not any(line.side == BudgetLine.Side.RESOURCE for line in lines):
        missing.append(_("Le plan de financement ne comporte aucune ressource."))
    if any(line.amount < 0 for line in lines):
        missing.append(_("Le budget contient un montant négatif."))
    if lines and expenses != resources:
        missing.append(
            _(
                "Le budget n'est pas équilibré : %(expenses)s de dépenses pour %(resources)s de "
                "ressources."
            )
            % {"expenses": euros(expenses), "resources": euros(resources)}
        )
    answers = {a.criterion_id: a.text for a in application.criterion_answers.all()}
    for criterion in application.call.criteria.all():
        if not answers.get(criterion.pk, "").strip():
            missing.append(
                _("Le critère « %(criterion)s » n'a pas de réponse.")
                % {"criterion": criterion.name}
            )
    for item in document_checklist(application):
        if item["required"].mandatory and not item["files"]:
            missing.append(
                _("Pièce obligatoire manquante : %(label)s.") % {"label": item["required"].label}
            )
    return missing


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
    """French acknowledgement to each member of the project team."""
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
    }
    subject = render_to_string("tracking/applicant/emails/submitted_subject.txt", context)
    body = render_to_string("tracking/applicant/emails/submitted.txt", context)
    sent = 0
    for address in recipients:
        sent += send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [address])
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
