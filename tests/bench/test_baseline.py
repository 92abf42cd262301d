"""The plain spam baseline beside the pipeline in `bench/spam.py`: it learns, and it scores after the warm-up."""

from bench import baseline

SPAM = [
    "Cheap pills online, no prescription, order now at pills-direct dot shop",
    "Earn £500 a day from home, message me on WhatsApp for the secret",
    "Buy backlinks and followers cheap, visit our site for the best prices",
    "Forex expert made me $9,000 in a week, contact him on WhatsApp now",
    "Free casino spins, no deposit bonus, claim at spins-bonus dot online",
]
HAM = [
    "The council meeting on Tuesday ran late and the vote was postponed.",
    "The bus to the hospital was cancelled again this morning.",
    "Great match on Saturday, the second goal was superb.",
    "Correction: the school opened in 1974, not 1976.",
    "Lovely tribute, she taught me to swim at the old baths.",
]


def stream(rounds):
    """Spam and not spam taking turns, `rounds` times over: ten rows a round."""
    return [(text, is_spam) for _ in range(rounds) for pair in zip(SPAM, HAM, strict=True)
            for text, is_spam in ((pair[0], True), (pair[1], False))]  # fmt: skip


def test_every_row_is_not_spam_until_the_first_fit_that_has_seen_both_classes():
    only_spam = [(text, True) for text in SPAM * 6]  # 30 labels, one class: never fitted
    report = baseline.replay(only_spam, refit_every=10)
    assert (report["tp"], report["fn"]) == (0, 30)

    report = baseline.replay(stream(1), refit_every=25)  # 10 rows, no refit yet
    assert (report["tp"], report["fp"], report["tn"], report["fn"]) == (0, 0, 5, 5)


def test_after_training_obvious_spam_is_predicted_spam_and_news_talk_is_not():
    training = stream(3)
    new = [
        ("Cheap pills, no prescription, order at pills-direct dot shop today", True),
        ("Message me on WhatsApp to earn £500 a day from home", True),
        ("The council vote on the bus lane was postponed until Tuesday.", False),
        ("What a match on Saturday, superb goal from the captain.", False),
    ]
    report = baseline.replay(training + new, warmup=len(training), refit_every=10)
    assert (report["tp"], report["fp"], report["tn"], report["fn"]) == (2, 0, 2, 0)
    assert (report["f1"], report["fpr"], report["precision"], report["recall"]) == (1.0, 0.0, 1.0, 1.0)

    model = baseline.Baseline([text for text, _ in training], [label for _, label in training])
    assert model.predict([text for text, _ in new]) == [True, True, False, False]


def test_only_rows_after_the_warm_up_are_scored():
    rows = stream(4)
    report = baseline.replay(rows, warmup=25, refit_every=10)
    assert (report["rows"], report["scored"], report["warmup"]) == (40, 15, 25)
    assert report["tp"] + report["fp"] + report["tn"] + report["fn"] == 15

    everything = baseline.replay(rows, warmup=0, refit_every=10)
    assert everything["tp"] + everything["fp"] + everything["tn"] + everything["fn"] == 40
    assert everything["fn"] >= 5  # the first ten rows, before any fit, are all called not spam


def test_the_examples_are_read_as_spam_eval_reads_them(tmp_path):
    data = tmp_path / "set.csv"
    data.write_text(
        "AUTHOR,DATE,CONTENT,CLASS\n"
        "a,2025-03-02T10:00:00,second,0\n"
        "b,2025-03-01T10:00:00,first,1\n"
        ',,"no date, kept after the row before it",0\n'
    )
    assert baseline.read_examples([data]) == [
        ("second", False),
        ("first", True),
        ("no date, kept after the row before it", False),
    ]
    # Sorted as spam_eval sorts: a row without a date keeps the time of the row before it.
    assert [text for text, _ in baseline.read_examples([data], sort_by_date=True)] == [
        "first", "no date, kept after the row before it", "second"
    ]  # fmt: skip
