"""Loan guarantees (the Region's « garantie d'emprunt »): what the guarantee adds to an
Application — the borrower's and the operation's details, its loans and their
co-guarantors — and what staff keep beside it: the Region's yearly figures, exemptions, the
ratio report frozen for the committee, and the follow-up of granted guarantees (declared
outstanding, claims).

The computations live in :mod:`.finance`, free of Django; these models
only store their inputs and hand them over (:meth:`Loan.terms`, :meth:`Loan.schedule`).

A guarantee is **granted** when its application has a Decision « accordé », or has reached
the stages « engagement » or « suivi » (applications entered before the decision was recorded
in the platform), and has no outcome (refusé, abandon…). See :func:`granted_guarantees`.
"""

from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models.applications import Application
from ..models.calls import Scheme
from ..models.reviews import Decision
from .finance import (
    MAX_ANNUAL_RATE,
    MAX_DURATION_MONTHS,
    MIN_ANNUAL_RATE,
    DeferralKind,
    ExemptionKind,
    GuaranteedLoan,
    InvalidLoanTerms,
    LoanTerms,
    Periodicity,
    Profile,
    amortisation_schedule,
)

MAX_LOAN_AMOUNT = Decimal("999999999.99")
GRANTED_STAGE_CODES = ("engagement", "suivi")


class ProfileChoices(models.TextChoices):
    CONSTANT_ANNUITY = Profile.CONSTANT_ANNUITY.value, _("Échéances constantes")
    CONSTANT_AMORTISATION = Profile.CONSTANT_AMORTISATION.value, _("Amortissement constant")
    IN_FINE = Profile.IN_FINE.value, _("In fine")


class PeriodicityChoices(models.TextChoices):
    MONTHLY = Periodicity.MONTHLY.value, _("Mensuelle")
    QUARTERLY = Periodicity.QUARTERLY.value, _("Trimestrielle")
    YEARLY = Periodicity.YEARLY.value, _("Annuelle")


class DeferralKindChoices(models.TextChoices):
    PARTIAL = DeferralKind.PARTIAL.value, _("Différé d'amortissement (intérêts payés)")
    TOTAL = DeferralKind.TOTAL.value, _("Différé total (intérêts capitalisés)")


class ExemptionKindChoices(models.TextChoices):
    HLM = ExemptionKind.HLM.value, _("Organisme HLM")
    SEM = ExemptionKind.SEM.value, _("Société d'économie mixte")
    STATE_AID = ExemptionKind.STATE_AID.value, _("Opération aidée par l'État")
    GENERAL_INTEREST = (
        ExemptionKind.GENERAL_INTEREST.value,
        _("Organisme d'intérêt général (partage du risque seulement)"),
    )


def percent_validators():
    return [
        MinValueValidator(Decimal(0), _("La quotité doit être comprise entre 0 %% et 100 %%.")),
        MaxValueValidator(Decimal(100), _("La quotité doit être comprise entre 0 %% et 100 %%.")),
    ]


def positive_amount_validators():
    return [MinValueValidator(Decimal("0.01"), _("Le montant doit être supérieur à zéro."))]


def guarantee_applications():
    """Applications of the loan guarantee scheme."""
    return Application.objects.filter(call__scheme__kind=Scheme.Kind.LOAN_GUARANTEE)


def granted_guarantees():
    """Applications whose guarantee is granted: see the module docstring for the rule."""
    return guarantee_applications().filter(
        Q(decision__result=Decision.Result.GRANTED) | Q(stage__code__in=GRANTED_STAGE_CODES),
        outcome="",
    )


class GuaranteeDetails(models.Model):
    """What the guarantee adds to an Application of the guarantee scheme
    (``application.guarantee``): borrower and operation details the team enters, and the
    exemption staff may flag (CGCT L4253-1 al. 5 and L4253-2)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="guarantee"
    )
    # The borrower (the rest — legal form, SIREN, ESS status — is on its Organisation).
    ofs_approved = models.BooleanField(
        _("agréé organisme de foncier solidaire (OFS)"), default=False
    )
    ofs_approval = models.CharField(
        _("référence de l'agrément OFS"),
        max_length=120,
        blank=True,
        help_text=_("Arrêté du préfet de région : numéro et date."),
    )
    # The operation.
    commune = models.ForeignKey(
        "projects.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune de l'opération"),
    )
    brs = models.BooleanField(_("logements en bail réel solidaire (BRS)"), default=False)
    mixed_ess_activities = models.TextField(_("activités ESS mixtes"), blank=True)
    total_cost = models.DecimalField(
        _("coût total de l'opération (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=positive_amount_validators(),
    )
    amenagement = models.BooleanField(
        _("opération d'aménagement (C. urb. L300-1 à L300-4)"),
        default=False,
        help_text=_("Porte le plafond de quotité des collectivités à 80 %."),
    )
    # Set by staff.
    exemption_kind = models.CharField(
        _("exemption des ratios"), max_length=20, choices=ExemptionKindChoices.choices, blank=True
    )
    exemption_reason = models.TextField(_("motif de l'exemption"), blank=True)
    exemption_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exemption_set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dossier de garantie")
        verbose_name_plural = _("dossiers de garantie")

    def __str__(self):
        return str(self.application)

    def clean(self):
        if self.exemption_kind and not self.exemption_reason.strip():
            raise ValidationError({"exemption_reason": _("Indiquez le motif de l'exemption.")})


class Loan(models.Model):
    class RateType(models.TextChoices):
        FIXED = "fixe", _("Taux fixe")
        INDEXED = "indexe", _("Taux indexé")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="loans")
    lender = models.CharField(_("prêteur"), max_length=200)
    purpose = models.CharField(_("objet du prêt"), max_length=300)
    amount = models.DecimalField(
        _("montant (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[*positive_amount_validators(), MaxValueValidator(MAX_LOAN_AMOUNT)],
    )
    duration_months = models.PositiveSmallIntegerField(
        _("durée (mois)"),
        validators=[
            MinValueValidator(1, _("La durée doit être comprise entre 1 mois et 50 ans.")),
            MaxValueValidator(
                MAX_DURATION_MONTHS, _("La durée doit être comprise entre 1 mois et 50 ans.")
            ),
        ],
    )
    rate_type = models.CharField(
        _("type de taux"), max_length=8, choices=RateType.choices, default=RateType.FIXED
    )
    index_name = models.CharField(
        _("index"),
        max_length=80,
        blank=True,
        help_text=_("Par exemple : Livret A, Euribor 3 mois."),
    )
    index_margin = models.DecimalField(
        _("marge sur l'index (%)"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    annual_rate = models.DecimalField(
        _("taux annuel (%)"),
        max_digits=7,
        decimal_places=4,
        validators=[
            MinValueValidator(
                MIN_ANNUAL_RATE, _("Le taux doit être compris entre −1 %% et 20 %%.")
            ),
            MaxValueValidator(
                MAX_ANNUAL_RATE, _("Le taux doit être compris entre −1 %% et 20 %%.")
            ),
        ],
        help_text=_("Pour un taux indexé : valeur actuelle de l'index plus la marge."),
    )
    profile = models.CharField(
        _("profil d'amortissement"),
        max_length=24,
        choices=ProfileChoices.choices,
        default=Profile.CONSTANT_ANNUITY.value,
    )
    periodicity = models.CharField(
        _("périodicité"),
        max_length=12,
        choices=PeriodicityChoices.choices,
        default=Periodicity.YEARLY.value,
    )
    deferral_months = models.PositiveSmallIntegerField(_("différé (mois)"), default=0)
    deferral_kind = models.CharField(
        _("nature du différé"),
        max_length=8,
        choices=DeferralKindChoices.choices,
        default=DeferralKind.PARTIAL.value,
    )
    first_due_date = models.DateField(_("date de première échéance"))
    quotite_requested = models.DecimalField(
        _("quotité demandée à la Région (%)"),
        max_digits=5,
        decimal_places=2,
        validators=percent_validators(),
    )
    quotite_granted = models.DecimalField(
        _("quotité accordée par la Région (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=percent_validators(),
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prêt")
        verbose_name_plural = _("prêts")
        ordering = ["application", "position", "pk"]

    def __str__(self):
        return f"{self.lender} – {self.purpose}"

    @property
    def quotite(self) -> Decimal:
        """The Region's quotité: granted if set, else requested."""
        return self.quotite_granted if self.quotite_granted is not None else self.quotite_requested

    def terms(self) -> LoanTerms:
        return LoanTerms(
            amount=self.amount,
            duration_months=self.duration_months,
            annual_rate=self.annual_rate,
            first_due_date=self.first_due_date,
            profile=self.profile,
            periodicity=self.periodicity,
            deferral_months=self.deferral_months,
            deferral_kind=self.deferral_kind,
        )

    @cached_property
    def schedule(self):
        """The amortisation schedule, or None when the stored terms cannot be scheduled."""
        try:
            return amortisation_schedule(self.terms())
        except (InvalidLoanTerms, TypeError, ValueError):
            return None

    def guaranteed_loan(self, *, start_year=None) -> GuaranteedLoan | None:
        if self.schedule is None:
            return None
        application = self.application
        return GuaranteedLoan(
            schedule=self.schedule,
            quotite=self.quotite,
            borrower=borrower_key(application),
            departement=application.departement,
            start_year=start_year,
            label=f"{self.lender} – {self.purpose}",
        )


def borrower_key(application) -> str:
    """Borrowers are grouped by organisation; an application without one stands alone."""
    if application.organisation_id:
        return f"organisation-{application.organisation_id}"
    return f"dossier-{application.pk}"


class CoGuarantor(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="co_guarantors")
    name = models.CharField(_("co-garant"), max_length=200)
    quotite = models.DecimalField(
        _("quotité (%)"), max_digits=5, decimal_places=2, validators=percent_validators()
    )
    local_authority = models.BooleanField(
        _("collectivité territoriale"),
        default=True,
        help_text=_("Commune, département… Sa quotité compte dans le plafond de 50 %."),
    )

    class Meta:
        verbose_name = _("co-garant")
        verbose_name_plural = _("co-garants")
        ordering = ["loan", "pk"]

    def __str__(self):
        return self.name


class RegionFiscalYear(models.Model):
    """The Region's figures for one exercise, entered by staff, read by the ratio checks."""

    year = models.PositiveSmallIntegerField(
        _("exercice"),
        unique=True,
        validators=[
            MinValueValidator(2000, _("Indiquez un exercice entre 2000 et 2100.")),
            MaxValueValidator(2100, _("Indiquez un exercice entre 2000 et 2100.")),
        ],
    )
    operating_revenue = models.DecimalField(
        _("recettes réelles de fonctionnement (€)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=positive_amount_validators(),
    )
    own_debt_annuities = models.DecimalField(
        _("annuités de la dette propre (€)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0), _("Le montant ne peut pas être négatif."))],
    )
    provisions = models.DecimalField(
        _("provisions pour garanties d'emprunt (€)"),
        max_digits=15,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal(0), _("Le montant ne peut pas être négatif."))],
    )
    is_demo = models.BooleanField(_("valeurs de démonstration"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("chiffres de la Région pour un exercice")
        verbose_name_plural = _("chiffres de la Région par exercice")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class GuaranteeRatioSnapshot(models.Model):
    """A ratio report frozen as the committee saw it (append-only; the latest one is also
    copied into ``Decision.snapshot["ratios"]`` when the decision is recorded)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="ratio_snapshots"
    )
    report = models.JSONField(_("rapport des ratios"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    frozen_at = models.DateTimeField(_("figé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("ratios figés")
        verbose_name_plural = _("ratios figés")
        ordering = ["-frozen_at", "-pk"]

    def __str__(self):
        return f"{self.application} – {self.frozen_at:%d/%m/%Y}"


class GuaranteeFollowUp(models.Model):
    """Outstanding principal at 31 December declared by the borrower for one loan."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="follow_ups")
    year = models.PositiveSmallIntegerField(
        _("exercice"),
        validators=[
            MinValueValidator(2000, _("Indiquez un exercice entre 2000 et 2100.")),
            MaxValueValidator(2100, _("Indiquez un exercice entre 2000 et 2100.")),
        ],
    )
    outstanding = models.DecimalField(
        _("capital restant dû déclaré au 31 décembre (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), _("Le montant ne peut pas être négatif."))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("encours déclaré")
        verbose_name_plural = _("encours déclarés")
        ordering = ["loan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "year"], name="guarantee_follow_up_unique")
        ]

    def __str__(self):
        return f"{self.loan} – {self.year}"


class GuaranteeClaim(models.Model):
    """A claim on the guarantee (« mise en jeu »): after a default the lender turns to the
    Region, which pays in the borrower's place. Named « claim » so that « call » only ever
    means an « appel » (:class:`~projects.tracking.models.Call`)."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="guarantee_claims")
    date = models.DateField(_("date de la mise en jeu"))
    amount = models.DecimalField(
        _("montant appelé (€)"),
        max_digits=12,
        decimal_places=2,
        validators=positive_amount_validators(),
    )
    comment = models.TextField(_("commentaire"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mise en jeu de la garantie")
        verbose_name_plural = _("mises en jeu de la garantie")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.loan} – {self.date:%d/%m/%Y}"


__all__ = [
    "CoGuarantor",
    "GuaranteeClaim",
    "GuaranteeDetails",
    "GuaranteeFollowUp",
    "GuaranteeRatioSnapshot",
    "Loan",
    "RegionFiscalYear",
    "granted_guarantees",
    "guarantee_applications",
]
