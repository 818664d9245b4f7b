"""allauth's login and sign-up forms with the site's words. Kept apart from forms.py because
allauth's SignupForm imports ACCOUNT_SIGNUP_FORM_CLASS (in forms.py) when it loads."""

from allauth.account.forms import LoginForm, SignupForm
from django.utils.translation import gettext_lazy as _

EMAIL_LABEL = _("Adresse e-mail")


class LaboLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = EMAIL_LABEL
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)


class LaboSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL
        for name in ("email", "password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.attrs.pop("placeholder", None)
