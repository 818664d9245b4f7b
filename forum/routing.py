from django.urls import path

from .consumers import CategoryConsumer, TopicConsumer

websocket_urlpatterns = [
    path("ws/forum/topics/<id:pk>/", TopicConsumer.as_asgi()),
    path("ws/forum/categories/<id:pk>/", CategoryConsumer.as_asgi()),
]
