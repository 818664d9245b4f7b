"""What happens to a dossier once it is submitted: its append-only history, comments,
requests for documents and stage meetings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application, Outcome
from .calls import CallStage, MeetingKind


class Visibility(models.TextChoices):
    INTERNAL = "interne", _("Interne (équipes seulement)")
    SHARED = "partage", _("Partagé avec le candidat")


class AppendOnlyError(ValidationError):
    pass


class HistoryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("L'historique d'un dossier ne peut pas être modifié."))

    def delete(self):
        raise AppendOnlyError(_("L'historique d'un dossier ne peut pas être supprimé."))

    def visible_to_applicant(self):
        """What the team reads of its dossier's history: the shared entries, and every change
        of stage or outcome, which the team is always told of (an internal one without its
        comment: ``HistoryEntry.comment_for_applicant``)."""
        return self.filter(
            models.Q(visibility=Visibility.SHARED) | models.Q(kind__in=HistoryEntry.TOLD_KINDS)
        )


class HistoryEntry(models.Model):
    """One line of a dossier's history. Rows are only ever inserted: saving an existing row,
    deleting one, or bulk updates raise, and the admin offers neither change nor delete."""

    class Kind(models.TextChoices):
        CREATED = "creation", _("Création du brouillon")
        SUBMITTED = "depot", _("Dépôt")
        TRANSITION = "etape", _("Changement d'étape")
        OUTCOME = "issue", _("Issue")
        LATE_ACCEPTED = "tardif", _("Dépôt tardif accepté")
        DECISION = "decision", _("Décision")
        DOCUMENT_REQUEST = "demande", _("Demande de pièces")
        DOCUMENT_ADDED = "piece", _("Pièce ajoutée")
        MEETING = "reunion", _("Réunion")
        REVIEW = "avis", _("Avis d'instruction")
        DECISION_CORRECTED = "correction", _("Décision corrigée")
        DECISION_ANNULLED = "annulation", _("Décision annulée")
        REVERTED = "retour", _("Retour à l'étape précédente")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="history")
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    from_stage = models.ForeignKey(
        CallStage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(
        CallStage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("issue"), max_length=12, choices=Outcome.choices, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    visibility = models.CharField(
        _("visibilité"), max_length=8, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    # What a correction or an annulment replaced (the decision as it stood), kept here because
    # nothing is edited in place without its previous version.
    details = models.JSONField(_("détails"), default=dict, blank=True)

    # Changes the workflow always notifies to the team, whatever the visibility of their
    # comment (which only decides whether the comment goes with them).
    TOLD_KINDS = (
        Kind.SUBMITTED,
        Kind.TRANSITION,
        Kind.OUTCOME,
        Kind.DECISION,
        Kind.DECISION_CORRECTED,
        Kind.DECISION_ANNULLED,
        Kind.REVERTED,
    )

    objects = HistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée d'historique")
        verbose_name_plural = _("historique")
        ordering = ["created_at", "pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.get_kind_display()} – {self.created_at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError(_("L'historique d'un dossier ne peut pas être modifié."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("L'historique d'un dossier ne peut pas être supprimé."))

    @property
    def comment_for_applicant(self) -> str:
        return self.comment if self.visibility == Visibility.SHARED else ""


class Comment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("commentaire"))
    visibility = models.CharField(
        _("visibilité"), max_length=8, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class DocumentRequest(models.Model):
    """Staff ask the applicant for more documents; the frozen dossier accepts uploads
    answering an open request."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="document_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    label = models.CharField(_("pièce demandée"), max_length=200)
    message = models.TextField(_("message au candidat"), blank=True)
    due_date = models.DateField(_("à fournir avant le"))
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    fulfilled_at = models.DateTimeField(_("fourni le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande de pièce")
        verbose_name_plural = _("demandes de pièces")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.label

    @property
    def is_open(self) -> bool:
        return self.fulfilled_at is None


class Meeting(models.Model):
    Kind = MeetingKind

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("type de réunion"), max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    video_url = models.URLField(_("lien de visio"), blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="tracking_meetings", blank=True
    )
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu (interne)"), blank=True)
    outcome = models.TextField(_("conclusion"), blank=True)
    deliberation_date = models.DateField(_("date de délibération"), null=True, blank=True)
    deliberation_number = models.CharField(_("numéro de délibération"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invitations_sent_at = models.DateTimeField(_("invitations envoyées le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.starts_at:%d/%m/%Y}"

    def clean(self):
        if not self.location and not self.video_url:
            raise ValidationError({"location": _("Indiquez un lieu ou un lien de visio.")})
