"""Factories of housing projects. Text defaults carry the suite's <script> payload so every
page test also checks escaping."""

import factory
import wagtail_factories

from projects import services
from projects.models import Commune, HabitatType, ProjectIndexPage, ProjectPage, SharedSpace
from projects.models.pages import Stage
from projects.models.teams import ProjectTeamMember
from tests.factories import HOSTILE, UserFactory


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projets"
    slug = "projets"


class ProjectPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projet {n} {HOSTILE}")
    slug = factory.Sequence(lambda n: f"projet-{n}")
    summary = factory.LazyAttribute(lambda o: f"Résumé du projet {HOSTILE}")
    commune = factory.LazyFunction(lambda: Commune.objects.get(insee="34172"))  # Montpellier
    stage = Stage.EMERGENCE
    live = True

    @factory.post_generation
    def habitat_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.habitat_types.set(HabitatType.objects.filter(slug__in=extracted))
            self.save()

    @factory.post_generation
    def shared_spaces(self, create, extracted, **kwargs):
        if create and extracted:
            self.shared_spaces.set(SharedSpace.objects.filter(slug__in=extracted))
            self.save()

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save()

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        """``team=[user, …]``: the first one is the team admin."""
        if not create or extracted is None:
            return
        team = services.team_create(self)
        for position, user in enumerate(extracted):
            role = ProjectTeamMember.Role.ADMIN if position == 0 else ProjectTeamMember.Role.MEMBER
            services.team_add_member(team, user, role)


def make_team_member(page, role=ProjectTeamMember.Role.MEMBER):
    user = UserFactory()
    team = getattr(page, "team", None) or services.team_create(page)
    services.team_add_member(team, user, role)
    return user
