from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("categories/<slug:slug>/nouveau-sujet/", views.new_topic, name="new_topic"),
    path("categories/<slug:slug>/suivi/", views.watch_category, name="watch_category"),
    path("sujets/<id:pk>/", views.topic, name="topic"),
    path("sujets/<id:pk>/premier-non-lu/", views.topic_first_unread, name="first_unread"),
    path("sujets/<id:pk>/repondre/", views.reply, name="reply"),
    path("sujets/<id:pk>/suivi/", views.watch_topic, name="watch_topic"),
    path("sujets/<id:pk>/nouveaux-messages/", views.posts_after, name="posts_after"),
    path("messages/<id:pk>/", views.post, name="post"),
    path("messages/<id:pk>/fragment/", views.post_fragment, name="post_fragment"),
    path("messages/<id:pk>/modifier/", views.edit_post, name="edit_post"),
    path("messages/<id:pk>/supprimer/", views.delete_post, name="delete_post"),
    path("messages/<id:pk>/signaler/", views.report_post, name="report_post"),
    path("messages/<id:pk>/historique/", views.history, name="history"),
    path("pieces-jointes/<id:pk>/", views.attachment, name="attachment"),
    path("apercu/", views.preview, name="preview"),
    path("membres/", views.mention_search, name="mention_search"),
    path("projets/<id:project_id>/espace/", views.open_project_space, name="open_space"),
]
