"""Forms of the applicant's multi-step dossier. Every field is optional while drafting: what
is valid is saved at once, what is not is kept with the dossier (``pending_input``) and shown
back with its French error; completeness is checked only at submission (``services``)."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.accounts.models import Organisation
from labo.accounts.occitanie import Departement, LegalForm
from labo.core.forms import SingleLineTextChecks

from ..files import accepted_formats_label, check_upload
from ..models.applications import MAX_AMOUNT, BudgetLine

MAX_BUDGET_ROWS = 60


def parse_amount(text) -> Decimal | None:
    """« 12 500,50 € », « 12500.5 » or « 12.500,50 » → Decimal('12500.50')."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", str(text or ""))
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(
            _("Saisissez un montant en euros, par exemple 12 500,50."), code="invalid"
        ) from None
    if not value.is_finite():
        raise ValidationError(_("Saisissez un montant en euros, par exemple 12 500,50."))
    if value < 0:
        raise ValidationError(_("Le montant ne peut pas être négatif."), code="negative")
    if value > MAX_AMOUNT:
        raise ValidationError(_("Ce montant est trop élevé."), code="too_large")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Deux chiffres après la virgule au plus."), code="decimals")
    return value.quantize(Decimal("0.01"))


def amount_input(value) -> str:
    """A Decimal as the applicant types it: « 12500,50 »."""
    if value in (None, ""):
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


class AmountField(forms.CharField):
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value):
        return amount_input(value)

    def to_python(self, value):
        return parse_amount(super().to_python(value))


class StructureForm(SingleLineTextChecks, forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Structure candidate"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Créer une nouvelle structure —"),
        help_text=gettext_lazy(
            "La structure qui porte la candidature : l'une des vôtres, ou une nouvelle."
        ),
    )
    new_name = forms.CharField(
        label=gettext_lazy("Nom de la nouvelle structure"), max_length=200, required=False
    )
    new_legal_form = forms.ChoiceField(
        label=gettext_lazy("Forme juridique de la nouvelle structure"),
        choices=[("", "—"), *LegalForm.choices],
        required=False,
    )
    new_departement = forms.ChoiceField(
        label=gettext_lazy("Département du siège de la nouvelle structure"),
        choices=[("", "—"), *Departement.choices],
        required=False,
    )
    departement = forms.ChoiceField(
        label=gettext_lazy("Département de l'opération"),
        choices=[("", "—"), *Departement.choices],
        required=False,
    )
    dwellings = forms.IntegerField(
        label=gettext_lazy("Nombre de logements"),
        min_value=0,
        max_value=10000,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Saisissez un nombre entier."),
            "min_value": gettext_lazy("Le nombre de logements ne peut pas être négatif."),
        },
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") is None and "organisation" not in self.errors:
            new = [cleaned.get(name) for name in ("new_name", "new_legal_form", "new_departement")]
            if any(new) and not all(new):
                for name, value in zip(
                    ("new_name", "new_legal_form", "new_departement"), new, strict=True
                ):
                    if not value:
                        self.add_error(
                            name, _("Renseignez ce champ pour créer la nouvelle structure.")
                        )
        return cleaned


class OperationForm(SingleLineTextChecks, forms.Form):
    operation_title = forms.CharField(
        label=gettext_lazy("Intitulé de l'opération"), max_length=200, required=False
    )
    operation_summary = forms.CharField(
        label=gettext_lazy("Résumé de l'opération"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=gettext_lazy("Quelques lignes, 1 000 caractères au plus."),
    )
    operation_description = forms.CharField(
        label=gettext_lazy("Description de l'opération"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=gettext_lazy(
            "Le lieu, le collectif, les logements et les espaces partagés, le calendrier."
        ),
    )
    amount_requested = AmountField(
        label=gettext_lazy("Montant sollicité (€)"),
        required=False,
        help_text=gettext_lazy("En euros, par exemple 45 000."),
    )


class CriteriaForm(forms.Form):
    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            help_parts = [criterion.question, criterion.description]
            self.fields[f"critere_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.code} – {criterion.name}",
                help_text=" ".join(part for part in help_parts if part),
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
                max_length=5000,
            )


class DocumentsForm(forms.Form):
    """One file input per document the call asks for. Each file is checked on its own, so a
    refused file never loses the others."""

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.required_documents = list(application.call.required_documents.all())
        for document in self.required_documents:
            help_text = _("Formats : %(formats)s ; %(size)s Mo au plus.") % {
                "formats": accepted_formats_label(document.format_list),
                "size": application.call.max_file_size_mb,
            }
            if document.help_text:
                help_text = f"{document.help_text} {help_text}"
            self.fields[f"piece_{document.pk}"] = forms.FileField(
                label=document.label + ("" if document.mandatory else _(" (facultatif)")),
                help_text=help_text,
                required=False,
            )
        self.checked = {}

    def clean(self):
        cleaned = super().clean()
        for document in self.required_documents:
            name = f"piece_{document.pk}"
            uploaded = cleaned.get(name)
            if not uploaded:
                continue
            try:
                self.checked[document.pk] = (
                    document,
                    uploaded,
                    check_upload(uploaded, call=self.application.call, formats=document.formats),
                )
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned


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
                    BudgetRow(line.label, amount_input(line.amount), value=line.amount)
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
                    row.value = parse_amount(row.amount)
                except ValidationError as error:
                    row.errors.extend(error.messages)
                if row.value is None and not row.errors:
                    row.errors.append(_("Indiquez le montant de ce poste."))
                if not row.label:
                    row.errors.append(_("Indiquez l'intitulé de ce poste."))

    def apply(self, action):
        """The buttons of the table: « add-<side> », « remove-<side>-<index> »."""
        if action.startswith("add-"):
            self.add_row(action.removeprefix("add-"))
        elif action.startswith("remove-"):
            side, _sep, index = action.removeprefix("remove-").rpartition("-")
            if index.isdigit():
                self.remove_row(side, int(index))

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

    def _valid_rows(self):
        for side in self.SIDES:
            for position, row in enumerate(self.rows[side]):
                if not row.errors and row.label and row.value is not None:
                    yield side, position, row

    def lines(self) -> list:
        """(side, label, amount) of the rows that would be stored, in their order."""
        return [(side, row.label, row.value) for side, _position, row in self._valid_rows()]

    def save(self):
        """Store the valid rows; the whole table is kept pending when a row is invalid."""
        lines = [
            BudgetLine(
                application=self.application,
                side=side,
                label=row.label,
                amount=row.value,
                position=position,
            )
            for side, position, row in self._valid_rows()
        ]
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


class RequestUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Fichier"))

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.checked = None
        self.fields["file"].help_text = _(
            "PDF, Word, OpenDocument, Excel, JPEG ou PNG ; %(size)s Mo au plus."
        ) % {"size": application.call.max_file_size_mb}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.checked = check_upload(
            uploaded, call=self.application.call, formats="pdf,docx,odt,xlsx,ods,jpg,png"
        )
        return uploaded


class WithdrawForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Pourquoi retirez-vous votre dossier ? (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
