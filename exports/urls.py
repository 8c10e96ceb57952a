from django.urls import path

from exports import views

C = "committees/<int:committee_id>/"

urlpatterns = [
    path(C + "resolutions/", views.resolutions_index, name="exports_resolutions"),
    path(
        C + "resolutions/<int:resolution_id>/<str:fmt>/",
        views.resolution_download,
        name="exports_resolution",
    ),
    path(C + "resolutions/adopted/<str:fmt>/", views.committee_bundle, name="exports_bundle"),
    path(C + "minutes/", views.minutes_page, name="exports_minutes"),
    path(C + "minutes/<str:fmt>/", views.minutes_download, name="exports_minutes_file"),
    path(C + "export/", views.export_page, name="exports_page"),
    path(C + "export/<str:name>.csv", views.csv_download, name="exports_csv"),
    path(C + "stats/", views.stats_page, name="exports_stats"),
    path(C + "stats/panel/", views.stats_panel, name="exports_stats_panel"),
    path(C + "ratings/", views.rate, name="exports_rate"),
    path(C + "awards/", views.awards_page, name="exports_awards"),
    path(C + "awards/rubric/", views.set_rubric, name="exports_rubric"),
    path(
        "conferences/<int:conference_id>/resolutions/<str:fmt>/",
        views.conference_bundle,
        name="exports_conference_bundle",
    ),
    path("conferences/<int:conference_id>/desk/", views.desk, name="exports_desk"),
    path("conferences/<int:conference_id>/desk.json", views.desk_json, name="exports_desk_json"),
]
