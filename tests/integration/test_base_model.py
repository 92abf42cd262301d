"""A new site, with no moderator decision yet, keeps obvious spam off the page from its first comment.

The worker scores with the base model shipped in the repository (`spam_train --base`), blended
out as the site's own decisions accumulate.
"""

import pytest

from comments.models import Comment
from moderation.models import Assessment, ClassifierState, Decision
from tests.factories import make_article

from .test_pipeline import decided, post

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
Status = Comment.Status

OBVIOUS_SPAM = [
    "CLICK HERE to earn $5000 a week from home http://money-fast.example",
    "Cheap pills http://rx-pharmacy.example http://rx-pharmacy.example/buy http://rx-pharmacy.example/now",
]


@pytest.mark.parametrize("body", OBVIOUS_SPAM)
def test_a_fresh_site_keeps_obvious_spam_off_the_page(celery_worker, body):
    assert not ClassifierState.objects.exists() and not Decision.objects.exists()
    comment = post(make_article(), body=body)
    assert decided(comment) in (Status.HELD, Status.SPAM)
    assessment = Assessment.objects.get(comment=comment)
    classifier_signal = next(signal for signal in assessment.signals if signal["name"] == "classifier")
    assert classifier_signal["score"] > 0.5
    assert any(reason.startswith("spam score") for reason in assessment.reasons)


def test_a_fresh_site_publishes_an_honest_first_comment_at_once(celery_worker):
    comment = post(make_article(), body="The council should have published the consultation before the vote.")
    assert decided(comment) == Status.PUBLISHED
