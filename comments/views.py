"""Public comment views: permalinks (posting, reports and the list are added beside them)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect

from .models import Comment


def permalink(request, pk):
    """Redirect to the page of the article on which the comment stands."""
    comment = get_object_or_404(Comment.objects.published().select_related("article__section"), pk=pk)
    earlier = Comment.objects.published().filter(article_id=comment.article_id, id__lt=comment.pk).count()
    page = earlier // settings.COMMENTS_PER_PAGE + 1
    return redirect(f"{comment.article.get_absolute_url()}?page={page}#comment-{comment.pk}")
