"""The steps of the application form, one object each, in the order of ``STEPS``: what the
step shows (``template``, ``build_form``), what its fields hold in the database (``values``,
compared by the lost-update protection of ``services.save_step``), how it stores what this
person changed and is valid (``store``), and what it still lacks for the dossier to be
submitted (``missing``). The pages, the saving and the completeness check read this list;
a call has the steps that apply to it (``steps_for``)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.accounts.models import Organisation
from labo.accounts.services import organisation_create
from labo.core.formats import euros

from ..files import store_document
from ..models import BudgetLine, CriterionAnswer
from . import forms

FIELDS_TEMPLATE = "tracking/applicant/includes/step_fields.html"


class Step:
    slug = ""
    title = ""
    # What the step page shows inside its form (the whole body for the summary step).
    template = FIELDS_TEMPLATE
    # Files cannot be kept pending nor autosaved: the page is sent whole, and a refused file
    # is shown refused once.
    takes_files = False
    # Nothing to save: the step only shows the dossier and submits it.
    is_summary = False

    def applies_to(self, call) -> bool:
        return True

    def build_form(self, application, user, data=None, files=None):
        return None

    def values(self, application) -> dict:
        """What the step's fields hold in the database (their Python values)."""
        return {}

    def store(self, application, form, changed, user) -> list[str]:
        """Store ``changed`` (the valid fields this person changed); returns the names of the
        Application fields set, the only ones the save writes."""
        return []

    def missing(self, application) -> list[str]:
        """What this step still lacks for the dossier to be submitted, in French."""
        return []

    def context(self, application) -> dict:
        """What the step page shows besides the form."""
        return {}


class StructureStep(Step):
    slug = "structure"
    title = gettext_lazy("Projet et structure")
    form_class = forms.StructureForm

    def build_form(self, application, user, data=None, files=None):
        initial = {
            "organisation": application.organisation_id,
            "departement": application.departement,
            "dwellings": application.dwellings,
        }
        return self.form_class(data, user=user, initial=initial)

    def values(self, application):
        return {
            "organisation": application.organisation,
            "departement": application.departement,
            "dwellings": application.dwellings,
        }

    def store(self, application, form, changed, user):
        written = []
        organisation = changed.get("organisation")
        if organisation is None:
            organisation = self._new_organisation(form, changed, user)
        if organisation is not None:
            application.organisation = organisation
            written.append("organisation")
        for name in ("departement", "dwellings"):
            if name in changed:
                setattr(application, name, changed[name])
                written.append(name)
        return written

    @staticmethod
    def _new_organisation(form, changed, user):
        """The structure described in the form, once it is complete and valid."""
        fields = ("new_name", "new_legal_form", "new_departement")
        if not all(changed.get(name) for name in fields) or any(
            name in form.errors for name in ("new_name", "new_legal_form")
        ):
            return None
        return organisation_create(
            creator=user,
            name=changed["new_name"],
            legal_form=changed["new_legal_form"],
            departement=changed["new_departement"],
            kind=Organisation.Kind.HOLDER,
        )

    def missing(self, application):
        missing = []
        if application.organisation_id is None:
            missing.append(_("La structure candidate n'est pas indiquée."))
        if not application.departement:
            missing.append(_("Le département de l'opération n'est pas indiqué."))
        return missing


class OperationStep(Step):
    slug = "operation"
    title = gettext_lazy("L'opération")
    form_class = forms.OperationForm
    # Each text the dossier needs, with what is said when it is empty.
    required_texts = {
        "operation_title": gettext_lazy("L'intitulé de l'opération est manquant."),
        "operation_summary": gettext_lazy("Le résumé de l'opération est manquant."),
        "operation_description": gettext_lazy("La description de l'opération est manquante."),
    }

    def build_form(self, application, user, data=None, files=None):
        return self.form_class(data, initial=self.values(application))

    def values(self, application):
        return {name: getattr(application, name) for name in self.form_class.base_fields}

    def store(self, application, form, changed, user):
        written = [name for name in self.form_class.base_fields if name in changed]
        for name in written:
            setattr(application, name, changed[name])
        return written

    def missing(self, application):
        missing = [
            str(message)
            for name, message in self.required_texts.items()
            if not getattr(application, name).strip()
        ]
        if application.amount_requested is None:
            missing.append(_("Le montant sollicité n'est pas indiqué."))
        return missing


class BudgetStep(Step):
    """Saved whole: the table is one value for the lost-update protection."""

    slug = "budget"
    title = gettext_lazy("Budget et financement")
    template = "tracking/applicant/includes/budget.html"
    form_class = forms.BudgetTable

    def build_form(self, application, user, data=None, files=None):
        return self.form_class(application, data)

    def values(self, application):
        lines = application.budget_lines.order_by("side", "position", "pk")
        return {self.slug: [(line.side, line.label, line.amount) for line in lines]}

    def store(self, application, form, changed, user):
        form.save()
        return []

    def missing(self, application):
        lines = list(application.budget_lines.all())
        expenses = sum(
            (line.amount for line in lines if line.side == BudgetLine.Side.EXPENSE), Decimal(0)
        )
        resources = sum(
            (line.amount for line in lines if line.side == BudgetLine.Side.RESOURCE), Decimal(0)
        )
        missing = []
        if not any(line.side == BudgetLine.Side.EXPENSE for line in lines):
            missing.append(_("Le budget ne comporte aucune dépense."))
        if not any(line.side == BudgetLine.Side.RESOURCE for line in lines):
            missing.append(_("Le plan de financement ne comporte aucune ressource."))
        if any(line.amount < 0 for line in lines):
            missing.append(_("Le budget contient un montant négatif."))
        if lines and expenses != resources:
            missing.append(
                _(
                    "Le budget n'est pas équilibré : %(expenses)s de dépenses pour "
                    "%(resources)s de ressources."
                )
                % {"expenses": euros(expenses), "resources": euros(resources)}
            )
        return missing


class CriteriaStep(Step):
    slug = "criteres"
    title = gettext_lazy("Critères")
    form_class = forms.CriteriaForm

    def applies_to(self, call):
        """The guarantee has no criteria grid: its dossier skips this step."""
        return any(True for _c in call.criteria.all())

    def build_form(self, application, user, data=None, files=None):
        answers = {
            answer.criterion_id: answer.text for answer in application.criterion_answers.all()
        }
        criteria = list(application.call.criteria.all())
        initial = {f"critere_{c.pk}": answers.get(c.pk, "") for c in criteria}
        return self.form_class(data, criteria=criteria, initial=initial)

    def values(self, application):
        answers = {a.criterion_id: a.text for a in application.criterion_answers.all()}
        return {f"critere_{c.pk}": answers.get(c.pk, "") for c in application.call.criteria.all()}

    def store(self, application, form, changed, user):
        for criterion in application.call.criteria.all():
            name = f"critere_{criterion.pk}"
            if name in changed:
                CriterionAnswer.objects.update_or_create(
                    application=application,
                    criterion=criterion,
                    defaults={"text": changed[name].strip()},
                )
        return []

    def missing(self, application):
        answers = {a.criterion_id: a.text for a in application.criterion_answers.all()}
        return [
            _("Le critère « %(criterion)s » n'a pas de réponse.") % {"criterion": criterion.name}
            for criterion in application.call.criteria.all()
            if not answers.get(criterion.pk, "").strip()
        ]


class DocumentsStep(Step):
    slug = "pieces"
    title = gettext_lazy("Pièces du dossier")
    template = "tracking/applicant/includes/pieces.html"
    form_class = forms.DocumentsForm
    takes_files = True

    def build_form(self, application, user, data=None, files=None):
        return self.form_class(data, files, application=application)

    def store(self, application, form, changed, user):
        for document, uploaded, checked in form.checked.values():
            store_document(application, uploaded, checked, user=user, required_document=document)
        return []

    def missing(self, application):
        return [
            _("Pièce obligatoire manquante : %(label)s.") % {"label": item["required"].label}
            for item in document_checklist(application)
            if item["required"].mandatory and not item["files"]
        ]

    def context(self, application):
        return {"checklist": document_checklist(application)}


class SubmissionStep(Step):
    slug = "depot"
    title = gettext_lazy("Vérification et dépôt")
    template = "tracking/applicant/includes/depot.html"
    is_summary = True

    def context(self, application):
        return {
            "checklist": document_checklist(application),
            "missing": missing_items(application),
            "budget": forms.BudgetTable(application),
            "is_open": application.call.is_open(),
        }


STEPS = [
    StructureStep(),
    OperationStep(),
    BudgetStep(),
    CriteriaStep(),
    DocumentsStep(),
    SubmissionStep(),
]
BY_SLUG = {step.slug: step for step in STEPS}


def steps_for(call) -> list[Step]:
    return [step for step in STEPS if step.applies_to(call)]


def find(call, slug) -> Step | None:
    """The call's step of that slug (None when the call has no such step)."""
    return next((step for step in steps_for(call) if step.slug == slug), None)


def step_after(call, slug) -> Step | None:
    steps = steps_for(call)
    slugs = [step.slug for step in steps]
    index = slugs.index(slug)
    return steps[index + 1] if index + 1 < len(steps) else None


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
    """What stops the dossier from being submitted, in French: the steps left with errors
    to correct, then what each step lacks, in the form's order."""
    missing = [
        _("L'étape « %(step)s » contient des erreurs à corriger.") % {"step": BY_SLUG[slug].title}
        for slug in application.pending_input
        if slug in BY_SLUG
    ]
    for step in STEPS:
        missing.extend(step.missing(application))
    return missing
