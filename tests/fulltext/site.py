"""Our own article pages for the full-text tests: several site styles, all fictional.

The outlet (The Vellmouth Courier), its people and its places are made up for these tests.
"""

from __future__ import annotations

TITLE = "Vellmouth harbour board delays ferry vote again"
TEASER = "The harbour board of Vellmouth put off its vote on the winter ferry timetable for a third month."

PARAGRAPHS = [
    "The harbour board of Vellmouth put off its vote on the winter ferry timetable for a third month "
    "on Tuesday, after a meeting that ran two hours past its schedule and ended without a decision.",
    "\u201cWe owe the islanders a timetable they can plan their lives around,\u201d said Maren Ostrova, "
    "who chairs the board. \u201cWhat we have now is a draft that satisfies nobody.\u201d",
    "The draft would cut the early crossing from Harrowgate Bay to three days a week between November "
    "and March, saving the board about forty thousand crowns in fuel and wages.",
    "Tobias Quell, who runs the bakery on Lantern Quay and crosses twice a day, told the meeting that "
    "the cut would leave him with no way to reach the mainland market before it opens.",
    "The board's engineer, Ilse Varga, said the older of the two ferries needs a new propeller shaft "
    "before the storms begin, and that the repair would take it out of service for five weeks.",
    "Members agreed to meet again on the first Monday of next month, when the port authority in "
    "Dunmere is expected to say whether it can lend a third vessel for the winter.",
]
ARTICLE_TEXT = "\n\n".join(PARAGRAPHS)

SIDEBAR = """
<aside class="sidebar"><h3>Most read</h3><ul>
<li><a href="/a1">Lighthouse keeper retires after forty winters</a></li>
<li><a href="/a2">Dunmere council votes to rename the old tram depot</a></li>
<li><a href="/a3">Herring prices fall for a second week at Lantern Quay</a></li></ul></aside>
"""
RELATED = """
<section class="related"><h2>Related stories</h2><ul>
<li><a href="/r1">Ferry timetable: what the draft means for islanders</a></li>
<li><a href="/r2">Opinion: the harbour board must decide soon</a></li></ul></section>
<div class="newsletter">Sign up for the Courier's morning newsletter. Get the headlines in your inbox every day.</div>
"""
NAV = """<header><nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a>
<a href="/weather">Weather</a> <a href="/subscribe">Subscribe</a></nav></header>"""
FOOTER = "<footer><p>\u00a9 The Vellmouth Courier. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"


def _paras(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def news_page() -> str:
    """A news site: navigation, sidebar, the article with a byline and a figure, related links."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{TITLE} | The Vellmouth Courier</title>
<meta property="og:title" content="{TITLE}"><meta name="description" content="{TEASER}"></head><body>
{NAV}<main><div class="layout">{SIDEBAR}<article><h1>{TITLE}</h1>
<p class="byline">By Petra Lindqvist, harbour correspondent</p>
<figure><img src="/ferry.jpg" alt="ferry"><figcaption>The older ferry at its berth last winter.</figcaption></figure>
{_paras(PARAGRAPHS)}</article>{RELATED}</div></main>{FOOTER}</body></html>"""


def blog_page() -> str:
    """A personal blog: one column, comments under the post."""
    return f"""<!DOCTYPE html><html><head><title>{TITLE} - Notes from the Quay</title></head><body>
<div id="header"><a href="/">Notes from the Quay</a></div><div class="post"><h2 class="post-title">{TITLE}</h2>
<div class="post-body entry-content">{_paras(PARAGRAPHS)}</div></div>
<div id="comments"><h4>3 comments</h4><div class="comment">Great write-up, thanks!</div>
<div class="comment">The early ferry matters to all of us on the island.</div></div>
<div id="blogroll"><a href="/x">Another blog</a></div></body></html>"""


def amp_page() -> str:
    """An AMP page: <html amp>, amp-img, inline boilerplate style."""
    return f"""<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>
<link rel="canonical" href="/news/ferry"><style amp-boilerplate>body{{visibility:hidden}}</style></head><body>
<amp-sidebar id="menu" layout="nodisplay"><a href="/">Home</a><a href="/local">Local</a></amp-sidebar>
<article><h1>{TITLE}</h1><amp-img src="/ferry.jpg" width="600" height="400" layout="responsive"></amp-img>
{_paras(PARAGRAPHS)}</article><amp-social-share type="twitter"></amp-social-share></body></html>"""


def paywall_page() -> str:
    """A paywall stub: the first paragraph, then an offer to subscribe."""
    return f"""<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>{NAV}
<article><h1>{TITLE}</h1><p>{PARAGRAPHS[0]}</p>
<div class="paywall"><h2>Subscribe to continue reading</h2>
<p>This article is for subscribers only. Already a subscriber? Log in.</p>
<p>Get unlimited access to the Courier from one crown a week.</p></div></article>{FOOTER}</body></html>"""


def cookie_page() -> str:
    """A cookie consent page standing in front of the article."""
    return """<!DOCTYPE html><html><head><title>Before you continue</title></head><body>
<div class="consent"><h1>We value your privacy</h1>
<p>We use cookies and similar technologies to run this site, measure its audience and show you
personalised content. You can accept all cookies, reject them, or manage your cookie settings.</p>
<p>Your choices apply to the Vellmouth Courier and its partners. See our cookie policy for details.</p>
<button>Accept all cookies</button><button>Manage settings</button></div></body></html>"""


def login_page() -> str:
    """The page a login redirect lands on."""
    return f"""<!DOCTYPE html><html><head><title>Sign in | The Vellmouth Courier</title></head><body>{NAV}
<main><h1>Sign in to continue reading</h1><p>Please log in to read {TITLE.lower()} and every other story.</p>
<form action="/login" method="post"><input name="email"><input type="password" name="password">
<button>Sign in</button></form><p>No account? Create a free account to continue.</p></main>{FOOTER}</body></html>"""


def unrelated_page() -> str:
    """Another article (a redirect to the home page's top story, say): not the story asked for."""
    other = [
        "The lighthouse at Kestrel Point will close to visitors for the summer while its lantern room "
        "is repainted, the county heritage trust announced on Friday.",
        "Volunteers have guided tours up its two hundred steps since the last keeper left, and the "
        "trust says the work is overdue after a decade of salt winds and spray.",
        "Guided walks along the cliff path will continue, with a temporary exhibition about the keepers "
        "set up in the old coal store at the foot of the tower.",
    ] * 2
    return f"""<!DOCTYPE html><html><head><title>Kestrel Point lighthouse closes for repairs</title></head>
<body>{NAV}<article><h1>Kestrel Point lighthouse closes for repairs</h1>{_paras(other)}</article>{FOOTER}</body></html>"""


LIVE_TITLE = "Live: Vellmouth storm closes the harbour"
LIVE_TEASER = "Follow the latest as the autumn storm reaches Vellmouth and the harbour board halts the ferries."
LIVE_UPDATES = [
    (
        "16:40",
        "The harbour master, Odile Brenn, said the breakwater held through the worst of the swell "
        "and that crews would inspect the outer wall at first light before any ferry is allowed to sail.",
    ),
    (
        "16:05",
        "\u201cNobody should try to cross tonight,\u201d Ms Brenn told reporters on Lantern Quay. "
        "\u201cThe wind is still rising and the forecast gives us no break before midnight.\u201d",
    ),
    (
        "15:30",
        "The board cancelled the last two crossings to Harrowgate Bay and opened the school hall in "
        "Dunmere for passengers who cannot get home, with blankets and soup from the bakery next door.",
    ),
    (
        "15:00",
        "Gusts of ninety kilometres an hour were measured at Kestrel Point as the storm front moved "
        "up the coast faster than the weather office had expected earlier in the day.",
    ),
]


def live_page() -> str:
    """A live page: timestamped updates, newest first, a 'key points' box and share buttons."""
    updates = "\n".join(
        f'<div class="update"><time>{t}</time><p>{text}</p><div class="share">Share</div></div>'
        for t, text in LIVE_UPDATES
    )
    return f"""<!DOCTYPE html><html><head><title>{LIVE_TITLE}</title></head><body>{NAV}
<main><h1>{LIVE_TITLE}</h1><div class="key-points"><h2>Key points</h2><ul><li>Ferries halted</li>
<li>School hall open in Dunmere</li></ul></div><div class="live-feed">{updates}</div></main>{FOOTER}</body></html>"""
