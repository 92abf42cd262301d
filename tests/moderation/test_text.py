"""Text normalisation: disguised words look like the words they imitate; links and repeats are recognised."""

from moderation import text


def test_digits_fullwidth_letters_zero_width_and_spacing_fold_to_the_plain_word():
    for disguised in ("V1agra", "ｖｉａｇｒａ", "vi\u200bagra", "v i a g r a", "v!agra", "VIÀGRA", "viаgra"):
        assert "viagra" in text.skeleton_words(disguised), disguised


def test_punctuation_after_a_word_is_not_a_letter():
    assert text.skeleton_words("Buy now!") == ["buy", "now"]


def test_links_written_out_or_bare_are_found_with_their_domains():
    body = "See http://www.Example.com/x?y=1, also offers.example.ru/deal and www.foo.org."
    assert text.domains(body) == ["example.com", "foo.org", "offers.example.ru"]


def test_near_identical_bodies_share_a_fingerprint():
    first, _ = text.fingerprint("Check my channel!! http://a.example.com/1")
    second, _ = text.fingerprint("check MY channel http://a.example.com/2")
    other, _ = text.fingerprint("A different comment altogether")
    assert first == second != other
