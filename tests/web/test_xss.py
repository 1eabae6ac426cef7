"""The XSS sweep: markup and quotes put into every text field the web
application has (ISMS names and organisations, display names, API token
names, log filters, the login name, field names) never come back unescaped,
in HTML or in JSON."""
import re
import urllib.parse

import webtest
from webtest import PASSWORD, ServerTest, check_html, fill

PAYLOADS = [
    '<script>alert("x\'&")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(2)>",
]
# What must never appear in a page: the start of a tag an attacker chose,
# or an attribute broken out of.
RAW = ["<script>alert", "<img src=x", "<svg onload", '"><img', "'><svg"]
ESCAPED = "&lt;script&gt;alert(&quot;x&#39;&amp;&quot;)&lt;/script&gt;"


class TestXss(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.srv.client(lang="en")
        cls.admin.login("admin")
        a = cls.admin
        cls.alpha = cls.srv.isms_id("alpha")
        # ISMS names and organisations, through the page and the API.
        assert a.post_form("/isms", {"org": PAYLOADS[0] + " Org", "name": "x" + PAYLOADS[0],
                                     "edition": "2022", "lang": "en"}).status == 303
        r = a.api("POST", "/api/v1/isms", {"org": PAYLOADS[1], "name": "y" + PAYLOADS[1],
                                            "edition": 2013, "lang": "ja"})
        assert r.status == 200, r
        # ... and through the CLI, as a consultant would.
        cls.srv.cli("init", "--org", PAYLOADS[2], "--name", "z" + PAYLOADS[2], "--edition", "2005")
        # Display names, through the page and the API.
        users = "/isms/%d/users" % cls.alpha
        assert a.post_form(users, {"name": "mallory", "display_name": PAYLOADS[0], "password": PASSWORD,
                                   "role": "manager"}).status == 303
        assert a.api("POST", "/api/v1" + users, {"name": "trudy", "display_name": PAYLOADS[1],
                                                  "password": PASSWORD, "role": "viewer"}).status == 200
        # API token names.
        assert a.post_form("/account/tokens", {"name": PAYLOADS[0]}).status == 200
        assert a.api("POST", "/api/v1/account/tokens", {"name": PAYLOADS[2]}).status == 200
        cls.ids = [int(x) for x in cls.srv.sql("SELECT id FROM isms ORDER BY id").split()]

    def assert_clean_html(self, r, what):
        for raw in RAW:
            self.assertNotIn(raw, r.text, "%s: %r came back unescaped" % (what, raw))
        check_html(self, r.text, what)

    def assert_clean_json(self, r, what):
        self.assertEqual(r.header("Content-Type"), "application/json", what)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        return r.json()  # parses: the payloads did not break out of their strings

    def test_every_page_escapes(self):
        seen_escaped = False
        pages = [r for r in webtest.routes() if r["method"] == "GET" and "api" not in r["flags"]
                 and r["pattern"] not in ("/", "/setup") and not r["pattern"].startswith("/static/")
                 and not webtest.needs_objects(r)]
        for route in pages:
            for isms in self.ids if "isms" in route["flags"] else [None]:
                path = fill(route["pattern"], isms=isms)
                for lang in ("en", "ja"):
                    c = self.admin if "login" in route["flags"] else self.srv.client()
                    c.lang = lang
                    r = c.get(path)
                    self.assertEqual(r.status, 200, path)
                    self.assert_clean_html(r, "%s (%s)" % (path, lang))
                    seen_escaped |= ESCAPED in r.text
        self.admin.lang = "en"
        self.assertTrue(seen_escaped, "the payload was shown, escaped")
        # The pages that show the payload where it was put.
        text = self.admin.get("/isms").text
        self.assertIn(ESCAPED + " Org", text)
        self.assertIn("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", text)
        self.assertIn("&#39;&gt;&lt;svg onload=alert(2)&gt;", text)
        self.assertIn(ESCAPED, self.admin.get("/isms/%d/users" % self.alpha).text)
        self.assertIn(ESCAPED, self.admin.get("/account").text)

    def test_log_filters_are_escaped(self):
        for p in PAYLOADS:
            q = urllib.parse.urlencode({"entity": p, "actor": p})
            r = self.admin.get("/isms/%d/log?%s" % (self.alpha, q))
            self.assertEqual(r.status, 200)
            self.assert_clean_html(r, "log filter")
            self.assertIn('value="%s"' % p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                          .replace('"', "&quot;").replace("'", "&#39;"), r.text)
            j = self.admin.get("/api/v1/isms/%d/log?%s" % (self.alpha, q))
            self.assertEqual(self.assert_clean_json(j, "log API")["entries"], [])

    def test_the_log_shows_payloads_escaped(self):
        r = self.admin.get("/isms/%d/log?entity=membership" % self.alpha)
        self.assert_clean_html(r, "log page")
        r = self.admin.get("/isms/%d/log?entity=isms" % self.ids[-1])
        self.assert_clean_html(r, "log of the CLI-made ISMS")
        self.assertIn("&#39;&gt;&lt;svg onload=alert(2)&gt;", r.text)

    def test_echoed_input_is_escaped(self):
        anon = self.srv.client()
        page = anon.get("/login")
        for p in PAYLOADS:
            r = anon.post_form("/login", {"name": p[:60], "password": "whatever"},
                               csrf=webtest.form_csrf(page.text))
            self.assertEqual(r.status, 403)
            self.assert_clean_html(r, "login error")
        csrf = self.admin.csrf_token()
        r = self.admin.request("POST", "/account/lang",
                               body="csrf=%s&%s=1" % (csrf, urllib.parse.quote(PAYLOADS[0])),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400)
        self.assert_clean_html(r, "unknown field")
        r = self.admin.api("PUT", "/api/v1/account/lang", {PAYLOADS[0]: "x"})
        self.assertEqual(r.status, 400)
        self.assertIn(PAYLOADS[0], self.assert_clean_json(r, "unknown field")["error"]["message"])
        # A rejected value is named in the error, escaped.
        r = self.admin.post_form("/isms/%d/users" % self.alpha,
                                 {"name": PAYLOADS[0], "password": PASSWORD, "role": "viewer"})
        self.assertEqual(r.status, 422)
        self.assert_clean_html(r, "invalid user name")
        r = self.admin.get("/isms/%d/log?since=%s" % (self.alpha, urllib.parse.quote(PAYLOADS[1])))
        self.assertEqual(r.status, 422)
        self.assert_clean_html(r, "invalid date")

    def test_json_carries_the_payloads_intact(self):
        names = {i["name"]: i["org"] for i in self.assert_clean_json(self.admin.get("/api/v1/isms"),
                                                                      "isms list")["isms"]}
        self.assertEqual(names["x" + PAYLOADS[0]], PAYLOADS[0] + " Org")
        self.assertEqual(names["y" + PAYLOADS[1]], PAYLOADS[1])
        self.assertEqual(names["z" + PAYLOADS[2]], PAYLOADS[2])
        users = self.assert_clean_json(self.admin.get("/api/v1/isms/%d/users" % self.alpha), "users")
        shown = {u["name"]: u["display_name"] for u in users["users"]}
        self.assertEqual(shown["mallory"], PAYLOADS[0])
        self.assertEqual(shown["trudy"], PAYLOADS[1])
        tokens = self.assert_clean_json(self.admin.get("/api/v1/account/tokens"), "tokens")["tokens"]
        self.assertEqual({t["name"] for t in tokens}, {PAYLOADS[0], PAYLOADS[2]})
        status = self.assert_clean_json(self.admin.get("/api/v1/isms/%d/status" % self.ids[-2]), "status")
        self.assertEqual(status["org"], PAYLOADS[1])
        log = self.assert_clean_json(self.admin.get("/api/v1/isms/%d/log" % self.alpha), "log")
        shown = [e["after"]["display_name"] for e in log["entries"]
                 if e["entity"] == "user" and e["after"] and e["entity_id"] in ("mallory", "trudy")]
        self.assertEqual(shown, [PAYLOADS[0], PAYLOADS[1]])


if __name__ == "__main__":
    webtest.main()
