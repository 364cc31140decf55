"""Bad input never breaks the site: every form and link a visitor, a customer and an admin
can reach gets wrong values (empty, huge, negative, out of range, not numbers, odd text,
missing and repeated fields, other ids), and every answer must be a page or a redirect, never
a 5xx, with the server still up at the end.

No browser: this is what a careless or hostile client sends, over plain HTTP. The server is
a fresh one of its own, because the admin's forms delete and cancel things.
"""

import html.parser
import http.client
import http.cookiejar
import random
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import Server

# What goes into a field instead of what the form offers.
BAD_VALUES = [
    "", " ", "x" * 5000, "-1", "0", "+5", "1.5", "-0.01", "0x10", "1e3", "1e309", "nan",
    "99999999999999999999", "9223372036854775807", "-9223372036854775808", "92233720368547758.07",
    "2026-02-30", "9999-12-31", "0001-01-01", "25:61", "%", "\x00", "名前🎬", "١٢",
    "<script>alert(1)</script>", "'; DROP TABLE users; --",
]
# What goes into an id in a path.
BAD_IDS = ["-1", "0", "99999999999999999999", "abc", "%00", "1.5"]
# Pairs for two fields at once (a range's ends): days that do not exist, the ends the wrong
# way round, days the Gregorian calendar skipped.
BAD_PAIRS = [("2025-02-31", "2025-03-01"), ("2025-03-01", "2025-02-28"), ("1582-10-14", "1582-10-15"),
             ("2200-12-31", "2201-01-01"), ("2026-02-29", "2026-02-28")]
# Values tried per field, drawn (with a fixed seed) from BAD_VALUES: all of them for every
# field of every form would take minutes with the debug build the suite runs.
PER_FIELD = 6


class Page(html.parser.HTMLParser):
    """The links and forms of one page."""

    def __init__(self, body):
        super().__init__()
        self.links, self.forms, self._form, self._select = [], [], None, None
        self.feed(body)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").upper(), "action": a.get("action") or "",
                          "multipart": "multipart" in (a.get("enctype") or ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            unchecked = a.get("type") in ("checkbox", "radio") and "checked" not in a
            self._form["fields"].append((a["name"], None if unchecked else a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].append((a["name"], ""))
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None]
        elif tag == "option" and self._select is not None and (self._select[1] is None or "selected" in a):
            self._select[1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            self._form["fields"].append(tuple(self._select))
            self._select = None
        elif tag == "form":
            self._form = None


class Client:
    """A cookie-keeping client that does not follow redirects and records every 5xx; a
    request that gets no answer at all (the server died) fails the test at once, with the
    end of the server's log."""

    def __init__(self, server):
        self.base = server.url
        self.log = server.folder / "server.log"
        self.failures = []
        self.requests = 0

        class Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), Stay)

    def send(self, method, path, fields=None, body=None, content_type=None):
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {"Content-Type": content_type} if content_type else {}
        request = urllib.request.Request(urllib.parse.urljoin(self.base, path), data=body, method=method, headers=headers)
        self.requests += 1
        try:
            with self.opener.open(request, timeout=60) as response:
                status, headers, text = response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as error:
            sent = str(fields if fields is not None else body)[:200]
            pytest.fail(f"{method} {path} {sent} got no answer ({error}); the server's log ends:\n{self.log.read_text()[-3000:]}")
        if status >= 500:
            self.failures.append(f"{status} {method} {path} {str(fields if fields is not None else body)[:200]}: {text[:200]}")
        return status, text, headers

    def token(self, path):
        match = re.search(r'name="_csrf" value="([^"]+)"', self.send("GET", path)[1])
        return match.group(1) if match else ""

    def log_in(self, username, password):
        status, _, _ = self.send("POST", "/login", [("_csrf", self.token("/login")), ("username", username), ("password", password)])
        assert status == 303, f"log-in as {username} answered {status}"


def crawl(client, start, limit=60):
    """GETs the pages reachable from `start` (two of each shape of path at most)."""
    pages, shapes, queue = {}, {}, list(start)
    host = urllib.parse.urlparse(client.base).netloc
    while queue and len(pages) < limit:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if path in pages or shapes.get(shape, 0) >= 2:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        pages[path] = Page(client.send("GET", path)[1])
        for link in pages[path].links:
            url = urllib.parse.urlparse(urllib.parse.urljoin(client.base + path, link))
            target = url.path + ("?" + url.query if url.query else "")
            if url.netloc == host and not target.startswith(("/static/", "/posters/")):
                queue.append(target)
    return pages


def attack_links(client, pages, rng):
    for path in pages:
        url = urllib.parse.urlparse(path)
        names = [name for name, _ in urllib.parse.parse_qsl(url.query, keep_blank_values=True)]
        for value in rng.sample(BAD_VALUES, PER_FIELD):
            query = urllib.parse.urlencode([(name, value) for name in names or ["q", "page", "date", "day", "sort"]])
            client.send("GET", f"{url.path}?{query}")
        if re.search(r"/\d+", url.path):
            for bad in BAD_IDS:
                client.send("GET", re.sub(r"/\d+", "/" + bad, url.path, count=1))


def attack_filters(client, pages, rng):
    """Every GET form (the lists' filters): each field with bad values, and each pair of
    fields with BAD_PAIRS."""
    forms = {}
    for path, page in pages.items():
        for form in page.forms:
            if form["method"] == "GET":
                action = urllib.parse.urlparse(urllib.parse.urljoin(client.base + path, form["action"] or path)).path
                forms.setdefault(re.sub(r"\d+", "N", action), (action, form))
    for action, form in forms.values():
        names = sorted({name for name, _ in form["fields"]})
        for name in names:
            for bad in rng.sample(BAD_VALUES, PER_FIELD):
                client.send("GET", f"{action}?{urllib.parse.urlencode([(name, bad)])}")
        for first, second in [(a, b) for a in names for b in names if a < b]:
            for one, other in BAD_PAIRS:
                client.send("GET", f"{action}?{urllib.parse.urlencode([(first, one), (second, other)])}")


def attack_forms(client, pages, rng):
    forms = {}
    for path, page in pages.items():
        for form in page.forms:
            if form["method"] != "POST":
                continue
            action = urllib.parse.urlparse(urllib.parse.urljoin(client.base + path, form["action"] or path)).path
            if action != "/logout":
                forms.setdefault(re.sub(r"\d+", "N", action), (action, form, path))
    # Forms that delete or cancel go last, so the others still find what they work on.
    last = re.compile(r"delete|cancel|remove|archive|release|role")
    for shape in sorted(forms, key=lambda shape: bool(last.search(shape))):
        action, form, source = forms[shape]
        token = client.token(source)
        if form["multipart"]:
            for body in [b"", b"not multipart at all",
                         b'--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n' + token.encode() + b"\r\n--x--\r\n"]:
                client.send("POST", action, body=body, content_type="multipart/form-data; boundary=x")
            continue
        offered = [(name, token if name == "_csrf" else value) for name, value in form["fields"] if value is not None]
        names = sorted({name for name, _ in form["fields"] if name != "_csrf"})
        variants = [offered, [(name, value) for name, value in offered if name == "_csrf"]]
        for name in names:
            for bad in rng.sample(BAD_VALUES, PER_FIELD):
                variant = [(n, bad if n == name else value) for n, value in offered]
                variants.append(variant if name in dict(offered) else variant + [(name, bad)])
            variants.append([(n, value) for n, value in offered if n != name])
            variants.append(offered + [(name, "again")])
        for variant in variants:
            client.send("POST", action, variant)
        if re.search(r"/\d+", action):
            for bad in BAD_IDS:
                client.send("POST", re.sub(r"/\d+", "/" + bad, action, count=1), offered)


@pytest.fixture
def own_server():
    running = Server()
    running.create_user("fuzzboss", "fuzzboss-password-1", "admin")
    yield running
    running.stop()


def test_bad_input_never_breaks_the_site(own_server):
    rng = random.Random(7)
    # A visitor: sign-up and log-in forms, lists and their filters, seat maps.
    visitor = Client(own_server)
    pages = crawl(visitor, ["/", "/signup", "/login", "/showtimes"], limit=25)
    attack_links(visitor, pages, rng)
    attack_filters(visitor, pages, rng)
    attack_forms(visitor, pages, rng)
    for content_type, body in [("application/json", b'{"username": 1}'), ("application/x-www-form-urlencoded", b"%zz=%%&&=&a=%E0%A4%A"),
                               ("text/plain", b"\xff\xfe\x00")]:
        visitor.send("POST", "/signup", body=body, content_type=content_type)

    # A customer with a live hold and a confirmed booking: checkout, the booking's page,
    # changing seats, cancelling.
    customer = Client(own_server)
    status, _, _ = customer.send("POST", "/signup", [
        ("_csrf", customer.token("/signup")), ("username", "fuzzfan"), ("email", "fuzzfan@example.com"),
        ("password", "fuzzfan-password-1"), ("passwordConfirmation", "fuzzfan-password-1")])
    assert status == 303
    showtimes = sorted(set(re.findall(r'href="/showtimes/(\d+)"', customer.send("GET", "/showtimes")[1])))
    codes = []
    for showtime in showtimes[:2]:
        map_page = customer.send("GET", f"/showtimes/{showtime}")[1]
        seats = re.findall(r'name="seat" value="(\d+)"[^>]*aria-label="[^"]*free"', map_page)[:2]
        token = re.search(r'name="_csrf" value="([^"]+)"', map_page).group(1)
        status, _, headers = customer.send("POST", f"/showtimes/{showtime}/hold", [("_csrf", token)] + [("seat", s) for s in seats])
        assert status == 303, f"hold answered {status}"
        codes.append(headers["Location"].rsplit("/", 1)[1])
    assert len(codes) == 2, "the customer could not hold seats"
    status, _, _ = customer.send("POST", f"/checkout/{codes[0]}/confirm", [("_csrf", customer.token(f"/checkout/{codes[0]}"))])
    assert status == 303
    pages = crawl(customer, [f"/checkout/{codes[1]}", f"/reservations/{codes[0]}", "/account"], limit=20)
    attack_links(customer, pages, rng)
    attack_filters(customer, pages, rng)
    attack_forms(customer, pages, rng)

    # An admin: every admin list, form and action.
    admin = Client(own_server)
    admin.log_in("fuzzboss", "fuzzboss-password-1")
    pages = crawl(admin, ["/admin", "/dashboard", "/account"], limit=60)
    attack_links(admin, pages, rng)
    attack_filters(admin, pages, rng)
    attack_forms(admin, pages, rng)

    failures = visitor.failures + customer.failures + admin.failures
    assert not failures, f"{len(failures)} answers were server errors:\n" + "\n".join(failures[:20])
    assert own_server.process.poll() is None, "the server stopped:\n" + (own_server.folder / "server.log").read_text()[-3000:]
    assert Client(own_server).send("GET", "/healthz")[0] == 200
    assert visitor.requests + customer.requests + admin.requests > 1000, "too little was tried to mean anything"
