"""Models of housing projects: reference data (communes, habitat types, shared spaces), the
Wagtail pages, and the teams that edit them."""

from .communes import Commune
from .pages import ProjectIndexPage, ProjectPage, ProjectPageTag
from .taxonomy import INCLUSIVE_SLUG, HabitatType, SharedSpace
from .teams import ProjectInvitation, ProjectTeam, ProjectTeamMember

__all__ = [
    "INCLUSIVE_SLUG",
    "Commune",
    "HabitatType",
    "ProjectIndexPage",
    "ProjectInvitation",
    "ProjectPage",
    "ProjectPageTag",
    "ProjectTeam",
    "ProjectTeamMember",
    "SharedSpace",
]
