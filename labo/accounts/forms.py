from django import forms
from django.utils.translation import gettext_lazy as _


class SignupProfileForm(forms.Form):
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
