"""Front-end forms of the projects app. Errors are French and attached to their field; the
values people typed are always redisplayed."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from labo.core.forms import SingleLineTextChecks

from .models import Commune, HabitatType
from .models.communes import normalise_name
from .models.pages import Stage

# « Toulouse (31555) », the form the suggestions offer.
_WITH_CODE = re.compile(r"\((\d[\dAB]\d{3})\)\s*$")


def find_commune(value: str) -> tuple[Commune | None, str]:
    """The commune meant by ``value`` (an INSEE code, « Nom (code) » or a name), or None and
    the French reason."""
    value = (value or "").strip()
    if not value:
        return None, str(_("Indiquez la commune du projet."))
    code = value if re.fullmatch(r"\d[\dAB]\d{3}", value) else None
    match = _WITH_CODE.search(value)
    if match:
        code = match.group(1)
    if code:
        commune = Commune.objects.filter(insee=code).first()
        if commune is None:
            return None, str(
                _("Aucune commune d'Occitanie n'a le code INSEE %(code)s.") % {"code": code}
            )
        return commune, ""
    candidates = list(Commune.objects.filter(search_name=normalise_name(value))[:6])
    if len(candidates) == 1:
        return candidates[0], ""
    if len(candidates) > 1:
        listed = ", ".join(str(commune) for commune in candidates)
        return None, str(
            _("Plusieurs communes portent ce nom : %(list)s. Précisez le code INSEE.")
            % {"list": listed}
        )
    return None, str(
        _(
            "« %(value)s » ne figure pas dans la liste des communes d'Occitanie. Vérifiez "
            "l'orthographe ou saisissez le code INSEE (5 chiffres)."
        )
        % {"value": value}
    )


class CommuneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 130)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        commune, error = find_commune(value)
        if commune is None:
            raise forms.ValidationError(error, code="unknown_commune")
        return commune


class ProjectCreateForm(SingleLineTextChecks, forms.Form):
    title = forms.CharField(
        label=_("Nom du projet"),
        max_length=200,
        help_text=_("Le nom sous lequel le projet sera présenté. Modifiable ensuite."),
    )
    commune = CommuneField(
        label=_("Commune"),
        help_text=_("Nom ou code INSEE d'une commune d'Occitanie, par exemple « Figeac »."),
        widget=forms.TextInput(attrs={"list": "communes-suggestions", "autocomplete": "off"}),
        error_messages={"required": _("Indiquez la commune du projet.")},
    )
    habitat_type = forms.ModelChoiceField(
        label=_("Type d'habitat"),
        queryset=HabitatType.objects.all(),
        empty_label=_("Choisissez…"),
        error_messages={"invalid_choice": _("Choisissez un type d'habitat de la liste.")},
    )
    stage = forms.ChoiceField(
        label=_("Stade du projet"),
        choices=[("", _("Choisissez…")), *Stage.choices],
        error_messages={"invalid_choice": _("Choisissez un stade de la liste.")},
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 3:
            raise forms.ValidationError(_("Le nom doit compter au moins 3 caractères."))
        return title


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de la personne à inviter"),
        error_messages={"invalid": _("Saisissez une adresse e-mail valide.")},
    )

    def __init__(self, *args, team=None, **kwargs):
        self.team = team
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.team and self.team.members.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Cette personne fait déjà partie de l'équipe."))
        return email


class ContactForm(SingleLineTextChecks, forms.Form):
    name = forms.CharField(label=_("Votre nom"), max_length=120)
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("L'équipe vous répondra à cette adresse."),
        error_messages={"invalid": _("Saisissez une adresse e-mail valide.")},
    )
    message = forms.CharField(
        label=_("Votre message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    # Left empty by people, filled by robots that fill every field.
    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
