from django.urls import path

from delegates import views

urlpatterns = [
    path("join/", views.join, name="join"),
    path("delegate/", views.delegate_home, name="delegate_home"),
    path("delegate/leave/", views.leave, name="leave_seat"),
]
