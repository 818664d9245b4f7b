from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from labo.core.forms import SingleLineTextChecks
from labo.core.uploads import check_upload

from .choices import ResourceType

# Proposals are read by a person before anything is published: office formats and PDFs only,
# the same list the Wagtail document library accepts; the name's extension is a first
# filter, the content (labo.core.uploads) decides.
PROPOSAL_EXTENSIONS = [ext.lower() for ext in settings.WAGTAILDOCS_EXTENSIONS]
PROPOSAL_MAX_SIZE = getattr(settings, "RESOURCES_PROPOSAL_MAX_SIZE", 10 * 1024 * 1024)


class ProposalForm(SingleLineTextChecks, forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=255)
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Deux ou trois phrases : à qui sert cette ressource, et pour quoi faire."),
    )
    resource_type = forms.ChoiceField(label=_("Type de ressource"), choices=ResourceType.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un thème.")},
    )
    file = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text="",  # set in __init__: it names the formats and the size limit
    )
    url = forms.URLField(
        label=_("Ou lien vers la ressource"),
        required=False,
        assume_scheme="https",
        help_text=_("Par exemple une vidéo ou une page d'un autre site."),
    )

    def __init__(self, *args, **kwargs):
        from .models import Theme

        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["file"].help_text = _(
            "Formats acceptés : %(formats)s. Taille maximale : %(size)s."
        ) % {
            "formats": ", ".join(ext.upper() for ext in PROPOSAL_EXTENSIONS),
            "size": filesizeformat(PROPOSAL_MAX_SIZE),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        if extension not in PROPOSAL_EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "Les fichiers « %(extension)s » ne sont pas acceptés. "
                    "Formats acceptés : %(formats)s."
                ),
                code="extension",
                params={
                    "extension": f".{extension}" if extension else _("sans extension"),
                    "formats": ", ".join(ext.upper() for ext in PROPOSAL_EXTENSIONS),
                },
            )
        check_upload(upload, PROPOSAL_EXTENSIONS, PROPOSAL_MAX_SIZE)
        return upload

    def clean(self):
        cleaned = super().clean()
        # A file rejected by clean_file already has its own message: do not add a second one.
        if not cleaned.get("file") and not cleaned.get("url") and "file" not in self.errors:
            raise forms.ValidationError(
                _("Joignez un fichier ou indiquez un lien vers la ressource."), code="missing"
            )
        return cleaned


class LaboDocumentForm(SingleLineTextChecks, BaseDocumentForm):
    """The form of Wagtail's document library (``WAGTAILDOCS_DOCUMENT_FORM_BASE``). Staff
    files go through the same checker as everyone's: the library serves them to visitors."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # An edit that keeps the stored file has nothing new to check.
        if isinstance(upload, UploadedFile):
            check_upload(upload, settings.WAGTAILDOCS_EXTENSIONS, settings.LABO_DOCUMENT_MAX_SIZE)
        return upload
