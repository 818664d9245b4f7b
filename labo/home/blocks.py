from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from labo.core.blocks import BodyBlock


class _ProjectsSectionBlock(blocks.StructBlock):
    """A home page section fed by the published projects; CRESS edits its title and size."""

    title = blocks.CharBlock(label=_("Titre"), max_length=120)

    def get_context(self, value, parent_context=None):
        from projects import selectors

        context = super().get_context(value, parent_context=parent_context)
        context["directory_url"] = selectors.directory_url()
        context.update(self.projects_context(value, selectors))
        return context

    def projects_context(self, value, selectors):
        return {}


class LatestProjectsBlock(_ProjectsSectionBlock):
    count = blocks.IntegerBlock(label=_("Nombre de projets"), min_value=1, max_value=12, default=4)

    def projects_context(self, value, selectors):
        return {"projects": selectors.latest_published(value["count"])}

    class Meta:
        icon = "home"
        label = _("Derniers projets publiés")
        template = "projects/blocks/home_projects_block.html"


class ProjectsSeekingHouseholdsBlock(_ProjectsSectionBlock):
    count = blocks.IntegerBlock(label=_("Nombre de projets"), min_value=1, max_value=12, default=4)

    def projects_context(self, value, selectors):
        return {"projects": selectors.seeking_households(value["count"]), "seeking": True}

    class Meta:
        icon = "group"
        label = _("Projets qui recherchent des foyers")
        template = "projects/blocks/home_projects_block.html"


class ProjectsByDepartementBlock(_ProjectsSectionBlock):
    def projects_context(self, value, selectors):
        return {"departements": selectors.counts_by_departement()}

    class Meta:
        icon = "site"
        label = _("Nombre de projets par département")
        template = "projects/blocks/home_departements_block.html"


class HomeBodyBlock(BodyBlock):
    """The home page's sections: the common blocks plus live sections about projects."""

    latest_projects = LatestProjectsBlock()
    projects_seeking_households = ProjectsSeekingHouseholdsBlock()
    projects_by_departement = ProjectsByDepartementBlock()
