from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from labo.permissions import can


def staff_required(view):
    """Anonymous visitors go to the login page; logged-in users without a staff role get a
    403 with the French reason."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        decision = can(request.user, "tracking.staff")
        if not decision:
            raise PermissionDenied(decision.reason)
        return view(request, *args, **kwargs)

    return wrapper
