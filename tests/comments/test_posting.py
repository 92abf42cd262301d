"""Posting a comment: the sync gate, saving as submitted, and landing on the comment (PRG)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments import posting
from comments.models import Comment
from moderation.models import Ban
from newsite.models import Article
from tests.factories import make_article, make_comment, make_user

from .conftest import form_data, post_url, solved_captcha

pytestmark = pytest.mark.django_db


def refused(response, message):
    assert response.status_code == 400, response.status_code
    assert message in response.content.decode(), f"{message!r} not in the page"
    assert not Comment.objects.exists()


def test_a_posted_comment_is_saved_as_submitted_with_its_html_rendered_once(client, article):
    response = client.post(
        post_url(article),
        form_data(article, body="[b]Strong[/b] point"),
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.SUBMITTED
    assert comment.body == "[b]Strong[/b] point"
    assert comment.body_html == "<strong>Strong</strong> point"
    assert (comment.author_name, comment.author_email) == ("Ada Reader", "ada@example.org")
    assert (comment.ip_address, comment.user_agent) == ("203.0.113.7", "TestBrowser/1.0")


def test_a_posted_comment_is_handed_to_moderation_when_the_transaction_commits(
    client, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(post_url(article), form_data(article))
    assert Comment.objects.get().status == Comment.Status.SUBMITTED
    assert callbacks, "moderation.intake.comment_submitted registered nothing to run after commit"


def test_the_author_lands_on_their_comment_marked_awaiting_moderation(client, article):
    response = client.post(post_url(article), form_data(article, body="Waiting for a moderator."), follow=True)
    html = response.content.decode()
    comment = Comment.objects.get()
    assert f'id="comment-{comment.pk}"' in html
    assert "Awaiting moderation" in html and "Waiting for a moderator." in html


def test_nobody_else_sees_a_comment_awaiting_moderation(client, article):
    client.post(post_url(article), form_data(article, body="Only mine for now."))
    other_reader = client.__class__()
    assert "Only mine for now." not in other_reader.get(article.get_absolute_url()).content.decode()


def test_a_signed_in_reader_with_a_verified_address_posts_under_their_display_name_without_a_captcha(client, article):
    user = make_user(first_name="Grace H", email="grace@example.org", verified=True)
    client.force_login(user)
    data = form_data(article, author_name=None, author_email=None, captcha_0=None, captcha_1=None)
    assert client.post(post_url(article), data).status_code == 302
    comment = Comment.objects.get()
    assert (comment.user, comment.author_name, comment.author_email) == (user, "Grace H", "grace@example.org")


def test_a_signed_in_reader_whose_comment_was_spam_must_answer_the_captcha(client, article):
    user = make_user(first_name="Once Spammer", verified=True)
    make_comment(article, user=user, status=Comment.Status.SPAM)
    client.force_login(user)
    response = client.post(post_url(article), form_data(article, captcha_0=None, captcha_1=None))
    assert response.status_code == 400
    assert "Please enter the code you see in the image" in response.content.decode()


def test_signed_in_readers_answer_the_captcha_when_the_setting_says_so(client, article, settings):
    settings.COMMENTS_TRUSTED_SKIP_CAPTCHA = False
    client.force_login(make_user(verified=True))
    response = client.post(post_url(article), form_data(article, captcha_0=None, captcha_1=None))
    assert response.status_code == 400


def test_a_filled_honeypot_is_refused(client, article):
    refused(client.post(post_url(article), form_data(article, website="http://spam.example")), "could not be posted")


def test_a_form_posted_too_quickly_is_refused_and_comes_back(client, article, settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 60
    response = client.post(post_url(article), form_data(article, body="Typed in a flash"))
    refused(response, "That was very quick")
    assert "Typed in a flash" in response.content.decode()


def test_a_form_left_open_too_long_is_refused_and_gets_a_fresh_timestamp(client, article, settings):
    token = posting.form_token(article)
    settings.COMMENTS_FORM_MAX_SECONDS = -1
    response = client.post(post_url(article), form_data(article, form_token=token))
    refused(response, "open too long")
    assert token not in response.content.decode()


def test_a_form_token_from_another_article_is_refused(client, article):
    other = make_article()
    refused(client.post(post_url(article), form_data(article, form_token=posting.form_token(other))), "another article")


def test_posting_too_fast_from_one_address_is_refused_with_the_limit(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = "2/m"
    for n in range(2):
        assert client.post(post_url(article), form_data(article, body=f"Comment {n}")).status_code == 302
    response = client.post(post_url(article), form_data(article, body="One too many"))
    assert response.status_code == 400
    assert "at most 2 per minute" in response.content.decode()
    assert Comment.objects.count() == 2


PROXY = "10.0.0.2"


def test_behind_a_trusted_proxy_each_reader_has_their_own_posting_limit_whatever_they_forge(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = "2/m"
    settings.TRUSTED_PROXY_COUNT = 1
    answers = [
        client.post(
            post_url(article),
            form_data(article, body=f"Comment number {n}"),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7",  # the first entry the reader wrote
        ).status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 400]
    another_reader = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    other = client.post(post_url(article), form_data(article, body="Another reader"), **another_reader)
    assert other.status_code == 302
    assert Comment.objects.count() == 3


def test_ipv6_addresses_in_one_64_share_one_posting_limit(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = "2/m"
    addresses = ["2001:db8:5:6::1", "2001:db8:5:6::2", "2001:db8:5:6:aaaa::3"]
    answers = [
        client.post(post_url(article), form_data(article, body=f"From {ip}"), REMOTE_ADDR=ip).status_code
        for ip in addresses
    ]
    assert answers == [302, 302, 400]
    neighbour = client.post(post_url(article), form_data(article, body="Next /64"), REMOTE_ADDR="2001:db8:5:7::1")
    assert neighbour.status_code == 302


def test_behind_a_trusted_proxy_the_comment_keeps_the_readers_address_and_bans_apply_to_it(client, article, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    behind_proxy = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.50"}
    response = client.post(post_url(article), form_data(article, body="Through the proxy"), **behind_proxy)
    assert response.status_code == 302
    assert Comment.objects.get().ip_address == "203.0.113.50"  # what the flood checks and moderators see

    Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.50/32")
    response = client.post(post_url(article), form_data(article, body="After the ban"), **behind_proxy)
    assert response.status_code == 400
    assert "You are not allowed to post comments" in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_same_text_twice_is_refused(client, article):
    assert client.post(post_url(article), form_data(article, body="Me too!")).status_code == 302
    response = client.post(post_url(article), form_data(article, body="  me   TOO! "))
    assert response.status_code == 400
    assert "You posted this same comment a moment ago" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "ban",
    [{"kind": Ban.Kind.IP, "value": "198.51.100.0/24"}, {"kind": Ban.Kind.EMAIL, "value": "ada@example.org"}],
)
def test_a_banned_reader_is_refused_with_the_reason(client, article, ban):
    Ban.objects.create(**ban)
    response = client.post(post_url(article), form_data(article), REMOTE_ADDR="198.51.100.23")
    refused(response, "You are not allowed to post comments")


def test_a_closed_article_refuses_comments_and_keeps_the_text(client):
    article = make_article(comment_mode=Article.CommentMode.CLOSED)
    response = client.post(post_url(article), form_data(article, body="Too late?"))
    refused(response, "Comments on this article are closed.")
    assert "Too late?" in response.content.decode()


def test_an_article_past_its_close_date_refuses_comments(client):
    article = make_article(comments_close_at=timezone.now() - timedelta(days=1))
    refused(client.post(post_url(article), form_data(article)), "Comments on this article closed on")


def test_a_closed_article_shows_no_form(client):
    article = make_article(comment_mode=Article.CommentMode.CLOSED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments on this article are closed." in html and 'name="body"' not in html


def test_anonymous_posting_can_be_switched_off(client, article, settings):
    settings.COMMENTS_ANONYMOUS_ALLOWED = False
    assert "log in</a> or <a" in client.get(article.get_absolute_url()).content.decode()
    refused(client.post(post_url(article), form_data(article)), "Please log in to post a comment.")


def test_asking_for_e_mail_notification_sets_the_flag(client, article):
    client.post(post_url(article), form_data(article, notify_on_reply="on"))
    assert Comment.objects.get().notify_on_reply is True


def test_asking_for_e_mail_notification_without_an_address_is_an_error(client, article):
    response = client.post(post_url(article), form_data(article, author_email="", notify_on_reply="on"))
    refused(response, "Please give your e-mail address so we can write to you.")


def test_a_reply_quotes_its_parent_and_points_at_it(client, article):
    parent = make_comment(article, author_name="Ann", body="[quote=Zed]older[/quote]Original point")
    html = client.get(f"{article.get_absolute_url()}?reply_to={parent.pk}").content.decode()
    assert "[quote=Ann]Original point[/quote]" in html
    assert f'name="parent" value="{parent.pk}"' in html
    client.post(post_url(article), form_data(article, parent=parent.pk, body="[quote=Ann]Original point[/quote]Agreed"))
    assert Comment.objects.get(parent=parent).body_html.startswith("<blockquote><cite>Ann wrote:</cite>")


def test_a_reply_to_a_comment_that_is_not_published_is_refused(client, article):
    hidden = make_comment(article, status=Comment.Status.HELD)
    response = client.post(post_url(article), form_data(article, parent=hidden.pk))
    assert response.status_code == 400
    assert "no longer available" in response.content.decode()


def test_new_code_without_javascript_keeps_the_text_and_shows_a_new_captcha(client, article):
    data = form_data(article, body="Half written", new_code="1")
    response = client.post(post_url(article), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Half written" in html and data["captcha_0"] not in html
    assert not Comment.objects.exists()


def test_the_api_gate_needs_no_form_token_or_honeypot(article):
    data = {"author_name": "Api Reader", "author_email": "", "body": "Via the API", "parent": None}
    key, answer = solved_captcha()
    data.update(captcha_key=key, captcha_answer=answer)
    comment = posting.post_comment(article, data, ip="192.0.2.1", checks=posting.API_CHECKS)
    assert comment.status == Comment.Status.SUBMITTED and comment.body_html == "Via the API"


def test_the_gate_refusal_names_the_field(article):
    data = {"author_name": "Api Reader", "body": "No captcha", "captcha_key": "", "captcha_answer": ""}
    with pytest.raises(posting.PostingRefused) as refusal:
        posting.post_comment(article, data, ip="192.0.2.1", checks=posting.API_CHECKS)
    assert refusal.value.errors == {"captcha": ["Please enter the code you see in the image."]}


def test_the_live_preview_renders_exactly_what_would_be_saved(client):
    response = client.post(reverse("comments:preview"), {"body": "[b]Bold[/b] <script>x</script>"})
    assert response.json()["html"] == "<strong>Bold</strong> &lt;script&gt;x&lt;/script&gt;"
    # What the page may build from it (comments.js copies nodes, never assigns markup): the sanitiser's list.
    assert response.json()["allowed"] == {
        "tags": ["a", "blockquote", "br", "cite", "em", "strong", "u"],
        "attributes": {"a": ["href", "rel"]},
        "schemes": ["http", "https"],
    }
    assert client.get(reverse("comments:preview")).status_code == 405
