from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("non-lues/", views.unread_count, name="unread_count"),
    path("tout-marquer-lu/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("<id:pk>/lue/", views.mark_read, name="mark_read"),
    path("<id:pk>/ouvrir/", views.open_notification, name="open"),
]
