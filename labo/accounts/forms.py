from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from labo.core.forms import SingleLineTextChecks

from .models import Membership, Organisation, User
from .validators import normalise_siren, validate_siren


class SignupProfileForm(SingleLineTextChecks, forms.Form):
    """Extra sign-up field for allauth: the name other members will see."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=150,
        help_text=_("Prénom et nom, ou pseudonyme. Visible des autres membres."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class ProfileForm(SingleLineTextChecks, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": _("Nom affiché")}
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True

    def clean_display_name(self):
        value = self.cleaned_data["display_name"].strip()
        if not value:
            raise forms.ValidationError(_("Indiquez le nom que les autres membres verront."))
        return value


def _formfield_with_https_urls(db_field, **kwargs):
    # An address typed without scheme ("www.exemple.fr") becomes https://, as in Django 6.
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class OrganisationForm(SingleLineTextChecks, forms.ModelForm):
    # Wider than the model column: people paste "732 829 320" or "732  829  320".
    siren = forms.CharField(
        label=_("SIREN"),
        required=False,
        max_length=20,
        help_text=_("Facultatif. 9 chiffres, espaces acceptés."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Organisation
        formfield_callback = _formfield_with_https_urls
        fields = ["name", "kind", "legal_form", "ess_status", "siren", "departement", "website"]
        labels = {
            "name": _("Nom de la structure"),
            "kind": _("Type de structure"),
            "legal_form": _("Forme juridique"),
            "ess_status": _("Statut ESS"),
            "departement": _("Département"),
            "website": _("Site web"),
        }
        help_texts = {"website": _("Facultatif. Par exemple https://www.exemple.fr")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
        }

    def clean_siren(self):
        value = self.cleaned_data.get("siren", "")
        if not value.strip():
            return ""
        validate_siren(value)
        siren = normalise_siren(value)
        duplicates = Organisation.objects.filter(siren=siren).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(
                _("Une structure avec ce SIREN existe déjà sur le Labo."), code="siren_taken"
            )
        return siren


class AddMemberForm(forms.Form):
    """Invites an address: the person joins by accepting (labo.accounts.services)."""

    email = forms.EmailField(
        label=_("Adresse e-mail de la personne"),
        help_text=_(
            "Elle reçoit une invitation par e-mail et rejoint la structure en l'acceptant, "
            "avec son compte ou un compte qu'elle crée à cette adresse."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Rôle dans la structure"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
    )

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_email(self):
        from allauth.account.models import EmailAddress

        email = self.cleaned_data["email"].strip().lower()
        # Only this structure's own members are named, which its page lists anyway: whether
        # the address has an account elsewhere is never said.
        owners = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
        if Membership.objects.filter(organisation=self.organisation, user__in=owners).exists():
            raise forms.ValidationError(
                _("Cette personne est déjà membre de la structure."), code="already_member"
            )
        return email


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle dans la structure"), choices=Membership.Role.choices)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe actuel"),
        strip=False,
        help_text=_("Pour confirmer qu'il s'agit bien de vous."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Mot de passe incorrect : votre compte n'a pas été supprimé."),
                code="wrong_password",
            )
        return password
