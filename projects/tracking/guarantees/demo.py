"""Demo content of the loan guarantee (DOMAIN.md): the 2025 funnel — 5 project holders put
in touch with the Region's services, 1 guarantee granted — with realistic loans, and the
Region's yearly figures for 2024–2026, plausible orders of magnitude marked as demo.

Idempotent: it completes what another loader (or an earlier run) left, never duplicates.
Applications of a closed call cannot go through ``workflow.create_draft``: they are written
as they would stand today, with their history entries.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from labo.accounts.models import Organisation
from projects.models import Commune, ProjectPage

from .. import presets
from ..models import (
    Application,
    CoGuarantor,
    Decision,
    GuaranteeDetails,
    GuaranteeFollowUp,
    HistoryEntry,
    Loan,
    RegionFiscalYear,
    Visibility,
)
from . import services

D = Decimal

REGION_FIGURES = [
    # year, recettes réelles de fonctionnement, annuités de la dette propre
    (2024, D("3480000000.00"), D("248000000.00")),
    (2025, D("3530000000.00"), D("256000000.00")),
    (2026, D("3575000000.00"), D("263000000.00")),
]

# stage code reached, outcome, operation, loans: (lender, purpose, amount, months, rate,
# rate type, index, margin, profile, periodicity, deferral, first due, quotité, co-guarantors)
APPLICATIONS = [
    {
        "stage": "suivi",
        "outcome": "",
        "organisation": "Coopérative d'habitants Les Tilleuls",
        "title": "Construction de 14 logements coopératifs et d'une salle commune",
        "commune": "31446",
        "dwellings": 14,
        "brs": False,
        "total_cost": D("3150000.00"),
        "ess": "Salle commune ouverte aux associations du quartier, atelier partagé.",
        "loans": [
            (
                "Crédit Coopératif",
                "Construction des logements coopératifs",
                D("1200000.00"),
                300,
                D("3.40"),
                "fixe",
                "",
                None,
                "constant_annuity",
                "quarterly",
                12,
                datetime.date(2026, 3, 31),
                D("50"),
                [("Foncière solidaire Habitat et Partage", D("20"), False)],
            ),
            (
                "Banque des Territoires",
                "Salle commune et espaces partagés",
                D("250000.00"),
                240,
                D("2.30"),
                "indexe",
                "Livret A",
                D("0.60"),
                "constant_amortisation",
                "yearly",
                0,
                datetime.date(2026, 6, 30),
                D("25"),
                [("Commune de Ramonville-Saint-Agne", D("25"), True)],
            ),
        ],
    },
    {
        "stage": "commission-permanente",
        "outcome": "",
        "organisation": "OFS Terres communes d'Occitanie",
        "title": "Acquisition-amélioration de 8 logements en bail réel solidaire",
        "commune": "34172",
        "dwellings": 8,
        "brs": True,
        "total_cost": D("1860000.00"),
        "ofs": "Arrêté préfectoral R76-2024-03-112 du 12 mars 2024",
        "loans": [
            (
                "Banque des Territoires",
                "Acquisition du foncier (Gaia long terme)",
                D("640000.00"),
                600,
                D("3.00"),
                "indexe",
                "Livret A",
                D("0.60"),
                "constant_annuity",
                "yearly",
                24,
                datetime.date(2027, 1, 31),
                D("50"),
                [],
            ),
        ],
    },
    {
        "stage": "instruction",
        "outcome": "",
        "organisation": "SCIC L'Oustal partagé",
        "title": "Réhabilitation d'un corps de ferme en 6 logements et un tiers-lieu",
        "commune": "12202",
        "dwellings": 6,
        "brs": False,
        "total_cost": D("1240000.00"),
        "ess": "Tiers-lieu agricole : épicerie coopérative et café associatif.",
        "loans": [
            (
                "Crédit Agricole Nord Midi-Pyrénées",
                "Travaux de réhabilitation",
                D("480000.00"),
                240,
                D("3.85"),
                "fixe",
                "",
                None,
                "constant_annuity",
                "monthly",
                0,
                datetime.date(2026, 9, 5),
                D("50"),
                [("Département de l'Aveyron", D("10"), True)],
            ),
        ],
    },
    {
        "stage": "mise-en-relation",
        "outcome": "",
        "organisation": "Association Habiter autrement en Cerdagne",
        "title": "Habitat participatif de 9 logements",
        "commune": "66025",
        "dwellings": 9,
        "brs": False,
        "total_cost": D("2050000.00"),
        "loans": [
            (
                "La Nef",
                "Construction",
                D("900000.00"),
                300,
                D("3.60"),
                "fixe",
                "",
                None,
                "constant_annuity",
                "quarterly",
                0,
                datetime.date(2027, 3, 31),
                D("40"),
                [],
            ),
        ],
    },
    {
        "stage": "mise-en-relation",
        "outcome": "abandon",
        "organisation": "SAS coopérative Les Jardins de l'Ousse",
        "title": "Habitat partagé intergénérationnel de 5 logements",
        "commune": "65440",
        "dwellings": 5,
        "brs": False,
        "total_cost": D("980000.00"),
        "loans": [
            (
                "Crédit Mutuel",
                "Acquisition et travaux",
                D("420000.00"),
                180,
                D("3.95"),
                "fixe",
                "",
                None,
                "in_fine",
                "yearly",
                0,
                datetime.date(2026, 12, 31),
                D("50"),
                [],
            ),
        ],
    },
]


def _call_2025():
    scheme = presets.guarantee_scheme()
    call = scheme.calls.filter(year=2025).first()
    if call is None:
        tz = timezone.get_current_timezone()
        call = presets.create_call(
            scheme,
            year=2025,
            opens_at=datetime.datetime(2025, 1, 15, 9, 0, tzinfo=tz),
            closes_at=datetime.datetime(2025, 12, 15, 18, 0, tzinfo=tz),
            **presets.DELIBERATION_NUMBERS,
        )
    return call


def _region_figures():
    for year, revenue, debt in REGION_FIGURES:
        RegionFiscalYear.objects.get_or_create(
            year=year,
            defaults={
                "operating_revenue": revenue,
                "own_debt_annuities": debt,
                "provisions": D("0.00"),
                "is_demo": True,
            },
        )


def _organisation(name, commune, ofs=False):
    from labo.accounts.occitanie import LegalForm

    legal_form = LegalForm.OFS if ofs else LegalForm.HABITANTS_COOP
    organisation, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "legal_form": legal_form,
            "departement": commune.departement,
            "kind": Organisation.Kind.HOLDER,
            "ess_status": Organisation.EssStatus.BY_LAW,
        },
    )
    return organisation


def _application(call, spec, project, position, staff):
    stages = {stage.code: stage for stage in call.ordered_stages()}
    ordered = call.ordered_stages()
    commune = Commune.objects.filter(insee=spec["commune"]).first()
    organisation = _organisation(spec["organisation"], commune or project.commune, "ofs" in spec)
    submitted_at = timezone.make_aware(datetime.datetime(2025, 3 + position, 10, 10, 0))
    application = Application.objects.create(
        call=call,
        project=project,
        organisation=organisation,
        number=position + 1,
        reference=f"{call.scheme.short_name}-{call.year}-{position + 1:03d}",
        stage=stages[spec["stage"]],
        stage_entered_at=submitted_at + datetime.timedelta(days=60),
        outcome=spec["outcome"],
        outcome_at=submitted_at + datetime.timedelta(days=75) if spec["outcome"] else None,
        operation_title=spec["title"],
        operation_summary=spec["title"],
        departement=(commune or project.commune).departement,
        dwellings=spec["dwellings"],
        amount_requested=sum((loan[2] for loan in spec["loans"]), D(0)),
        submitted_at=submitted_at,
    )
    HistoryEntry.objects.create(
        application=application,
        kind=HistoryEntry.Kind.SUBMITTED,
        created_at=submitted_at,
        to_stage=stages["depose"],
        visibility=Visibility.SHARED,
    )
    previous = stages["depose"]
    for offset, stage in enumerate(ordered[2:], start=1):
        HistoryEntry.objects.create(
            application=application,
            kind=HistoryEntry.Kind.TRANSITION,
            actor=staff,
            created_at=submitted_at + datetime.timedelta(days=20 * offset),
            from_stage=previous,
            to_stage=stage,
            visibility=Visibility.INTERNAL,
        )
        previous = stage
        if stage.code == spec["stage"]:
            break
    if spec["outcome"]:
        HistoryEntry.objects.create(
            application=application,
            kind=HistoryEntry.Kind.OUTCOME,
            created_at=application.outcome_at,
            from_stage=application.stage,
            outcome=spec["outcome"],
            comment="Le groupe a renoncé à l'acquisition : le vendeur a retiré son bien.",
            visibility=Visibility.SHARED,
        )
    return application


def _loans(application, spec):
    commune = Commune.objects.filter(insee=spec["commune"]).first()
    GuaranteeDetails.objects.update_or_create(
        application=application,
        defaults={
            "commune": commune,
            "brs": spec["brs"],
            "total_cost": spec["total_cost"],
            "mixed_ess_activities": spec.get("ess", ""),
            "ofs_approved": "ofs" in spec,
            "ofs_approval": spec.get("ofs", ""),
        },
    )
    granted = spec["stage"] == "suivi"
    for position, row in enumerate(spec["loans"]):
        (lender, purpose, amount, months, rate, rate_type, index, margin, profile, periodicity,
         deferral, first_due, quotite, co_guarantors) = row  # fmt: skip
        loan = Loan.objects.create(
            application=application,
            lender=lender,
            purpose=purpose,
            amount=amount,
            duration_months=months,
            rate_type=rate_type,
            index_name=index,
            index_margin=margin,
            annual_rate=rate,
            profile=profile,
            periodicity=periodicity,
            deferral_months=deferral,
            first_due_date=first_due,
            quotite_requested=quotite,
            quotite_granted=quotite if granted else None,
            position=position,
        )
        for name, co_quotite, local in co_guarantors:
            CoGuarantor.objects.create(
                loan=loan, name=name, quotite=co_quotite, local_authority=local
            )


def _draft_2026():
    """A 2026 guarantee draft for the demo porteur, to try the loan screen on."""
    from .. import workflow

    User = get_user_model()
    porteur = User.objects.filter(email="porteur@labo.demo").first()
    call = presets.guarantee_scheme().calls.filter(year=2026).first()
    if porteur is None or call is None or not call.is_open():
        return
    if call.applications.filter(project__team__memberships__user=porteur).exists():
        return
    project = ProjectPage.objects.filter(team__memberships__user=porteur).order_by("pk").first()
    if project is None:
        return
    organisation = Organisation.objects.filter(name="Coopérative d'habitants Les Tilleuls").first()
    application = workflow.create_draft(call, project, porteur, organisation=organisation)
    application.operation_title = "Extension : 4 logements et un atelier partagé"
    application.dwellings = 4
    application.save()


@transaction.atomic
def load_guarantee_demo():
    _region_figures()
    _draft_2026()
    call = _call_2025()
    if Loan.objects.filter(application__call=call).exists():
        return
    User = get_user_model()
    staff = User.objects.filter(email="instruction@labo.demo").first()
    existing = list(call.applications.order_by("number", "pk"))
    used = {application.project_id for application in existing}
    free_projects = iter(ProjectPage.objects.exclude(pk__in=used).order_by("pk"))
    applications = []
    for position, spec in enumerate(APPLICATIONS):
        if position < len(existing):
            applications.append(existing[position])
            continue
        project = next(free_projects, None)
        if project is None:
            break
        applications.append(_application(call, spec, project, position, staff))
    for application, spec in zip(applications, APPLICATIONS, strict=False):
        _loans(application, spec)
    granted = applications[0] if applications else None
    if granted is not None and not Decision.objects.filter(application=granted).exists():
        snapshot = services.decision_snapshot(granted, 2025)
        services.freeze_ratios(granted, staff, 2025)
        Decision.objects.create(
            application=granted,
            body=Decision.Body.STANDING_COMMITTEE,
            result=Decision.Result.GRANTED,
            date=datetime.date(2025, 11, 14),
            deliberation_number="CP/2025-11/11.07",
            amount_granted=D("1200000.00") * D("0.5") + D("250000.00") * D("0.25"),
            conditions="Garantie à hauteur de 50 % du prêt principal et 25 % du prêt "
            "complémentaire, la commune garantissant 25 %.",
            snapshot=snapshot,
            decided_by=staff,
        )
        for loan in granted.loans.all():
            GuaranteeFollowUp.objects.get_or_create(
                loan=loan, year=2025, defaults={"outstanding": loan.amount, "recorded_by": staff}
            )
