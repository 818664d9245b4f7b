import datetime
import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .occitanie import Departement, LegalForm
from .validators import normalise_siren, validate_siren


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account; the e-mail address is the login."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(
        _("nom affiché"),
        max_length=150,
        blank=True,
        help_text=_("Le nom que les autres membres voient (prénom et nom, ou pseudonyme)."),
    )
    organisations = models.ManyToManyField(
        "Organisation",
        through="Membership",
        related_name="members",
        blank=True,
        verbose_name=_("structures"),
    )
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["display_name", "email"]

    def __str__(self):
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        # Accounts created in the Wagtail admin only have first and last names.
        if not self.display_name:
            self.display_name = " ".join(filter(None, [self.first_name, self.last_name]))
        super().save(*args, **kwargs)

    # Wagtail and Django admin call these to name a user.
    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email


class Organisation(models.Model):
    """A structure: association, cooperative, OFS, local authority, support body…"""

    class Kind(models.TextChoices):
        HOLDER = "porteur", _("Porteur de projet")
        SUPPORT = "accompagnateur", _("Accompagnateur")
        FUNDER = "financeur", _("Financeur")
        AUTHORITY = "collectivite", _("Collectivité")

    class EssStatus(models.TextChoices):
        BY_LAW = "de_droit", _("ESS de droit (association, coopérative, mutuelle, fondation)")
        COMMERCIAL = "commerciale", _("Société commerciale de l'ESS")
        ESUS = "esus", _("Agréée ESUS")
        NONE = "non", _("Hors ESS")
        UNKNOWN = "inconnu", _("Ne sait pas")

    name = models.CharField(_("nom"), max_length=200)
    siren = models.CharField(
        _("SIREN"),
        max_length=11,
        blank=True,
        validators=[validate_siren],
        help_text=_("Facultatif. 9 chiffres, espaces acceptés."),
    )
    legal_form = models.CharField(_("forme juridique"), max_length=32, choices=LegalForm.choices)
    ess_status = models.CharField(
        _("statut ESS"), max_length=16, choices=EssStatus.choices, default=EssStatus.UNKNOWN
    )
    departement = models.CharField(_("département"), max_length=2, choices=Departement.choices)
    website = models.URLField(_("site web"), blank=True)
    kind = models.CharField(_("type de structure"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siren"],
                condition=~models.Q(siren=""),
                name="organisation_unique_siren",
                violation_error_message=_("Une structure avec ce SIREN existe déjà."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.siren:
            self.siren = normalise_siren(self.siren)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "membre", _("Membre")
        ADMIN = "admin", _("Administrateur de la structure")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class OrganisationInvitation(models.Model):
    """An invitation to join a structure, accepted by the person it was sent to: nobody is
    made a member of a structure without their consent, and inviting an address never tells
    whether it has an account."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(
        _("rôle"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="organisation_invitations_sent"
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisation_invitations_accepted",
    )

    class Meta:
        verbose_name = _("invitation dans une structure")
        verbose_name_plural = _("invitations dans une structure")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} – {self.organisation}"


def _private_storage():
    # Outside MEDIA_ROOT, without a URL: only the owner's download view serves it.
    from django.core.files.storage import storages

    return storages["private"]


def _archive_path(instance, filename):
    return f"exports/{instance.token}.zip"


class PersonalDataExport(models.Model):
    """A ZIP of everything the platform holds about a person, with the files they uploaded
    (labo.accounts.personal_data), built in the background and kept a week."""

    class Status(models.TextChoices):
        QUEUED = "en_attente", _("En attente")
        RUNNING = "en_cours", _("En préparation")
        READY = "pret", _("Prête")
        FAILED = "echec", _("Échec")

    KEPT_FOR = datetime.timedelta(days=7)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    file = models.FileField(upload_to=_archive_path, storage=_private_storage, blank=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("prête le"), null=True, blank=True)

    class Meta:
        verbose_name = _("archive de données personnelles")
        verbose_name_plural = _("archives de données personnelles")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} – {self.created_at:%d/%m/%Y}"

    @property
    def expires_at(self):
        return (self.finished_at or self.created_at) + self.KEPT_FOR

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return timezone.now() >= self.expires_at

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
