"""Reviews of a dossier against its call's criteria grid, and the decision."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application, Outcome, outcome_for_applicant
from .calls import SCORE_MAX, Criterion


class Review(models.Model):
    """One assigned reviewer's review. Assigning creates the row; submitting freezes it."""

    class Recommendation(models.TextChoices):
        FAVORABLE = "favorable", _("Favorable")
        RESERVED = "reserve", _("Réservé")
        UNFAVORABLE = "defavorable", _("Défavorable")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tracking_reviews",
        verbose_name=_("instructeur"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigné le"), auto_now_add=True)
    recommendation = models.CharField(
        _("recommandation"), max_length=12, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("avis général"), blank=True)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)

    class Meta:
        verbose_name = _("avis d'instruction")
        verbose_name_plural = _("avis d'instruction")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_unique")
        ]

    def __str__(self):
        return str(_("Avis de %(reviewer)s") % {"reviewer": self.reviewer})

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        _("note"), validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__lte=SCORE_MAX), name="review_score_in_scale"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}/{SCORE_MAX}"


class Decision(models.Model):
    class Body(models.TextChoices):
        STANDING_COMMITTEE = "cp", _("Commission permanente")
        PLENARY = "pleniere", _("Assemblée plénière")

    class Result(models.TextChoices):
        GRANTED = "accorde", _("Accordé")
        REFUSED = "refuse", _("Refusé")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    body = models.CharField(_("instance"), max_length=10, choices=Body.choices)
    result = models.CharField(_("décision"), max_length=10, choices=Result.choices)
    date = models.DateField(_("date de la délibération"))
    deliberation_number = models.CharField(_("numéro de délibération"), max_length=40)
    amount_granted = models.DecimalField(
        _("montant accordé (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    amount_justification = models.TextField(
        _("justification du montant"),
        blank=True,
        help_text=_("Obligatoire quand le montant accordé dépasse le montant sollicité."),
    )
    conditions = models.TextField(_("conditions"), blank=True)
    message_to_applicant = models.TextField(_("message au candidat"), blank=True)
    # What the committee saw (e.g. the loan guarantee's prudential ratio checks), frozen.
    snapshot = models.JSONField(_("éléments figés à la décision"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    # Raised by each correction: a form sent against an older version is refused, so two
    # people correcting at once never overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")

    def __str__(self):
        return f"{self.get_result_display()} – {self.deliberation_number}"

    def result_for_applicant(self) -> str:
        """« Aide accordée » or « Aide refusée »: the words of the team's dossier page."""
        if self.result == self.Result.REFUSED:
            return outcome_for_applicant(Outcome.REFUSED)
        return str(_("Aide accordée"))


class DecisionReading(models.Model):
    """The read receipt (« accusé de lecture ») of a decision: who of the project's team first
    opened it (the dossier page while the decision stands, or its PDF), and when, once per
    version: a corrected decision is read again. An annulled decision's receipts stay, with
    the dossier, as the trace that the team had read it."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="decision_readings"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="readings"
    )
    version = models.PositiveIntegerField(_("version lue"))
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("lue par"),
    )
    read_at = models.DateTimeField(_("lue le"), default=timezone.now)

    class Meta:
        verbose_name = _("accusé de lecture de la décision")
        verbose_name_plural = _("accusés de lecture des décisions")
        ordering = ["read_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "version"], name="decision_reading_first_per_version"
            )
        ]

    def __str__(self):
        return f"{self.application_id} v{self.version} – {self.read_at:%d/%m/%Y %H:%M}"
