"""Forms of the forum. Every error is French and shown at its field; bodies keep what the
member typed. Attachments go through the site's one upload checker
(``labo.core.uploads.check_upload``): the content decides, never the name or the type the
browser claims."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from labo.core.forms import SingleLineTextChecks
from labo.core.uploads import check_upload

from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Report, WatchLevel

MAX_FILES = 5
MAX_TAGS = 5
TAG_MAX_LENGTH = 40
ATTACHMENT_KINDS = ("jpg", "png", "gif", "webp", "pdf", "odt", "ods", "docx", "xlsx")
# The forum's own wording; every other refusal is labo.core.uploads' (it names the file).
_NOT_ACCEPTED = _(
    "« %(name)s » n'est pas un type de fichier accepté : %(detail)s (images JPEG, PNG, GIF, "
    "WebP, documents PDF, ODT, ODS, DOCX, XLSX)."
)
ATTACHMENT_MESSAGES = {
    "too_large": _("« %(name)s » dépasse la taille maximale de %(max)s."),
    "bad_type": _NOT_ACCEPTED,
    "not_valid": _NOT_ACCEPTED,
}


def max_attachment_bytes() -> int:
    return getattr(settings, "FORUM_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)


def validate_attachment(uploaded):
    """Sets ``checked_content_type`` and ``checked_extension`` on a valid upload."""
    kind = check_upload(uploaded, ATTACHMENT_KINDS, max_attachment_bytes(),
                        messages=ATTACHMENT_MESSAGES)  # fmt: skip
    uploaded.checked_content_type = kind.mime
    uploaded.checked_extension = f".{kind.extension}"
    return uploaded


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(_("Au plus %(n)d pièces jointes par message.") % {"n": MAX_FILES})
        errors = []
        for uploaded in files:
            try:
                validate_attachment(super().clean(uploaded, initial))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


def _clean_body(value):
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Écrivez votre message."))
    return value


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_MAX_LENGTH,
        help_text=_(
            "Markdown accepté : **gras**, *italique*, listes, > citation, [lien](https://…). "
            "Mentionnez un membre avec @[Nom affiché]."
        ),  # fmt: skip
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _(
                "Votre message est trop long (%(limit_value)d caractères au plus, "
                "il en compte %(show_value)d)."
            ),  # fmt: skip
        },
    )
    attachments = AttachmentsField(
        label=_("Pièces jointes"),
        required=False,
        help_text=_("Images ou documents (PDF, ODT, ODS, DOCX, XLSX), 5 fichiers au plus."),
    )

    def clean_body(self):
        return _clean_body(self.cleaned_data.get("body"))


class EditPostForm(forms.Form):
    body = PostForm.base_fields["body"]

    def clean_body(self):
        return _clean_body(self.cleaned_data.get("body"))


class TopicForm(SingleLineTextChecks, PostForm):
    title = forms.CharField(
        label=_("Titre du sujet"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": _("Donnez un titre à votre sujet."),
            "max_length": _("Le titre est trop long (%(limit_value)d caractères au plus)."),
        },
    )
    tags = TagField(
        label=_("Mots-clés"),
        required=False,
        help_text=_("Séparés par des virgules, 5 au plus."),
    )
    project = forms.ModelChoiceField(
        label=_("Projet lié"),
        required=False,
        queryset=None,
        empty_label=_("Aucun projet"),
    )
    field_order = ["title", "body", "tags", "project", "attachments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from projects.models import ProjectPage

        self.fields["project"].queryset = ProjectPage.objects.live().order_by("title")

    def clean_title(self):
        title = " ".join((self.cleaned_data.get("title") or "").split())
        if len(title) < 5:
            raise ValidationError(_("Le titre doit compter au moins 5 caractères."))
        return title

    def clean_tags(self):
        tags = [tag.strip() for tag in self.cleaned_data.get("tags") or [] if tag.strip()]
        if len(tags) > MAX_TAGS:
            raise ValidationError(_("Au plus %(n)d mots-clés.") % {"n": MAX_TAGS})
        for tag in tags:
            if len(tag) > TAG_MAX_LENGTH:
                raise ValidationError(_("Un mot-clé compte au plus %(n)d caractères.")
                                      % {"n": TAG_MAX_LENGTH})  # fmt: skip
        return tags


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Motif"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un motif.")},
    )
    text = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Précisions trop longues (1 000 caractères au plus).")},
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == Report.Reason.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", _("Précisez le motif « Autre »."))
        return data


class WatchForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Notifications"),
        choices=WatchLevel.choices,
        error_messages={"invalid_choice": _("Choisissez un niveau de suivi proposé.")},
    )
