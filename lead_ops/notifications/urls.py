from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_index, name="index"),
    path("read/", views.notification_mark_all_read, name="mark-read"),
    path("delivery/", views.notification_delivery_set, name="delivery"),
]
