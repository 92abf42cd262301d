"""Routes of the public REST API, version 1 (mounted at /api/v1/)."""

from django.urls import path

from . import views

app_name = "api"

# Path values are taken as strings and checked by the views, so a malformed one is a JSON 404.
urlpatterns = [
    path("articles/", views.ArticleList.as_view(), name="articles"),
    path("articles/<str:slug>/", views.ArticleDetail.as_view(), name="article"),
    path("articles/<str:slug>/comments/", views.ArticleComments.as_view(), name="article-comments"),
    path("articles/<str:slug>/rating/", views.ArticleRating.as_view(), name="article-rating"),
    path("comments/<str:pk>/", views.CommentDetail.as_view(), name="comment"),
    path("comments/<str:pk>/reports/", views.CommentReports.as_view(), name="comment-reports"),
    path("comments/<str:pk>/recommendation/", views.CommentRecommendation.as_view(), name="comment-recommendation"),
    path("captcha/", views.NewCaptcha.as_view(), name="captcha"),
]
