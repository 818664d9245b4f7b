"""Control, bidirectional and zero-width characters are refused in single-line names and
titles, everywhere (#15, finding 9): the rule (labo.core.validators), the forms that must
apply it (every form of the project and Wagtail's page, image and document forms), and two
screens where a member meets the message."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from wagtail.models import Page

from labo.core.forms import SingleLineTextChecks, is_single_line_text
from labo.core.validators import refuse_hidden_characters
from tests.quality.test_hostile_input import project_form_classes

HIDDEN = {
    "U+202E": "facture\u202efdp.exe",
    "U+202A": "\u202aCoopérative",
    "U+2066": "Les \u2066Tilleuls\u2069",
    "U+2069": "Tilleuls\u2069",
    "U+200B": "Les\u200bTilleuls",
    "U+200F": "Tilleuls\u200f",
    "U+200D": "Til\u200dleuls",
    "U+FEFF": "\ufeffTilleuls",
    "U+0007": "Tilleuls\x07",
    "U+000A": "Tilleuls\nBcc: victime@exemple.fr",
    "U+007F": "Tilleuls\x7f",
}


@pytest.mark.parametrize("code", HIDDEN)
def test_hidden_characters_are_refused_with_their_code(code):
    with pytest.raises(ValidationError) as refused:
        refuse_hidden_characters(HIDDEN[code])
    assert refused.value.messages == [
        f"Ce texte contient un caractère invisible ou de contrôle ({code}) : retirez-le, "
        "par exemple en retapant le texte au lieu de le coller."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Coopérative « Les Tilleuls » – Saint-Gély-du-Fesc",
        "Habitat participatif 🌳🏡",
        "Famille 👩\u200d👩\u200d👧",  # a zero-width joiner inside an emoji sequence
        "Cœur ❤\ufe0f\u200d🔥",
        "عربي et français",
    ],
)
def test_what_people_type_is_accepted(text):
    refuse_hidden_characters(text)


def test_a_joiner_outside_an_emoji_sequence_is_refused():
    for text in ("👩\u200d", "\u200d👩", "a\u200d👩", "👩\u200da"):
        with pytest.raises(ValidationError):
            refuse_hidden_characters(text)


# --- every form applies it ------------------------------------------------------------------


def single_line_fields(form_class):
    try:
        fields = form_class.base_fields
    except AttributeError:
        return []
    return [name for name, field in fields.items() if is_single_line_text(field)]


def test_every_form_with_a_single_line_text_field_refuses_hidden_characters():
    missing = sorted(
        name
        for name, form_class in project_form_classes().items()
        if single_line_fields(form_class) and not issubclass(form_class, SingleLineTextChecks)
    )
    assert not missing, f"Forms without SingleLineTextChecks: {missing}"


def test_every_page_type_and_wagtail_library_form_refuses_hidden_characters():
    from django.apps import apps

    own_apps = ("labo", "projects", "resources", "forum", "search")
    page_models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and model.__module__.startswith(own_apps)
    ]
    assert len(page_models) >= 10
    for model in page_models:
        assert issubclass(model.get_edit_handler().get_form_class(), SingleLineTextChecks), model
    for setting in ("WAGTAILIMAGES_IMAGE_FORM_BASE", "WAGTAILDOCS_DOCUMENT_FORM_BASE"):
        assert issubclass(import_string(getattr(settings, setting)), SingleLineTextChecks)


@pytest.mark.django_db
def test_a_model_form_checks_the_fields_django_builds(user):
    from labo.accounts.forms import OrganisationForm

    form = OrganisationForm(
        {"name": "Les Tilleuls\u202e", "kind": "holder", "legal_form": "sci", "departement": "34"}
    )
    assert not form.is_valid()
    assert "U+202E" in form.errors["name"][0]


# --- where members meet the message ---------------------------------------------------------


@pytest.mark.django_db
def test_a_forum_topic_title_with_a_bidi_override_is_refused_and_the_text_kept(client, user):
    from forum.models import Topic
    from tests.forum.factories import CategoryFactory

    category = CategoryFactory()
    client.force_login(user)
    response = client.post(
        f"/forum/categories/{category.slug}/nouveau-sujet/",
        {"title": "Réunion \u202efdp.exe", "body": "Un message réfléchi."},
    )
    assert response.status_code == 200
    assert "U+202E" in str(response.context["form"].errors["title"])
    assert "Un message réfléchi." in response.content.decode()
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_a_page_title_with_a_zero_width_space_is_refused_in_the_admin(admin_client, site):
    from wagtail.models import Page as WagtailPage
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from labo.home.models import LegalPage

    home = WagtailPage.objects.get(depth=2).specific
    data = {"title": "Mentions\u200blégales", "slug": "mentions-2", "body": streamfield([])}
    response = admin_client.post(
        f"/admin/pages/add/home/legalpage/{home.pk}/", nested_form_data(data)
    )
    assert response.status_code == 200
    assert "U+200B" in str(response.context["form"].errors["title"])
    assert not LegalPage.objects.filter(slug="mentions-2").exists()
