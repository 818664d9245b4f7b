"""Demo calls and dossiers for ``load_demo`` (idempotent): the VIURE and guarantee schemes,
the VIURE 2025 call (closed; the staff side's loader adds its 2025 funnel on top), the VIURE
2026 call and the 2026 guarantee call, open now, their public pages under /appels/, and a few
2026 dossiers of the demo porteur's projects — two submitted, one draft — leaving « Les Hauts
de Mende » and « Le Moulin de Lourdes » free to apply with."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from labo.accounts.models import Organisation

from . import presets, workflow
from .models import (
    ApplicationDocument,
    BudgetLine,
    Call,
    CallPage,
    CriterionAnswer,
)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"

VIURE_ELIGIBLE = (
    "Les structures de l'économie sociale et solidaire (associations, coopératives, SCIC, "
    "foncières solidaires, OFS…) portant un projet d'habitat participatif, partagé ou inclusif "
    "en Occitanie."
)
GUARANTEE_ELIGIBLE = (
    "Les acteurs de l'ESS empruntant pour une opération d'habitat des communs en Occitanie "
    "(foncières solidaires, OFS, coopératives d'habitants…)."
)

# How the demo receipts reach the service in charge (the telephone number is in a range
# ARCEP reserves for fiction); the VIURE calls announce a six-month instruction, the
# guarantee none, so the demo shows both wordings of the receipt.
RECEIPT_CONTACT = {
    "contact_email": "instruction-habitat@labo.demo",
    "contact_phone": "05 36 49 00 00",
}

# project slug, state, operation title, amount requested
DOSSIERS_2026 = [
    ("maison-des-possibles", "depose", "Construction de 12 logements en coopérative", "60000"),
    ("habitat-leger-du-larzac", "depose", "Hameau d'habitats légers et salle commune", "35000"),
    ("la-filature-de-lavelanet", "brouillon", "Réhabilitation de la filature", "80000"),
]


def _aware(*args):
    return timezone.make_aware(datetime(*args))


def _call(scheme, year, opens_at, closes_at, title, eligible, instruction_months=None):
    receipt = {**RECEIPT_CONTACT, "instruction_months": instruction_months}
    call = Call.objects.filter(scheme=scheme, year=year).first()
    if call is None:
        call = presets.create_call(
            scheme,
            year=year,
            opens_at=opens_at,
            closes_at=closes_at,
            title=title,
            eligible_applicants=eligible,
            **presets.DELIBERATION_NUMBERS,
            **receipt,
        )
    elif not call.contact_email:
        # Created by another demo loader (the 2025 funnel), or before receipts existed.
        Call.objects.filter(pk=call.pk).update(**receipt)
        call.refresh_from_db()
    return call


def _page(index, call, slug, summary, body):
    page = CallPage.objects.filter(call=call).first()
    if page is None:
        page = index.add_child(
            instance=CallPage(title=call.title, slug=slug, call=call, summary=summary, body=body)
        )
        page.save_revision().publish()
    return page


@transaction.atomic
def load_calls_demo():
    from .applicant.site_setup import ensure_call_index

    index = ensure_call_index()
    now = timezone.now()
    viure = presets.viure_scheme()
    guarantee = presets.guarantee_scheme()
    viure_2025 = _call(
        viure,
        2025,
        _aware(2025, 1, 15, 9),
        _aware(2025, 4, 30, 23, 59),
        "Appel à projets VIURE 2025 – Nouvelles formes d'habiter",
        VIURE_ELIGIBLE,
        instruction_months=6,
    )
    viure_2026 = _call(
        viure,
        2026,
        min(_aware(2026, 9, 1, 9), now - timedelta(days=30)),
        max(_aware(2027, 1, 31, 23, 59), now + timedelta(days=60)),
        "Appel à projets VIURE 2026 – Nouvelles formes d'habiter",
        VIURE_ELIGIBLE,
        instruction_months=6,
    )
    guarantee_2026 = _call(
        guarantee,
        2026,
        min(_aware(2026, 1, 5, 9), now - timedelta(days=30)),
        max(_aware(2026, 12, 31, 23, 59), now + timedelta(days=300)),
        "Garantie d'emprunt de la Région – 2026",
        GUARANTEE_ELIGIBLE,
    )
    if index is not None:
        body = (
            "<p>L'appel à projets <b>VIURE</b> soutient les projets d'habitat qui sont "
            "Vivants, Inclusifs, Utopiques, Résilients et Esthétiques. Après le dépôt, la "
            "CRESS Occitanie rencontre chaque équipe en entretien préalable, puis les services "
            "de la Région auditionnent les projets retenus.</p>"
        )
        _page(index, viure_2025, "viure-2025", "L'édition 2025 de l'appel à projets.", body)
        _page(
            index,
            viure_2026,
            "viure-2026",
            "Candidatez pour votre projet d'habitat des communs.",
            body,
        )
        _page(
            index,
            guarantee_2026,
            "garantie-emprunt-2026",
            "La Région garantit les emprunts des opérations d'habitat des communs.",
            "<p>La garantie d'emprunt de la Région couvre une part (quotité) des prêts des "
            "opérations portées par des acteurs de l'ESS, dans le respect des ratios "
            "prudentiels du code général des collectivités territoriales.</p>",
        )
    _dossiers_2026(viure_2026)


def _dossiers_2026(call):
    from projects.models import ProjectPage

    porteur = get_user_model().objects.filter(email="porteur@labo.demo").first()
    if porteur is None:
        return
    organisation = Organisation.objects.filter(memberships__user=porteur).first()
    for slug, state, title, amount in DOSSIERS_2026:
        project = ProjectPage.objects.filter(slug=slug).first()
        if project is None or call.applications.filter(project=project).exists():
            continue
        if not project.team.memberships.filter(user=porteur).exists():
            continue
        application = workflow.create_draft(call, project, porteur, organisation=organisation)
        application.operation_title = title
        application.operation_summary = (
            f"{title} : un projet d'habitat des communs porté par le collectif de "
            f"« {project.title} »."
        )
        application.operation_description = (
            "Le collectif s'est constitué il y a trois ans. Le projet réunit des foyers de "
            "tous âges autour d'espaces partagés (salle commune, buanderie, atelier, jardin) "
            "et d'une gouvernance coopérative."
        )
        application.amount_requested = Decimal(amount)
        application.dwellings = project.dwellings
        application.save()
        requested = Decimal(amount)
        works = requested * 10
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(application=application, side="depense", label="Travaux", amount=works),
                BudgetLine(
                    application=application,
                    side="depense",
                    label="Honoraires (architecte, AMO)",
                    amount=requested,
                    position=1,
                ),
                BudgetLine(
                    application=application,
                    side="ressource",
                    label="Apports des habitants",
                    amount=works - requested,
                ),
                BudgetLine(
                    application=application,
                    side="ressource",
                    label="Prêt bancaire",
                    amount=requested,
                    position=1,
                ),
                BudgetLine(
                    application=application,
                    side="ressource",
                    label="Subvention VIURE sollicitée",
                    amount=requested,
                    position=2,
                ),
            ]
        )
        for criterion in call.criteria.all():
            CriterionAnswer.objects.create(
                application=application,
                criterion=criterion,
                text=f"{criterion.name} : le projet y répond par ses espaces partagés et son "
                "ouverture sur la commune.",
            )
        if state == "brouillon":
            application.current_step = "budget"
            application.save(update_fields=["current_step"])
            continue
        for required in call.required_documents.filter(mandatory=True):
            document = ApplicationDocument(
                application=application,
                required_document=required,
                original_name=f"{required.label[:40]}.pdf".replace(" ", "-"),
                content_type="application/pdf",
                size=len(PDF),
                uploaded_by=porteur,
            )
            document.save()
            document.file.save(document.original_name, ContentFile(PDF), save=True)
        workflow.submit(application, porteur)


__all__ = ["load_calls_demo"]
