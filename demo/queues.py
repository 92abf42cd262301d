"""Demo comments for the moderators' queues, written for this project: held (one of them in Staff abuse), reported
and spam.

Each comment comes with the signals the checks would have given it (the same names, scores,
evidence in log-odds and reasons as `moderation/checks`), and `seed_demo` lets the policy turn
them into the verdict, spam score and reasons a moderator sees, as it does for a live comment.
`status` is what the policy makes of them with the default settings (a test keeps it so).
Reported comments are published, then reported by readers (fewer than the hold threshold).
Addresses are in the documentation ranges; links and e-mail addresses use reserved names.
"""

NIGHT_BUS = "council-approves-night-bus-network"
GARDENS = "river-delta-farmers-trial-floating-gardens"
BAKERY = "family-bakery-chain-sold-to-staff"
COMET = "amateur-astronomers-spot-comet-break-up"
LIBRARY = "library-opens-tool-lending-shelf"
CRICKET = "village-cricket-club-wins-county-cup"

FIRST_COMMENT = {"name": "author", "score": 0.5, "evidence": 0.0, "reasons": ["first comment by this author"]}
REGULAR = {"name": "author", "score": 0.1, "evidence": -1.1}

HELD = [
    {
        "status": "held",
        "article": NIGHT_BUS,
        "author": "Cabs4Less",
        "email": "deals@cabsaver.example",
        "ip": "203.0.113.41",
        "body": (
            "Great news for night workers! Until the buses start, save 40% on late taxis: "
            "https://cabsaver.example/promo https://cabsaver.example/app "
            "https://cheap-rides.example/night https://cabsaver.example/signup"
        ),
        "signals": [
            {"name": "links", "score": 1.0, "evidence": 1.7, "verdict": "held", "priority": 1,
             "reasons": ["4 links (cabsaver.example, cheap-rides.example)", "links in a first comment"]},
            FIRST_COMMENT,
            {"name": "classifier", "score": 0.32, "evidence": 1.45, "priority": 1},
        ],
    },
    {
        "status": "held",
        "article": BAKERY,
        "author": "Tomasz W.",
        "email": "tomasz.w@example.org",
        "ip": "198.51.100.23",
        "body": (
            "Employee ownership trusts are more common than people think. The trade association's guide is a "
            "plain read: https://www.eo-association.example/guide and there is a decent overview "
            "at https://ownership-news.example/overview"
        ),
        "signals": [
            {"name": "links", "score": 0.5, "evidence": 1.1, "priority": 1,
             "reasons": ["2 links (eo-association.example, ownership-news.example)", "links in a first comment"]},
            FIRST_COMMENT,
            {"name": "classifier", "score": 0.5, "evidence": 2.2, "priority": 1},
        ],
    },
    {
        "status": "held",
        "article": CRICKET,
        "author": "Boundary Rope",
        "email": "rope@example.net",
        "ip": "192.0.2.77",
        "body": "You lot at the Ledger wouldn't know a cover drive from a car park. Get a proper sports writer, you clowns.",
        "signals": [
            REGULAR,
            {"name": "toxicity", "score": 0.93, "verdict": "held", "priority": 3,
             "reasons": ["abusive language (0.93)"]},
            {"name": "classifier", "score": 0.04, "evidence": -0.94, "priority": 1},
        ],
    },
    {
        "status": "held",
        "article": COMET,
        "author": "nightsky_fan",
        "email": "",
        "ip": "198.51.100.150",
        "body": "Amazing picture!!! Does anyone know which telescope the club used?",
        "signals": [
            FIRST_COMMENT,
            {"name": "bursts", "score": 1.0, "evidence": 1.0, "verdict": "held", "priority": 2,
             "reasons": ["burst: 6 comments from one address in 60 s"]},
            {"name": "classifier", "score": 0.2, "evidence": 0.81, "priority": 1},
        ],
    },
    {
        "status": "held",
        "article": LIBRARY,
        "author": "Jo Pemberton",
        "email": "jo.pemberton@example.org",
        "ip": "203.0.113.9",
        "body": "Can I borrow the sewing machine for a whole weekend, or is it one day only?",
        "signals": [
            {"name": "repeats", "score": 1.0, "evidence": 1.6, "priority": 2, "reasons": ["same text posted 3 times"]},
            FIRST_COMMENT,
            {"name": "classifier", "score": 0.3, "evidence": 1.35, "priority": 1},
        ],
    },
    {
        "status": "held",
        "article": GARDENS,
        "author": "GrowRaft",
        "email": "hello@growraft.example",
        "ip": "192.0.2.200",
        "body": "Fascinating. Readers who want to try this at home can order seed rafts from our shop with code DELTA10: https://growraft.example/shop",
        "signals": [
            {"name": "links", "score": 0.25, "evidence": 0.8, "priority": 1,
             "reasons": ["1 link (growraft.example)", "link in a first comment"]},
            FIRST_COMMENT,
            {"name": "classifier", "score": 0.55, "evidence": 2.4, "priority": 1},
        ],
    },
    {
        "status": "held",
        "article": NIGHT_BUS,
        "author": "LateShiftLarry",
        "email": "larry@example.org",
        "ip": "198.51.100.77",
        "body": "Marta Okafor is a useless idiot who should never have been given a press pass.",
        "signals": [
            FIRST_COMMENT,
            {"name": "toxicity", "score": 0.97, "verdict": "held", "priority": 3,
             "reasons": ["abusive language (0.97)"]},
            {"name": "staff_abuse", "score": 0.97, "verdict": "held", "priority": 5, "targets": ["Marta Okafor"],
             "reasons": ["abusive language aimed at staff: Marta Okafor"]},
            {"name": "classifier", "score": 0.12, "evidence": -0.2, "priority": 1},
        ],
    },
]  # fmt: skip

SPAM = [
    {
        "status": "spam",
        "article": NIGHT_BUS,
        "author": "Kelly",
        "email": "kelly.cash@example.com",
        "ip": "203.0.113.66",
        "body": "Make £300 a day from your phone while you ride the night bus!!! WhatsApp +44 7700 900777 or see https://quickcash.example",
        "signals": [
            {"name": "links", "score": 0.25, "evidence": 0.8, "priority": 1,
             "reasons": ["1 link (quickcash.example)", "link in a first comment"]},
            FIRST_COMMENT,
            {"name": "classifier", "score": 0.985, "evidence": 6.38, "priority": 1},
        ],
    },
    {
        "status": "spam",
        "article": COMET,
        "author": "LuxTime",
        "email": "sales@lux-replica.example",
        "ip": "192.0.2.14",
        "body": "Replica watches, telescopes and binoculars at half price, free shipping worldwide: https://lux-replica.example",
        "signals": [
            {"name": "links", "score": 0.25, "evidence": 0.8, "priority": 1,
             "reasons": ["1 link (lux-replica.example)", "link in a first comment"]},
            FIRST_COMMENT,
            {"name": "classifier", "score": 0.985, "evidence": 6.38, "priority": 1},
        ],
    },
    {
        "status": "spam",
        "article": CRICKET,
        "author": "BetNow Tips",
        "email": "",
        "ip": "198.51.100.201",
        "body": "Best odds on the county final! Bet £10, get £40 in free bets: https://betnow.example/cricket",
        "signals": [
            {"name": "links", "score": 0.25, "evidence": 0.8, "priority": 1,
             "reasons": ["1 link (betnow.example)", "link in a first comment"]},
            FIRST_COMMENT,
            {"name": "classifier", "score": 0.985, "evidence": 6.38, "priority": 1},
        ],
    },
    {
        "status": "spam",
        "article": BAKERY,
        "author": "Direct Loans Ltd",
        "email": "loans.direct@example.net",
        "ip": "203.0.113.120",
        "body": "Need a business loan? 2% interest, no credit check, approval in 24 hours. E-mail loans.direct@example.net today.",
        "signals": [
            FIRST_COMMENT,
            {"name": "classifier", "score": 0.985, "evidence": 6.38, "priority": 1},
        ],
    },
]  # fmt: skip

REPORTED = [
    {
        "status": "published",
        "article": NIGHT_BUS,
        "author": "Graham P.",
        "email": "graham.p@example.org",
        "ip": "198.51.100.61",
        "body": "Another tax on pubs dressed up as progress. Half the people who voted for this have never run a business in their lives.",
        "signals": [REGULAR, {"name": "classifier", "score": 0.05, "evidence": -0.75, "priority": 1}],
        "reports": [("abuse", "Rude about the councillors", "192.0.2.31")],
    },
    {
        "status": "published",
        "article": CRICKET,
        "author": "Old Pavilion",
        "email": "",
        "ip": "203.0.113.88",
        "body": "Ashby Green only won because the other side's opening bowler was injured. Nobody will remember this in a year.",
        "signals": [FIRST_COMMENT, {"name": "classifier", "score": 0.06, "evidence": -0.55, "priority": 1}],
        "reports": [("other", "Unkind about the players", "192.0.2.32"), ("off_topic", "", "198.51.100.33")],
    },
    {
        "status": "published",
        "article": GARDENS,
        "author": "Ines",
        "email": "ines@example.org",
        "ip": "192.0.2.140",
        "body": "Interesting, but has anyone asked what the rafts do to the fish? They must shade a lot of water.",
        "signals": [REGULAR, {"name": "classifier", "score": 0.03, "evidence": -1.27, "priority": 1}],
        "reports": [("spam", "", "203.0.113.34")],
    },
]  # fmt: skip

QUEUE_COMMENTS = HELD + SPAM + REPORTED
