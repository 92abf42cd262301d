"""Many published comments on one article, fast: for load tests, benchmarks and trying long threads.

The text is our own: sentences assembled from a small template grammar, so a page of
comments looks like readers arguing about a story (varied length, some markup, some
replies quoting the comment they answer) without borrowing anyone's words.

Comments are written in batches with `bulk_create`, one transaction per batch, and each
body is rendered with the same `render_comment` the live posting path uses, so the stored
HTML is exactly what a reader's comment would carry. The article's denormalized
`comment_count` is recounted at the end and its cache version bumped, as a status change
would. No Decision (audit) rows are written: this is an import of comments, not a
moderator's or the pipeline's decision, and 100,000 audit rows would bury the real ones.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from comments.cache import bump_article
from comments.markup import render_comment
from comments.models import Comment
from newsite.models import Article

BATCH_SIZE = 1000
FIRST_BATCH_SIZE = 20  # a small first batch gives later replies something to answer
REPLY_SHARE = 0.25  # share of comments that answer an earlier one
QUOTE_SHARE = 0.5  # share of replies that quote their parent, as the reply link does
RECENT_PARENTS = 300  # replies answer one of this many latest comments: threads stay near in time
SPREAD = timedelta(days=2)  # comments of a fresh article arrive over this window, ending now

FIRST_NAMES = (
    "Ada", "Ben", "Carla", "Dev", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonah", "Kemi", "Lars", "Maya",
    "Nico", "Orla", "Pavel", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wes", "Xenia", "Yusuf", "Zoe",
    "Aoife", "Bram", "Chloe", "Dara", "Emeka", "Fenna", "Gil", "Hana", "Ivo", "Jade", "Kofi", "Lena", "Milo",
    "Nadia", "Otto", "Priya", "Rafe", "Signe", "Tomas", "Una", "Viktor", "Wren", "Yara", "Zak",
)  # fmt: skip
SURNAMES = (
    "Abbott", "Brennan", "Costa", "Dunmore", "Ellery", "Fisk", "Garrow", "Hale", "Ivers", "Jessop", "Kline",
    "Lowry", "Marsh", "Nolan", "Okoro", "Pryce", "Quill", "Rowe", "Sato", "Thorne", "Usher", "Vance", "Wilde",
)  # fmt: skip
HANDLES = ("reader", "commuter", "local", "night_owl", "old_hand", "newcomer", "neighbour", "skeptic", "fan")

OPENERS = (
    "Honestly,", "To be fair,", "As someone who lives nearby,", "I have to say", "Interesting piece.",
    "Good reporting.", "Not convinced.", "For what it's worth,", "Speaking from experience,", "Fair point, but",
    "I keep coming back to this:", "Read it twice.", "Finally!", "Hmm.", "With respect,",
)  # fmt: skip
SUBJECTS = (
    "the council", "the new plan", "this scheme", "the levy", "the report", "the article", "my neighbour",
    "the committee", "the minister", "our street", "the late buses", "the budget", "the consultation",
    "the opposition", "local businesses", "the university", "people on the estates", "the hospital staff",
    "the figures", "the whole debate", "the second route", "the bakery on the corner", "the farmers",
)  # fmt: skip
VERBS = (
    "should have", "will never", "could easily", "might yet", "has already", "ought to", "seems to",
    "did not", "cannot", "would rather", "managed to", "forgot to", "refuses to", "keeps trying to",
)  # fmt: skip
ACTIONS = (
    "listen to the people who use it", "explain where the money goes", "look at the numbers again",
    "ask the drivers first", "fix the daytime service", "publish the full survey", "think about safety",
    "admit it got this wrong", "try it for a year", "cover the cost without a new charge",
    "keep the small venues open", "talk to the night workers", "start with one route",
    "put the timetable online", "count the empty seats", "listen to the objections",
)  # fmt: skip
OPINIONS = (
    "That is the part nobody mentions.", "I think that matters more than the headline suggests.",
    "It is not as simple as the article makes it sound.", "Nobody asked the people it affects.",
    "This has been a long time coming.", "I would like to see the evidence.", "The detail is what counts here.",
    "We tried something similar ten years ago.", "It will be interesting to see how it works in practice.",
    "My family has been waiting for this.", "I remain hopeful, if a little cautious.",
    "The comments here are more useful than the press release.", "Let's check back in six months.",
)  # fmt: skip
QUESTIONS = (
    "Who is paying for it?", "Has anyone asked the drivers?", "Where are the figures?",
    "What happens in winter?", "Why did it take two years?", "Is there a map of the routes?",
    "Did anyone from the committee reply?", "What about the weekends?", "Will it reach the estates?",
)  # fmt: skip
REPLY_OPENERS = (
    "I agree with you.", "I see it differently.", "Good point.", "Not quite.", "Exactly this.",
    "You're missing one thing.", "Thanks for saying it.", "Respectfully, no.", "Same here.",
)  # fmt: skip
LINKS = ("www.example.org/timetable", "https://example.com/report.pdf", "http://example.net/map")
USER_AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
)
IP_NETWORKS = ("192.0.2", "198.51.100", "203.0.113")  # documentation ranges: never a real reader's address


@dataclass(frozen=True)
class Author:
    name: str
    email: str
    ip: str


class CommentWriter:
    """Generates readers' comments from the grammar; seeded, so a run is repeatable."""

    def __init__(self, seed):
        self.random = random.Random(seed)

    def author(self):
        r = self.random
        if r.random() < 0.2:
            handle = f"{r.choice(HANDLES)}{r.randrange(1, 10_000)}"
            name = handle
        else:
            first, surname = r.choice(FIRST_NAMES), r.choice(SURNAMES)
            name = f"{first} {surname[0]}." if r.random() < 0.5 else f"{first} {surname}"
            handle = f"{first}.{surname}{r.randrange(1, 1000)}".lower()
        ip = f"{r.choice(IP_NETWORKS)}.{r.randrange(1, 255)}"
        return Author(name=name, email=f"{handle}@example.org", ip=ip)

    def sentence(self):
        r = self.random
        kind = r.random()
        if kind < 0.45:
            text = f"{r.choice(SUBJECTS).capitalize()} {r.choice(VERBS)} {r.choice(ACTIONS)}."
        elif kind < 0.7:
            text = r.choice(OPINIONS)
        elif kind < 0.85:
            text = r.choice(QUESTIONS)
        else:
            text = f"{r.choice(OPENERS)} {r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(ACTIONS)}."
        return self.decorate(text)

    def decorate(self, text):
        """Now and then, the toolbar's markup or a link, as readers use them."""
        r = self.random
        roll = r.random()
        if roll < 0.04:
            return f"[b]{text}[/b]"
        if roll < 0.07:
            return f"[i]{text}[/i]"
        if roll < 0.08:
            return f"{text} See {r.choice(LINKS)}"
        return text

    def body(self, parent=None):
        r = self.random
        # Most comments are a few sentences; a few run to several paragraphs.
        sentences = [self.sentence() for _ in range(min(14, 1 + int(r.expovariate(1 / 4))))]
        if parent is not None:
            sentences.insert(0, r.choice(REPLY_OPENERS))
        paragraphs, current = [], []
        for sentence in sentences:
            current.append(sentence)
            if len(current) >= 3 and r.random() < 0.4:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        text = "\n\n".join(paragraphs)
        if parent is not None and r.random() < QUOTE_SHARE:
            text = f"[quote={parent.author_name}]{parent.first_sentence}[/quote]\n{text}"
        return text


@dataclass(frozen=True)
class Parent:
    pk: int
    author_name: str
    first_sentence: str


def _first_sentence(body):
    plain = body.split("[/quote]")[-1].strip()
    return plain.split(". ")[0].split("\n")[0][:200]


ARTICLE_BODY = (
    "Readers have a great deal to say about this story, and this page exists to show them saying it.",
    "It is a demonstration article: its comments were generated to see how the site behaves when a "
    "thread grows very long.",
    "Everything below the line is written by the demo generator, in its own words.",
)


def ensure_article(slug, section):
    """The article with this slug, created (published, comments open) when there is none."""
    headline = slug.replace("-", " ").strip().capitalize() or "A much discussed story"
    article, _ = Article.objects.get_or_create(
        slug=slug,
        defaults={
            "section": section,
            "headline": headline,
            "standfirst": "A story with a very long comment thread.",
            "byline": "The Ledger's demo desk",
            "body": "\n\n".join(ARTICLE_BODY),
            "published_at": timezone.now() - SPREAD,
        },
    )
    return article


def published_count(article):
    return Comment.objects.published().filter(article=article).count()


def add_comments(article, total, *, seed=None, batch_size=BATCH_SIZE, progress=None):
    """Top the article up to `total` published comments; returns how many were added.

    Re-running with the same total adds nothing, so scripts may call it every time.
    `progress(done, wanted)` is called after each batch.
    """
    wanted = total - published_count(article)
    if wanted <= 0:
        return 0
    writer = CommentWriter(seed if seed is not None else f"{article.slug}:{total}")
    now = timezone.now()
    last = Comment.objects.filter(article=article).aggregate(last=Max("published_at"))["last"]
    start = max(filter(None, (last, article.published_at, now - SPREAD)))
    step = (now - start) / (wanted + 1)
    recent = [
        Parent(pk, name, _first_sentence(body))
        for pk, name, body in Comment.objects.published()
        .filter(article=article)
        .order_by("-id")
        .values_list("pk", "author_name", "body")[:RECENT_PARENTS]
    ]
    done = 0
    size = min(FIRST_BATCH_SIZE, batch_size) if not recent else batch_size
    while done < wanted:
        count = min(size, wanted - done)
        times = [start + step * (done + i + 1) for i in range(count)]
        recent = _write_batch(article, writer, times, recent)
        done += count
        size = batch_size
        if progress:
            progress(done, wanted)
    Article.objects.filter(pk=article.pk).update(comment_count=published_count(article))
    # As a status change would: cached comment lists and feeds of this article start afresh.
    transaction.on_commit(lambda: bump_article(article.pk, article.section_id))
    return done


def _write_batch(article, writer, times, recent):
    r = writer.random
    comments = []
    for published_at in times:
        parent = r.choice(recent) if recent and r.random() < REPLY_SHARE else None
        author = writer.author()
        body = writer.body(parent)
        comments.append(
            Comment(
                article=article,
                parent_id=parent.pk if parent else None,
                author_name=author.name,
                author_email=author.email,
                body=body,
                body_html=render_comment(body),
                status=Comment.Status.PUBLISHED,
                published_at=published_at,
                decided_at=published_at,
                ip_address=author.ip,
                user_agent=r.choice(USER_AGENTS),
            )
        )
    with transaction.atomic():
        Comment.objects.bulk_create(comments, batch_size=len(comments))
        first, last = comments[0].pk, comments[-1].pk
        # created_at is stamped "now" on insert; a reader posted a little before publication.
        Comment.objects.filter(article=article, pk__gte=first, pk__lte=last).update(
            created_at=F("published_at") - timedelta(seconds=20)
        )
    recent = recent + [Parent(c.pk, c.author_name, _first_sentence(c.body)) for c in comments]
    return recent[-RECENT_PARENTS:]
