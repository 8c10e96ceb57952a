from django.urls import path

from committee import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/start/", views.after_login, name="after_login"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("committees/<int:committee_id>/", views.committee_home, name="committee_home"),
    path(
        "committees/<int:committee_id>/briefings/<int:briefing_id>/",
        views.briefing_detail,
        name="briefing_detail",
    ),
    path("committees/<int:committee_id>/chair/", views.chair_console, name="chair_console"),
    path("committees/<int:committee_id>/projector/", views.projector, name="projector"),
    path("committees/<int:committee_id>/seats/cards/", views.seat_cards, name="seat_cards"),
    path(
        "committees/<int:committee_id>/seats/<int:seat_id>/revoke/",
        views.seat_revoke,
        name="seat_revoke",
    ),
    path(
        "committees/<int:committee_id>/seats/<int:seat_id>/reissue/",
        views.seat_reissue,
        name="seat_reissue",
    ),
    path(
        "committees/<int:committee_id>/organize/",
        views.committee_organize,
        name="committee_organize",
    ),
    path(
        "committees/<int:committee_id>/organize/vetoes/",
        views.committee_vetoes,
        name="committee_vetoes",
    ),
    path(
        "conferences/<int:conference_id>/organize/",
        views.conference_organize,
        name="conference_organize",
    ),
]
