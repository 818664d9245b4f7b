"""Everything the platform holds about a person (RGPD articles 15 and 20).

``personal_data(user)`` is the JSON of « Mes données »: the profile and the sections written
for people (``services.personal_data_export``), then one section per table that points at
the person (``SECTIONS``), then the dossiers of their project teams with their answers and
the list of their files. ``write_archive`` adds the files the person uploaded, in a ZIP built
by a background task (``labo.accounts.tasks``), with its progress.

Every relation of every model to the user is either a section here or in ``NOT_EXPORTED``
with its reason: tests/accounts/test_personal_data.py walks the models and fails on a new
one that is neither.
"""

import datetime
import json
import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models

# Columns never written out, whoever's row it is: secrets and internal bookkeeping.
SECRET_FIELDS = {"password", "token", "key", "session_key", "session_data", "file_hash"}


@dataclass(frozen=True)
class Section:
    key: str  # the JSON key, in French
    model: str  # app_label.ModelName
    field: str  # the relation to the user
    # The columns written; None: all of them (rows that are the person's own writing). Rows
    # where the person only acted on someone else's object keep to these few columns.
    columns: tuple | None = None


SECTIONS = [
    # Accounts, structures, invitations.
    Section("structures", "accounts.Membership", "user"),
    Section("invitations_structure_envoyees", "accounts.OrganisationInvitation", "invited_by"),
    Section("invitations_structure_acceptees", "accounts.OrganisationInvitation", "accepted_by"),
    Section("adresses_email", "account.EmailAddress", "user"),
    Section("notifications", "notifications.Notification", "recipient"),
    Section("preference_notifications", "notifications.NotificationPreference", "user"),
    Section(
        "archives_de_mes_donnees",
        "accounts.PersonalDataExport",
        "user",
        ("created_at", "status", "finished_at"),
    ),  # fmt: skip
    # Projects, resources, events.
    Section("equipes_projet", "projects.ProjectTeamMember", "user"),
    Section("invitations_equipe_envoyees", "projects.ProjectInvitation", "invited_by"),
    Section(
        "ressources_proposees",
        "resources.ResourcePage",
        "proposed_by",
        ("title", "first_published_at", "live"),
    ),  # fmt: skip
    Section("inscriptions_evenements", "events.Registration", "user"),
    # Forum: what the person wrote, read, followed, reported; moderation about them.
    Section("forum_sujets", "forum.Topic", "author"),
    Section("forum_messages", "forum.Post", "author"),
    Section("forum_modifications", "forum.PostRevision", "edited_by"),
    Section("forum_lectures", "forum.TopicRead", "user"),
    Section("forum_suivi_sujets", "forum.TopicWatch", "user"),
    Section("forum_suivi_categories", "forum.CategoryWatch", "user"),
    Section("forum_signalements", "forum.Report", "reporter"),
    Section("forum_suspensions", "forum.Suspension", "user"),
    Section("forum_moderations_subies", "forum.ModerationLog", "target_user"),
    Section(
        "forum_suspensions_prononcees",
        "forum.Suspension",
        "created_by",
        ("user", "starts_at", "ends_at", "reason"),
    ),  # fmt: skip
    Section("forum_moderations_faites", "forum.ModerationLog", "moderator"),
    # Dossiers: what the person did on them (the dossiers themselves: ``dossiers``).
    Section(
        "dossiers_crees",
        "tracking.Application",
        "created_by",
        ("reference", "call", "project", "created_at"),
    ),  # fmt: skip
    Section(
        "dossiers_suivis",
        "tracking.Application",
        "staff_in_charge",
        ("reference", "call", "project"),
    ),  # fmt: skip
    Section(
        "dossiers_acceptes_en_retard",
        "tracking.Application",
        "late_accepted_by",
        ("reference", "call", "project"),
    ),  # fmt: skip
    Section(
        "pieces_deposees",
        "tracking.ApplicationDocument",
        "uploaded_by",
        ("application", "original_name", "content_type", "size", "uploaded_at"),
    ),  # fmt: skip
    Section(
        "historique_dossiers",
        "tracking.HistoryEntry",
        "actor",
        ("application", "kind", "created_at", "from_stage", "to_stage"),
    ),  # fmt: skip
    Section("commentaires", "tracking.Comment", "author"),
    # The first reading of a decision by the person, kept as the decision's read receipt.
    Section(
        "decisions_lues",
        "tracking.DecisionReading",
        "reader",
        ("application", "version", "read_at"),
    ),
    Section(
        "demandes_de_pieces",
        "tracking.DocumentRequest",
        "requested_by",
        ("application", "label", "due_date", "created_at"),
    ),  # fmt: skip
    Section("reunions_creees", "tracking.Meeting", "created_by"),
    Section(
        "reunions",
        "tracking.Meeting",
        "participants",
        ("application", "kind", "starts_at", "location"),
    ),  # fmt: skip
    Section("avis_rediges", "tracking.Review", "reviewer"),
    Section(
        "avis_demandes",
        "tracking.Review",
        "assigned_by",
        ("application", "reviewer", "assigned_at"),
    ),  # fmt: skip
    Section(
        "decisions_enregistrees",
        "tracking.Decision",
        "decided_by",
        ("application", "body", "result", "date"),
    ),  # fmt: skip
    Section(
        "exonerations_garantie",
        "tracking.GuaranteeDetails",
        "exemption_set_by",
        ("application", "exemption_kind"),
    ),  # fmt: skip
    Section("chiffres_region", "tracking.RegionFiscalYear", "updated_by", ("year",)),
    Section(
        "ratios_figes", "tracking.GuaranteeRatioSnapshot", "frozen_by", ("application", "frozen_at")
    ),  # fmt: skip
    Section("suivis_garantie", "tracking.GuaranteeFollowUp", "recorded_by", ("loan", "year")),
    Section("mises_en_jeu", "tracking.GuaranteeClaim", "recorded_by", ("loan", "date")),
    # Wagtail and Django's administration: the person's uploads, edits and traces.
    Section(
        "images", "wagtailimages.Image", "uploaded_by_user", ("title", "file", "created_at")
    ),  # fmt: skip
    Section(
        "documents", "wagtaildocs.Document", "uploaded_by_user", ("title", "file", "created_at")
    ),  # fmt: skip
    Section("profil_administration", "wagtailusers.UserProfile", "user"),
    Section("pages_possedees", "wagtailcore.Page", "owner", ("title", "url_path", "live")),
    Section(
        "versions_enregistrees",
        "wagtailcore.Revision",
        "user",
        ("object_str", "created_at", "approved_go_live_at"),
    ),  # fmt: skip
    Section(
        "journal_pages", "wagtailcore.PageLogEntry", "user", ("label", "action", "timestamp")
    ),  # fmt: skip
    Section(
        "journal_administration",
        "wagtailcore.ModelLogEntry",
        "user",
        ("label", "action", "timestamp"),
    ),  # fmt: skip
    Section(
        "validations_demandees",
        "wagtailcore.WorkflowState",
        "requested_by",
        ("status", "created_at"),
    ),  # fmt: skip
    Section(
        "validations_faites",
        "wagtailcore.TaskState",
        "finished_by",
        ("status", "finished_at", "comment"),
    ),  # fmt: skip
    Section("commentaires_administration", "wagtailcore.Comment", "user"),
    Section(
        "commentaires_resolus", "wagtailcore.Comment", "resolved_by", ("text", "resolved_at")
    ),  # fmt: skip
    Section("reponses_commentaires", "wagtailcore.CommentReply", "user"),
    Section("abonnements_pages", "wagtailcore.PageSubscription", "user"),
    Section(
        "journal_django_admin",
        "admin.LogEntry",
        "user",
        ("action_time", "object_repr", "action_flag", "change_message"),
    ),  # fmt: skip
]

# Relations to the user whose rows are not written out, and why.
NOT_EXPORTED = {
    "projects.ProjectTeam.members": "les mêmes lignes que « equipes_projet » (table de liaison)",
    "wagtailcore.Page.locked_by": "verrou temporaire d'édition, levé à l'enregistrement",
    "wagtailadmin.EditingSession.user": "présence dans l'éditeur, effacée après quelques minutes",
    "wagtailadmin.FormState.user": "brouillon technique de formulaire de l'administration",
    "wagtailcore.UploadedFile.uploaded_by_user": (
        "fichier en cours d'envoi, supprimé dès qu'il devient une image ou un document"
    ),
}


def user_relations():
    """(label, field name) of every relation of every model to the user model, declared on
    the model itself (a page type's inherited ``owner`` is ``wagtailcore.Page``'s)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and field.related_model is user_model
                and field.model is model
            ):
                yield model._meta.label, field.name


def _value(obj, field):
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.name)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return os.path.basename(value.name) if value else None
    return str(value)


def _row(obj, columns=None):
    return {
        str(field.verbose_name): _value(obj, field)
        for field in obj._meta.concrete_fields
        if not field.primary_key
        and field.name not in SECRET_FIELDS
        and (columns is None or field.name in columns)
    }


def _section_rows(section, user):
    model = apps.get_model(section.model)
    field = model._meta.get_field(section.field)
    queryset = model.objects.filter(**{section.field: user})
    if not field.many_to_many:
        relations = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and (section.columns is None or f.name in section.columns)
        ]
        queryset = queryset.select_related(*relations)
    return [_row(obj, section.columns) for obj in queryset.order_by("pk")]


def team_dossiers(user):
    """The dossiers of the person's project teams, as their team sees them: answers,
    budget, files (names only; the files themselves are in the archive)."""
    from projects.tracking.models import Application

    applications = (
        Application.objects.filter(project__team__memberships__user=user)
        .select_related("call", "project", "stage", "organisation")
        .prefetch_related("criterion_answers__criterion", "budget_lines", "documents")
        .distinct()
        .order_by("pk")
    )
    return [
        {
            "reference": application.reference or None,
            "appel": str(application.call),
            "projet": str(application.project),
            "etape": application.stage.applicant_name,
            "structure": str(application.organisation) if application.organisation else None,
            "operation": {
                "intitule": application.operation_title,
                "resume": application.operation_summary,
                "description": application.operation_description,
                "montant_sollicite": _value(
                    application, Application._meta.get_field("amount_requested")
                ),  # fmt: skip
            },
            "criteres": [
                {"critere": str(answer.criterion), "reponse": answer.text}
                for answer in application.criterion_answers.all()
            ],
            "budget": [
                {
                    "poste": line.get_side_display(),
                    "intitule": line.label,
                    "montant": str(line.amount),
                }  # fmt: skip
                for line in application.budget_lines.all()
            ],
            "pieces": [
                {
                    "nom": document.original_name,
                    "taille": document.size,
                    "deposee_le": document.uploaded_at.isoformat(),
                }  # fmt: skip
                for document in application.documents.all()
                if not document.staff_only  # the staff's own pieces are not the team's
            ],
        }
        for application in applications
    ]


def personal_data(user, progress=None) -> dict:
    """The whole export; ``progress(fraction)`` is told as sections are done."""
    from . import services

    data = services.personal_data_export(user)
    data["export"]["sections"] = "toutes les tables qui vous concernent (voir la liste)"
    for index, section in enumerate(SECTIONS):
        if section.key not in data:
            data[section.key] = _section_rows(section, user)
        if progress:
            progress((index + 1) / (len(SECTIONS) + 1))
    data["dossiers"] = team_dossiers(user)
    return data


def uploaded_files(user):
    """(name in the archive, opened file) of every file the person uploaded."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from forum.models import Attachment
    from projects.tracking.models import ApplicationDocument

    sources = [
        ("dossiers", ApplicationDocument.objects.filter(uploaded_by=user), "original_name"),
        ("forum", Attachment.objects.filter(post__author=user), "name"),
        ("images", get_image_model().objects.filter(uploaded_by_user=user), None),
        ("documents", get_document_model().objects.filter(uploaded_by_user=user), None),
    ]
    for folder, queryset, name_field in sources:
        for obj in queryset.order_by("pk"):
            name = getattr(obj, name_field) if name_field else os.path.basename(obj.file.name)
            yield f"fichiers/{folder}/{obj.pk}-{os.path.basename(name)}", obj.file


def write_archive(user, destination, progress=None) -> None:
    """A ZIP: ``donnees.json`` and ``fichiers/…``. ``progress(fraction)`` follows it."""

    def report(fraction):
        if progress:
            progress(fraction)

    data = personal_data(user, progress=lambda fraction: report(fraction / 2))
    files = list(uploaded_files(user))
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", json.dumps(data, ensure_ascii=False, indent=2))
        for index, (name, field_file) in enumerate(files):
            try:
                with field_file.open("rb") as source, archive.open(name, "w") as target:
                    for chunk in iter(lambda: source.read(1024 * 1024), b""):
                        target.write(chunk)
            except FileNotFoundError:
                archive.writestr(f"{name}.absent.txt", "Fichier introuvable sur le serveur.")
            report(0.5 + (index + 1) / (2 * max(len(files), 1)))
    report(1)
