"""The pages and the API of steps 1, 2, 7, 9 and 10 and the documents, on
the demo ISMS (isms demo): every page answers 200 in both languages and is
well-formed; the scope's structured form, the policy's editor and preview,
the selection of controls with bulk edit, the authorisation, the
Statements of Applicability with their diff, approval and export, and the
document set do what they say; every writing route refuses a viewer;
markup put into every text field comes back escaped; nothing of the demo
ISMS reaches a member of another ISMS."""
import csv
import io
import json
import re
import urllib.parse
import zipfile

import webtest
from webtest import PASSWORD, ServerTest, check_html, fill
from test_openapi import validate

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# The routes of these steps: each must be in the table, so that the walks
# of test_roles cover them, and each is opened here on real objects.
PAGES = [
    "/isms/{isms:id}/scope", "/isms/{isms:id}/scope/edit", "/isms/{isms:id}/policy",
    "/isms/{isms:id}/policy/edit", "/isms/{isms:id}/controls", "/isms/{isms:id}/controls/{control:name}",
    "/isms/{isms:id}/authorisation", "/isms/{isms:id}/soa", "/isms/{isms:id}/soa/diff",
    "/isms/{isms:id}/soa/{soa:id}", "/isms/{isms:id}/documents",
]
WRITES = [
    ("POST", "/isms/{isms:id}/scope"), ("POST", "/isms/{isms:id}/scope/approve"),
    ("POST", "/isms/{isms:id}/policy"), ("POST", "/isms/{isms:id}/policy/preview"),
    ("POST", "/isms/{isms:id}/policy/approve"), ("POST", "/isms/{isms:id}/controls"),
    ("POST", "/isms/{isms:id}/controls/additional"), ("POST", "/isms/{isms:id}/controls/{control:name}"),
    ("POST", "/isms/{isms:id}/controls/{control:name}/remove"), ("POST", "/isms/{isms:id}/authorisation"),
    ("POST", "/isms/{isms:id}/soa"), ("POST", "/isms/{isms:id}/soa/{soa:id}/approve"),
    ("PUT", "/api/v1/isms/{isms:id}/scope"), ("POST", "/api/v1/isms/{isms:id}/scope/approve"),
    ("PUT", "/api/v1/isms/{isms:id}/policy"), ("POST", "/api/v1/isms/{isms:id}/policy/preview"),
    ("POST", "/api/v1/isms/{isms:id}/policy/approve"), ("POST", "/api/v1/isms/{isms:id}/controls"),
    ("POST", "/api/v1/isms/{isms:id}/controls/additional"),
    ("PUT", "/api/v1/isms/{isms:id}/controls/{control:name}"),
    ("DELETE", "/api/v1/isms/{isms:id}/controls/{control:name}"),
    ("POST", "/api/v1/isms/{isms:id}/authorisation"), ("POST", "/api/v1/isms/{isms:id}/soa"),
    ("POST", "/api/v1/isms/{isms:id}/soa/{soa:id}/approve"),
]

PAYLOADS = [
    '<script>alert("x\'&")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(2)>",
]
RAW = ["<script>alert", "<img src=x", "<svg onload", '"><img', "'><svg"]
ESCAPED = "&lt;script&gt;alert(&quot;x&#39;&amp;&quot;)&lt;/script&gt;"

ROLES = ["viewer", "auditor", "owner", "approver", "manager"]


class StepsTest(ServerTest):
    """The seeded installation plus the demo ISMS, with a user of each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        srv = cls.srv
        srv.cli("--lang", "en", "demo", "--name", "demo")
        for name in ("demo-manager", "demo-ceo"):
            srv.cli("--isms", "demo", "user", "passwd", name, input=PASSWORD + "\n")
        for role in ROLES:
            srv.cli("--isms", "demo", "user", "role", role, role)
        cls.demo = srv.isms_id("demo")
        cls.alpha = srv.isms_id("alpha")
        cls.beta = srv.isms_id("beta")
        cls.routes = webtest.routes()
        cls.users = {}

    @classmethod
    def user(cls, name, lang="en"):
        key = (name, lang)
        if key not in cls.users:
            c = cls.srv.client(lang=lang)
            c.login(name)
            cls.users[key] = c
        return cls.users[key]

    def url(self, suffix, isms=None):
        return "/isms/%d%s" % (isms or self.demo, suffix)

    def api(self, suffix, isms=None):
        return "/api/v1/isms/%d%s" % (isms or self.demo, suffix)

    def audit_count(self):
        return int(self.srv.sql("SELECT COUNT(*) FROM audit_log"))

    def notice(self, r):
        m = re.search(r'<div class="(?:notice|error)"[^>]*>(.*?)</div>', r.text, re.S)
        return re.sub(r"<[^>]+>", " ", m.group(1)) if m else ""

    def route(self, method, pattern):
        for r in self.routes:
            if r["method"] == method and r["pattern"] == pattern:
                return r
        self.fail("no route %s %s" % (method, pattern))


class TestPagesAndRoles(StepsTest):
    def test_every_page_in_both_languages(self):
        for pattern in PAGES:
            self.route("GET", pattern)
        for name in ("viewer", "demo-manager", "demo-ceo"):
            for lang in ("ja", "en"):
                c = self.user(name, lang)
                for pattern in PAGES:
                    if pattern.endswith("/edit") and name != "demo-manager":
                        continue
                    path = fill(pattern, isms=self.demo, control="A.5.1", soa=1)
                    what = "%s as %s in %s" % (path, name, lang)
                    r = c.get(path)
                    self.assertEqual(r.status, 200, what)
                    p = check_html(self, r.text, what)
                    self.assertEqual(p.html_lang, lang, what)
                    title = re.search(r"<title>(.*?)</title>", r.text, re.S).group(1)
                    if lang == "ja":
                        self.assertRegex(title, JAPANESE, what + ": the title is Japanese")
                    else:
                        self.assertNotRegex("".join(p.text).replace("日本語", ""), JAPANESE, what)

    def test_pages_of_a_new_isms_say_what_is_missing(self):
        c = self.user("manager")
        r = c.get(self.url("/scope", self.alpha))
        self.assertIn("The scope has not been written yet.", r.text)
        self.assertIn('href="/isms/%d/scope/edit"' % self.alpha, r.text)
        r = c.get(self.url("/policy", self.alpha))
        self.assertIn("The policy has not been written yet.", r.text)
        r = c.get(self.url("/soa", self.alpha))
        self.assertIn("No Statement of Applicability has been generated yet.", r.text)
        r = c.get(self.url("/authorisation", self.alpha))
        self.assertIn("Not authorised yet", r.text)
        self.assertIn("its scope has not been written", r.text)
        self.assertNotIn("isms scope edit", r.text, "no command-line hint in the browser")
        r = c.get(self.url("/soa/diff", self.alpha))
        self.assertIn("fewer than two", r.text)
        # The API says the same without an error.
        self.assertEqual(c.get(self.api("/scope", self.alpha)).json()["scope"], None)
        self.assertEqual(c.get(self.api("/soa/diff", self.alpha)).json(),
                         {"from": None, "to": None, "changes": []})
        self.assertEqual(c.get(self.url("/soa/1", self.alpha)).status, 404)
        self.assertEqual(c.get(self.url("/scope?version=3", self.alpha)).status, 404)
        # Viewers see no forms and no edit links.
        v = self.user("viewer").get(self.url("/controls"))
        self.assertNotIn('name="control"', v.text)
        self.assertNotIn("/scope/edit", self.user("viewer").get(self.url("/scope")).text)

    def test_navigation_links_the_steps(self):
        r = self.user("viewer").get(self.url(""))
        for suffix in ("/scope", "/policy", "/controls", "/authorisation", "/soa", "/documents"):
            self.assertIn('href="%s"' % self.url(suffix), r.text)
        r = self.user("viewer").get(self.url("/soa"))
        self.assertIn('href="%s" aria-current="page"' % self.url("/soa"), r.text)

    def test_every_writing_route_refuses_a_viewer_and_the_roles_below(self):
        for role in ROLES:
            self.user(role)  # logging in is recorded: before counting
        before = self.audit_count()
        for method, pattern in WRITES:
            route = self.route(method, pattern)
            path = fill(pattern, isms=self.demo, control="A.5.1", soa=1)
            below = webtest_roles_below(route["role"])
            self.assertIn("viewer", below)
            for role in below:
                c = self.user(role)
                if "api" in route["flags"]:
                    r = c.api(method, path, {})
                    self.assertEqual(r.status, 403, "%s %s as %s" % (method, path, role))
                    self.assertEqual(r.json()["error"]["code"], "forbidden")
                else:
                    r = c.post_form(path, {"decision": "approve", "comment": "x"})
                    self.assertEqual(r.status, 403, "%s %s as %s" % (method, path, role))
                    self.assertIn("this needs the role", r.text)
        self.assertEqual(self.audit_count(), before, "nothing changed")

    def test_another_isms_learns_nothing(self):
        """bob manages beta only: every route of these steps with the demo's
        id answers 404 and shows nothing of it; beta's own snapshot 1 does
        not exist, so the demo's is not reached by changing the id."""
        bob = self.user("bob")
        before = self.audit_count()
        for route in self.routes:
            if (route["method"], route["pattern"]) not in WRITES and route["pattern"] not in PAGES and \
                    not route["pattern"].startswith(("/api/v1/isms/{isms:id}/scope", "/api/v1/isms/{isms:id}/policy",
                                                     "/api/v1/isms/{isms:id}/controls", "/api/v1/isms/{isms:id}/soa",
                                                     "/api/v1/isms/{isms:id}/authorisation",
                                                     "/api/v1/isms/{isms:id}/documents",
                                                     "/isms/{isms:id}/documents", "/isms/{isms:id}/soa")):
                continue
            path = fill(route["pattern"], isms=self.demo, control="A.5.1", soa=1, report="soa")
            if "api" in route["flags"]:
                r = bob.api(route["method"], path, {} if route["method"] != "GET" else None)
            elif route["method"] == "GET":
                r = bob.get(path)
            else:
                r = bob.post_form(path, {})
            self.assertEqual(r.status, 404, "%s %s as bob" % (route["method"], path))
            for secret in ("Sample Soft", "demo-manager", "Head office", "A.5.1 "):
                self.assertNotIn(secret, r.text, path)
        self.assertEqual(bob.get(self.url("/soa/1", self.beta)).status, 404)
        self.assertEqual(bob.get(self.url("/soa/1/export?format=csv", self.beta)).status, 404)
        self.assertEqual(bob.get(self.api("/soa/1", self.beta)).status, 404)
        self.assertEqual(self.audit_count(), before)


def webtest_roles_below(role):
    order = ["viewer", "auditor", "owner", "approver", "manager", "admin"]
    return order[:order.index(role)]


class TestScope(StepsTest):
    def form_of(self, html):
        """The scope form's fields as a list of (name, value), as a browser
        would send them."""
        fields = []
        form = html[html.index('<form method="post" action="%s"' % self.url("/scope")):]
        for m in re.finditer(r'<input([^>]*)>|<textarea([^>]*)>(.*?)</textarea>', form, re.S):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1) or m.group(2)))
            if "name" not in attrs or attrs.get("type") in ("checkbox", "radio"):
                continue
            value = m.group(3) if m.group(2) is not None else attrs.get("value", "")
            value = (value or "").replace("&quot;", '"').replace("&#39;", "'").replace("&lt;", "<") \
                .replace("&gt;", ">").replace("&amp;", "&")
            fields.append((attrs["name"], value))
        return fields

    def post(self, c, fields):
        return c.request("POST", self.url("/scope"), body=urllib.parse.urlencode(fields),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})

    def test_structured_form_versions_and_approval(self):
        m = self.user("demo-manager")
        page = m.get(self.url("/scope/edit"))
        fields = self.form_of(page.text)
        names = [n for n, _ in fields]
        self.assertEqual(names.count("unit_name"), names.count("unit_detail"))
        self.assertIn(("unit_name", "Development"), fields)
        self.assertGreaterEqual(names.count("exclusion_name"), 3, "the item and two empty rows")
        # Fill the first empty row of the sites, as a user does.
        i = [k for k, (n, v) in enumerate(fields) if n == "site_name" and v == ""][0]
        fields[i] = ("site_name", "Data centre")
        fields[i + 1] = ("site_detail", "Backup site in Osaka\nRack 12")
        r = self.post(m, fields)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), self.url("/scope?msg=saved"))
        r = m.get(r.header("Location"))
        self.assertIn("The changes have been saved.", r.text)
        self.assertIn("Data centre", r.text)
        self.assertIn("Backup site in Osaka\nRack 12", r.text)
        self.assertRegex(r.text, r"Version 2, saved .* by demo-manager")
        # The approval of version 1 is now stale.
        self.assertIn("approval stale", r.text)
        # The same content again makes no version.
        r = self.post(m, self.form_of(m.get(self.url("/scope/edit")).text))
        self.assertEqual(r.header("Location"), self.url("/scope?msg=unchanged"))
        versions = m.get(self.api("/scope/versions")).json()["versions"]
        self.assertEqual([v["version"] for v in versions], [1, 2])
        self.assertEqual(versions[0]["approved_by"], "demo-ceo")
        # Version 1 is still there to read.
        r = m.get(self.url("/scope?version=1"))
        self.assertIn("This is version 1, an older version. The latest is version 2.", r.text)
        self.assertNotIn("Data centre", r.text)
        # Managers do not approve; the approver does.
        r = m.post_form(self.url("/scope/approve"), {"decision": "approve"})
        self.assertEqual(r.status, 403)
        self.assertIn("is not an approver", r.text)
        self.assertNotIn("--as", r.text, "no command-line hint in the browser")
        ceo = self.user("demo-ceo")
        page = ceo.get(self.url("/scope"))
        self.assertIn('action="%s"' % self.url("/scope/approve"), page.text)
        r = ceo.post_form(self.url("/scope/approve"), {"decision": "approve", "comment": "Fine."})
        self.assertEqual(r.header("Location"), self.url("/scope?msg=approved"))
        j = ceo.get(self.api("/scope")).json()
        self.assertEqual((j["latest"], j["approval"]), (2, "current"))
        self.assertEqual(j["scope"]["sites"][-1], {"name": "Data centre", "detail": "Backup site in Osaka\nRack 12"})

    def test_errors_keep_what_was_typed(self):
        m = self.user("demo-manager")
        before = m.get(self.api("/scope")).json()["latest"]
        fields = self.form_of(m.get(self.url("/scope/edit")).text)
        i = [k for k, (n, v) in enumerate(fields) if n == "exclusion_name" and v == ""][0]
        fields[i] = ("exclusion_name", "Canteen")
        fields.append(("description", "kept text"))
        fields = [(n, v) for n, v in fields if n != "description"] + [("description", "kept text 2")]
        r = self.post(m, fields)
        self.assertEqual(r.status, 422)
        self.assertIn("the exclusion &quot;Canteen&quot; has no justification", r.text)
        self.assertIn('value="Canteen"', r.text)
        self.assertIn("kept text 2", r.text)
        self.assertIn('value="Development"', r.text)
        check_html(self, r.text, "scope form with an error")
        fields[i + 1] = ("exclusion_detail", "")
        j = [k for k, (n, v) in enumerate(fields) if n == "unit_name" and v == ""][0]
        fields[i] = ("exclusion_name", "")
        fields[j + 1] = ("unit_detail", "a detail without its name")
        r = self.post(m, fields)
        self.assertEqual(r.status, 422)
        self.assertIn("has a detail but no name", r.text)
        self.assertIn("a detail without its name", r.text)
        fresh = self.form_of(m.get(self.url("/scope/edit")).text)
        r = self.post(m, [(n, "") if n == "organisation" else (n, v) for n, v in fresh])
        self.assertEqual(r.status, 422)
        self.assertIn("the scope names no organisation", r.text)
        self.assertEqual(m.get(self.api("/scope")).json()["latest"], before, "nothing was saved")

    def test_api_takes_lists(self):
        m = self.user("demo-manager")
        doc = {"organisation": "API Org", "unit_name": ["Dev", "Ops"], "unit_detail": ["builds", ""],
               "exclusion_name": ["Lab"], "exclusion_detail": ["no data there"], "description": "# Hi"}
        alpha = self.user("manager")
        r = alpha.api("PUT", self.api("/scope", self.alpha), doc)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"version": 1, "unchanged": False})
        s = alpha.get(self.api("/scope", self.alpha)).json()["scope"]
        self.assertEqual(s["units"], [{"name": "Dev", "detail": "builds"}, {"name": "Ops", "detail": ""}])
        self.assertEqual(s["exclusions"], [{"name": "Lab", "justification": "no data there"}])
        self.assertEqual(alpha.api("PUT", self.api("/scope", self.alpha), doc).json()["unchanged"], True)
        r = alpha.api("PUT", self.api("/scope", self.alpha), dict(doc, unit_name=["x", 3]))
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["message"], "unit_name must be an array of strings")
        r = alpha.api("PUT", self.api("/scope", self.alpha), dict(doc, unit_name=["u%d" % i for i in range(1001)]))
        self.assertEqual(r.status, 413)
        r = alpha.api("PUT", self.api("/scope", self.alpha), dict(doc, organisation=["not", "a list"]))
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["field"], "organisation")
        # The same field twice in a form that is no list is still refused.
        r = alpha.request("POST", self.url("/scope", self.alpha),
                          body="csrf=%s&organisation=a&organisation=b" % alpha.csrf_token(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400)
        self.assertIn("is given twice", r.text)


class TestPolicy(StepsTest):
    def test_editor_preview_save_approve(self):
        m = self.user("manager")
        before = self.audit_count()
        page = m.get(self.url("/policy/edit", self.alpha))
        self.assertEqual(page.status, 200)
        self.assertIn("Example Corp", page.text, "the template names the organisation")
        self.assertIn('formaction="%s"' % self.url("/policy/preview", self.alpha), page.text)
        self.assertIn('data-preview="%s"' % self.api("/policy/preview", self.alpha), page.text)
        text = "# Our policy\n\n- **Protect** customers' data\n- Obey the law\n\n<b>raw</b> [x](javascript:alert(1))"
        r = m.post_form(self.url("/policy/preview", self.alpha), {"body": text})
        self.assertEqual(r.status, 200)
        check_html(self, r.text, "preview")
        preview = r.text[r.text.index('id="preview"'):]
        self.assertIn("<h2>Our policy</h2>", preview)
        self.assertIn("<li><strong>Protect</strong> customers&#39; data\n</li>", preview)
        self.assertIn("&lt;b&gt;raw&lt;/b&gt;", preview)
        self.assertNotIn("href=\"javascript", r.text)
        self.assertIn(">" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                      .replace('"', "&quot;").replace("'", "&#39;") + "</textarea>", r.text)
        self.assertEqual(self.audit_count(), before, "a preview saves nothing")
        j = m.api("POST", self.api("/policy/preview", self.alpha), {"body": text}).json()
        self.assertIn("<h2>Our policy</h2>", j["html"])
        r = m.api("POST", self.api("/policy/preview", self.alpha), {"body": "bad \x01 char"})
        self.assertEqual(r.status, 422)
        r = m.post_form(self.url("/policy", self.alpha), {"body": text})
        self.assertEqual(r.header("Location"), self.url("/policy?msg=saved", self.alpha))
        r = m.get(self.url("/policy", self.alpha))
        self.assertIn("<h2>Our policy</h2>", r.text)
        self.assertIn("not approved", r.text)
        r = m.post_form(self.url("/policy", self.alpha), {"body": ""})
        self.assertEqual(r.status, 422)
        approver = self.user("approver")
        r = approver.post_form(self.url("/policy/approve", self.alpha), {"decision": "reject", "comment": "Too short."})
        self.assertEqual(r.header("Location"), self.url("/policy?msg=rejected", self.alpha))
        self.assertIn("Your rejection has been recorded.", approver.get(r.header("Location")).text)
        j = approver.api("POST", self.api("/policy/approve", self.alpha), {"decision": "approve"}).json()
        self.assertEqual(j, {"version": 1, "decision": "approved", "approval": "current"})
        p = m.get(self.api("/policy", self.alpha)).json()
        self.assertEqual((p["latest"], p["approval"]), (1, "current"))
        self.assertEqual(p["policy"]["body"].rstrip("\n"), text)
        self.assertIn("<h2>Our policy</h2>", p["policy"]["html"])
        # Too long a policy is refused with its limit.
        r = m.post_form(self.url("/policy/preview", self.alpha), {"body": "x" * 100001})
        self.assertEqual(r.status, 413)
        self.assertIn("100000", r.text)


class TestControls(StepsTest):
    def control(self, c, cid):
        return c.get(self.api("/controls/%s" % cid)).json()

    def test_list_by_theme_and_filters(self):
        c = self.user("viewer")
        r = c.get(self.url("/controls"))
        self.assertEqual(len(re.findall(r'<tbody id="g-', r.text)), 5, "four themes and the additional ones")
        self.assertIn("A.5 Organizational controls", r.text)
        r = c.get(self.url("/controls?group=A.8"))
        ids = re.findall(r'<td><a href="/isms/\d+/controls/([^"]+)">', r.text)
        self.assertEqual(len(ids), 34)
        self.assertTrue(all(i.startswith("A.8.") for i in ids))
        r = c.get(self.url("/controls?show=excluded"))
        excluded = re.findall(r'<td><a href="/isms/\d+/controls/([^"]+)">', r.text)
        api = [x["control"] for x in c.get(self.api("/controls")).json()["controls"] if x["decision"] == "excluded"]
        self.assertEqual(excluded, api)
        self.assertGreater(len(excluded), 0)
        self.assertEqual(c.get(self.url("/controls?show=nonsense")).status, 422)
        # 2013 groups by clause.
        r = self.user("bob").get(self.url("/controls", self.beta))
        self.assertIn("A.18 Compliance", r.text)
        self.assertEqual(len(re.findall(r'<tbody id="g-A\.', r.text)), 14)

    def test_bulk_edit_in_one_post(self):
        m = self.user("demo-manager")
        page = m.get(self.url("/controls?group=A.7"))
        self.assertIn('name="control" value="A.7.1"', page.text)
        self.assertIn('data-check-all="g-A.7"', page.text)
        self.assertNotIn('value="A.6.1"', page.text)
        body = [("csrf", m.csrf_token()), ("control", "A.7.1"), ("control", "A.7.2"), ("control", "A.7.3"),
                ("decision", "applicable"), ("reason_contract", "1"), ("status", "planned"),
                ("owner", "Facilities"), ("group", "A.7"), ("show", "all")]
        r = m.request("POST", self.url("/controls"), body=urllib.parse.urlencode(body),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), self.url("/controls?msg=saved&group=A.7&show=all"))
        for cid in ("A.7.1", "A.7.2", "A.7.3"):
            j = self.control(m, cid)
            self.assertEqual((j["decision"], j["status"], j["owner"]), ("applicable", "planned", "Facilities"))
            self.assertIn("contract", j["reasons"])
        self.assertEqual(self.control(m, "A.7.4")["owner"] != "Facilities", True)
        # The page is kept once made (web/fragment.c): it shows the change at
        # once, with this session's token, and a viewer never gets the
        # manager's form.
        after = m.get(self.url("/controls?group=A.7")).text
        row = re.search(r'value="A\.7\.1".*?</tr>', after, re.S).group(0)
        self.assertIn("Facilities", row)
        self.assertIn('name="csrf" value="%s"' % m.csrf_token(), after)
        viewer = self.user("viewer").get(self.url("/controls?group=A.7")).text
        self.assertNotIn('name="control" value="A.7.1"', viewer)
        self.assertNotIn('name="csrf"', viewer[viewer.index("<main>"):])
        # All or nothing: excluding needs a justification.
        before = self.audit_count()
        body = [("csrf", m.csrf_token()), ("control", "A.7.1"), ("control", "A.7.2"), ("decision", "excluded")]
        r = m.request("POST", self.url("/controls"), body=urllib.parse.urlencode(body),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 422)
        self.assertIn("needs a justification", r.text)
        self.assertIn('value="A.7.1" aria-label="Select A.7.1" checked', r.text, "the ticks are kept")
        check_html(self, r.text, "bulk error")
        self.assertEqual(self.audit_count(), before)
        # A control a risk treatment uses cannot be excluded: the error names the risk,
        # and the other controls of the same POST are not changed either.
        used = [x for x in m.get(self.api("/controls")).json()["controls"] if x["risks"]][0]
        body = [("csrf", m.csrf_token()), ("control", "A.7.4"), ("control", used["control"]),
                ("decision", "excluded"), ("justification", "not needed")]
        r = m.request("POST", self.url("/controls"), body=urllib.parse.urlencode(body),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 409)
        self.assertIn(used["risks"][0], r.text)
        self.assertNotEqual(self.control(m, "A.7.4")["decision"], "excluded")
        self.assertEqual(self.audit_count(), before)
        # Nothing ticked.
        r = m.post_form(self.url("/controls"), {"decision": "applicable"})
        self.assertEqual(r.status, 422)
        self.assertIn("no control is selected", r.text)
        # The API does the same with a list.
        r = m.api("POST", self.api("/controls"), {"control": ["A.7.5", "A.7.6"], "status": "implemented"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual([x["status"] for x in r.json()["controls"]], ["implemented", "implemented"])
        self.assertEqual(r.json()["updated"], 2)

    def test_one_control_and_additional_controls(self):
        m = self.user("demo-manager")
        r = m.get(self.url("/controls/A.5.7"))
        self.assertIn("Threat intelligence", r.text)
        self.assertIn('name="decision" value="applicable"', r.text)
        r = m.post_form(self.url("/controls/A.5.7"), {"decision": "applicable", "reason_legal": "1",
                                                      "status": "implemented", "owner": "",
                                                      "impl_ref": "Feed from JPCERT", "justification": ""})
        self.assertEqual(r.status, 303, r)
        j = self.control(m, "A.5.7")
        self.assertEqual((j["status"], j["owner"], j["impl_ref"]), ("implemented", "", "Feed from JPCERT"))
        self.assertEqual(j["reasons"], ["legal"], "the form's reasons replace the stored ones")
        r = m.post_form(self.url("/controls/A.5.7"), {"decision": "excluded", "status": "implemented"})
        self.assertEqual(r.status, 422)
        self.assertIn("needs a justification", r.text)
        self.assertEqual(self.user("viewer").get(self.url("/controls/A.99.9")).status, 404)
        # Additional controls: added, shown, changed, removed.
        r = m.post_form(self.url("/controls/additional"), {"control": "OWN-7", "title": "Clean desk audit",
                                                           "reason_business": "1", "status": "planned"})
        self.assertEqual(r.status, 303, r)
        r = m.get(self.url("/controls?group=additional"))
        self.assertIn("Clean desk audit", r.text)
        r = m.post_form(self.url("/controls/additional"), {"control": "OWN-7", "title": "Again"})
        self.assertEqual(r.status, 409)
        self.assertIn("already exists", r.text)
        r = m.post_form(self.url("/controls/additional"), {"control": "A.5.1", "title": "Annex"})
        self.assertEqual(r.status, 409)
        r = m.api("PUT", self.api("/controls/OWN-7"), {"owner": "Facilities", "title": "Clean desk check"})
        self.assertEqual((r.json()["owner"], r.json()["title"], r.json()["status"]),
                         ("Facilities", "Clean desk check", "planned"), "the API changes only what it sends")
        r = m.post_form(self.url("/controls/A.5.1/remove"), {})
        self.assertEqual(r.status, 422)
        self.assertIn("cannot be removed", r.text)
        r = m.post_form(self.url("/controls/OWN-7/remove"), {})
        self.assertEqual(r.header("Location"), self.url("/controls?msg=removed&group=additional"))
        self.assertEqual(self.user("viewer").get(self.api("/controls/OWN-7")).status, 404)


class TestAuthorisationAndSoa(StepsTest):
    def test_authorisation(self):
        ceo = self.user("demo-ceo")
        r = ceo.get(self.url("/authorisation"))
        self.assertIn("Authorised", r.text)
        self.assertIn("What it covers", r.text)
        self.assertIn('action="%s"' % self.url("/authorisation"), r.text)
        j = ceo.get(self.api("/authorisation")).json()
        self.assertEqual(j["state"], "current")
        self.assertEqual(j["covers"], j["now"])
        # A comment is required.
        r = ceo.post_form(self.url("/authorisation"), {"decision": "approve", "comment": ""})
        self.assertEqual(r.status, 422)
        self.assertEqual(ceo.api("POST", self.api("/authorisation"), {"decision": "approve"}).status, 422)
        r = ceo.post_form(self.url("/authorisation"), {"decision": "approve", "comment": "Go ahead for FY2026."})
        self.assertEqual(r.header("Location"), self.url("/authorisation?msg=authorised"))
        r = ceo.get(r.header("Location"))
        self.assertIn("Go ahead for FY2026.", r.text)
        self.assertEqual(len(ceo.get(self.api("/authorisation")).json()["history"]), 2)
        # The manager is no approver, and the page says who is.
        r = self.user("demo-manager").post_form(self.url("/authorisation"), {"decision": "approve", "comment": "x"})
        self.assertEqual(r.status, 403)
        self.assertIn("Only top management, a user with the approver role, authorises the ISMS",
                      self.user("demo-manager").get(self.url("/authorisation")).text)
        # A new policy version makes it stale, and says what changed.
        m = self.user("demo-manager")
        body = m.get(self.api("/policy")).json()["policy"]["body"]
        self.assertEqual(m.api("PUT", self.api("/policy"), {"body": body + "\nAmended.\n"}).status, 200)
        j = ceo.get(self.api("/authorisation")).json()
        self.assertEqual((j["state"], j["changed"]["policy"], j["changed"]["scope"]), ("stale", True, False))
        r = ceo.get(self.url("/authorisation"))
        self.assertIn("Authorised, but stale", r.text)
        self.assertIn("(changed since)", r.text)

    def test_soa_generate_diff_approve(self):
        m = self.user("demo-manager")
        r = m.post_form(self.url("/soa"), {})
        self.assertEqual(r.status, 409, "nothing changed since the demo's snapshot")
        self.assertIn("Generate a new Statement of Applicability", r.text)
        self.assertEqual(m.api("PUT", self.api("/controls/A.8.1"), {"owner": "IT team"}).status, 200)
        r = m.post_form(self.url("/soa"), {})
        self.assertEqual(r.status, 303, r)
        n = int(re.search(r"/soa/(\d+)\?msg=generated$", r.header("Location")).group(1))
        self.assertEqual(n, 2)
        page = m.get(r.header("Location"))
        self.assertIn("A new Statement of Applicability has been generated.", page.text)
        self.assertIn("not approved", page.text)
        r = m.get(self.url("/soa/diff"))
        rows = re.findall(r'<tr class="ch-changed"><td>([^<]+)</td><td>[^<]+</td><td>([^<]+)</td><td[^>]*>([^<]*)</td>'
                          r'<td[^>]*>([^<]*)</td>', r.text)
        self.assertIn(("A.8.1", "Owner", rows[0][2], "IT team"), rows)
        j = m.get(self.api("/soa/diff?from=1&to=2")).json()
        self.assertEqual([(c["control"], c["field"], c["after"]) for c in j["changes"] if c["control"] == "A.8.1"],
                         [("A.8.1", "owner", "IT team")])
        self.assertEqual(m.get(self.url("/soa/diff?from=1&to=9")).status, 404)
        # The approver approves snapshot 2.
        ceo = self.user("demo-ceo")
        self.assertIn('action="%s"' % self.url("/soa/2/approve"), ceo.get(self.url("/soa/2")).text)
        r = ceo.post_form(self.url("/soa/2/approve"), {"decision": "approve", "comment": "Approved for audit."})
        self.assertEqual(r.header("Location"), self.url("/soa/2?msg=approved"))
        j = ceo.get(self.api("/soa/2")).json()
        self.assertEqual((j["approval"], j["approved_by"], j["approval_comment"]),
                         ("current", "demo-ceo", "Approved for audit."))
        lst = ceo.get(self.api("/soa")).json()["snapshots"]
        self.assertEqual([s["number"] for s in lst], [1, 2])
        row = [x for x in j["rows"] if x["control"] == "A.8.1"][0]
        self.assertEqual(row["owner"], "IT team")

    def test_soa_numbers_beyond_any_snapshot_are_not_found(self):
        """{soa} is a number of any size in the path: one that does not fit
        a snapshot's number is 404, not another snapshot (2^32 + 1 is not 1)."""
        c = self.user("viewer")
        self.assertEqual(c.get(self.url("/soa/1")).status, 200)
        for n in (2 ** 32 + 1, 2 ** 31, 2 ** 63 - 1):
            self.assertEqual(c.get(self.url("/soa/%d" % n)).status, 404, n)
            self.assertEqual(c.get(self.url("/soa/%d/export?format=csv" % n)).status, 404, n)
            r = c.get(self.api("/soa/%d" % n))
            self.assertEqual(r.status, 404, n)
            self.assertEqual(r.json()["error"]["code"], "not_found")
        ceo = self.user("demo-ceo")
        r = ceo.post_form(self.url("/soa/%d/approve" % (2 ** 32 + 1)), {"decision": "reject", "comment": "No."})
        self.assertEqual(r.status, 404)
        r = ceo.api("POST", self.api("/soa/%d/approve" % (2 ** 32 + 1)), {"decision": "reject", "comment": "No."})
        self.assertEqual(r.status, 404)

    def test_soa_export_in_both_languages(self):
        c = self.user("viewer")
        page = c.get(self.url("/soa/1"))
        for fmt in ("xlsx", "pdf", "csv", "html"):
            for lang in ("ja", "en"):
                self.assertIn('href="%s/soa/1/export?format=%s&amp;lang=%s"' % (self.url(""), fmt, lang), page.text)
        r = c.get(self.url("/soa/1/export?format=xlsx&lang=ja"))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertEqual(r.header("Content-Disposition"), 'attachment; filename="soa-1-ja.xlsx"')
        z = zipfile.ZipFile(io.BytesIO(r.body))
        self.assertIn('name="適用宣言書"', z.read("xl/workbook.xml").decode())
        strings = z.read("xl/sharedStrings.xml").decode()
        self.assertIn("A.5.1", strings)
        self.assertIn("情報セキュリティのための方針群", strings)
        r = c.get(self.url("/soa/1/export?format=xlsx&lang=en"))
        z = zipfile.ZipFile(io.BytesIO(r.body))
        self.assertIn('name="Statement of Applicability"', z.read("xl/workbook.xml").decode())
        self.assertIn("Policies for information security", z.read("xl/sharedStrings.xml").decode())
        r = c.get(self.url("/soa/1/export?format=csv&lang=en"))
        self.assertEqual(r.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), "a BOM for Excel")
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
        self.assertIn("A.5.1", [row[0] for row in rows])
        r = c.get(self.url("/soa/1/export?format=pdf&lang=ja"))
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertTrue(r.body.startswith(b"%PDF-"))
        r = c.get(self.url("/soa/1/export?format=html&lang=en"))
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
        self.assertIn("Statement of Applicability", r.text)
        self.assertEqual(c.get(self.url("/soa/1/export?format=doc")).status, 422)
        self.assertEqual(c.get(self.url("/soa/1/export")).status, 422)
        self.assertEqual(c.get(self.url("/soa/7/export?format=csv")).status, 404)

    def test_documents(self):
        c = self.user("viewer")
        r = c.get(self.url("/documents"))
        self.assertIn(self.url("/documents/all?lang=ja"), r.text)
        self.assertIn(self.url("/documents/risks?format=xlsx&amp;lang=en"), r.text)
        docs = c.get(self.api("/documents")).json()["documents"]
        self.assertEqual(docs[[d["report"] for d in docs].index("soa")]["step"], 10)
        r = c.get(self.url("/documents/scope?format=html&lang=en"))
        self.assertEqual(r.status, 200)
        self.assertIn("Head office", r.text)
        r = c.get(self.url("/documents/controls?format=xlsx&lang=ja"))
        self.assertEqual(r.header("Content-Disposition"), 'attachment; filename="controls-ja.xlsx"')
        self.assertEqual(c.get(self.url("/documents/nothing")).status, 404)
        self.assertEqual(c.get(self.url("/documents/scope?format=zip")).status, 422)
        self.assertEqual(c.get(self.url("/documents/all?format=pdf")).status, 422)
        r = c.get(self.url("/documents/all?lang=en"))
        self.assertEqual(r.header("Content-Type"), "application/zip")
        self.assertEqual(r.header("Content-Disposition"), 'attachment; filename="isms-documents-en.zip"')
        z = zipfile.ZipFile(io.BytesIO(r.body))
        names = z.namelist()
        self.assertIn("isms-documents-en/index.html", names)
        self.assertIn("isms-documents-en/10-statement-of-applicability.xlsx", names)
        self.assertIn("isms-documents-en/01-scope.pdf", names)
        self.assertTrue(z.read("isms-documents-en/01-scope.pdf").startswith(b"%PDF-"))
        # A new ISMS: the report that cannot be built says why.
        r = self.user("viewer").get(self.url("/documents/soa?format=pdf", self.alpha))
        self.assertEqual(r.status, 404)
        self.assertIn("Statement of Applicability", r.text)
        check_html(self, r.text, "missing document")


class TestApiMatchesTheDocument(StepsTest):
    def test_answers_match_the_openapi_document(self):
        doc = self.srv.client().get("/api/v1/openapi.json").json()
        c = self.user("demo-ceo")
        checked = 0
        for route in self.routes:
            if "api" not in route["flags"] or route["method"] != "GET" or "isms" not in route["flags"]:
                continue
            path = fill(route["pattern"], isms=self.demo, control="A.5.1", soa=1)
            if not path.startswith(self.api("")) or "/log" in path or "/users" in path:
                continue
            r = c.get(path)
            if r.status == 404 and webtest.needs_objects(route) and ":code}" in route["pattern"]:
                continue
            op = doc["paths"][re.sub(r"\{(\w+):\w+\}", r"{\1}", route["pattern"])]["get"]
            schema = op["responses"]["200" if r.status == 200 else "default"]["content"]["application/json"]["schema"]
            self.assertEqual(validate(schema, r.json(), doc), [], path)
            checked += 1
        self.assertGreater(checked, 10)
        # And the writing ones, through a change each.
        m = self.user("demo-manager")
        for method, path, body, name in (
                ("POST", "/controls", {"control": ["A.6.1"], "status": "implemented"}, "ControlsChanged"),
                ("PUT", "/controls/A.6.2", {"owner": "HR"}, "Control"),
                ("POST", "/policy/preview", {"body": "# x"}, "Preview"),
                ("PUT", "/scope", {"organisation": "Sample Soft Inc."}, "Saved"),
                ("POST", "/soa", None, "Soa")):
            r = m.api(method, self.api(path), body)
            self.assertEqual(r.status, 200, (path, r))
            self.assertEqual(validate({"$ref": "#/components/schemas/" + name}, r.json(), doc), [], path)
        r = self.user("demo-ceo").api("POST", self.api("/scope/approve"), {"decision": "approve"})
        self.assertEqual(validate({"$ref": "#/components/schemas/Decision"}, r.json(), doc), [])


class TestXss(StepsTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        m = cls.user("demo-manager")
        ceo = cls.user("demo-ceo")
        p0, p1, p2 = PAYLOADS
        url = "/isms/%d" % cls.demo
        # The scope: every kind of field.
        fields = [("organisation", p0 + " Org")]
        for kind in ("unit", "site", "process", "system", "interface", "exclusion"):
            fields += [(kind + "_name", kind + p0), (kind + "_detail", p1 + "\n" + p2)]
        fields += [("description", p0 + "\n\n# " + p1 + "\n\n- [" + p2 + "](https://x.example/\"" + p1 + ")")]
        r = m.request("POST", url + "/scope", body=urllib.parse.urlencode(fields + [("csrf", m.csrf_token())]),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status == 303, r
        assert ceo.post_form(url + "/scope/approve", {"decision": "reject", "comment": p0}).status == 303
        # The policy, through the API.
        r = m.api("PUT", "/api/v1%s/policy" % url, {"body": "# " + p0 + "\n\n" + p1 + " **" + p2 + "** `" + p0 + "`"})
        assert r.status == 200, r
        assert ceo.post_form(url + "/policy/approve", {"decision": "approve", "comment": p1}).status == 303
        # Controls: owner, justification, references; in bulk and one by one.
        assert m.post_form(url + "/controls/A.5.7", {"decision": "applicable", "reason_legal": "1", "owner": p0,
                                                      "impl_ref": p1, "status": "planned"}).status == 303
        assert m.post_form(url + "/controls/A.7.4", {"decision": "excluded", "justification": p2,
                                                      "status": "planned"}).status == 303
        body = [("csrf", m.csrf_token()), ("control", "A.8.1"), ("control", "A.8.2"), ("owner", p1),
                ("decision", "keep")]
        assert m.request("POST", url + "/controls", body=urllib.parse.urlencode(body),
                         headers={"Content-Type": "application/x-www-form-urlencoded"}).status == 303
        assert m.post_form(url + "/controls/additional", {"control": "XSS-1", "title": p0,
                                                          "reason_business": "1", "owner": p2}).status == 303
        assert ceo.post_form(url + "/authorisation", {"decision": "approve", "comment": p2}).status == 303
        r = m.post_form(url + "/soa", {})
        assert r.status == 303, r
        cls.soa = int(re.search(r"/soa/(\d+)", r.header("Location")).group(1))
        assert ceo.post_form(url + "/soa/%d/approve" % cls.soa, {"decision": "approve", "comment": p0}).status == 303

    def assert_clean(self, r, what):
        for raw in RAW:
            self.assertNotIn(raw, r.text, "%s: %r came back unescaped" % (what, raw))
        check_html(self, r.text, what)

    def test_every_page_escapes(self):
        seen = 0
        paths = [fill(p, isms=self.demo, control=cid, soa=self.soa)
                 for p in PAGES for cid in ("A.5.7", "A.7.4", "XSS-1")]
        paths += [self.url("/scope?version=1"), self.url("/soa/diff?from=1&to=%d" % self.soa),
                  self.url("/controls?group=additional"), self.url("/controls?show=excluded")]
        for path in sorted(set(paths)):
            for lang in ("en", "ja"):
                r = self.user("demo-manager", lang).get(path)
                self.assertEqual(r.status, 200, path)
                self.assert_clean(r, "%s (%s)" % (path, lang))
                seen += ESCAPED in r.text
        self.assertGreater(seen, 10)
        scope = self.user("viewer").get(self.url("/scope")).text
        self.assertIn("unit" + ESCAPED, scope)
        self.assertIn("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\n&#39;&gt;&lt;svg onload=alert(2)&gt;", scope)
        # The link of the description keeps its quote inside the attribute.
        self.assertNotIn('href="https://x.example/"', scope)
        control = self.user("viewer").get(self.url("/controls/A.7.4")).text
        self.assertIn("&#39;&gt;&lt;svg onload=alert(2)&gt;", control)

    def test_exports_and_json_carry_the_payloads_intact(self):
        c = self.user("viewer")
        r = c.get(self.url("/soa/%d/export?format=html&lang=en" % self.soa))
        for raw in RAW:
            self.assertNotIn(raw, r.text)
        self.assertIn(ESCAPED, r.text)
        s = c.get(self.api("/scope")).json()["scope"]
        self.assertEqual(s["organisation"], PAYLOADS[0] + " Org")
        self.assertEqual(s["units"][0], {"name": "unit" + PAYLOADS[0], "detail": PAYLOADS[1] + "\n" + PAYLOADS[2]})
        j = c.get(self.api("/controls/XSS-1")).json()
        self.assertEqual((j["title"], j["owner"]), (PAYLOADS[0], PAYLOADS[2]))
        j = c.get(self.api("/soa/%d" % self.soa)).json()
        self.assertEqual(j["approval_comment"], PAYLOADS[0])
        self.assertEqual(c.get(self.api("/authorisation")).json()["comment"], PAYLOADS[2])
        p = c.get(self.api("/policy")).json()["policy"]
        self.assertNotIn("<script", p["html"])
        self.assertIn("<h2>" + ESCAPED + "</h2>", p["html"])
        # Escaped also in the filters and the messages that name input.
        r = self.user("demo-manager").get(self.url("/controls?group=" + urllib.parse.quote(PAYLOADS[1])))
        self.assertEqual(r.status, 200)
        self.assert_clean(r, "group filter")
        r = self.user("viewer").get(self.url("/documents/" + urllib.parse.quote("x<y")))
        self.assertEqual(r.status, 404)
        r = self.user("demo-manager").post_form(self.url("/controls/additional"), {"control": PAYLOADS[1], "title": "t"})
        self.assertEqual(r.status, 422)
        self.assert_clean(r, "invalid control id")


if __name__ == "__main__":
    webtest.main()
