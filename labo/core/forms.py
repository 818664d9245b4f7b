"""What every form of the site shares: its single-line text fields refuse hidden characters
(``labo.core.validators``). Forms of the project, Wagtail's page, image and document forms
(through ``LaboPageForm``, ``LaboImageForm``, ``LaboDocumentForm``) all inherit
``SingleLineTextChecks``; tests/core/test_hidden_characters.py fails on a form that does not.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from .validators import refuse_hidden_characters


def is_single_line_text(field) -> bool:
    """A text field typed on one line: not a text area, e-mail, URL, password or hidden."""
    return isinstance(field, forms.CharField) and getattr(field.widget, "input_type", "") in (
        "text",
        "search",
    )


class SingleLineTextChecks:
    """Adds ``refuse_hidden_characters`` to every single-line text field of the form (those
    Django or Wagtail build from a model included), on the instance."""

    # Fields whose text is never stored nor shown (a search box): left as typed.
    hidden_characters_allowed: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if is_single_line_text(field) and name not in self.hidden_characters_allowed:
                field.validators = [*field.validators, refuse_hidden_characters]


class LaboPageForm(SingleLineTextChecks, WagtailAdminPageForm):
    """The edit form of every page type of the site (``base_form_class``)."""
