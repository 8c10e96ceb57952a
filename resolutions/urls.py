from django.urls import path

from resolutions import views

urlpatterns = [
    path("committees/<int:committee_id>/drafts/", views.paper_list, name="paper_list"),
    path("committees/<int:committee_id>/drafts/<int:paper_id>/", views.paper_detail, name="draft_paper"),
    path(
        "committees/<int:committee_id>/drafts/<int:paper_id>/document/",
        views.paper_document,
        name="paper_document",
    ),
    path(
        "committees/<int:committee_id>/drafts/<int:paper_id>/action/",
        views.paper_action,
        name="paper_action",
    ),
    path(
        "committees/<int:committee_id>/drafts/<int:paper_id>/approve/",
        views.paper_approve,
        name="paper_approve",
    ),
    path(
        "committees/<int:committee_id>/drafts/<int:paper_id>/amendments/",
        views.amendment_action,
        name="amendment_action",
    ),
    path(
        "committees/<int:committee_id>/drafts/<int:paper_id>/history/",
        views.paper_history,
        name="paper_history",
    ),
]
