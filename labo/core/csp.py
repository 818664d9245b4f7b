"""The Content-Security-Policy header, from ``settings.CONTENT_SECURITY_POLICY``, with the two
exceptions the site needs, both decided per response rather than per view so that a new URL
is covered without anyone remembering to decorate it.

- Framing follows ``X-Frame-Options``: the policy says ``frame-ancestors 'none'`` like the
  site-wide ``DENY``, and a response a view allowed to be framed by its own origin
  (``SAMEORIGIN``), or a Wagtail preview, gets ``frame-ancestors 'self'``. Browsers that
  know CSP ignore ``X-Frame-Options`` when ``frame-ancestors`` is present, so the two must agree.
- Wagtail's admin still prints a few inline scripts (``InlinePanel`` and the date pickers
  call their initialisers from ``<script>`` blocks in its templates), so its pages, and only
  its pages, may run inline scripts. The public site never may.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse


def admin_prefixes():
    """URL prefixes of Wagtail's admin (reversed, so moving the admin moves the relaxation)."""
    return (reverse("wagtailadmin_home"),)


def is_admin_path(path):
    return path.startswith(admin_prefixes())


class LaboCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        replace = dict(parts.replace or {})
        update = dict(parts.update or {})
        # Wagtail renders a preview by running a dummy request for the page's public URL
        # through this whole stack, inside its admin preview view: that inner response keeps
        # the public script policy (the header set here is not replaced on the way out), but
        # is shown in the admin's same-origin frame.
        is_preview = getattr(request, "is_preview", False)
        if is_preview or response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace.setdefault("frame-ancestors", [SELF])
        if is_admin_path(request.path_info):
            update["script-src"] = [*update.get("script-src", ()), UNSAFE_INLINE]
        parts.replace = replace or None
        parts.update = update or None
        return parts
