from django.urls import path

from delegates import paper_review_views, paper_views, views

urlpatterns = [
    path("join/", views.join, name="join"),
    path("delegate/", views.delegate_home, name="delegate_home"),
    path("delegate/leave/", views.leave, name="leave_seat"),
    # Position papers: the delegate's own
    path("delegate/papers/", paper_views.my_papers, name="my_papers"),
    path("delegate/papers/<int:topic_id>/", paper_views.my_paper, name="my_paper"),
    path("delegate/papers/<int:topic_id>/draft/", paper_views.save_draft, name="paper_draft"),
    path("delegate/papers/<int:topic_id>/submit/", paper_views.submit_text, name="paper_submit"),
    path("delegate/papers/<int:topic_id>/upload/", paper_views.submit_upload, name="paper_upload"),
    path(
        "delegate/papers/<int:topic_id>/versions/<int:number>/",
        paper_views.my_version,
        name="my_paper_version",
    ),
    path("papers/preview/", paper_views.preview, name="paper_preview"),
    path("papers/files/<int:version_id>/", paper_views.version_file, name="paper_file"),
    # Published papers (public)
    path(
        "committees/<int:committee_id>/papers/published/",
        paper_views.published_papers,
        name="published_papers",
    ),
    path(
        "committees/<int:committee_id>/papers/published/<int:paper_id>/",
        paper_views.published_paper,
        name="published_paper",
    ),
    # The dais
    path("committees/<int:committee_id>/papers/", paper_review_views.matrix, name="papers_matrix"),
    path(
        "committees/<int:committee_id>/papers/setup/",
        paper_review_views.paper_setup,
        name="paper_setup",
    ),
    path(
        "committees/<int:committee_id>/papers/release/",
        paper_review_views.release_scores,
        name="papers_release",
    ),
    path(
        "committees/<int:committee_id>/papers/zip/",
        paper_review_views.committee_zip,
        name="papers_zip",
    ),
    path(
        "committees/<int:committee_id>/papers/<int:paper_id>/",
        paper_review_views.paper_detail,
        name="paper_detail",
    ),
    path(
        "committees/<int:committee_id>/papers/<int:paper_id>/decision/",
        paper_review_views.paper_decision,
        name="paper_decision",
    ),
    path(
        "committees/<int:committee_id>/papers/<int:paper_id>/notes/",
        paper_review_views.paper_notes,
        name="paper_notes",
    ),
    path(
        "committees/<int:committee_id>/papers/<int:paper_id>/score/",
        paper_review_views.paper_score,
        name="paper_score",
    ),
    path(
        "committees/<int:committee_id>/papers/<int:paper_id>/publish/",
        paper_review_views.paper_publish,
        name="paper_publish",
    ),
    # Organizers
    path(
        "conferences/<int:conference_id>/papers/",
        paper_review_views.conference_papers,
        name="conference_papers",
    ),
    path(
        "conferences/<int:conference_id>/papers/zip/",
        paper_review_views.conference_zip,
        name="conference_papers_zip",
    ),
]
