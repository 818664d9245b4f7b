def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that do not show the badge pay no query.
    return {
        "unread_notifications_count": lambda: user.notifications.filter(
            read_at__isnull=True
        ).count()
    }
