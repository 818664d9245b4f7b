from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from labo.core.forms import SingleLineTextChecks
from labo.core.uploads import check_upload

from .choices import Audience, ResourceType, Sort, Stage
from .selectors import LibraryFilters

# Proposals are read by a person before anything is published: office formats and PDFs only,
# the same list the Wagtail document library accepts; the name's extension is a first
# filter, the content (labo.core.uploads) decides.
PROPOSAL_EXTENSIONS = [ext.lower() for ext in settings.WAGTAILDOCS_EXTENSIONS]
PROPOSAL_MAX_SIZE = getattr(settings, "RESOURCES_PROPOSAL_MAX_SIZE", 10 * 1024 * 1024)
MAX_TAG_LENGTH = 100


def parse_library_filters(query, theme_slugs, tag_exists) -> tuple[LibraryFilters, list[str]]:
    """Read the library filters from a query string. An unknown value never fails the page:
    it is dropped, the other filters still apply, and a French message says what was
    ignored (an old shared link, a renamed theme…)."""
    warnings = []

    def known(param, allowed, label):
        values = []
        for value in query.getlist(param):
            value = value.strip()
            if not value:
                continue
            if value in allowed:
                if value not in values:
                    values.append(value)
            else:
                warnings.append(
                    gettext("%(label)s « %(value)s » n'existe pas : ce filtre est ignoré.")
                    % {"label": label, "value": value[:60]}
                )
        return values

    filters = LibraryFilters(
        types=known("type", set(ResourceType.values), gettext("Le type")),
        themes=known("theme", set(theme_slugs), gettext("Le thème")),
        stages=known("stade", set(Stage.values), gettext("Le stade")),
        audiences=known("public", set(Audience.values), gettext("Le public")),
    )
    tag = query.get("tag", "").strip()[:MAX_TAG_LENGTH]
    if tag:
        if tag_exists(tag):
            filters.tag = tag
        else:
            warnings.append(
                gettext("Le mot-clé « %(value)s » n'existe pas : ce filtre est ignoré.")
                % {"value": tag[:60]}
            )
    year = query.get("annee", "").strip()
    if year:
        if year.isdigit() and 1900 <= int(year) <= 2100:
            filters.year = int(year)
        else:
            warnings.append(
                gettext("L'année « %(value)s » n'est pas valide : ce filtre est ignoré.")
                % {"value": year[:10]}
            )
    sort = query.get("tri", "").strip()
    if sort:
        if sort in Sort.values:
            filters.sort = sort
        else:
            warnings.append(
                gettext("Le tri « %(value)s » n'existe pas : les plus récentes sont affichées.")
                % {"value": sort[:30]}
            )
    return filters, warnings


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
    """The form of Wagtail's document library (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""
