"""Fictional demo stories, written for this project. Any resemblance to real events is accidental."""

SECTIONS = [
    ("Politics", "politics"),
    ("World", "world"),
    ("Business", "business"),
    ("Science", "science"),
    ("Culture", "culture"),
    ("Sport", "sport"),
]

STORIES = [
    {
        "section": "politics",
        "slug": "council-approves-night-bus-network",
        "headline": "Council approves night bus network after two years of debate",
        "standfirst": "Six routes will run until 4am from the spring, paid for by a levy on late-licence venues.",
        "byline": "Marta Okafor, City Hall correspondent",
        "location": "Harbourside",
        "source": "Reporting by the Ledger's city desk",
        "tags": ["Transport", "Local government"],
        "caption": "Bus drivers at the Quay Street depot, where the new night routes will start.",
        "colour": (38, 70, 120),
        "body": [
            "The city council voted by 31 to 12 on Tuesday evening to create a network of six night bus "
            "routes, ending a debate that has outlasted two transport chairs and one public consultation.",
            "From April, buses will leave the central interchange every twenty minutes between midnight and "
            "4am, serving the hospital, the university campus and the three largest housing estates on the "
            "eastern edge of the city.",
            "The cost, estimated at 2.4 million a year, will be met by a levy on venues that hold licences to "
            "open after 1am. Several owners told the meeting the charge was fair if it brought their staff "
            "home safely; others warned it would push smaller bars out of business.",
            "Councillor Ade Brennan, who chairs the transport committee, said the network would be reviewed "
            'after a year. "If a route is empty, we will move the bus to where people are waiting," he said.',
            "Opposition members argued that the money would do more good on daytime routes, where services "
            "have been cut twice since 2023.",
        ],
    },
    {
        "section": "world",
        "slug": "river-delta-farmers-trial-floating-gardens",
        "headline": "River delta farmers trial floating gardens as seasons shift",
        "standfirst": "Rafts of woven reeds let vegetable growers keep planting through months of high water.",
        "byline": "Idris Vale",
        "location": "Lower Sendra delta",
        "source": "Additional reporting by our regional stringers",
        "tags": ["Climate", "Farming"],
        "caption": "A floating garden of reeds and water hyacinth, moored beside a flooded field.",
        "colour": (34, 110, 84),
        "body": [
            "For three generations the Amani family grew rice on the same low fields. This year, with the "
            "river staying high for almost five months, they grew tomatoes, gourds and chillies on rafts.",
            "The rafts are woven from reeds and rotting water plants, which feed the crops as they break "
            "down. Each one is about the size of a small room and lasts a single season.",
            "Agronomists from the provincial college say yields per square metre are close to those of "
            "ordinary beds, though the work of building the rafts falls mostly on women and older children.",
            '"It is not a solution for the whole delta," said one researcher. "It is a way to keep a '
            'household fed and earning while the land is under water."',
        ],
    },
    {
        "section": "business",
        "slug": "family-bakery-chain-sold-to-staff",
        "headline": "Family bakery chain hands ownership to its 400 staff",
        "standfirst": "The founders of Crumb & Co. will sell their shares to an employee trust over ten years.",
        "byline": "Lena Marsh, business reporter",
        "location": "Northgate",
        "source": "Company statement; interviews with staff",
        "tags": ["Retail", "Employee ownership"],
        "caption": "Early shift at the chain's central bakery, which supplies 38 shops.",
        "colour": (150, 96, 40),
        "body": [
            "Crumb & Co., the bakery chain that grew from one shop on Mill Lane to 38 across the region, is "
            "to become employee-owned, its founders said on Monday.",
            "Rosa and Tomas Adebayo will sell their controlling stake to an employee ownership trust, paid "
            "for out of future profits over the next decade. Staff will receive a share of profits each "
            "year from 2027 and elect two members of the board.",
            '"We did not want to sell to a group that would close the small shops," Mrs Adebayo said. '
            '"The people who get up at four to bake are the ones who should decide what happens next."',
            "Accountants note that such trusts bring tax relief to sellers, and that their success depends "
            "on the business staying profitable long enough to pay for itself.",
        ],
    },
    {
        "section": "science",
        "slug": "amateur-astronomers-spot-comet-break-up",
        "headline": "Amateur astronomers catch a comet breaking in two",
        "standfirst": "Images from a club telescope on the moors were the first to show the split.",
        "byline": "Dr Priya Lind, science editor",
        "location": "Fellhead Observatory",
        "source": "Fellhead Astronomical Society; observatory bulletins",
        "tags": ["Space", "Citizen science"],
        "caption": "The club's 40cm telescope, built by members over six winters.",
        "colour": (24, 28, 64),
        "body": [
            "Members of a small astronomy club were the first to record a faint comet splitting into two "
            "pieces, in images taken on a clear night last week.",
            "The club's volunteers noticed that the comet's bright core had stretched into an oval, then "
            "into two separate points of light over about six hours.",
            "Professional observatories later confirmed the break-up. Comets often fragment as they pass "
            "close to the Sun and the ice that holds them together turns to gas.",
            "The society's chair, a retired maths teacher, said the find showed what patient amateurs "
            'could add. "We look at the same patch of sky every clear night. Sometimes that is exactly '
            'what is needed."',
        ],
    },
    {
        "section": "culture",
        "slug": "library-opens-tool-lending-shelf",
        "headline": "Library's tool shelf lends drills, sewing machines and a pasta maker",
        "standfirst": "Readers borrowed more than 900 items in the first three months.",
        "byline": "Sam Ellery",
        "location": "Westbrook",
        "source": "Westbrook library service",
        "tags": ["Libraries", "Community"],
        "caption": "Part of the lending shelf at Westbrook central library.",
        "colour": (120, 50, 110),
        "body": [
            "Next to the travel guides at Westbrook central library stands a shelf of things that are not "
            "books: drills, a carpet cleaner, two sewing machines, a telescope and a pasta maker.",
            "Anyone with a library card can borrow an item for a week. Librarians say the drill has not "
            "spent a single night on the shelf since it arrived.",
            "The scheme was proposed by a reader who wanted to hang one picture and could not justify "
            "buying a drill to do it. Local businesses donated most of the first items.",
            "The library plans to add a second shelf in the spring and has asked readers which tools they "
            "would most like to borrow.",
        ],
    },
    {
        "section": "sport",
        "slug": "village-cricket-club-wins-county-cup",
        "headline": "Village side that nearly folded wins the county cup",
        "standfirst": "Three years ago Ashby Green could barely field eleven players. On Saturday they lifted the trophy.",
        "byline": "Joe Tanaka, sports reporter",
        "location": "Ashby Green",
        "source": "Match report",
        "tags": ["Cricket", "Grassroots sport"],
        "caption": "Ashby Green's players celebrate the final wicket.",
        "colour": (30, 120, 40),
        "body": [
            "Ashby Green, a village club that nearly folded for lack of players in 2023, won the county "
            "cup on Saturday, beating the holders by four wickets with two balls to spare.",
            "Chasing 212, the village side were 98 for five before their 17-year-old wicketkeeper and the "
            "club's 58-year-old groundsman put on 87 together.",
            "The club's revival began with a junior section started by parents, which now has 60 members "
            "and supplied four of Saturday's team.",
            '"We had a whip-round for new covers two summers ago," said the captain. "Now we need a '
            'bigger trophy cabinet."',
        ],
    },
]

COMMENTS = [
    ("Ruth K.", "This is long overdue. My daughter works late shifts at the hospital and has been paying for taxis."),
    ("Owen", "I'd like to see the figures for how many people will actually use route 4 before we celebrate."),
    (
        "Bea Lumen",
        "[quote=Owen]I'd like to see the figures[/quote]\nThe consultation report has them: about 1,900 journeys a night across all six routes.",
    ),
    ("Farid", "Good reporting. It would help to know which venues will pay the levy."),
    ("J. Halloran", "The bakery story made my morning. More of this kind of business news, please."),
    (
        "Meera",
        "I borrowed the pasta maker. It was [b]wonderful[/b], and nobody should judge me for the fourteen kinds of ravioli.",
    ),
]
