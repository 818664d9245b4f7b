from django.urls import path

from .consumers import CategoryConsumer, TopicConsumer

websocket_urlpatterns = [
    path("ws/forum/topics/<int:pk>/", TopicConsumer.as_asgi()),
    path("ws/forum/categories/<int:pk>/", CategoryConsumer.as_asgi()),
]
