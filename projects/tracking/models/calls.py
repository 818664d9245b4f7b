"""Schemes and their calls, configured as data by CRESS staff in the Wagtail admin.

Nothing about an edition is written in code: its dates, the ordered stages of its pipeline
(with the names staff and applicants see, and which roles move a dossier out of each one),
the documents it requires and its criteria grid all live in these rows, so a new edition or
a new scheme is a matter of configuration.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from labo.core.forms import SingleLineTextChecks

# Formats an applicant may be asked for, keyed by what the content check recognises.
DOCUMENT_FORMATS = {
    "pdf": _("PDF"),
    "docx": _("Word (.docx)"),
    "odt": _("OpenDocument texte (.odt)"),
    "xlsx": _("Excel (.xlsx)"),
    "ods": _("OpenDocument tableur (.ods)"),
    "jpg": _("Image JPEG"),
    "png": _("Image PNG"),
}
DEFAULT_DOCUMENT_FORMATS = "pdf"
SCORE_MAX = 4


def validate_formats(value: str) -> None:
    unknown = [f for f in split_formats(value) if f not in DOCUMENT_FORMATS]
    if unknown or not split_formats(value):
        raise ValidationError(
            _("Formats inconnus : %(formats)s. Formats possibles : %(known)s.")
            % {"formats": ", ".join(unknown) or "—", "known": ", ".join(DOCUMENT_FORMATS)}
        )


def split_formats(value: str) -> list[str]:
    return [part.strip().lower().lstrip(".") for part in value.split(",") if part.strip()]


class Scheme(models.Model):
    """A regional financial tool: the VIURE call for projects, the loan guarantee…"""

    class Kind(models.TextChoices):
        CALL_FOR_PROJECTS = "appel", _("Appel à projets")
        LOAN_GUARANTEE = "garantie", _("Garantie d'emprunt")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    short_name = models.CharField(
        _("préfixe des références"),
        max_length=12,
        unique=True,
        help_text=_("Début des numéros de dossier, par exemple VIURE → VIURE-2026-007."),
    )
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("dispositif")
        verbose_name_plural = _("dispositifs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CallAdminForm(SingleLineTextChecks, WagtailAdminModelForm):
    """The pipeline must start with exactly one draft stage then one submitted stage."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("stages")
        if formset is None or any(form.errors for form in formset.forms):
            return cleaned
        kept = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda data: data.get("ORDER") or 0)
        kinds = [data.get("kind") for data in kept]
        if (
            kinds.count(CallStage.Kind.DRAFT) != 1
            or kinds.count(CallStage.Kind.SUBMITTED) != 1
            or kinds[:2] != [CallStage.Kind.DRAFT, CallStage.Kind.SUBMITTED]
        ):
            raise ValidationError(
                _(
                    "Le parcours doit commencer par une seule étape « Brouillon » suivie "
                    "d'une seule étape « Dépôt »."
                )
            )
        codes = [data.get("code") for data in kept]
        if len(codes) != len(set(codes)):
            raise ValidationError(_("Deux étapes ne peuvent pas avoir le même code."))
        # « Accordé » moves the dossier on: a decision stage needs a stage after it.
        if kept[-1].get("takes_decision") or any(
            data.get("takes_decision") and data.get("kind") != CallStage.Kind.STEP for data in kept
        ):
            raise ValidationError(
                _(
                    "Une étape de décision doit être une étape d'instruction suivie d'au moins "
                    "une autre étape."
                )
            )
        return cleaned


class CallQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class Call(ClusterableModel):
    """One edition of a scheme (« VIURE 2026 »)."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("dispositif")
    )
    title = models.CharField(_("titre"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    opens_at = models.DateTimeField(_("ouverture des candidatures"))
    closes_at = models.DateTimeField(_("clôture des candidatures"))
    eligible_applicants = models.TextField(_("qui peut candidater"), blank=True)
    blind_reviews = models.BooleanField(
        _("avis à l'aveugle"),
        default=True,
        help_text=_("Un instructeur ne voit les avis des autres qu'après avoir soumis le sien."),
    )
    max_file_size_mb = models.PositiveSmallIntegerField(
        _("taille maximale d'un document (Mo)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    deliberation_number_pattern = models.CharField(
        _("forme des numéros de délibération"),
        max_length=120,
        blank=True,
        help_text=_(
            "Expression régulière que chaque numéro doit suivre en entier, par exemple "
            "CP/2025-12/\\d+\\.\\d+ (vide : pas de contrôle)."
        ),
    )
    deliberation_number_example = models.CharField(
        _("exemple de numéro de délibération"),
        max_length=40,
        blank=True,
        help_text=_("Montré aux instructeurs, par exemple CP/2025-12/04.12."),
    )

    # What the acknowledgement of receipt (« attestation de dépôt ») must name: the service in
    # charge of the dossier and how to reach it (CRPA art. R112-5), and the instruction
    # deadline when the edition announces one.
    instruction_service = models.CharField(
        _("service chargé des dossiers"),
        max_length=200,
        default="Région Occitanie – Direction de l'habitat",
    )
    service_address = models.TextField(
        _("adresse postale du service"),
        blank=True,
        help_text=_("Telle qu'elle figure sur une enveloppe, une ligne par ligne d'adresse."),
    )
    contact_email = models.EmailField(_("courriel du service"), blank=True)
    contact_phone = models.CharField(_("téléphone du service"), max_length=30, blank=True)
    instruction_months = models.PositiveSmallIntegerField(
        _("délai d'instruction (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "Compté à partir du dépôt : l'attestation de dépôt indique la date à laquelle une "
            "décision est attendue. Laissez vide si l'appel ne fixe pas de délai."
        ),
    )

    objects = CallQuerySet.as_manager()
    base_form_class = CallAdminForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("scheme"),
                FieldPanel("title"),
                FieldPanel("year"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("eligible_applicants"),
            ],
            heading=_("Édition"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_file_size_mb"),
                FieldPanel("blind_reviews"),
                FieldRowPanel(
                    [
                        FieldPanel("deliberation_number_pattern"),
                        FieldPanel("deliberation_number_example"),
                    ]
                ),
            ],
            heading=_("Règles"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("instruction_service"),
                FieldPanel("service_address"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("instruction_months"),
            ],
            heading=_("Accusé de réception des dossiers"),
        ),
        InlinePanel("stages", heading=_("Étapes du parcours (dans l'ordre)"), min_num=2),
        InlinePanel("required_documents", heading=_("Documents demandés")),
        InlinePanel("criteria", heading=_("Grille de critères (notés de 0 à 4)")),
    ]

    class Meta:
        verbose_name = _("appel")
        verbose_name_plural = _("appels")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="call_one_edition_per_year")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("La clôture doit être postérieure à l'ouverture.")}
            )
        if self.deliberation_number_pattern:
            try:
                pattern = re.compile(self.deliberation_number_pattern)
            except re.error:
                raise ValidationError(
                    {
                        "deliberation_number_pattern": _(
                            "Cette expression n'est pas valide : vérifiez les parenthèses et "
                            "les barres obliques inverses."
                        )
                    }
                ) from None
            example = self.deliberation_number_example
            if example and not pattern.fullmatch(example):
                raise ValidationError(
                    {"deliberation_number_example": _("L'exemple ne suit pas la forme indiquée.")}
                )

    def deliberation_number_error(self, number: str) -> str:
        """The French message for a number that does not follow the call's form, or ""."""
        if not self.deliberation_number_pattern:
            return ""
        if re.fullmatch(self.deliberation_number_pattern, number.strip()):
            return ""
        if self.deliberation_number_example:
            return _(
                "Ce numéro ne suit pas la forme des délibérations de cet appel, par exemple "
                "%(example)s."
            ) % {"example": self.deliberation_number_example}
        return _("Ce numéro ne suit pas la forme des délibérations de cet appel.")

    def decision_stages(self) -> list["CallStage"]:
        return [stage for stage in self.ordered_stages() if stage.takes_decision]

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def ordered_stages(self) -> list["CallStage"]:
        return sorted(self.stages.all(), key=lambda stage: stage.sort_order or 0)

    def ordered_criteria(self) -> list["Criterion"]:
        # Sorted in Python, like the stages: the dossier page prefetches them.
        return sorted(self.criteria.all(), key=lambda criterion: criterion.sort_order or 0)

    def draft_stage(self) -> "CallStage":
        return self.stages.get(kind=CallStage.Kind.DRAFT)

    def submitted_stage(self) -> "CallStage":
        return self.stages.get(kind=CallStage.Kind.SUBMITTED)


class MeetingKind(models.TextChoices):
    """The kinds of stage meeting; a stage may ask for one to have been held (``Meeting``)."""

    PRIOR_INTERVIEW = "entretien", _("Entretien préalable")
    PRE_HEARING = "preaudition", _("Pré-audition")
    AGORA = "agora", _("Agora")
    STANDING_COMMITTEE = "cp", _("Commission permanente")
    OTHER = "autre", _("Autre réunion")


class CallStage(Orderable):
    """A step of the call's pipeline, in ``sort_order``. Exactly one draft stage and one
    submitted stage start every pipeline; a final stage closes it."""

    class Kind(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon (avant dépôt)")
        SUBMITTED = "depot", _("Dépôt")
        STEP = "etape", _("Étape d'instruction")
        FINAL = "finale", _("Étape finale (dossier clos)")

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices, default=Kind.STEP)
    staff_name = models.CharField(_("nom pour les équipes"), max_length=120)
    applicant_name = models.CharField(_("nom pour les candidats"), max_length=120)
    applicant_message = models.TextField(
        _("message aux candidats"),
        blank=True,
        help_text=_("Ce que le candidat lit quand son dossier arrive à cette étape."),
    )
    moved_by_animateur = models.BooleanField(_("l'animateur CRESS fait avancer"), default=False)
    moved_by_instructeur = models.BooleanField(
        _("l'instructeur Région fait avancer"), default=False
    )
    due_days = models.PositiveSmallIntegerField(
        _("délai (jours)"),
        null=True,
        blank=True,
        help_text=_("Au-delà, le dossier est signalé « en retard » et un rappel est envoyé."),
    )
    # What a dossier must meet to leave the stage (checked by workflow.move, which names each
    # unmet condition).
    takes_decision = models.BooleanField(
        _("étape de décision"),
        default=False,
        help_text=_(
            "La décision de la Région s'enregistre à cette étape, et seulement à celle-ci : "
            "« accordé » fait passer le dossier à l'étape suivante, « refusé » le clôt."
        ),
    )
    required_reviews = models.PositiveSmallIntegerField(
        _("avis soumis requis"),
        default=0,
        help_text=_("Nombre d'avis d'instruction soumis avant de quitter l'étape (0 : aucun)."),
    )
    requires_documents = models.BooleanField(
        _("pièces demandées reçues"),
        default=False,
        help_text=_("Toutes les pièces demandées au candidat doivent être arrivées."),
    )
    required_meeting = models.CharField(
        _("réunion tenue"),
        max_length=12,
        choices=MeetingKind.choices,
        blank=True,
        help_text=_("Une réunion de ce type doit s'être tenue (date passée)."),
    )
    requires_frozen_ratios = models.BooleanField(
        _("ratios figés (garanties)"),
        default=False,
        help_text=_("Le rapport des ratios prudentiels doit avoir été figé pour le comité."),
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("staff_name"), FieldPanel("applicant_name")]),
        FieldPanel("applicant_message"),
        FieldRowPanel(
            [
                FieldPanel("moved_by_animateur"),
                FieldPanel("moved_by_instructeur"),
                FieldPanel("due_days"),
            ]
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("takes_decision"), FieldPanel("required_reviews")]),
                FieldRowPanel(
                    [
                        FieldPanel("requires_documents"),
                        FieldPanel("required_meeting"),
                        FieldPanel("requires_frozen_ratios"),
                    ]
                ),
            ],
            heading=_("Pour quitter cette étape"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="call_stage_code_unique")
        ]

    def __str__(self):
        return self.staff_name


class RequiredDocument(Orderable):
    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="required_documents")
    label = models.CharField(_("intitulé"), max_length=200)
    help_text = models.TextField(_("aide"), blank=True)
    mandatory = models.BooleanField(_("obligatoire"), default=True)
    formats = models.CharField(
        _("formats acceptés"),
        max_length=100,
        default=DEFAULT_DOCUMENT_FORMATS,
        validators=[validate_formats],
        help_text=_("Séparés par des virgules : pdf, docx, odt, xlsx, ods, jpg, png."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("mandatory"), FieldPanel("formats")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("document demandé")
        verbose_name_plural = _("documents demandés")

    def __str__(self):
        return self.label

    @property
    def format_list(self) -> list[str]:
        return split_formats(self.formats)


class Criterion(Orderable):
    """A line of the criteria grid (VIURE: Vivant, Inclusif, Utopique, Résilient,
    Esthétique), scored from 0 to SCORE_MAX by each reviewer."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("lettre ou code"), max_length=8)
    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    question = models.TextField(
        _("question posée au candidat"),
        blank=True,
        help_text=_("Le candidat y répond en texte libre dans son dossier."),
    )
    weight = models.DecimalField(
        _("pondération"),
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name"), FieldPanel("weight")]),
        FieldPanel("description"),
        FieldPanel("question"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("critère")
        verbose_name_plural = _("critères")

    def __str__(self):
        return f"{self.code} – {self.name}"
