"""Starting configurations of the two regional schemes, as DOMAIN.md describes them. Staff
edit everything afterwards in the Wagtail admin: these presets only spare them typing the
usual stages, criteria and documents when they open a new edition (and feed the demo)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Call, CallStage, Criterion, MeetingKind, RequiredDocument, Scheme

DRAFT, SUBMITTED, STEP, FINAL = (
    CallStage.Kind.DRAFT,
    CallStage.Kind.SUBMITTED,
    CallStage.Kind.STEP,
    CallStage.Kind.FINAL,
)


# The Region's deliberations are numbered « CP/<year>-<month>/<session>.<item> ».
DELIBERATION_NUMBERS = {
    "deliberation_number_pattern": r"CP/\d{4}-\d{2}/\d+\.\d+",
    "deliberation_number_example": "CP/2026-12/04.12",
}


@dataclass(frozen=True)
class StagePreset:
    code: str
    kind: str
    staff_name: str
    applicant_name: str
    animateur: bool = False
    instructeur: bool = False
    due_days: int | None = None
    # What the dossier must meet to leave the stage (CallStage).
    takes_decision: bool = False
    required_reviews: int = 0
    requires_documents: bool = False
    required_meeting: str = ""
    requires_frozen_ratios: bool = False


VIURE_STAGES = [
    StagePreset("brouillon", DRAFT, _("Brouillon"), _("Brouillon")),
    StagePreset("depose", SUBMITTED, _("Déposé"), _("Dossier déposé"), animateur=True, due_days=21),
    StagePreset(
        "entretien-prealable",
        STEP,
        _("Entretien préalable (CRESS)"),
        _("Entretien préalable avec la CRESS"),
        animateur=True,
        due_days=45,
        required_meeting=MeetingKind.PRIOR_INTERVIEW,
    ),
    StagePreset(
        "pre-audition",
        STEP,
        _("Pré-audition (services de la Région)"),
        _("Pré-audition par les services de la Région"),
        instructeur=True,
        due_days=45,
        required_meeting=MeetingKind.PRE_HEARING,
        requires_documents=True,
    ),
    StagePreset(
        "agora",
        STEP,
        _("Agora"),
        _("Agora avec les services de la Région"),
        instructeur=True,
        due_days=30,
        required_meeting=MeetingKind.AGORA,
    ),
    StagePreset(
        "selection",
        STEP,
        _("Sélection"),
        _("Sélection"),
        instructeur=True,
        due_days=30,
        required_reviews=1,
    ),
    StagePreset(
        "commission-permanente",
        STEP,
        _("Délibération en commission permanente"),
        _("Délibération de la Région"),
        instructeur=True,
        due_days=90,
        takes_decision=True,
    ),
    StagePreset(
        "convention", STEP, _("Convention"), _("Signature de la convention"), instructeur=True
    ),
    StagePreset("versement", STEP, _("Versement"), _("Versement de l'aide"), instructeur=True),
    StagePreset("suivi", FINAL, _("Suivi"), _("Suivi du projet")),
]

GUARANTEE_STAGES = [
    StagePreset("brouillon", DRAFT, _("Brouillon"), _("Brouillon")),
    StagePreset(
        "depose", SUBMITTED, _("Déposé"), _("Demande déposée"), animateur=True, due_days=21
    ),
    StagePreset(
        "mise-en-relation",
        STEP,
        _("Mise en relation avec les services de la Région"),
        _("Mise en relation avec les services de la Région"),
        animateur=True,
        instructeur=True,
        due_days=30,
    ),
    StagePreset(
        "instruction",
        STEP,
        _("Instruction"),
        _("Instruction de la demande"),
        instructeur=True,
        due_days=90,
        requires_documents=True,
        requires_frozen_ratios=True,
    ),
    StagePreset(
        "commission-permanente",
        STEP,
        _("Commission permanente"),
        _("Délibération en commission permanente"),
        instructeur=True,
        due_days=90,
        takes_decision=True,
    ),
    StagePreset(
        "engagement",
        STEP,
        _("Engagement / convention signé"),
        _("Convention de garantie signée"),
        instructeur=True,
    ),
    StagePreset("suivi", FINAL, _("Suivi (encours)"), _("Suivi de la garantie")),
]

VIURE_CRITERIA = [
    (
        "V",
        _("Vivant"),
        _(
            "Le projet fait vivre un lieu et un collectif : activités, ouverture sur le "
            "quartier ou le village."
        ),
    ),
    (
        "I",
        _("Inclusif"),
        _(
            "Le projet accueille des publics divers : revenus, âges, situations de handicap "
            "ou de fragilité."
        ),
    ),
    (
        "U",
        _("Utopique"),
        _("Le projet invente : gouvernance, propriété, usages partagés, rapport au foncier."),
    ),
    (
        "R",
        _("Résilient"),
        _(
            "Le projet tient dans la durée : sobriété, matériaux, adaptation au climat, "
            "modèle économique."
        ),
    ),
    (
        "E",
        _("Esthétique"),
        _("Le projet soigne son architecture, son paysage et son insertion dans le site."),
    ),
]

VIURE_DOCUMENTS = [
    (_("Statuts de la structure candidate"), True, "pdf"),
    (_("Note de présentation du projet"), True, "pdf,docx,odt"),
    (_("Plan de financement détaillé"), True, "pdf,xlsx,ods"),
    (_("Plans ou esquisses"), False, "pdf,jpg,png"),
    (_("Lettres de soutien (commune, partenaires)"), False, "pdf"),
]

# Where the acknowledgement of receipt sends the applicant's mail (CRPA art. R112-5): the
# Région's seat. The service's name is the Call field's default; its e-mail and telephone
# are the edition's to fill in.
REGION_SERVICE_ADDRESS = "Hôtel de Région\n22 boulevard du Maréchal Juin\n31406 Toulouse Cedex 9"

GUARANTEE_DOCUMENTS = [
    (_("Lettre de demande de garantie"), True, "pdf"),
    (_("Statuts de l'emprunteur"), True, "pdf"),
    (_("Délibération de l'organe délibérant"), True, "pdf"),
    (_("Note sur l'opération"), True, "pdf,docx,odt"),
    (_("Plan de financement"), True, "pdf,xlsx,ods"),
    (_("Offre de prêt et tableau d'amortissement du prêteur"), True, "pdf"),
    (_("Devis"), False, "pdf"),
    (_("Délibérations des co-garants"), False, "pdf"),
]


def viure_scheme() -> Scheme:
    scheme, _created = Scheme.objects.get_or_create(
        short_name="VIURE",
        defaults={
            "name": "VIURE – Nouvelles formes d'habiter",
            "kind": Scheme.Kind.CALL_FOR_PROJECTS,
            "description": str(
                _(
                    "Appel à projets de la Région Occitanie : Vivant, Inclusif, Utopique, "
                    "Résilient, Esthétique."
                )
            ),
        },
    )
    return scheme


def guarantee_scheme() -> Scheme:
    scheme, _created = Scheme.objects.get_or_create(
        short_name="GAR",
        defaults={
            "name": "Garantie d'emprunt de la Région",
            "kind": Scheme.Kind.LOAN_GUARANTEE,
            "description": str(
                _(
                    "Garantie par la Région des emprunts des opérations d'habitat des communs "
                    "portées par des acteurs de l'ESS."
                )
            ),
        },
    )
    return scheme


@transaction.atomic
def create_call(scheme: Scheme, *, year, opens_at, closes_at, title="", **fields) -> Call:
    """A new edition with the scheme's usual stages, criteria and documents."""
    is_guarantee = scheme.kind == Scheme.Kind.LOAN_GUARANTEE
    call = Call.objects.create(
        scheme=scheme,
        year=year,
        title=title or f"{scheme.name} {year}",
        opens_at=opens_at,
        closes_at=closes_at,
        **{"service_address": REGION_SERVICE_ADDRESS, **fields},
    )
    for order, preset in enumerate(GUARANTEE_STAGES if is_guarantee else VIURE_STAGES):
        CallStage.objects.create(
            call=call,
            sort_order=order,
            code=preset.code,
            kind=preset.kind,
            staff_name=str(preset.staff_name),
            applicant_name=str(preset.applicant_name),
            moved_by_animateur=preset.animateur,
            moved_by_instructeur=preset.instructeur,
            due_days=preset.due_days,
            takes_decision=preset.takes_decision,
            required_reviews=preset.required_reviews,
            requires_documents=preset.requires_documents,
            required_meeting=preset.required_meeting,
            requires_frozen_ratios=preset.requires_frozen_ratios,
        )
    documents = GUARANTEE_DOCUMENTS if is_guarantee else VIURE_DOCUMENTS
    for order, (label, mandatory, formats) in enumerate(documents):
        RequiredDocument.objects.create(
            call=call, sort_order=order, label=str(label), mandatory=mandatory, formats=formats
        )
    if not is_guarantee:
        for order, (code, name, description) in enumerate(VIURE_CRITERIA):
            Criterion.objects.create(
                call=call,
                sort_order=order,
                code=code,
                name=str(name),
                description=str(description),
                question=str(
                    _("En quoi votre projet est-il %(name)s ?") % {"name": str(name).lower()}
                ),
                weight=Decimal("1"),
            )
    return call
