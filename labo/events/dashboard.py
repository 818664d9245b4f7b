"""« Mes inscriptions aux événements », a section of « Mon espace »."""

from . import selectors
from .models import EventIndexPage


def registrations_section(request):
    if not request.user.is_authenticated:
        return None
    registrations = list(selectors.user_registrations(request.user))
    index = EventIndexPage.objects.live().first()
    return {
        "registrations": registrations,
        "agenda_url": index.get_url(request) if index else "",
    }
