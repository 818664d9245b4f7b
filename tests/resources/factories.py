"""Factories of the resource centre. Text defaults carry the <script> payload of
tests/factories.py so every page test also checks escaping."""

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from resources.choices import ResourceType
from resources.models import (
    DocumentDownloadCount,
    ResourceDocument,
    ResourceIndexPage,
    ResourceLink,
    ResourcePage,
    Theme,
)
from resources.pdf import minimal_pdf
from tests.factories import HOSTILE


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Thème {n} {HOSTILE}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Document {n} {HOSTILE}")
    file = factory.LazyAttribute(
        lambda doc: ContentFile(minimal_pdf("Document de test"), name="document.pdf")
    )

    @factory.post_generation
    def metadata(self, create, extracted, **kwargs):
        # The Wagtail admin records size and hash on upload; do the same.
        if create:
            self._set_document_file_metadata()
            self.save()


def resource_index():
    """The library page created by the site setup (the ``site`` fixture runs it)."""
    return ResourceIndexPage.objects.get()


class ResourcePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ResourcePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Ressource {n} {HOSTILE}")
    slug = factory.Sequence(lambda n: f"ressource-{n}")
    summary = factory.Sequence(lambda n: f"Résumé de la ressource {n} {HOSTILE}")
    resource_type = ResourceType.GUIDE
    publication_date = factory.LazyFunction(datetime.date.today)
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda page: page.first_published_at)
    parent = factory.LazyFunction(resource_index)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self._save_relations = True

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create and extracted:
            self.stages.set(extracted)
            self._save_relations = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)
            self._save_relations = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self._save_relations = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # ParentalManyToMany values live on the instance until the page is saved again.
        if create and getattr(instance, "_save_relations", False):
            instance.save()


class ResourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceDocument

    page = factory.SubFactory(ResourcePageFactory)
    document = factory.SubFactory(DocumentFactory)


class ResourceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceLink

    page = factory.SubFactory(ResourcePageFactory)
    url = "https://www.exemple.fr/ressource"
    title = factory.Sequence(lambda n: f"Lien {n} {HOSTILE}")


def set_downloads(document, count):
    DocumentDownloadCount.objects.update_or_create(document=document, defaults={"count": count})
