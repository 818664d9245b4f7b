"""Project teams. A team is kept outside the page's revisions on purpose: restoring an old
revision must never give back edit rights to someone who left the team.

Each team has its own Django group carrying the Wagtail page permissions on its page and the
collection permissions on its image/document collection; membership rows are the truth and
``services`` keeps the group in step with them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectTeam(models.Model):
    page = models.OneToOneField(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="team"
    )
    group = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="project_team"
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    can_publish = models.BooleanField(
        _("publie directement"),
        default=False,
        help_text=_("Accordé après la première validation par la CRESS."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ProjectTeamMember", related_name="project_teams"
    )

    class Meta:
        verbose_name = _("équipe projet")
        verbose_name_plural = _("équipes projet")

    def __str__(self):
        return str(_("Équipe de « %(project)s »") % {"project": self.page.title})


class ProjectTeamMember(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrateur de l'équipe")
        MEMBER = "membre", _("Membre de l'équipe")

    team = models.ForeignKey(ProjectTeam, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(_("rôle"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'équipe projet")
        verbose_name_plural = _("membres d'équipe projet")
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="project_team_member_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.team}"


class ProjectInvitation(models.Model):
    team = models.ForeignKey(ProjectTeam, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail"))
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation dans une équipe projet")
        verbose_name_plural = _("invitations dans une équipe projet")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email
