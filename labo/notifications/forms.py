from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_frequency"]
        widgets = {"email_frequency": forms.RadioSelect}
        labels = {"email_frequency": _("Recevoir les notifications par e-mail")}
        help_texts = {
            "email_frequency": _(
                "Les notifications restent toujours visibles sur le site, "
                "quel que soit votre choix."
            )
        }
