"""`manage.py import_comments` (Disqus, WordPress, our own export) and `export_comments`: all or nothing, twice
the same, hostile XML refused, threads rebuilt, nothing sent to moderation unless asked."""

import io
import json
import tracemalloc
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import signals
from comments.importing import disqus, loader
from comments.models import Comment, ImportedComment
from newsite.models import Article
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db

DISQUS_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <category dsq:id="1"><forum>oldnews</forum><title>General</title></category>
"""


def disqus_thread(thread_id, link):
    return f"""  <thread dsq:id="{thread_id}"><forum>oldnews</forum><link>{link}</link><title>A</title></thread>\n"""


def disqus_post(post_id, thread_id, *, message="Fine words.", name="Ana", email="ana@example.org", parent=None,
                created="2024-05-01T09:00:00Z", spam="false", deleted="false", ip="192.0.2.1"):  # fmt: skip
    parent_element = f'<parent dsq:id="{parent}"/>' if parent else ""
    return f"""  <post dsq:id="{post_id}"><message><![CDATA[{message}]]></message><createdAt>{created}</createdAt>
    <isDeleted>{deleted}</isDeleted><isSpam>{spam}</isSpam>
    <author><email>{email}</email><name>{name}</name><isAnonymous>false</isAnonymous></author>
    <ipAddress>{ip}</ipAddress><thread dsq:id="{thread_id}"/>{parent_element}</post>\n"""


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path, fmt="disqus", *options):
    out = io.StringIO()
    call_command("import_comments", str(path), "--format", fmt, *options, stdout=out)
    return out.getvalue()


def refused(path, fmt="disqus", *options):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_comments", str(path), "--format", fmt, *options, stdout=out)
    return f"{out.getvalue()}\n{error.value}"


def threads():
    """Every comment as (article slug, author, body, status, created_at, its parent's body): the threads' shape."""
    return sorted(
        (c.article.slug, c.author_name, c.body, c.status, c.created_at, c.parent.body if c.parent else None)
        for c in Comment.objects.select_related("article", "parent")
    )


@pytest.fixture
def articles():
    politics = make_section(slug="politics")
    return (
        make_article(section=politics, slug="bridge-reopens", headline="The bridge reopens"),
        make_article(section=politics, slug="harbour-plan", headline="A plan for the harbour"),
    )


@pytest.fixture
def disqus_file(tmp_path, articles):
    return write(
        tmp_path,
        DISQUS_HEAD
        + disqus_thread("100", "https://old.example/2024/05/bridge-reopens/?utm_source=feed")
        + disqus_thread("200", "https://old.example/politics/harbour-plan/")
        # A reply before its parent: the file's order is not the thread's.
        + disqus_post(
            "1002",
            "100",
            message="<p>Agreed, <em>at last</em>.</p>",
            name="Bo",
            parent="1001",
            created="2024-05-01T10:00:00+02:00",
        )  # fmt: skip
        + disqus_post(
            "1001", "100", message="<p>Good news <b>finally</b>.</p><p>Took <a href='https://x.example/'>ages</a>.</p>"
        )
        + disqus_post("1003", "100", message="Buy cheap watches", name="Spammer", spam="true")
        + disqus_post("2001", "200", message="I was here first.", name="Cy", deleted="true")
        + disqus_post("2002", "200", message="The plan &amp; the money.", name="Di", ip="not an address")
        + "</disqus>\n",
    )


def test_a_disqus_export_lands_on_our_articles_with_authors_dates_parents_and_statuses(disqus_file, articles):
    report = run(disqus_file)

    bridge, harbour = articles
    comments = {c.imported_from.external_id: c for c in Comment.objects.select_related("imported_from", "parent")}
    assert set(comments) == {"1001", "1002", "1003", "2001", "2002"}
    first, reply = comments["1001"], comments["1002"]
    assert (first.article, first.author_name, first.author_email) == (bridge, "Ana", "ana@example.org")
    assert first.body == "[b]finally[/b]".join(["Good news ", ".\n\nTook ages (https://x.example/)."])
    assert "<strong>finally</strong>" in first.body_html
    assert first.created_at == datetime(2024, 5, 1, 9, tzinfo=UTC) == first.published_at
    assert reply.parent == first and reply.created_at == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert reply.body == "Agreed, [i]at last[/i]."
    assert comments["1003"].status == Comment.Status.SPAM
    assert comments["2001"].status == Comment.Status.REMOVED and comments["2001"].article == harbour
    assert comments["2002"].ip_address is None and comments["2002"].body == "The plan & the money."
    # An address from another system is kept to recognise the author, never taken as proven.
    assert all(c.email_verified_at is None and c.user is None for c in comments.values())
    assert {a.slug: a.comment_count for a in Article.objects.all()} == {"bridge-reopens": 2, "harbour-plan": 1}
    assert "read 5 posts; imported 5 (3 published, 1 removed, 1 spam)" in report


def test_importing_the_same_file_twice_adds_nothing(disqus_file):
    run(disqus_file)
    before = threads()

    report = run(disqus_file)

    assert threads() == before and Comment.objects.count() == 5
    assert "imported 0" in report and "already imported before, left as they are: 5" in report
    assert Article.objects.get(slug="bridge-reopens").comment_count == 2


def test_a_later_file_may_reply_to_a_comment_an_earlier_import_brought(tmp_path, disqus_file):
    run(disqus_file)
    later = write(
        tmp_path,
        DISQUS_HEAD + disqus_thread("100", "https://old.example/bridge-reopens")
        + disqus_post("1009", "100", message="Still agreed.", parent="1001") + "</disqus>",
        name="later.xml",
    )  # fmt: skip

    run(later)

    assert Comment.objects.get(imported_from__external_id="1009").parent.imported_from.external_id == "1001"


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Old News</title><link>https://old.example</link>
  <item>
    <title>The bridge reopens</title><link>https://old.example/2024/05/bridge-reopens/</link>
    <content:encoded><![CDATA[<p>The story itself is not imported.</p>]]></content:encoded>
    <wp:comment>
      <wp:comment_id>55</wp:comment_id><wp:comment_author><![CDATA[Eli]]></wp:comment_author>
      <wp:comment_author_email>eli@example.org</wp:comment_author_email>
      <wp:comment_author_IP>198.51.100.7</wp:comment_author_IP>
      <wp:comment_date>2024-06-02 11:00:00</wp:comment_date>
      <wp:comment_date_gmt>2024-06-02 09:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Nice to have it <strong>back</strong>.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>56</wp:comment_id><wp:comment_author>Fay</wp:comment_author>
      <wp:comment_date_gmt>2024-06-02 09:30:00</wp:comment_date_gmt>
      <wp:comment_content>Waiting for a moderator, this one.</wp:comment_content>
      <wp:comment_approved>0</wp:comment_approved><wp:comment_type></wp:comment_type>
      <wp:comment_parent>55</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>57</wp:comment_id><wp:comment_author>Pills</wp:comment_author>
      <wp:comment_date_gmt>2024-06-02 09:40:00</wp:comment_date_gmt>
      <wp:comment_content>cheap pills here</wp:comment_content>
      <wp:comment_approved>spam</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>58</wp:comment_id><wp:comment_author>Gus</wp:comment_author>
      <wp:comment_date_gmt>2024-06-02 09:50:00</wp:comment_date_gmt>
      <wp:comment_content>Deleted by its author.</wp:comment_content>
      <wp:comment_approved>trash</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>59</wp:comment_id><wp:comment_author>Another blog</wp:comment_author>
      <wp:comment_date_gmt>2024-06-03 09:00:00</wp:comment_date_gmt>
      <wp:comment_content>A link back to this post.</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
  </item>
</channel>
</rss>
"""


def test_a_wordpress_export_lands_twice_the_same(tmp_path, articles):
    path = write(tmp_path, WXR)
    run(path, "wxr")
    first = threads()
    assert run(path, "wxr").count("imported 0") == 1 and threads() == first

    comments = {c.imported_from.external_id: c for c in Comment.objects.select_related("imported_from")}
    assert set(comments) == {"55", "56", "57", "58"}  # the pingback is not a reader's comment
    assert comments["55"].created_at == datetime(2024, 6, 2, 9, tzinfo=UTC)  # the GMT column, never local time
    assert comments["55"].body == "Nice to have it [b]back[/b]." and comments["55"].ip_address == "198.51.100.7"
    assert comments["56"].status == Comment.Status.HELD and comments["56"].parent == comments["55"]
    assert (comments["57"].status, comments["58"].status) == (Comment.Status.SPAM, Comment.Status.REMOVED)
    assert Article.objects.get(slug="bridge-reopens").comment_count == 1


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE disqus [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<disqus><post><message>&lol3;</message></post></disqus>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE disqus [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<disqus xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="1"><link>/bridge-reopens/</link></thread>
<post dsq:id="9"><message>&secret;</message><createdAt>2024-05-01T09:00:00Z</createdAt><thread dsq:id="1"/></post>
</disqus>
"""


@pytest.mark.parametrize(
    "hostile",
    [
        BILLION_LAUGHS,
        EXTERNAL_ENTITY,
        '<?xml version="1.0"?><!DOCTYPE disqus SYSTEM "http://x.example/d.dtd"><disqus/>',
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_hostile_xml_is_refused_and_nothing_is_written(tmp_path, articles, hostile):
    message = refused(write(tmp_path, hostile))

    assert "refused: the file declares a DTD" in message and "Nothing was imported" in message
    assert not Comment.objects.exists()


def test_a_file_that_breaks_off_after_good_posts_writes_none_of_them(tmp_path, articles):
    good = DISQUS_HEAD + disqus_thread("100", "/bridge-reopens/") + disqus_post("1", "100") + disqus_post("2", "100")
    message = refused(write(tmp_path, good + '  <post dsq:id="3"><message>cut off'), "disqus")

    assert "not well-formed XML" in message and not Comment.objects.exists()


def test_each_problem_gets_a_line_and_nothing_is_half_imported(tmp_path, articles):
    path = write(
        tmp_path,
        DISQUS_HEAD
        + disqus_thread("100", "/bridge-reopens/")
        + disqus_thread("300", "https://old.example/2019/01/a-story-we-never-had/")
        + disqus_post("1", "100")
        + disqus_post("2", "100", created="2024-05-01 09:00:00")
        + disqus_post("3", "300")
        + disqus_post("1", "100", message="The same id again.")
        + disqus_post("", "100")
        + disqus_post("4", "100", message="   ")
        + "</disqus>",
    )

    message = refused(path)

    assert "post 2: its date '2024-05-01 09:00:00' has no time zone" in message
    assert "post 3: no article of ours at https://old.example/2019/01/a-story-we-never-had/" in message
    assert "post 1: the same id is in the file more than once" in message
    assert "a post without an id: it has no id" in message and "post 4: it has no text" in message
    assert "5 problem(s)" in message and "Nothing was imported" in message
    assert not Comment.objects.exists() and not ImportedComment.objects.exists()
    assert Article.objects.get(slug="bridge-reopens").comment_count == 0


def test_a_duplicate_in_a_later_chunk_is_still_found(articles):
    posts = disqus_posts(*[f"p{n}" for n in [*range(1, 8), 2]])

    outcome = loader.import_posts(posts, source="disqus", chunk_size=3)

    assert outcome.problems.listed == ["post p2: the same id is in the file more than once"]
    assert not Comment.objects.exists()


def disqus_posts(*ids, url="/bridge-reopens/"):
    for post_id in ids:
        yield loader.ImportedPost(
            external_id=post_id,
            thread_url=url,
            author_name="Ana",
            created_at=datetime(2024, 5, 1, tzinfo=UTC),
            status=Comment.Status.PUBLISHED,
            body="Words.",
        )


def test_unmatched_pages_may_be_left_out_and_are_listed(tmp_path, articles):
    path = write(
        tmp_path,
        DISQUS_HEAD + disqus_thread("100", "/bridge-reopens/") + disqus_thread("300", "https://old.example/gone/")
        + disqus_post("1", "100") + disqus_post("2", "300") + disqus_post("3", "300") + "</disqus>",
    )  # fmt: skip

    report = run(path, "disqus", "--skip-unmatched")

    assert "pages with no article of ours (left out):\n  https://old.example/gone/: 2 posts" in report
    assert list(Comment.objects.values_list("imported_from__external_id", flat=True)) == ["1"]


def test_a_dry_run_reports_what_it_would_write_and_writes_nothing(disqus_file):
    report = run(disqus_file, "disqus", "--dry-run")

    assert "would import 5" in report and "dry run: nothing was written" in report
    assert not Comment.objects.exists() and Article.objects.get(slug="bridge-reopens").comment_count == 0


def test_nothing_reaches_the_moderation_checks_unless_asked(disqus_file, django_capture_on_commit_callbacks):
    heard = []

    def listen(sender, comment, **kwargs):
        heard.append(comment.imported_from.external_id)

    signals.comment_submitted.connect(listen, sender=Comment, dispatch_uid="test.import.listen")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run(disqus_file)
        assert heard == [] and not Comment.objects.filter(status=Comment.Status.SUBMITTED).exists()

        Comment.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            run(disqus_file, "disqus", "--moderate")
    finally:
        signals.comment_submitted.disconnect(dispatch_uid="test.import.listen", sender=Comment)

    # Published ones go through the checks; spam and removed ones keep what the old system decided.
    assert sorted(heard) == ["1001", "1002", "2002"]
    assert set(Comment.objects.filter(imported_from__external_id="1003").values_list("status", flat=True)) == {"spam"}


def exported(*options):
    out = io.StringIO()
    call_command("export_comments", *options, stdout=out, stderr=io.StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_our_own_export_imported_again_reproduces_the_threads(tmp_path, articles):
    bridge, harbour = articles
    first = make_comment(bridge, author_name="Ana", body="[b]First[/b] — مرحبا 👋", ip_address="192.0.2.9")
    make_comment(bridge, author_name="Bo", body="[quote=Ana]First[/quote] Reply.", parent=first)
    make_comment(harbour, author_name="Cy", body="Held one.", status=Comment.Status.HELD)
    make_comment(harbour, author_name="Di", body="Junk.", status=Comment.Status.SPAM)
    before = threads()
    lines = exported("--with-personal-data")
    path = tmp_path / "comments.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    Comment.objects.all().delete()
    Article.objects.update(comment_count=0)

    run(path, "json")

    assert threads() == before
    assert Comment.objects.get(author_name="Ana").ip_address == "192.0.2.9"
    assert dict(Article.objects.values_list("slug", "comment_count")) == {"bridge-reopens": 2, "harbour-plan": 0}


def test_the_export_leaves_out_personal_data_unless_asked(articles):
    make_comment(articles[0], author_email="ana@example.org", ip_address="192.0.2.9", user_agent="UA/1")

    header, thread = exported()
    comment = thread["comments"][0]
    assert header["format"] == "newsite-comments" and header["personal_data"] is False
    assert thread["article"]["url"] == "/politics/bridge-reopens/"
    assert not {"author_email", "ip_address", "user_agent"} & set(comment)
    with_data = exported("--with-personal-data")[1]["comments"][0]
    assert (with_data["author_email"], with_data["ip_address"], with_data["user_agent"]) == (
        "ana@example.org",
        "192.0.2.9",
        "UA/1",
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "not an export of this site"),
        ('{"format": "newsite-comments", "version": 9}\n', "version 9"),
        ('{"format": "newsite-comments", "version": 1}\n{not json\n', "line 2: not a thread"),
    ],
)
def test_a_file_that_is_not_our_export_gets_a_clear_line(tmp_path, content, expected):
    assert expected in refused(write(tmp_path, content, "in.jsonl"), "json")


def test_a_missing_file_is_a_clear_error(tmp_path):
    assert "No such file or directory" in refused(tmp_path / "absent.xml")


def big_disqus_file(tmp_path, posts):
    path = tmp_path / f"big-{posts}.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write(DISQUS_HEAD + disqus_thread("100", "/bridge-reopens/"))
        for n in range(posts):
            out.write(disqus_post(str(n), "100", message="A comment of some length. " * 8, parent=n - 1 if n else None))
        out.write("</disqus>\n")
    return path


def test_reading_a_large_file_takes_the_same_memory_as_a_small_one(tmp_path):
    def peak(path):
        tracemalloc.start()
        try:
            for _ in disqus.read(path):
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(big_disqus_file(tmp_path, 200)), peak(big_disqus_file(tmp_path, 4000))

    assert large < small * 1.5, (small, large)


def test_the_posts_are_written_in_batches_not_one_by_one(articles):
    def queries(count):
        Comment.objects.all().delete()
        ImportedComment.objects.all().delete()
        ids = [f"{count}-{n}" for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            outcome = loader.import_posts(disqus_posts(*ids), source="disqus", chunk_size=1000)
        assert outcome.imported == count
        return len(captured)

    # The database's own limit on parameters may split a chunk (SQLite's), never into one query per post.
    assert queries(20) <= 10 and queries(1000) <= 1000 / 20


def test_two_sites_exporting_in_one_format_are_told_apart_by_their_source(tmp_path, articles):
    first = write(
        tmp_path, DISQUS_HEAD + disqus_thread("100", "/bridge-reopens/") + disqus_post("1", "100") + "</disqus>"
    )
    other_site = write(
        tmp_path,
        DISQUS_HEAD + disqus_thread("9", "/harbour-plan/") + disqus_post("1", "9", name="Zed") + "</disqus>",
        name="other.xml",
    )
    run(first)
    assert "imported 0" in run(other_site)  # the same id under the same source: taken for the one already in

    assert "imported 1" in run(other_site, "disqus", "--source", "sister-paper")
    assert sorted(Comment.objects.values_list("author_name", flat=True)) == ["Ana", "Zed"]
    assert "letters, digits" in refused(other_site, "disqus", "--source", "no spaces please")
