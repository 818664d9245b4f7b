"""Applications (dossiers): what a project team submits to a call, its answers, budget and
documents. The dossier's place in the pipeline (``stage``, ``outcome``) only changes through
``projects.tracking.workflow``, which writes the history."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from labo.accounts.occitanie import Departement

from .calls import Call, CallStage, Criterion, MeetingKind, RequiredDocument, Scheme

MAX_AMOUNT = Decimal("999999999.99")


def private_storage():
    return storages["private"]


class Outcome(models.TextChoices):
    NOT_SELECTED = "non_retenu", _("Non retenu")
    REFUSED = "refuse", _("Refusé")
    REDIRECTED = "reoriente", _("Réorienté")
    WITHDRAWN = "abandon", _("Abandon")


def outcome_for_applicant(outcome) -> str:
    """An outcome in the applicant's words: a refusal is the Region's, of the aid they asked."""
    if outcome == Outcome.REFUSED:
        return str(_("Aide refusée"))
    return str(Outcome(outcome).label)


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(stage__kind=CallStage.Kind.DRAFT)

    def in_progress(self):
        return self.filter(outcome="").exclude(stage__kind=CallStage.Kind.FINAL)

    def overdue(self, now=None):
        return self.in_progress().filter(stage_due_at__lt=now or timezone.now())

    def for_team_member(self, user):
        return self.filter(project__team__memberships__user=user)

    def with_applicant_status(self):
        """What ``Application.status_for_applicant`` reads, fetched with the rows (the
        decision joined, the date of the commission permanente as a column): a list of
        dossiers shows each one's status without a query per row."""
        from .pipeline import Meeting

        committee = Meeting.objects.filter(
            application=OuterRef("pk"), kind=MeetingKind.STANDING_COMMITTEE
        ).order_by("-starts_at")
        return self.select_related("stage", "decision").annotate(
            committee_starts_at=Subquery(committee.values("starts_at")[:1])
        )


class Application(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("appel")
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("projet"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("structure candidate"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    number = models.PositiveIntegerField(_("numéro d'ordre"), null=True, blank=True)
    reference = models.CharField(_("référence"), max_length=40, blank=True, db_index=True)

    stage = models.ForeignKey(
        CallStage, on_delete=models.PROTECT, related_name="applications", verbose_name=_("étape")
    )
    stage_entered_at = models.DateTimeField(_("entré à cette étape le"), default=timezone.now)
    stage_due_at = models.DateTimeField(_("échéance de l'étape"), null=True, blank=True)
    outcome = models.CharField(
        _("issue"), max_length=12, choices=Outcome.choices, blank=True, db_index=True
    )
    outcome_at = models.DateTimeField(_("issue le"), null=True, blank=True)
    redirected_to = models.ForeignKey(
        Scheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réorienté vers"),
    )
    redirected_to_detail = models.CharField(
        _("précision sur la réorientation"), max_length=200, blank=True
    )
    staff_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracked_applications",
        verbose_name=_("chargé de suivi"),
    )

    # The operation, as the applicant describes it.
    operation_title = models.CharField(_("intitulé de l'opération"), max_length=200, blank=True)
    operation_summary = models.TextField(_("résumé de l'opération"), blank=True)
    operation_description = models.TextField(_("description de l'opération"), blank=True)
    departement = models.CharField(
        _("département"), max_length=2, choices=Departement.choices, blank=True, db_index=True
    )
    dwellings = models.PositiveSmallIntegerField(_("nombre de logements"), null=True, blank=True)
    amount_requested = models.DecimalField(
        _("montant sollicité (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    current_step = models.CharField(_("étape du formulaire"), max_length=32, blank=True)
    # What the applicant typed that did not validate yet (per form step), kept with the
    # dossier rather than in the session so nothing is lost: re-displayed with its errors.
    pending_input = models.JSONField(_("saisie à corriger"), default=dict, blank=True)

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    late_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dépôt tardif accepté par"),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "number"],
                condition=Q(number__isnull=False),
                name="application_number_unique_per_call",
            ),
            models.UniqueConstraint(
                fields=["call", "project"],
                condition=~Q(outcome=Outcome.WITHDRAWN),
                name="application_one_live_per_project_and_call",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "stage"]),
            # The staff listing's default order.
            models.Index(fields=["-submitted_at"], name="application_submitted_idx"),
        ]
        permissions = [
            ("view_staff_pipeline", "Voit et instruit les dossiers"),
        ]

    def __str__(self):
        return self.reference or str(_("Brouillon de « %(project)s »") % {"project": self.project})

    @property
    def is_draft(self) -> bool:
        return self.stage.kind == CallStage.Kind.DRAFT

    @property
    def is_closed(self) -> bool:
        return bool(self.outcome) or self.stage.kind == CallStage.Kind.FINAL

    @property
    def is_overdue(self) -> bool:
        return (
            not self.is_closed
            and self.stage_due_at is not None
            and self.stage_due_at < timezone.now()
        )

    def status_for_applicant(self) -> str:
        """Where the dossier stands, in the applicant's words: the outcome (« Aide refusée »
        for a refusal), « Aide accordée » once the Region has granted it, the commission
        permanente it goes to while it waits for the decision, otherwise its stage. The
        dossier page, the lists and the notifications of an outcome or a decision all say it
        with this method, so the team is never told one thing and shown another."""
        if self.outcome:
            return outcome_for_applicant(self.outcome)
        decision = self.current_decision()
        if decision is not None:
            return decision.result_for_applicant()
        if self.stage.takes_decision:
            committee = self.committee_meeting_at()
            if committee is not None:
                return str(_("Présenté en commission permanente du %(date)s")) % {
                    "date": date_format(timezone.localdate(committee), "j F Y")
                }
        return self.stage.applicant_name

    def current_decision(self):
        """The Region's decision on the dossier, or None (annulled or not taken yet)."""
        try:
            return self.decision
        except ObjectDoesNotExist:
            return None

    def committee_meeting_at(self):
        """When the commission permanente examines the dossier: its last meeting of that
        kind (annotated by ``with_applicant_status``, else read from the prefetched or
        stored meetings)."""
        if hasattr(self, "committee_starts_at"):
            return self.committee_starts_at
        dates = [
            meeting.starts_at
            for meeting in self.meetings.all()
            if meeting.kind == MeetingKind.STANDING_COMMITTEE
        ]
        return max(dates, default=None)

    def status_for_staff(self) -> str:
        if self.outcome:
            return self.get_outcome_display()
        return self.stage.staff_name


class BudgetLine(models.Model):
    """A row of the operation's budget: expenses on one side, resources (the financing
    plan) on the other; the two totals must balance before submission."""

    class Side(models.TextChoices):
        EXPENSE = "depense", _("Dépense")
        RESOURCE = "ressource", _("Ressource")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    side = models.CharField(_("nature"), max_length=10, choices=Side.choices)
    label = models.CharField(_("poste"), max_length=200)
    amount = models.DecimalField(
        _("montant (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")
        ordering = ["side", "position", "pk"]

    def __str__(self):
        return self.label


class CriterionAnswer(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="criterion_answers"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("réponse"), blank=True)

    class Meta:
        verbose_name = _("réponse au critère")
        verbose_name_plural = _("réponses aux critères")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="criterion_answer_unique"
            )
        ]

    def __str__(self):
        return f"{self.criterion_id} – {self.text[:60]}"


def document_path(instance, filename):
    # The stored name never reuses what the user typed: the original (sanitised) name is
    # kept in a column and only used for the download's Content-Disposition.
    return f"dossiers/{instance.application_id}/{timezone.now():%Y%m}/{instance.token}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        RequiredDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uploads",
        verbose_name=_("pièce demandée"),
    )
    request = models.ForeignKey(
        "tracking.DocumentRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("demande de pièce"),
    )
    token = models.CharField(max_length=40, unique=True, editable=False)
    file = models.FileField(_("fichier"), upload_to=document_path, storage=private_storage)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    staff_only = models.BooleanField(
        _("réservé aux équipes"),
        default=False,
        help_text=_("Pièce ajoutée par les équipes, invisible du candidat."),
    )

    class Meta:
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        if not self.token:
            import secrets

            self.token = secrets.token_urlsafe(24)
        super().save(*args, **kwargs)
