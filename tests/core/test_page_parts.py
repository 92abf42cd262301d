"""A page stored once with placeholders: each response gets its own values, a region whom it concerns their own."""

from django.test import RequestFactory

from core.page_parts import Fill, PageParts, Region


class Greeting(Region):
    name = "greeting"

    def concerns(self, request):
        return "member" in request.COOKIES

    def keep(self, obj):
        return obj["name"]

    def render(self, request, kept, value_of):
        return f"<p>Welcome back to {kept} ({value_of('token')})</p>"


def parts_and_calls():
    calls = []

    def token(request, obj_id):
        calls.append(obj_id)
        return f"t{len(calls)}"

    never = Fill("unused", lambda request, obj_id: calls.append("unused") or "")
    return PageParts(fills=[Fill("token", token), never], regions=[Greeting()]), calls


def rendered(parts):
    p = parts.placeholders
    return (
        f"<form>{p['token']}</form>{p['greeting_start']}<p>Hello ({p['token']})</p>{p['greeting_end']}<footer>"
    ).encode()


def test_placeholders_are_letters_that_no_escaping_changes():
    parts, _ = parts_and_calls()
    assert all(placeholder.isalpha() for placeholder in parts.placeholders.values())
    assert set(parts.placeholders) == {"token", "unused", "greeting_start", "greeting_end"}


def test_every_response_gets_its_own_value_computed_once_and_only_for_placeholders_on_the_page():
    parts, calls = parts_and_calls()
    stored = parts.split(rendered(parts), {"name": "the Ledger"})
    request = RequestFactory().get("/")
    assert parts.join(request, stored, 7) == b"<form>t1</form><p>Hello (t1)</p><footer>"
    assert parts.join(request, stored, 7) == b"<form>t2</form><p>Hello (t2)</p><footer>"
    assert calls == [7, 7]


def test_a_region_is_rendered_again_for_a_reader_it_concerns_from_what_was_kept():
    parts, _ = parts_and_calls()
    stored = parts.split(rendered(parts), {"name": "the Ledger"})
    member = RequestFactory().get("/")
    member.COOKIES["member"] = "1"
    assert parts.concern(member) and not parts.concern(RequestFactory().get("/"))
    assert parts.join(member, stored, 7) == b"<form>t1</form><p>Welcome back to the Ledger (t1)</p><footer>"
