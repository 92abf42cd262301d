"""Reader forms: posting a comment, reporting one, and signing up.

The comment form validates what the reader typed (lengths, e-mail, text that cannot be
stored); the gate in `posting.py` decides whether it may be posted at all.
"""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.urls import reverse

from . import accounts, captchas, posting, text
from .models import EMAIL_MAX_LENGTH, EMAIL_TOO_LONG, Comment, Report

CAPTCHA_PROMPT = "Please enter the code you see in the image"


def _clean_reader_text(value):
    problem = text.refusal(value)
    if problem:
        raise forms.ValidationError(problem)
    return text.normalise(value).strip()


def clean_comment_body(value):
    body = _clean_reader_text(value)
    if not body:
        raise forms.ValidationError("Please write your comment before posting.")
    limit = settings.COMMENTS_MAX_LENGTH
    if len(body) > limit:
        raise forms.ValidationError(
            f"Your comment is {len(body):,} characters long; the limit is {limit:,}. Please shorten it."
        )
    return body


class EditForm(forms.Form):
    """The author's new text for their comment (comments.authors decides whether they may)."""

    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 7, "cols": 60}),
        error_messages={"required": "Please write your comment before posting."},
    )

    def clean_body(self):
        return clean_comment_body(self.cleaned_data["body"])


def _clean_name(value, what, missing):
    name = _clean_reader_text(value)
    if not name:
        raise forms.ValidationError(missing)
    limit = settings.COMMENTS_NAME_MAX_LENGTH
    if len(name) > limit:
        raise forms.ValidationError(f"Please keep {what} to {limit} characters (it has {len(name)}).")
    return name


class DescribedErrorsForm(forms.Form):
    """Each field in error points at its message (aria-describedby), for screen readers."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                help_id = bound.field.widget.attrs.get("data-help")
                described = " ".join(filter(None, [f"{bound.id_for_label}-error", help_id]))
                bound.field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": described})


class CaptchaWidget(CaptchaTextInput):
    """The library's image captcha, with our own markup: alt text, a "new code" button, audio.

    It writes nothing: the page carries a key we signed (`comments.captchas`; the caller's
    `issued_key` when the page is cached whole, else a new one, also for a form shown again after
    an error) and its challenge is created, within the client's limit, when the image is fetched.
    """

    template_name = "comments/captcha_widget.html"
    issued_key = None

    def render(self, name, value, attrs=None, renderer=None):
        key = self.issued_key or captchas.issue_key()
        self._key, self._value = key, [key, ""]
        return forms.MultiWidget.render(self, name, self._value, attrs=attrs, renderer=renderer)

    def image_url(self):
        return captchas.image_url(self._key)

    def audio_url(self):
        return captchas.audio_url(self._key)

    def refresh_url(self):
        return reverse("captcha-issued-refresh")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["refresh_url"] = self.refresh_url()
        context["lazy"] = self.issued_key is not None
        return context


class CaptchaAnswerField(CaptchaField):
    """The captcha's key and the reader's answer; the posting gate checks them (for the API too)."""

    def __init__(self, **kwargs):
        super().__init__(widget=CaptchaWidget(), error_messages={"required": f"{CAPTCHA_PROMPT}."}, **kwargs)

    def clean(self, value):
        forms.MultiValueField.clean(self, value)
        key, answer = (list(value or []) + ["", ""])[:2]
        return key or "", (answer or "").strip()


class CommentForm(DescribedErrorsForm):
    author_name = forms.CharField(
        label="Your name", error_messages={"required": "Please give the name to show with your comment."}
    )
    author_email = forms.EmailField(
        label="E-mail (optional, never shown)",
        required=False,
        # Django's form field takes 320 characters; the column holds 254 (PostgreSQL refuses more).
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "invalid": "Please enter a valid e-mail address, like name@example.org.",
            "max_length": EMAIL_TOO_LONG + " This one has %(show_value)d.",
        },
    )
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 7, "cols": 60}),
        error_messages={"required": "Please write your comment before posting."},
    )
    notify_on_reply = forms.BooleanField(label="E-mail me when my comment is published or answered", required=False)
    confirm_email = forms.BooleanField(
        label="E-mail me a link to confirm this address (a confirmed address lets your earlier comments speak for you)",
        required=False,
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: hidden from people by CSS, filled in by naive bots.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    captcha = CaptchaAnswerField(label=CAPTCHA_PROMPT)

    def __init__(self, *args, article, user=None, form_token=None, captcha_key=None, **kwargs):
        """`form_token` and `captcha_key` come from the caller when the page is cached whole (placeholders)."""
        super().__init__(*args, **kwargs)
        self.article = article
        self.user = user
        self.signed_in = user is not None and user.is_authenticated
        # A signed-in reader whose address is not confirmed is offered a new link (and sees the captcha).
        self.unverified = self.signed_in and not accounts.is_verified(user)
        self.fields["form_token"].initial = form_token or posting.form_token(article)
        self.fields["author_name"].max_length = settings.COMMENTS_NAME_MAX_LENGTH
        self.fields["author_name"].widget.attrs.update(maxlength=settings.COMMENTS_NAME_MAX_LENGTH, autocomplete="name")
        self.fields["author_email"].widget.attrs.update(autocomplete="email")
        self.fields["body"].widget.attrs.update({"aria-describedby": "markup-help", "data-help": "markup-help"})
        if self.signed_in:
            del self.fields["author_name"], self.fields["author_email"], self.fields["confirm_email"]
        if not self.signed_in or self.unverified:  # double opt-in (comments.addresses)
            self.fields["notify_on_reply"].label += " (an address not confirmed yet is first sent a link to confirm it)"
        if not captchas.required(user):
            del self.fields["captcha"]
        elif captcha_key is not None:
            self.fields["captcha"].widget.issued_key = captcha_key

    def clean_author_name(self):
        missing = "Please give the name to show with your comment."
        return _clean_name(self.cleaned_data["author_name"], "your name", missing)

    def clean_author_email(self):
        return _clean_reader_text(self.cleaned_data["author_email"]).lower()

    def clean_body(self):
        return clean_comment_body(self.cleaned_data["body"])

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.published().filter(pk=parent_id, article=self.article).first()
        if parent is None:
            raise forms.ValidationError("The comment you are replying to is no longer available.")
        return parent

    def clean(self):
        cleaned = super().clean()
        wants_mail = not self.signed_in and cleaned.get("notify_on_reply")
        wants_link = not self.signed_in and cleaned.get("confirm_email")
        if (wants_mail or wants_link) and not cleaned.get("author_email") and "author_email" not in self.errors:
            self.add_error("author_email", "Please give your e-mail address so we can write to you.")
        return cleaned

    def posting_data(self):
        """The cleaned values in the shape `posting.post_comment` takes."""
        data = dict(self.cleaned_data)
        data["honeypot"] = data.pop("website", "")
        data["captcha_key"], data["captcha_answer"] = data.pop("captcha", ("", ""))
        return data

    def add_refusal(self, refusal):
        for field, messages in refusal.errors.items():
            for message in messages:
                self.add_error(None if field not in self.fields else field, message)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why should a moderator look at this comment?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a reason."},
    )
    note = forms.CharField(
        label="Anything to add? (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 50}),
    )

    def clean_note(self):
        return _clean_reader_text(self.cleaned_data["note"])


class SignUpForm(DescribedErrorsForm):
    display_name = forms.CharField(label="Display name (shown with your comments)")
    email = forms.EmailField(label="E-mail (you log in with it; never shown)", max_length=150)
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    captcha = CaptchaAnswerField(label=CAPTCHA_PROMPT)

    def __init__(self, *args, captcha_key=None, **kwargs):
        """`captcha_key`: a fresh form's key from `comments.captchas` (its challenge made when the image is fetched)."""
        super().__init__(*args, **kwargs)
        self.fields["captcha"].widget.issued_key = captcha_key
        self.fields["display_name"].max_length = settings.COMMENTS_NAME_MAX_LENGTH
        self.fields["display_name"].widget.attrs.update(autocomplete="nickname")
        self.fields["email"].widget.attrs.update(autocomplete="email")

    def clean_display_name(self):
        return _clean_name(self.cleaned_data["display_name"], "your display name", "Please choose a display name.")

    def clean_email(self):
        # Whether the address has an account already is not said here: `accounts.sign_up` answers alike.
        return _clean_reader_text(self.cleaned_data["email"]).lower()

    def clean_captcha(self):
        key, answer = self.cleaned_data["captcha"]
        problem = captchas.redeem(key, answer)
        if problem:
            raise forms.ValidationError(problem)
        return key, answer

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            user = get_user_model()(username=cleaned.get("email", ""), first_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self):
        """The new, unverified account; None when the address had one (its owner is told by e-mail)."""
        data = self.cleaned_data
        return accounts.sign_up(display_name=data["display_name"], email=data["email"], password=data["password"])
