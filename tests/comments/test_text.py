"""What a reader's text may contain: refused characters, and invisible ones we remove."""

from comments import text


def test_nul_bytes_are_refused_with_a_clear_message():
    assert "Null characters" in text.refusal("a\x00b")


def test_invalid_utf8_arrives_as_replacement_characters_and_is_refused():
    decoded = b"caf\xe9 au lait".decode("utf-8", errors="replace")
    assert "invalid UTF-8" in text.refusal(decoded)


def test_ordinary_text_with_emoji_and_arabic_is_accepted_unchanged():
    typed = "Great piece 👍 — رائع"
    assert text.refusal(typed) is None
    assert text.normalise(typed) == typed


def test_bidi_overrides_and_isolates_are_removed():
    assert text.normalise("invoice\u202egpj.exe \u2067x\u2069") == "invoicegpj.exe x"


def test_zero_width_spaces_and_byte_order_marks_are_removed():
    assert text.normalise("\ufeffsp\u200bam\u2060") == "spam"


def test_joiners_stay_inside_emoji_and_go_inside_latin_words():
    family = "👨\u200d👩\u200d👧"
    assert text.normalise(family) == family
    assert text.normalise("sp\u200dam") == "spam"
    assert text.normalise("\u200cword") == "word"


def test_control_characters_go_and_line_ends_become_newlines():
    assert text.normalise("a\x07b\r\nc\rd\te") == "ab\nc\nd\te"


def test_text_is_stored_in_nfc():
    assert text.normalise("cafe\u0301") == "caf\u00e9"
