"""webtest.py - what the web tests share: a database seeded with the CLI, a
real "isms serve" on 127.0.0.1, an HTTP client with cookies, and checks of
the HTML that comes back.

Each test module starts its own server on a free port (port 0; the server
prints the one it got) with its own database in a temporary directory, and
stops it with SIGTERM at the end, expecting exit status 0 (under ASan, a
leak makes that fail).
"""
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ISMS = os.environ.get("ISMS") or os.path.join(HERE, "..", "..", "build", "isms")
PASSWORD = "correct horse battery"

# The seeded installation: two ISMS, and users with each role in "alpha";
# "bob" is a manager of "beta" only.
SEED_USERS = [
    ("admin", "Ada Admin", "admin"),
    ("manager", "Mia Manager", "manager"),
    ("owner", "Oscar Owner", "owner"),
    ("approver", "Apu Approver", "approver"),
    ("auditor", "Aud Itor", "auditor"),
    ("viewer", "Vic Viewer", "viewer"),
]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.raw = body
        enc = self.header("Content-Encoding")
        self.body = gzip.decompress(body) if enc == "gzip" and body else body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<Response %d %s>" % (self.status, self.body[:300])


class Client:
    """One browser: a cookie jar and a keep-alive connection."""

    def __init__(self, server, lang=None):
        self.server = server
        self.cookies = {}
        self.lang = lang
        self.conn = None
        self.last = None

    def _conn(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        return self.conn

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def __del__(self):
        self.close()

    def request(self, method, path, body=None, headers=None, cookies=True):
        h = {}
        if cookies and self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.lang:
            h["Accept-Language"] = self.lang
        h.update(headers or {})
        for attempt in range(2):
            conn = self._conn()
            try:
                conn.request(method, path, body=body, headers=h)
                r = conn.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a keep-alive connection: open a new one.
                self.close()
                if attempt:
                    raise
        resp = Response(r.status, r.getheaders(), data)
        if resp.header("Connection") == "close":
            self.close()
        for c in resp.all("Set-Cookie"):
            name, _, rest = c.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in c or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        self.last = resp
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post_form(self, path, fields, csrf=True, headers=None):
        fields = dict(fields)
        if csrf is True:
            fields["csrf"] = self.csrf_token()
        elif csrf:
            fields["csrf"] = csrf
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=urllib.parse.urlencode(fields), headers=h)

    def api(self, method, path, data=None, csrf=True, token=None, headers=None):
        h = {}
        body = None
        if data is not None:
            body = json.dumps(data)
            h["Content-Type"] = "application/json"
        if token:
            h["Authorization"] = "Bearer " + token
        elif csrf is True and method != "GET" and "isms_session" in self.cookies:
            h["X-CSRF-Token"] = self.csrf_token()
        elif csrf and csrf is not True:
            h["X-CSRF-Token"] = csrf
        h.update(headers or {})
        return self.request(method, path, body=body, headers=h, cookies=token is None)

    def csrf_token(self):
        """The CSRF token of this session (or of the pre-login cookie)."""
        if "isms_session" in self.cookies:
            r = self.request("GET", "/api/v1/session")
            assert r.status == 200, r
            return r.json()["csrf_token"]
        r = self.request("GET", "/login")
        return form_csrf(r.text)

    def login(self, name, password=PASSWORD):
        page = self.get("/login")
        assert page.status == 200, page
        r = self.post_form("/login", {"name": name, "password": password}, csrf=form_csrf(page.text))
        assert r.status == 303, r
        assert "isms_session" in self.cookies
        return r


def form_csrf(html):
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


class Server:
    """A database in a temporary directory and an "isms serve" on it."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="isms-web.")
        self.db = os.path.join(self.dir, "isms.db")
        self.env = dict(os.environ)
        self.env.update({"ISMS_DB": self.db, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "",
                         "LANGUAGE": ""})
        self.proc = None
        self.out = []
        self.err = []
        self.port = None
        self.setup_url = None

    def cli(self, *args, input=None, check=True):
        p = subprocess.run([ISMS, "--as", "test"] + list(args), input=input, env=self.env,
                           capture_output=True, text=True, timeout=120)
        if check and p.returncode != 0:
            raise AssertionError("isms %s: exit %d\n%s%s" % (" ".join(args), p.returncode,
                                                              p.stdout, p.stderr))
        return p

    def seed(self):
        """Two ISMS and a user with each role, made with the CLI."""
        self.cli("init", "--org", "Example Corp", "--name", "alpha", "--edition", "2022")
        self.cli("init", "--org", "Beta Ltd", "--name", "beta", "--edition", "2013", "--lang", "ja")
        for name, display, role in SEED_USERS:
            self.cli("--isms", "alpha", "user", "add", name, "--display-name", display, "--role", role,
                     input=PASSWORD + "\n")
        self.cli("--isms", "beta", "user", "add", "bob", "--display-name", "Bob Beta", "--role",
                 "manager", input=PASSWORD + "\n")
        return self

    def isms_id(self, name):
        return int(self.sql("SELECT id FROM isms WHERE name = '%s'" % name))

    def sql(self, query):
        p = subprocess.run(["sqlite3", self.db, query], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError("sqlite3: " + p.stderr)
        return p.stdout.strip()

    def start(self, *args):
        cmd = [ISMS, "--db", self.db, "serve", "--listen", "127.0.0.1:0", "--threads", "2"] + list(args)
        self.out = []
        self.err = []
        self.port = None
        self.setup_url = None
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ready = threading.Event()

        def drain(stream, lines, watch):
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8", "replace")
                lines.append(line)
                if watch:
                    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
                    if m:
                        self.port = int(m.group(1))
                    m = re.search(r"(http://\S+/setup\?token=[0-9a-f]{64})", line)
                    if m:
                        self.setup_url = m.group(1)
            if watch:
                ready.set()

        self.threads = [threading.Thread(target=drain, args=(self.proc.stdout, self.out, True), daemon=True),
                        threading.Thread(target=drain, args=(self.proc.stderr, self.err, False), daemon=True)]
        for t in self.threads:
            t.start()
        deadline = time.time() + 60
        while time.time() < deadline and not ready.is_set() and not self.port:
            time.sleep(0.02)
        if not self.port:
            self.proc.kill()
            raise AssertionError("isms serve did not start:\n" + "".join(self.out + self.err))
        return self

    def wait_setup_url(self, timeout=30):
        """The one-time set-up link printed after the address."""
        deadline = time.time() + timeout
        while not self.setup_url and time.time() < deadline:
            time.sleep(0.02)
        return self.setup_url

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if not self.proc:
            return 0
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        for t in self.threads:
            t.join(10)
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.proc = None
        return rc

    def log(self):
        return "".join(self.err)

    def client(self, lang=None):
        return Client(self, lang)

    def cleanup(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def raw_connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    return s


def recv_all(s, timeout=30):
    s.settimeout(timeout)
    chunks = []
    while True:
        try:
            b = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not b:
            break
        chunks.append(b)
    return b"".join(chunks)


# --- HTML checks -------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class TagBalance(HTMLParser):
    """Parses a page and records every way it is not well-formed: unclosed
    or stray end tags, duplicate ids, missing doctype."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.ids = set()
        self.doctype = False
        self.html_lang = None
        self.scripts_inline = 0
        self.style_attrs = 0
        self.text = []
        self.in_script = False

    def handle_decl(self, decl):
        if decl.lower() == "doctype html":
            self.doctype = True

    def _attrs(self, tag, attrs):
        for k, v in attrs:
            if k == "id":
                if v in self.ids:
                    self.errors.append("duplicate id %r" % v)
                self.ids.add(v)
            if k == "style":
                self.style_attrs += 1
            if k.startswith("on"):
                self.errors.append("inline event handler %s on <%s>" % (k, tag))
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")
        if tag == "script" and "src" not in dict(attrs):
            self.scripts_inline += 1

    def handle_starttag(self, tag, attrs):
        self._attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))
        if tag == "script":
            self.in_script = True

    def handle_startendtag(self, tag, attrs):
        self._attrs(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append("end tag for void element </%s> at %s" % (tag, self.getpos()))
            return
        if tag == "script":
            self.in_script = False
        if not self.stack:
            self.errors.append("stray </%s> at %s" % (tag, self.getpos()))
            return
        top, pos = self.stack.pop()
        if top != tag:
            self.errors.append("</%s> at %s closes <%s> opened at %s" % (tag, self.getpos(), top, pos))

    def handle_data(self, data):
        if not self.in_script:
            self.text.append(data)


def check_html(testcase, body, what=""):
    """Assert that `body` is a well-formed page of ours; return the parser."""
    p = TagBalance()
    p.feed(body)
    p.close()
    for tag, pos in p.stack:
        p.errors.append("<%s> opened at %s is never closed" % (tag, pos))
    testcase.assertTrue(p.doctype, "%s: no <!DOCTYPE html>" % what)
    testcase.assertIn(p.html_lang, ("ja", "en"), "%s: <html> has no lang" % what)
    testcase.assertEqual(p.scripts_inline, 0, "%s: inline <script>" % what)
    testcase.assertEqual(p.style_attrs, 0, "%s: style attributes (the CSP forbids them)" % what)
    testcase.assertEqual(p.errors, [], "%s: HTML is not well-formed" % what)
    return p


def routes():
    """The route table, from "isms serve --list-routes"."""
    p = subprocess.run([ISMS, "serve", "--list-routes"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    out = []
    for line in p.stdout.splitlines():
        method, pattern, flags, role, fields, summary = line.split("\t")
        out.append({
            "method": method,
            "pattern": pattern,
            "flags": set() if flags == "-" else set(flags.split(",")),
            "role": None if role == "-" else role,
            "fields": [] if fields == "-" else fields.split(","),
            "summary": summary,
        })
    return out


# Path parameters other than these name one thing of an ISMS (a control, a
# Statement of Applicability, a report …). The login, role and membership
# checks come before any lookup, so walks of the table that expect those
# checks to answer fill such parameters with any value of the right shape
# (SHAPES); walks that expect a page (200) skip the routes that need
# objects, and each feature's own tests open them on a seeded ISMS.
OBJECT_FREE = {"isms", "user", "token"}
SHAPES = {"id": 1, "name": "A.5.1", "code": "X-1"}


def params(pattern):
    """The (name, type) of each parameter of a route pattern."""
    return re.findall(r"\{(\w+):(\w+)\}", pattern)


def needs_objects(route):
    """Whether the route's page shows one thing that must exist."""
    return any(name not in OBJECT_FREE for name, _ in params(route["pattern"]))


def fill(pattern, **values):
    """Put values into a route pattern: {isms:id} takes values['isms'];
    parameters not given take a value of their type's shape."""
    def sub(m):
        name, kind = m.group(1), m.group(2)
        if name not in values:
            if name in OBJECT_FREE or kind not in SHAPES:
                raise KeyError("no value for {%s} in %s" % (name, pattern))
            return urllib.parse.quote(str(SHAPES[kind]), safe="")
        return urllib.parse.quote(str(values[name]), safe="")
    return re.sub(r"\{(\w+):(\w+)\}", sub, pattern)


class ServerTest(unittest.TestCase):
    """A test case with one seeded server for the whole class."""
    serve_args = ()
    seeded = True

    @classmethod
    def setUpClass(cls):
        cls.srv = Server()
        if cls.seeded:
            cls.srv.seed()
        cls.srv.start(*cls.serve_args)

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        log = cls.srv.log()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError("isms serve exited with %d:\n%s" % (rc, log[-4000:]))


def main():
    unittest.main(verbosity=2)
