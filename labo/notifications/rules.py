"""Who may read and change notifications. A notification is private to its recipient: even
staff do not read someone else's, and views answer 404 (not 403) so that ids do not leak."""

from django.utils.translation import gettext_lazy as _

from labo.permissions import ALLOW, deny, rule


def _own(user, notification):
    if notification is not None and notification.recipient_id == user.pk:
        return ALLOW
    return deny(_("Cette notification ne vous est pas destinée."))


@rule("notifications.view_list")
def view_list(user, obj):
    return ALLOW


def own_notifications(user):
    """The queryset twin of ``view_notification``."""
    from .models import Notification

    return (
        Notification.objects.filter(recipient_id=user.pk)
        if user.is_authenticated
        else (Notification.objects.none())
    )


@rule("notifications.view_notification", objects=own_notifications)
def view_notification(user, notification):
    return _own(user, notification)


@rule("notifications.mark_read")
def mark_read(user, notification):
    return _own(user, notification)


@rule("notifications.edit_preferences")
def edit_preferences(user, obj):
    return ALLOW


@rule("notifications.listen")
def listen(user, obj):
    # can() already refuses deactivated accounts; the socket needs nothing more.
    return ALLOW
