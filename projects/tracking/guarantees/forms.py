"""Forms of the loan guarantee screens. Loan terms are checked by the pure module's
``loan_terms_errors`` so the forms and the computations agree on what is acceptable."""

from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labo.core.forms import SingleLineTextChecks
from projects.models import Commune

from ..models import (
    Application,
    CoGuarantor,
    GuaranteeClaim,
    GuaranteeDetails,
    Loan,
    RegionFiscalYear,
)
from .finance import Periodicity, loan_terms_errors

HUNDRED = Decimal(100)

LOAN_FIELDS = [
    "lender",
    "purpose",
    "amount",
    "duration_months",
    "rate_type",
    "index_name",
    "index_margin",
    "annual_rate",
    "profile",
    "periodicity",
    "deferral_months",
    "deferral_kind",
    "first_due_date",
    "quotite_requested",
]


class LoanForm(SingleLineTextChecks, forms.ModelForm):
    class Meta:
        model = Loan
        fields = LOAN_FIELDS
        widgets = {"first_due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        for name in ("amount", "annual_rate", "index_margin", "quotite_requested"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def clean(self):
        data = super().clean()
        if data.get("rate_type") == Loan.RateType.INDEXED:
            if not data.get("index_name"):
                self.add_error("index_name", _("Indiquez l'index d'un prêt à taux indexé."))
            if data.get("index_margin") is None:
                self.add_error("index_margin", _("Indiquez la marge d'un prêt à taux indexé."))
        elif data.get("rate_type") == Loan.RateType.FIXED:
            data["index_name"], data["index_margin"] = "", None
        values = {
            "amount": data.get("amount"),
            "duration_months": data.get("duration_months"),
            "annual_rate": data.get("annual_rate"),
            "deferral_months": data.get("deferral_months"),
        }
        if None not in values.values() and data.get("periodicity"):
            errors = loan_terms_errors(periodicity=Periodicity(data["periodicity"]), **values)
            for name, message in errors.items():
                if name not in self.errors:
                    self.add_error(name, message)
        first_due_date = data.get("first_due_date")
        if first_due_date is not None:
            changed = self.instance.pk is None or "first_due_date" in self.changed_data
            if changed and first_due_date < timezone.localdate():
                self.add_error(
                    "first_due_date",
                    _("La première échéance d'un nouveau prêt ne peut pas être passée."),
                )
            elif (
                changed
                and self.call is not None
                and first_due_date < timezone.localdate(self.call.opens_at)
            ):
                self.add_error(
                    "first_due_date",
                    _(
                        "La première échéance ne peut pas précéder l'ouverture de l'appel "
                        "(%(date)s)."
                    )
                    % {"date": timezone.localdate(self.call.opens_at).strftime("%d/%m/%Y")},
                )
        return data


class BaseLoanFormSet(BaseInlineFormSet):
    def __init__(self, *args, call=None, **kwargs):
        self.call = call
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "call": self.call}


LoanFormSet = inlineformset_factory(
    Application,
    Loan,
    form=LoanForm,
    formset=BaseLoanFormSet,
    fields=LOAN_FIELDS,
    extra=0,
    can_delete=True,
)


class CoGuarantorForm(SingleLineTextChecks, forms.ModelForm):
    class Meta:
        model = CoGuarantor
        fields = ["name", "quotite", "local_authority"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quotite"].localize = True
        self.fields["quotite"].widget.is_localized = True
        self.fields["quotite"].widget.input_type = "text"

    def has_changed(self):
        # The « collectivité » box alone does not make a co-guarantor: a new row with
        # neither a name nor a quotité is the blank row offered for adding one.
        if self.instance.pk is None and not any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in ("name", "quotite")
        ):
            return False
        return super().has_changed()


class BaseCoGuarantorFormSet(BaseInlineFormSet):
    """``region_quotite`` (the loan's quotité requested) is set by the view before
    validation: the quotités of all guarantors of a loan may not exceed 100 %."""

    region_quotite = None

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total = self.region_quotite or Decimal(0)
        for form in self.forms:
            if form.cleaned_data and not form.cleaned_data.get("DELETE"):
                total += form.cleaned_data.get("quotite") or Decimal(0)
        if total > HUNDRED:
            raise forms.ValidationError(
                _(
                    "Le total des quotités de la Région et des co-garants (%(total)s %%) "
                    "dépasse 100 %% du prêt."
                )
                % {"total": f"{total:.2f}".replace(".", ",")}
            )


CoGuarantorFormSet = inlineformset_factory(
    Loan,
    CoGuarantor,
    form=CoGuarantorForm,
    formset=BaseCoGuarantorFormSet,
    fields=["name", "quotite", "local_authority"],
    extra=1,
    can_delete=True,
)


class OperationForm(SingleLineTextChecks, forms.ModelForm):
    commune_insee = forms.CharField(
        label=_("Code INSEE de la commune de l'opération"),
        max_length=5,
        required=False,
        help_text=_("5 caractères, par exemple 31555 pour Toulouse."),
    )

    class Meta:
        model = GuaranteeDetails
        fields = ["ofs_approved", "ofs_approval", "brs", "mixed_ess_activities", "total_cost"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id:
            self.initial["commune_insee"] = self.instance.commune_id
        self.fields["total_cost"].localize = True
        self.fields["total_cost"].widget.is_localized = True
        self.fields["total_cost"].widget.input_type = "text"

    def clean_commune_insee(self):
        code = self.cleaned_data["commune_insee"].strip().upper()
        if not code:
            return None
        commune = Commune.objects.filter(insee=code).first()
        if commune is None:
            raise forms.ValidationError(_("Aucune commune d'Occitanie n'a ce code INSEE."))
        return commune

    def clean(self):
        data = super().clean()
        if data.get("ofs_approved") and not data.get("ofs_approval", "").strip():
            self.add_error("ofs_approval", _("Indiquez la référence de l'agrément OFS."))
        return data

    def save(self, commit=True):
        self.instance.commune = self.cleaned_data.get("commune_insee")
        return super().save(commit)


class ExemptionForm(forms.ModelForm):
    class Meta:
        model = GuaranteeDetails
        fields = ["exemption_kind", "exemption_reason", "amenagement"]
        widgets = {"exemption_reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("exemption_kind") and not (data.get("exemption_reason") or "").strip():
            self.add_error("exemption_reason", _("Indiquez le motif de l'exemption."))
        if not data.get("exemption_kind"):
            data["exemption_reason"] = ""
        return data


class QuotiteGrantedForm(forms.ModelForm):
    class Meta:
        model = Loan
        fields = ["quotite_granted"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quotite_granted"].localize = True
        self.fields["quotite_granted"].widget.is_localized = True
        self.fields["quotite_granted"].widget.input_type = "text"


class RegionFiscalYearForm(forms.ModelForm):
    class Meta:
        model = RegionFiscalYear
        fields = ["year", "operating_revenue", "own_debt_annuities", "provisions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("operating_revenue", "own_debt_annuities", "provisions"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"

    def clean(self):
        data = super().clean()
        revenue, debt = data.get("operating_revenue"), data.get("own_debt_annuities")
        if revenue is not None and debt is not None and 0 < revenue < debt:
            self.add_error(
                "own_debt_annuities",
                _("Les annuités de la dette propre ne peuvent dépasser les recettes réelles."),
            )
        return data


class FollowUpForm(forms.Form):
    """A declared outstanding; declaring a year again replaces its figure (see
    ``services.record_follow_up``)."""

    loan = forms.ModelChoiceField(label=_("Prêt"), queryset=Loan.objects.none())
    year = forms.IntegerField(
        label=_("Exercice"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("Indiquez un exercice entre 2000 et 2100."),
            "max_value": _("Indiquez un exercice entre 2000 et 2100."),
        },
    )
    outstanding = forms.DecimalField(
        label=_("Capital restant dû déclaré au 31 décembre (€)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"min_value": _("Le montant ne peut pas être négatif.")},
    )

    def __init__(self, *args, loans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].queryset = Loan.objects.filter(pk__in=[loan.pk for loan in loans])


class GuaranteeClaimForm(forms.ModelForm):
    class Meta:
        model = GuaranteeClaim
        fields = ["loan", "date", "amount", "comment"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "comment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, loans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].queryset = Loan.objects.filter(pk__in=[loan.pk for loan in loans])
        self.fields["amount"].localize = True
        self.fields["amount"].widget.is_localized = True
        self.fields["amount"].widget.input_type = "text"

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("La date de la mise en jeu ne peut pas être future."))
        return date
