"""Public comment URLs: feeds, permalinks, posting, reports."""

from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/recommend/", views.recommend, name="recommend"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("live/<int:article_id>/", views.live, name="live"),
    path("post/<int:article_id>/", views.post, name="post"),
    path("preview/", views.preview, name="preview"),
    path("confirm-address/<str:token>/", views.confirm_address, name="confirm-address"),
    path("feed/rss/", feeds.LatestCommentsFeed(), name="latest-feed"),
    path("feed/atom/", feeds.LatestCommentsAtomFeed(), name="latest-feed-atom"),
    path("feed/section/<slug:section>/rss/", feeds.SectionCommentsFeed(), name="section-feed"),
    path("feed/section/<slug:section>/atom/", feeds.SectionCommentsAtomFeed(), name="section-feed-atom"),
    path("feed/article/<slug:slug>/rss/", feeds.ArticleCommentsFeed(), name="article-feed"),
    path("feed/article/<slug:slug>/atom/", feeds.ArticleCommentsAtomFeed(), name="article-feed-atom"),
]
