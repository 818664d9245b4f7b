from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a user should know about. The database is the truth: the live badge only
    tells the browser to re-read the unread count."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    kind = models.CharField(_("type"), max_length=64)
    message = models.CharField(_("message"), max_length=500)
    link = models.CharField(_("lien"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par e-mail le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.message

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(models.Model):
    class EmailFrequency(models.TextChoices):
        IMMEDIATELY = "immediate", _("Immédiatement, un e-mail par notification")
        DAILY = "daily", _("Un résumé quotidien")
        NEVER = "never", _("Jamais (seulement sur le site)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_frequency = models.CharField(
        _("recevoir les notifications par e-mail"),
        max_length=16,
        choices=EmailFrequency.choices,
        default=EmailFrequency.DAILY,
    )

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self):
        return f"{self.user} : {self.get_email_frequency_display()}"
