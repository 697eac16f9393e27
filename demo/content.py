"""The demo library that `make run` loads: people, references and articles.

The first article retells, in our own words, the published page in
shared/seed/reference-article-page.txt; its five references carry the
bibliographic data that page gives, and no identifier it does not give.
"""

USERS = [
    # username, first, last, e-mail, groups, board profile (or None), staff, superuser
    {
        "username": "editor",
        "first_name": "Maya",
        "last_name": "Fischer",
        "groups": ["Editors"],
    },
    {
        "username": "editor2",
        "first_name": "Tomas",
        "last_name": "Reyes",
        "groups": ["Editors"],
    },
    {
        "username": "okafor",
        "first_name": "Amara",
        "last_name": "Okafor",
        "groups": ["Medical Advisory Board"],
        "board": {
            "slug": "amara-okafor",
            "display_name": "Dr. Amara Okafor",
            "credentials": "MD, FACP",
            "specialty": "Internal medicine",
            "bio": "General internist with twenty years of practice in primary care and chronic pain.",
            "conflict_of_interest": "None declared.",
        },
    },
    {
        "username": "lindqvist",
        "first_name": "Erik",
        "last_name": "Lindqvist",
        "groups": ["Medical Advisory Board"],
        "board": {
            "slug": "erik-lindqvist",
            "display_name": "Dr. Erik Lindqvist",
            "credentials": "MD, PhD, FAAOS",
            "specialty": "Orthopaedic surgery",
            "bio": "Orthopaedic surgeon and researcher in joint preservation and rehabilitation.",
            "conflict_of_interest": "Has received speaker fees from a physiotherapy "
            "professional association (2024).",
        },
    },
    {
        "username": "chief",
        "first_name": "Helen",
        "last_name": "Marsh",
        "groups": ["Medical Advisory Board", "Chief editors"],
        "staff": True,
        "board": {
            "slug": "helen-marsh",
            "display_name": "Dr. Helen Marsh",
            "credentials": "MD, MPH",
            "specialty": "Family medicine",
            "bio": "Family physician and lead of the Medical Advisory Board.",
            "conflict_of_interest": "None declared.",
        },
    },
    {
        "username": "admin",
        "first_name": "Site",
        "last_name": "Admin",
        "groups": [],
        "staff": True,
        "superuser": True,
    },
]
DEMO_PASSWORD = "review-demo-2026"

DISCLAIMERS = {
    "patient": (
        "This article is general health information, checked by our Medical Advisory Board. It is not "
        "a diagnosis and does not replace advice from your own doctor, physiotherapist or pharmacist, "
        "who know your history. If your symptoms are severe, sudden or getting worse, seek medical care."
    ),
    "professional": (
        "This content is intended for healthcare professionals. It summarises published guidance and "
        "evidence and is reviewed by our Medical Advisory Board, but it does not replace clinical "
        "judgement. Verify doses, contraindications and recommendations against primary sources and "
        "current local guidelines before applying them to a patient's care."
    ),
}

EDITORIAL_POLICY = """\
## How we write

Every article answers one question that patients or clinicians ask. Editors write each article twice:
once in plain language for patients and once for healthcare professionals. Both wordings are
reviewed together.

## How the Medical Advisory Board reviews

No article or change reaches readers until a member of our Medical Advisory Board has reviewed it.
Reviewers check the claims against the cited sources, check doses and red-flag symptoms, and either
approve the text or send it back with comments. A reviewer never approves their own writing, and
members declare any conflict of interest.

## Sources

Each statement that needs a source is cited. We prefer current clinical guidelines and systematic
reviews. A source that is retracted is removed before the article can be approved again.

## Updates and corrections

"Last updated" is the date the board approved the text you are reading. We re-review every article
at least once a year, and sooner when guidance changes. Corrections go through the same review as
new articles, and the change log under each article lists them.
"""

REFERENCES = [
    {
        "citation_key": "oracle-overview-2025",
        "reference_type": "guideline",
        "title": "Guideline Directed Topic Overview",
        "source": "Dr.Oracle Medical Advisory Board & Editors",
        "year": 2025,
    },
    {
        "citation_key": "praxis-hip-knee-2025",
        "reference_type": "guideline",
        "title": "Management of Hip and Knee Pain",
        "source": "Praxis Medical Insights: Practical Summaries of Clinical Guidelines",
        "year": 2025,
    },
    {
        "citation_key": "hip-strengthening-2020",
        "reference_type": "research",
        "title": "Hip Muscle Strengthening for Knee Osteoarthritis: A Systematic Review of Literature.",
        "source": "Journal of geriatric physical therapy (2001)",
        "year": 2020,
    },
    {
        "citation_key": "praxis-post-tkr-2025",
        "reference_type": "guideline",
        "title": "Pain Management for Middle Age Man 1 Year Post Knee Replacement",
        "source": "Praxis Medical Insights: Practical Summaries of Clinical Guidelines",
        "year": 2025,
    },
    {
        "citation_key": "chronic-knee-pain-2025",
        "reference_type": "research",
        "title": "9. Chronic knee pain.",
        "source": "Pain practice : the official journal of World Institute of Pain",
        "year": 2025,
    },
    {
        "citation_key": "kolasinski-acr-2020",
        "reference_type": "guideline",
        "title": "2019 American College of Rheumatology/Arthritis Foundation Guideline for the "
        "Management of Osteoarthritis of the Hand, Hip, and Knee",
        "authors": "Kolasinski SL\nNeogi T\nHochberg MC",
        "source": "Arthritis Care & Research",
        "year": 2020,
        "volume": "72",
        "issue": "2",
        "pages": "149-162",
        "doi": "10.1002/acr.24131",
    },
    {
        "citation_key": "who-activity-2020",
        "reference_type": "guideline",
        "title": "World Health Organization 2020 guidelines on physical activity and sedentary behaviour",
        "authors": "Bull FC\nAl-Ansari SS\nBiddle S",
        "source": "British Journal of Sports Medicine",
        "year": 2020,
        "volume": "54",
        "issue": "24",
        "pages": "1451-1462",
        "doi": "10.1136/bjsports-2020-102955",
    },
    {
        "citation_key": "nice-low-back-pain-2016",
        "reference_type": "guideline",
        "title": "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        "source": "National Institute for Health and Care Excellence",
        "year": 2016,
        "url": "https://www.nice.org.uk/guidance/ng59",
    },
]

# The articles and their texts live next door, to keep each module short.
from .articles import ARTICLES  # noqa: E402, F401
