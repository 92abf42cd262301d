"""People and comments for the moderation console's tests."""

import pytest
from django.contrib.auth.models import Group, Permission

from comments.models import Comment
from moderation.models import Assessment
from tests.factories import make_article, make_comment, make_user

Status = Comment.Status


def make_moderator(username):
    user = make_user(username, email=f"{username}@newsite.test", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator(db):
    return make_moderator("mod")


@pytest.fixture
def second_moderator(db):
    return make_moderator("mod2")


@pytest.fixture
def staff(db):
    """An editor: staff, may even view comments, but holds no moderation permission."""
    user = make_user("editor", email="editor@newsite.test", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    return user


@pytest.fixture
def reader(db):
    return make_user("reader", email="reader@newsite.test")


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("boss", "boss@newsite.test", "a-long-test-password")


@pytest.fixture
def article(db):
    return make_article(headline="Harbour flood defences approved", slug="harbour-flood")


def make_held(article, reasons=("4 links", "first comment by this author"), spam_score=0.6, **fields):
    comment = make_comment(article, status=Status.HELD, spam_score=spam_score, **fields)
    Assessment.objects.create(
        comment=comment,
        verdict=Status.HELD,
        spam_score=spam_score,
        reasons=list(reasons),
        signals=[
            {"name": "links", "score": 0.7, "verdict": None, "reasons": ["4 links"]},
            {"name": "author", "score": 0.4, "verdict": None, "reasons": ["first comment by this author"]},
        ],
    )
    return comment


@pytest.fixture
def held(article):
    return make_held(article, body="Cheap watches at www.watch-deals.example", ip_address="203.0.113.7")


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Several accounts per test: the production hasher's deliberate slowness buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
