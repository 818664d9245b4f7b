import secrets

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from labo.core import formats, submissions
from labo.home.models import AccessibilityPage, LegalPage

register = template.Library()


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """Links to the legal pages, by kind rather than by slug so editors may rename them."""
    request = context.get("request")
    links = []
    accessibility = AccessibilityPage.objects.live().first()
    if accessibility:
        links.append(
            {
                "label": _("Accessibilité : %(status)s")
                % {"status": accessibility.get_conformity_status_display()},
                "url": accessibility.get_url(request),
            }
        )
    for page in LegalPage.objects.live().order_by("path"):
        links.append({"label": page.title, "url": page.get_url(request)})
    return {"links": links}


@register.simple_tag
def submission_token():
    """The one-time token of a form that creates something (labo.core.submissions)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', submissions.FIELD, secrets.token_urlsafe(24)
    )


@register.filter
def euros(value, decimals=2):
    """``{{ amount|euros }}``: « 1 234,50 € », « — » when unknown; ``{{ amount|euros:0 }}``
    in whole euros (labo.core.formats.euros). Like Django's own filters, what is not a
    number prints nothing rather than breaking the page."""
    try:
        return formats.euros(value, int(decimals))
    except (TypeError, ValueError, ArithmeticError):
        return ""
