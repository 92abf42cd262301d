"""API test helpers: clients for every kind of caller, and comments in every status."""

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group, Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

Status = Comment.Status
HIDDEN_STATUSES = [Status.SUBMITTED, Status.HELD, Status.SPAM, Status.REJECTED, Status.REMOVED]


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    """Posting limits out of the way (the tests about limits set their own), and quick password hashing."""
    settings.COMMENTS_RATE_LIMIT = "1000/m"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def solved_captcha():
    key = CaptchaStore.generate_key()
    return key, CaptchaStore.objects.get(hashkey=key).response


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def reader_user(db):
    return make_user(first_name="Rita", email="rita@example.org", verified=True)


@pytest.fixture
def reader(reader_user):
    return token_client(reader_user)


@pytest.fixture
def staff(db):
    """Staff status and every permission of the site except deciding comments."""
    user = make_user(is_staff=True)
    user.user_permissions.set(Permission.objects.exclude(codename="moderate_comment"))
    return token_client(user)


@pytest.fixture
def moderator_user(db):
    user = make_user(first_name="Mo", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def group_member_not_staff(db):
    """In the Moderators group (so holding the permission) but not staff: the admin is closed to them."""
    user = make_user(first_name="Nell")
    user.groups.add(Group.objects.get(name="Moderators"))
    return token_client(user)


@pytest.fixture
def inactive_moderator(db):
    user = make_user(first_name="Gone", is_staff=True, is_active=False)
    user.groups.add(Group.objects.get(name="Moderators"))
    client = APIClient()
    client.force_authenticate(user)  # a token would not even authenticate an inactive account
    return client


@pytest.fixture
def moderator(moderator_user):
    return token_client(moderator_user)


@pytest.fixture
def superuser(db):
    return token_client(make_user(is_superuser=True, is_staff=True))


@pytest.fixture
def story(db):
    """An article with three published comments and one in every status the public must not see."""
    article = make_article(headline="Bridge reopens")
    published = [make_comment(article, author_name=f"Pat {n}", ip_address="192.0.2.1") for n in range(3)]
    hidden = [make_comment(article, status=status, author_name=f"Hidden {status}") for status in HIDDEN_STATUSES]
    return article, published, hidden
