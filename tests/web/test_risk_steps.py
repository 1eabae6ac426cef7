"""Steps 3 to 6 and 8 and the catalogues in the browser and the API: the
method and its editor, the asset inventory with its CSV/XLSX import, the
threat and vulnerability library, the risk register, treatment, the
approver's queue, the dashboard's risks, the reports of these steps; what
owners and approvers may do, isolation between ISMS, uploads (multipart
bodies, limits, malformed ones) and escaping of every new text field.

The ISMS "alpha" is seeded with the CLI: the JIPDEC method, three assets,
three risks, a treatment that is overdue and needs approval, and an
approval that went stale. "beta" has an asset and a risk with the same IDs,
so that isolation is seen on the data itself."""
import json
import re
import urllib.parse
import uuid

import webtest
from webtest import PASSWORD, ServerTest, check_html, fill

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PAYLOADS = [
    '<script>alert("x\'&")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(2)>",
]
RAW = ["<script>alert", "<img src=x", "<svg onload", '"><img', "'><svg"]
MAX_UPLOAD = 65536

# Values for the path parameters of this feature's pages.
OBJECTS = {"asset": "A-001", "risk": "R-001", "catalog": "2022", "item": "A.5.15"}
PREFIXES = ("/isms/{isms:id}/assets", "/isms/{isms:id}/risks", "/isms/{isms:id}/catalogs",
            "/isms/{isms:id}/method", "/isms/{isms:id}/library", "/isms/{isms:id}/approvals",
            "/isms/{isms:id}/risk-suggestions", "/isms/{isms:id}/import", "/isms/{isms:id}/mapping")


def multipart(fields, files, boundary=None):
    """A multipart/form-data body: `files` maps a field to (filename, bytes)."""
    boundary = boundary or "----isms" + uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, name)).encode()
                   + value.encode("utf-8") + b"\r\n")
    for name, (filename, data) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n" % (boundary, name, filename)).encode()
                   + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#39;"))


class TestRiskSteps(ServerTest):
    serve_args = ("--max-upload", "64K")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cli = cls.srv.cli
        a = ("--isms", "alpha")
        cli(*a, "method", "set", "jipdec-3x3x3")
        cli(*a, "asset", "add", "A-001", "--name", "Customer database", "--type", "information",
            "--owner", "Oscar Owner", "--c", "3", "--i", "3", "--a", "2", "--c-reason", "Personal data")
        cli(*a, "asset", "add", "A-002", "--name", "Web server", "--type", "hardware", "--owner", "Mia Manager",
            "--c", "2", "--i", "2", "--a", "3", "--depends-on", "A-001", "--group", "Servers")
        cli(*a, "asset", "add", "A-003", "--name", "Spare laptop", "--type", "hardware")
        cli(*a, "risk", "add", "--asset", "A-001", "--threat", "T-001", "--vuln", "V-001", "--threat-level", "3",
            "--vuln-level", "3", "--owner", "Oscar Owner", "--description", "Leak of customer data")
        cli(*a, "risk", "add", "--asset", "A-002", "--threat", "T-002", "--vuln", "V-004", "--threat-level", "2",
            "--vuln-level", "2", "--owner", "Mia Manager")
        cli(*a, "risk", "add", "--asset", "A-002", "--threat", "T-003", "--vuln", "V-004", "--owner", "Mia Manager")
        cli(*a, "risk", "treat", "R-001", "--option", "reduce", "--control", "A.5.15", "--control", "A.8.5",
            "--owner", "Oscar Owner", "--due", "2020-01-31", "--residual-threat", "2", "--residual-vuln", "2")
        cli(*a, "risk", "treat", "R-002", "--option", "transfer", "--extra", "Hosting contract clause 7")
        cli("--as", "approver", *a, "risk", "approve", "R-002", "--comment", "Accepted for this year")
        cli(*a, "risk", "edit", "R-002", "--description", "Changed after the approval")
        cli(*a, "control", "select", "A.5.15", "--reason", "business")
        b = ("--isms", "beta")
        cli(*b, "asset", "add", "A-001", "--name", "顧客台帳", "--type", "information", "--owner", "Bob Beta")
        cli(*b, "asset", "add", "BETA-ONLY", "--name", "Beta secret", "--type", "information")
        cli(*b, "risk", "add", "--asset", "A-001", "--threat", "T-001", "--vuln", "V-001", "--description",
            "ベータのリスク")
        cli(*a, "asset", "add", "ALPHA-ONLY", "--name", "Alpha secret", "--type", "information")
        cls.alpha = cls.srv.isms_id("alpha")
        cls.beta = cls.srv.isms_id("beta")
        cls.users = {}

    def user(self, name, lang="en"):
        key = (name, lang)
        if key not in self.users:
            c = self.srv.client(lang=lang)
            c.login(name)
            self.users[key] = c
        return self.users[key]

    def url(self, suffix, isms=None):
        return "/isms/%d%s" % (isms or self.alpha, suffix)

    def api_url(self, suffix, isms=None):
        return "/api/v1/isms/%d%s" % (isms or self.alpha, suffix)

    def count(self, table, where="1=1"):
        return int(self.srv.sql("SELECT COUNT(*) FROM %s WHERE isms_id = %d AND %s" % (table, self.alpha, where)))

    def upload(self, c, path, fields, files, api=False):
        body, ctype = multipart(fields if api else dict(fields, csrf=c.csrf_token()), files)
        h = {"Content-Type": ctype}
        if api:
            h["X-CSRF-Token"] = c.csrf_token()
        return c.request("POST", path, body=body, headers=h)

    # --- pages ------------------------------------------------------------------------------

    def test_pages_in_both_languages(self):
        routes = [r for r in webtest.routes() if r["method"] == "GET" and "api" not in r["flags"]
                  and r["pattern"].startswith(PREFIXES)]
        self.assertGreater(len(routes), 12)
        extra = ["/risk-suggestions?asset=A-001", "/catalogs/2013/items/A.9.1.1", "/catalogs/2005",
                 "/mapping?from=2005&to=2022", "/catalogs/2022?q=" + urllib.parse.quote("アクセス制御")]
        for lang in ("ja", "en"):
            c = self.user("admin", lang)
            paths = [fill(r["pattern"], isms=self.alpha, **OBJECTS) for r in routes] + [self.url(e) for e in extra]
            paths.append(self.url(""))
            for path in paths:
                r = c.get(path)
                what = "%s in %s" % (path, lang)
                self.assertEqual(r.status, 200, what)
                self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8", what)
                p = check_html(self, r.text, what)
                title = re.search(r"<title>(.*?)</title>", r.text, re.S).group(1)
                if lang == "ja":
                    self.assertRegex(title, JAPANESE, what + ": the title is Japanese")
                elif "q=" not in path:
                    self.assertNotRegex("".join(p.text).replace("日本語", ""), JAPANESE, what)
        nav = self.user("viewer").get(self.url("")).text
        for suffix in ("/method", "/assets", "/risks", "/approvals", "/library", "/catalogs"):
            self.assertIn('href="%s"' % self.url(suffix), nav)

    def test_objects_that_do_not_exist(self):
        c = self.user("viewer")
        for path in ("/assets/NOPE", "/risks/R-999", "/risks/R-999/treatment", "/catalogs/1999",
                     "/catalogs/2022/items/A.99.1"):
            r = c.get(self.url(path))
            self.assertEqual(r.status, 404, path)
            check_html(self, r.text, path)
        self.assertEqual(c.get(self.api_url("/assets/NOPE")).json()["error"]["code"], "not_found")

    # --- catalogues -------------------------------------------------------------------------

    def test_catalogues(self):
        c = self.user("viewer")
        r = c.get(self.url("/catalogs"))
        for ident in ("iso27001-2005", "iso27001-2013", "iso27001-2022"):
            self.assertIn(ident, r.text)
        tree = c.get(self.url("/catalogs/2022")).text
        self.assertEqual(len(re.findall(r'<tr class="k-control', tree)), 93)
        self.assertEqual(len(re.findall(r'<tr class="k-theme', tree)), 4)
        # Japanese without spaces, and English words in any case.
        ja = self.user("viewer", "ja").get(self.url("/catalogs/2022?q=" + urllib.parse.quote("アクセス制御"))).text
        self.assertIn(">A.5.15<", ja)
        self.assertNotIn(">A.7.4<", ja)
        en = c.get(self.url("/catalogs/2022?q=ACCESS+control")).text
        self.assertIn(">A.5.15<", en)
        self.assertRegex(en, r"\d+ items? match")
        item = c.get(self.url("/catalogs/2022/items/A.5.15")).text
        self.assertIn("Access control", item)
        self.assertIn(">A.9.1.1<", item)
        self.assertIn("merged", item)
        self.assertIn("T-001", item, "the library's threats that the control addresses")
        old = c.get(self.url("/catalogs/2013/items/A.9.1.1")).text
        self.assertIn(">A.5.15<", old)
        m = c.get(self.url("/mapping?from=2013&to=2022&control=A.9.1.1")).text
        self.assertIn("A.5.15", m)
        self.assertIn("1 link.", m)
        bad = c.get(self.url("/mapping?from=2013&to=2013"))
        self.assertEqual(bad.status, 422)
        self.assertIn("choose two different editions", bad.text)
        self.assertEqual(c.get(self.url("/mapping?from=1999")).status, 422)
        # The API says the same.
        cats = c.get(self.api_url("/catalogs")).json()["catalogs"]
        self.assertEqual({x["edition"] for x in cats if x["builtin"]}, {2005, 2013, 2022})
        items = c.get(self.api_url("/catalogs/2022?q=" + urllib.parse.quote("アクセス制御"))).json()["items"]
        self.assertIn("A.5.15", [i["id"] for i in items])
        it = c.get(self.api_url("/catalogs/2022/items/A.5.15")).json()
        self.assertIn(("A.9.1.1", "merged"), [(l["to"], l["kind"]) for l in it["counterparts"]])
        links = c.get(self.api_url("/mapping?from=2005&to=2022")).json()["links"]
        self.assertTrue(any(l["via"] for l in links), "2005 to 2022 goes through 2013")

    # --- the method ---------------------------------------------------------------------------

    def risk(self, code, isms=None):
        return self.user("admin").get(self.api_url("/risks/" + code, isms)).json()

    def test_method_editor_reevaluates_risks(self):
        self.srv.cli("init", "--org", "Method Org", "--name", "methodtest", "--edition", "2022")
        mid = self.srv.isms_id("methodtest")
        m = ("--isms", "methodtest")
        self.srv.cli(*m, "asset", "add", "M-1", "--name", "Ledger", "--type", "information", "--c", "3", "--i", "2",
                     "--a", "1")
        self.srv.cli(*m, "risk", "add", "--asset", "M-1", "--threat", "T-001", "--vuln", "V-001", "--threat-level",
                     "2", "--vuln-level", "2")
        c = self.user("admin")
        page = c.get(self.url("/method", mid)).text
        self.assertIn("No method has been set yet", page)
        self.assertEqual(self.risk("R-001", mid)["evaluation"], "treat")  # 3 x 2 x 2 = 12 > 8
        # The threshold is a criterion: 12 is accepted at 12.
        r = c.post_form(self.url("/method/criteria", mid), {"criterion": "threshold", "threshold": "12"})
        self.assertEqual(r.status, 303)
        self.assertIn("reevaluated=1", r.header("Location"))
        page = c.get(r.header("Location")).text
        self.assertIn("1 risk re-evaluated", page)
        self.assertIn("accept risks whose value is at most 12", page)
        self.assertEqual(self.risk("R-001", mid)["evaluation"], "accept")
        # A scale: labels in both languages; four levels.
        labels = {"label_en": ["Rare", "Sometimes", "Often", "Always"] + [""] * 6,
                  "label_ja": ["まれ", "時々", "しばしば", "常に"] + [""] * 6,
                  "desc_en": [""] * 10, "desc_ja": [""] * 10}
        body = [("csrf", c.csrf_token()), ("n", "4")] + [(k, v) for k in labels for v in labels[k]]
        r = c.request("POST", self.url("/method/scales/threat", mid), body=urllib.parse.urlencode(body),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 303, r)
        meth = c.get(self.api_url("/method", mid)).json()
        self.assertEqual(meth["version"], 2)
        threat = meth["method"]["scales"]["threat"]
        self.assertEqual([lv["label"]["ja"] for lv in threat], ["まれ", "時々", "しばしば", "常に"])
        self.assertIn("しばしば", self.user("admin", "ja").get(self.url("/method", mid)).text)
        # A level without a label is refused, naming it; the typed values stay.
        body = [("csrf", c.csrf_token()), ("n", "3"), ("label_en", "Low"), ("label_en", ""), ("label_en", "High"),
                ("label_ja", "低"), ("label_ja", ""), ("label_ja", "高")]
        r = c.request("POST", self.url("/method/scales/vulnerability", mid), body=urllib.parse.urlencode(body),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 422)
        self.assertIn("scales.vulnerability", r.text)
        self.assertIn('value="High"', r.text)
        check_html(self, r.text, "method with an error")
        self.assertEqual(c.get(self.api_url("/method", mid)).json()["version"], 2, "nothing was saved")
        # A preset replaces the method: the matrix has no threat levels, so
        # the risk cannot be evaluated until it is assessed again.
        r = c.post_form(self.url("/method/preset", mid), {"preset": "iso27005-5x5"})
        self.assertEqual(r.status, 303)
        x = self.risk("R-001", mid)
        self.assertIsNone(x["evaluation"])
        self.assertTrue(x["not_evaluated_because"])
        page = c.get(self.url("/method", mid)).text
        self.assertIn('name="cells"', page, "the matrix editor")
        # The matrix: cell (1, 1) becomes level 2, and the cells criterion.
        r = c.request("POST", self.url("/method/criteria", mid), headers={
            "Content-Type": "application/x-www-form-urlencoded"}, body=urllib.parse.urlencode([
                ("csrf", c.csrf_token()), ("criterion", "cells"), ("cells", "1:1:2"), ("accept_cells", "1:1"),
                ("accept_cells", "1:2")]))
        self.assertEqual(r.status, 303, r)
        mj = c.get(self.api_url("/method", mid)).json()["method"]
        self.assertEqual(sorted(mj["acceptance"]["cells"]), [[1, 1], [1, 2]])
        r = c.request("POST", self.url("/method/criteria", mid), headers={
            "Content-Type": "application/x-www-form-urlencoded"}, body=urllib.parse.urlencode([
                ("csrf", c.csrf_token()), ("criterion", "cells"), ("accept_cells", "9:x")]))
        self.assertEqual(r.status, 422)
        # The API takes the whole method as a JSON object, or a preset.
        r = c.api("PUT", self.api_url("/method", mid), {"method": meth["method"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["reevaluated"], 1)
        self.assertEqual(self.risk("R-001", mid)["evaluation"], "accept")
        r = c.api("PUT", self.api_url("/method", mid), {"method": {"format": "nonsense"}})
        self.assertEqual(r.status, 422)
        self.assertTrue(r.json()["error"]["message"])
        r = c.api("PUT", self.api_url("/method", mid), {"method": "not an object"})
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["field"], "method")
        r = c.api("PUT", self.api_url("/method", mid), {"preset": "jipdec-3x3x3", "method": meth["method"]})
        self.assertEqual(r.status, 422)
        # Approval by the approver of the ISMS only.
        self.srv.cli("--isms", "methodtest", "user", "role", "approver", "approver")
        r = c.post_form(self.url("/method/approval", mid), {"decision": "approve"})
        self.assertEqual(r.status, 403, "an administrator is not an approver")
        self.assertIn("Top management, a user with the approver role, approves the method.",
                      c.get(self.url("/method", mid)).text, "who may approve is said")
        ap = self.user("approver")
        r = ap.post_form(self.url("/method/approval", mid), {"decision": "approve", "comment": "OK for FY2026"})
        self.assertEqual(r.status, 303)
        self.assertEqual(ap.get(self.api_url("/method", mid)).json()["approval"], "current")
        page = c.get(self.url("/method", mid)).text
        self.assertRegex(page, r" · approver · \d{4}-\d\d-\d\d \d\d:\d\d UTC · OK for FY2026</p>",
                         "who approved, when and why")

    # --- assets --------------------------------------------------------------------------------

    def test_asset_list_filters_sorts_and_pages(self):
        c = self.user("viewer")
        r = c.get(self.url("/assets?type=hardware"))
        self.assertIn(">A-002<", r.text)
        self.assertNotIn(">A-001<", r.text)
        r = c.get(self.url("/assets?sort=value&desc=1"))
        codes = re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a>', r.text)
        self.assertEqual(codes[:2], ["A-001", "A-002"])
        every = c.get(self.api_url("/assets?sort=code&limit=1000")).json()
        codes = [a["code"] for a in every["assets"]]
        self.assertEqual(codes, sorted(codes))
        r = c.get(self.url("/assets?sort=code&limit=2&offset=2"))
        self.assertIn("Showing 3 to 4 of %d." % every["total"], r.text)
        self.assertIn('rel="prev"', r.text)
        self.assertEqual(re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a>', r.text), codes[2:4])
        r = c.get(self.url("/assets?sort=code&desc=1&limit=1"))
        self.assertEqual(re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a>', r.text), codes[-1:])
        self.assertIn('aria-sort="descending"', r.text)
        self.assertIn("Spare laptop", c.get(self.url("/assets?unvalued=1")).text)
        self.assertNotIn("Customer database", c.get(self.url("/assets?unvalued=1")).text)
        self.assertIn("Customer database", c.get(self.url("/assets?q=customer")).text)
        self.assertEqual(c.get(self.url("/assets?sort=colour")).status, 422)
        self.assertEqual(c.get(self.url("/assets?limit=0")).status, 422)
        j = c.get(self.api_url("/assets?group=Servers")).json()
        self.assertEqual(([a["code"] for a in j["assets"]], j["total"]), (["A-002"], 1))
        self.assertEqual(j["assets"][0]["depends_on"], ["A-001"])
        one = c.get(self.api_url("/assets/A-001")).json()
        self.assertEqual((one["c"], one["c_reason"], one["needed_by"]), (3, "Personal data", ["A-002"]))
        page = c.get(self.url("/assets/A-001")).text
        self.assertIn("Personal data", page)
        self.assertIn(">R-001<", page)
        self.assertNotIn('action="%s"' % self.url("/assets/A-001"), page, "a viewer gets no form")

    def test_asset_add_edit_delete(self):
        c = self.user("manager")
        form = {"code": "A-100", "name": "Payroll", "type": "information", "owner": "Mia Manager", "c": "2",
                "i": "2", "a": "1", "c_reason": "Salaries", "depends_on": "A-001, A-002", "location": "HQ"}
        r = c.post_form(self.url("/assets"), form)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), self.url("/assets/A-100?msg=added"))
        page = c.get(r.header("Location")).text
        self.assertIn("The asset has been added.", page)
        self.assertIn("Salaries", page)
        # A conflict keeps what was typed.
        r = c.post_form(self.url("/assets"), dict(form, name="Payroll again"))
        self.assertEqual(r.status, 409)
        self.assertIn('value="Payroll again"', r.text)
        check_html(self, r.text, "asset conflict")
        r = c.post_form(self.url("/assets"), dict(form, code="A-101", depends_on="NOPE"))
        self.assertEqual(r.status, 422)
        self.assertIn("NOPE", r.text)
        r = c.post_form(self.url("/assets"), dict(form, code="A-101", c="9"))
        self.assertEqual(r.status, 422, "C is at most the method's 3 levels")
        self.assertEqual(self.count("asset", "code = 'A-101'"), 0)
        # Editing: the values change, the history is in the audit log.
        edit = dict(form, name="Payroll system", c="3", depends_on="")
        del edit["code"]
        r = c.post_form(self.url("/assets/A-100"), edit)
        self.assertEqual(r.status, 303)
        a = c.get(self.api_url("/assets/A-100")).json()
        self.assertEqual((a["name"], a["c"], a["depends_on"]), ("Payroll system", 3, []))
        # Deleting asks first; an asset with risks cannot go.
        self.assertIn("This cannot be undone", c.get(self.url("/assets/A-100/delete")).text)
        r = c.post_form(self.url("/assets/A-002/delete"), {})
        self.assertEqual(r.status, 409)
        self.assertIn("R-002", r.text)
        r = c.post_form(self.url("/assets/A-100/delete"), {})
        self.assertEqual(r.status, 303)
        self.assertEqual(c.get(self.url("/assets/A-100")).status, 404)
        log = self.user("admin").get(self.api_url("/log?entity=asset&actor=manager")).json()["entries"]
        self.assertEqual(sorted(e["action"] for e in log if e["entity_id"] == "A-100"), ["create", "delete", "update"])

    def test_owners_change_only_what_they_own(self):
        o = self.user("owner")  # "Oscar Owner"
        r = o.post_form(self.url("/assets/A-001"), {"name": "Customer database", "type": "information",
                                                      "owner": "Oscar Owner", "c": "3", "i": "3", "a": "3"})
        self.assertEqual(r.status, 303)
        r = o.post_form(self.url("/assets/A-002"), {"name": "Mine now", "type": "hardware"})
        self.assertEqual(r.status, 403)
        self.assertIn("you can change only what you own", r.text)
        self.assertIn("Mia Manager", r.text)
        r = o.post_form(self.url("/assets"), {"code": "O-1", "name": "Owner's phone", "type": "hardware",
                                              "owner": "Mia Manager"})
        self.assertEqual(r.status, 403)
        r = o.post_form(self.url("/assets"), {"code": "O-1", "name": "Owner's phone", "type": "hardware"})
        self.assertEqual(r.status, 303)
        self.assertEqual(o.get(self.api_url("/assets/O-1")).json()["owner"], "Oscar Owner")
        r = o.api("DELETE", self.api_url("/assets/A-003"))
        self.assertEqual(r.status, 403)
        self.assertEqual(r.json()["error"]["code"], "forbidden")
        # Risks: on their own assets, owned by themselves.
        r = o.post_form(self.url("/risks"), {"asset": "A-002", "threat": "T-001", "vuln": "V-001"})
        self.assertEqual(r.status, 403)
        r = o.post_form(self.url("/risks"), {"asset": "O-1", "threat": "T-001", "vuln": "V-001",
                                             "threat_level": "1", "vuln_level": "1"})
        self.assertEqual(r.status, 303)
        code = r.header("Location").split("/risks/")[1].split("?")[0]
        self.assertEqual(o.get(self.api_url("/risks/" + code)).json()["owner"], "Oscar Owner")
        # Nor can their risks be moved onto another's asset, by the form or the API.
        r = o.api("PUT", self.api_url("/risks/" + code), {"asset": "A-002"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.json()["error"]["field"], "asset")
        r = o.post_form(self.url("/risks/" + code), {"asset": "A-002", "threat": "T-001", "vuln": "V-001"})
        self.assertEqual(r.status, 403)
        self.assertEqual(o.get(self.api_url("/risks/" + code)).json()["asset"], "O-1")
        r = o.api("PUT", self.api_url("/risks/" + code), {"description": "My phone, lost"})
        self.assertEqual(r.status, 200, r)
        r = o.post_form(self.url("/risks/R-002/treatment"), {"option": "avoid"})
        self.assertEqual(r.status, 403)
        page = o.get(self.url("/risks/R-002/treatment")).text
        self.assertIn("Only the risk owner or an ISMS manager", page)
        self.assertNotIn('name="option"', page)
        # The import is the managers'.
        body, ctype = multipart({"csrf": o.csrf_token()}, {"file": ("a.csv", b"Asset ID,Asset name\nX,Y\n")})
        r = o.request("POST", self.url("/import/assets"), body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 403)

    # --- uploads ---------------------------------------------------------------------------------

    def test_csv_import_good_and_bad(self):
        c = self.user("manager")
        form = c.get(self.url("/import/assets")).text
        self.assertIn('enctype="multipart/form-data"', form)
        good = ("\ufeffAsset ID,Asset name,Type,Owner,C,I,A\n"
                "IMP-1,Mail server,hardware,Mia Manager,2,2,3\n"
                "IMP-2,Staff list \u2013 HR,情報,Mia Manager,3,2,1\n").encode("utf-8")
        r = self.upload(c, self.url("/import/assets"), {}, {"file": ("assets.csv", good)})
        self.assertEqual(r.status, 200, r)
        self.assertIn("has been imported", r.text)
        self.assertIn("2 added", r.text)
        self.assertEqual([c.get(self.api_url("/assets/IMP-2")).json()[k] for k in ("name", "type")],
                         ["Staff list \u2013 HR", "information"])
        # Shift_JIS, as Japanese Excel saves it; and a dry run changes nothing.
        sjis = "資産ID,資産名,種別\nIMP-3,経理ファイル,情報\n".encode("cp932")
        r = self.upload(c, self.url("/import/assets"), {"dry_run": "1"}, {"file": ("sjis.csv", sjis)})
        self.assertEqual(r.status, 200)
        self.assertIn("only checked", r.text)
        self.assertEqual(self.count("asset", "code = 'IMP-3'"), 0)
        # A bad file: every problem by line and column, nothing imported.
        before = self.count("asset")
        bad = ("Asset ID,Asset name,Type,C\n"
               "IMP-4,Fine,hardware,1\n"
               "IMP-5,Bad type,spaceship,1\n"
               "IMP-6,Bad value,hardware,7\n").encode("utf-8")
        r = self.upload(c, self.url("/import/assets"), {}, {"file": ("bad.csv", bad)})
        self.assertEqual(r.status, 422)
        check_html(self, r.text, "import error report")
        self.assertIn("Nothing has been imported", r.text)
        rows = re.findall(r"<tr><td>(\d+)</td><td>(\d+)</td>", r.text)
        self.assertIn(("3", "3"), rows, "the bad type, line 3 column 3")
        self.assertIn(("4", "4"), rows, "the bad value, line 4 column 4")
        self.assertRegex(r.text, r"<tr><td>3</td><td>3</td><td>Type</td>", "the column by its name")
        self.assertEqual(self.count("asset"), before)
        ja = self.upload(self.user("manager", "ja"), self.url("/import/assets"), {}, {"file": ("bad.csv", bad)})
        self.assertRegex(ja.text, r"<tr><td>3</td><td>3</td><td>種別</td>", "in the reader's language")
        self.assertRegex(ja.text, r"<tr><td>4</td><td>4</td><td>機密性</td>")
        self.assertEqual(self.count("asset", "code = 'IMP-4'"), 0)
        # The API gives the same report as JSON.
        r = self.upload(c, self.api_url("/import/assets"), {}, {"file": ("bad.csv", bad)}, api=True)
        self.assertEqual(r.status, 422)
        j = r.json()
        self.assertEqual(sorted((e["line"], e["column"]) for e in j["errors"]), [(3, 3), (4, 4)])
        r = self.upload(c, self.api_url("/import/assets"), {"dry_run": "1"}, {"file": ("assets.csv", good)}, api=True)
        self.assertEqual((r.status, r.json()["unchanged"], r.json()["dry_run"]), (200, 2, True))
        # An XLSX file: the inventory exported, imported back unchanged.
        xlsx = c.get(self.url("/documents/assets?format=xlsx&lang=en"))
        self.assertEqual(xlsx.status, 200)
        self.assertTrue(xlsx.body.startswith(b"PK\x03\x04"))
        if len(xlsx.body) < MAX_UPLOAD:
            r = self.upload(c, self.url("/import/assets"), {"allow_unknown": "1"}, {"file": ("inv.xlsx", xlsx.body)})
            self.assertEqual(r.status, 200, r.text[-2000:])
            self.assertIn("0 added", r.text)

    def test_uploads_over_the_limit_and_malformed(self):
        c = self.user("manager")
        big = b"Asset ID,Asset name,Type\n" + b"X-1,padding,hardware\n" * 5000
        self.assertGreater(len(big), MAX_UPLOAD)
        r = self.upload(c, self.url("/import/assets"), {}, {"file": ("big.csv", big)})
        self.assertEqual(r.status, 413)
        self.assertIn("too large", r.text)
        r = self.upload(c, self.api_url("/import/assets"), {}, {"file": ("big.csv", big)}, api=True)
        self.assertEqual(r.status, 413)
        self.assertTrue(r.json()["error"]["message"])
        before = self.count("asset")
        token = c.csrf_token()
        good_part = ('--B\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n' % token)
        cases = {
            "no closing boundary": (good_part + '--B\r\nContent-Disposition: form-data; name="file"; '
                                    'filename="a.csv"\r\n\r\nAsset ID\r\n', "multipart/form-data; boundary=B"),
            "no boundary": (good_part + "--B--\r\n", "multipart/form-data"),
            "part without a name": (good_part + '--B\r\nContent-Disposition: form-data; filename="a.csv"\r\n\r\n'
                                    'x\r\n--B--\r\n', "multipart/form-data; boundary=B"),
            "header without a colon": (good_part + '--B\r\nContent-Disposition form-data\r\n\r\nx\r\n--B--\r\n',
                                       "multipart/form-data; boundary=B"),
            "not form-data": (good_part + '--B\r\nContent-Disposition: attachment; name="file"\r\n\r\nx\r\n--B--\r\n',
                              "multipart/form-data; boundary=B"),
            "wrong boundary": ("--C\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--C--\r\n",
                               "multipart/form-data; boundary=B"),
        }
        for what, (body, ctype) in cases.items():
            r = c.request("POST", self.url("/import/assets"), body=body.encode(), headers={"Content-Type": ctype})
            self.assertEqual(r.status, 400, what)
            self.assertIn("malformed multipart form data", r.text, what)
            check_html(self, r.text, what)
            r = c.request("POST", self.api_url("/import/assets"), body=body.encode(),
                          headers={"Content-Type": ctype, "X-CSRF-Token": token})
            self.assertEqual(r.status, 400, what)
            self.assertEqual(r.json()["error"]["code"], "bad_request", what)
        # A text where a file belongs, and a file where text belongs.
        body, ctype = multipart({"csrf": token, "file": "not a file"}, {})
        r = c.request("POST", self.url("/import/assets"), body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 422)
        self.assertIn("file must be a file", r.text)
        body, ctype = multipart({"csrf": token}, {"file": ("a.csv", b"x"), "dry_run": ("d.txt", b"1")})
        r = c.request("POST", self.url("/import/assets"), body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 422)
        # No file chosen: the browser sends an empty part.
        body, ctype = multipart({"csrf": token}, {"file": ("", b"")})
        r = c.request("POST", self.url("/import/assets"), body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 422)
        self.assertIn("file is required", r.text)
        # Without the CSRF token, nothing is read as a change.
        body, ctype = multipart({}, {"file": ("a.csv", b"Asset ID,Asset name,Type\nZ-1,Z,hardware\n")})
        r = c.request("POST", self.url("/import/assets"), body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 403)
        # Multipart is for upload routes only.
        body, ctype = multipart({"csrf": token, "name": "x"}, {})
        r = c.request("POST", self.url("/assets"), body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 415)
        self.assertEqual(self.count("asset"), before)

    # --- the library ----------------------------------------------------------------------------

    def test_library(self):
        c = self.user("viewer", "ja")
        r = c.get(self.url("/library?q=" + urllib.parse.quote("ランサムウェア")))
        self.assertIn("T-003", r.text)
        self.assertNotIn(">T-001", r.text)
        one = self.user("viewer").get(self.url("/library?q=T-003")).text
        self.assertIn("1 entry matches.", one)
        self.assertIn("No vulnerability matches.", one, "no empty table for the vulnerabilities")
        self.assertEqual(one.count('<table class="library">'), 1)
        en = self.user("viewer").get(self.url("/library")).text
        self.assertIn("Ransomware attack", en)
        m = self.user("manager")
        r = m.post_form(self.url("/library/threats"), {"name_en": "Drone surveillance", "name_ja": "ドローンによる監視",
                                                       "category": "deliberate", "prop_c": "1",
                                                       "asset_types": "site", "controls": "A.7.4",
                                                       "desc_en": "Cameras over the fence."})
        self.assertEqual(r.status, 303, r)
        page = m.get(r.header("Location")).text
        self.assertIn("Drone surveillance", page)
        self.assertIn("◆", page)
        lib = m.get(self.api_url("/library?q=drone")).json()
        self.assertEqual([(t["code"], t["own"], t["controls"]) for t in lib["threats"]], [("UT-001", True, ["A.7.4"])])
        r = m.post_form(self.url("/library/threats"), {"category": "deliberate", "prop_c": "1",
                                                       "desc_en": "typed text stays"})
        self.assertEqual(r.status, 422)
        self.assertIn("typed text stays", r.text)
        r = m.api("POST", self.api_url("/library/vulns"), {"name_en": "Low fence", "threats": "UT-001",
                                                           "controls": "A.7.1", "asset_types": ["site"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["threats"], ["UT-001"])
        r = m.api("POST", self.api_url("/library/vulns"), {"name_en": "Bad", "controls": "A.99.1"})
        self.assertEqual(r.status, 422)
        # The own entries make risks like the built-in ones.
        r = m.api("POST", self.api_url("/risks"), {"asset": "A-003", "threat": "UT-001", "vuln": "Low fence"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["threat_name"], "Drone surveillance")

    def test_library_edit_and_delete(self):
        """The ISMS's own entries are changed and deleted on the library page
        and through the API, by managers only; built-in entries, and entries
        that risks (or, for a threat, vulnerabilities) use, are refused with
        the reason, and a refusal changes nothing."""
        m, v = self.user("manager"), self.user("viewer")

        def audits():
            return int(self.srv.sql("SELECT COUNT(*) FROM audit_log WHERE isms_id = %d" % self.alpha))

        def row(code):
            return self.srv.sql("SELECT category, props, name_en, name_ja, asset_types, controls, desc_en"
                                " FROM threat WHERE isms_id = %d AND code = '%s'" % (self.alpha, code))

        r = m.api("POST", self.api_url("/library/threats"), {"code": "OWN-T1", "name_en": "Balloon over the site",
                                                             "category": "accidental", "props": "A",
                                                             "asset_types": ["site"], "controls": "A.7.1"})
        self.assertEqual(r.status, 200, r)
        r = m.api("POST", self.api_url("/library/vulns"), {"code": "OWN-V1", "name_en": "Open roof hatch",
                                                           "threats": "OWN-T1", "asset_types": ["site"]})
        self.assertEqual(r.status, 200, r)
        t_url, v_url = self.url("/library/threats/OWN-T1"), self.url("/library/vulns/OWN-V1")

        # The page: each own entry has its forms, filled in; built-in entries none.
        for lang, summary in (("en", "OWN-T1 Balloon over the site: change or delete"),
                              ("ja", "OWN-T1 Balloon over the site: 変更・削除")):
            page = self.user("manager", lang).get(self.url("/library"))
            self.assertEqual(page.status, 200)
            check_html(self, page.text, "library with own entries (%s)" % lang)
            self.assertIn(summary, page.text)
            self.assertIn('<form method="post" action="%s">' % t_url, page.text)
            self.assertIn('<form method="post" action="%s/delete">' % v_url, page.text)
            self.assertIn('name="csrf"', page.text)
        form = page.text[page.text.index('<details id="threat-OWN-T1">'):]
        form = form[:form.index("</details>")]
        self.assertIn('value="Balloon over the site"', form)
        self.assertIn('<option value="accidental" selected>', form)
        self.assertIn('name="prop_a" value="1" checked', form)
        self.assertNotIn('name="prop_c" value="1" checked', form)
        self.assertIn('value="site" id="et-OWN-T1-site" checked', form)
        self.assertIn('value="A.7.1"', form)
        self.assertNotIn("/library/threats/T-001", page.text)
        self.assertIn('value="OWN-T1"', page.text[page.text.index('<details id="vuln-OWN-V1">'):])
        self.assertNotIn("/library/threats/OWN-T1", v.get(self.url("/library")).text, "no forms for a viewer")

        # A viewer may change nothing.
        before = audits()
        for method, path, body in (("POST", t_url, {"name_en": "Viewer was here"}), ("POST", t_url + "/delete", {}),
                                   ("POST", v_url, {"name_en": "Viewer was here"}), ("POST", v_url + "/delete", {})):
            r = v.post_form(path, body)
            self.assertEqual(r.status, 403, path)
        for path in ("/library/threats/OWN-T1", "/library/vulns/OWN-V1"):
            self.assertEqual(v.api("PUT", self.api_url(path), {"name_en": "Viewer was here"}).status, 403)
            self.assertEqual(v.api("DELETE", self.api_url(path)).status, 403)
        self.assertEqual(audits(), before)

        # The form changes every field; one audit entry.
        r = m.post_form(t_url, {"name_en": "Hot-air balloon over the site", "name_ja": "敷地上空の熱気球",
                                "category": "environmental", "prop_i": "1", "prop_a": "1",
                                "asset_types": "site", "controls": "A.7.4, A.7.1", "desc_en": "It lands.",
                                "desc_ja": ""})
        self.assertEqual(r.status, 303, r)
        self.assertIn("msg=saved", r.header("Location"))
        self.assertIn("The entry has been changed.", m.get(r.header("Location")).text)
        self.assertEqual(row("OWN-T1"), "environmental|IA|Hot-air balloon over the site|敷地上空の熱気球|site|A.7.4,A.7.1|It lands.")
        self.assertEqual(audits(), before + 1)
        last = self.srv.sql("SELECT entity || ' ' || entity_id || ' ' || action FROM audit_log"
                            " WHERE isms_id = %d ORDER BY id DESC LIMIT 1" % self.alpha)
        self.assertEqual(last, "threat OWN-T1 update")
        # The API changes only what it is sent.
        r = m.api("PUT", self.api_url("/library/vulns/OWN-V1"), {"desc_en": "Left open in summer."})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["name_en"], r.json()["threats"], r.json()["description"]),
                         ("Open roof hatch", ["OWN-T1"], "Left open in summer."))
        r = m.api("PUT", self.api_url("/library/threats/OWN-T1"), {"props": "C", "asset_types": ""})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["props"], r.json()["asset_types"], r.json()["category"]),
                         ("C", [], "environmental"))
        self.assertEqual(audits(), before + 3)

        # Refusals change nothing.
        before, kept = audits(), row("OWN-T1")
        r = m.post_form(t_url, {"name_en": "", "name_ja": "", "category": "deliberate", "prop_c": "1",
                                "desc_en": "typed text stays"})
        self.assertEqual(r.status, 422)
        self.assertIn("a name in English or Japanese is required", r.text)
        self.assertIn("typed text stays", r.text, "the failed form keeps what was typed")
        check_html(self, r.text, "failed change")
        r = m.post_form(t_url, {"name_en": "Phishing", "category": "deliberate", "prop_c": "1"})
        self.assertEqual(r.status, 409)
        r = m.api("PUT", self.api_url("/library/threats/OWN-T1"), {"controls": "A.99.1"})
        self.assertEqual((r.status, r.json()["error"]["field"]), (422, "controls"))
        r = m.api("PUT", self.api_url("/library/threats/OWN-T1"), {"props": "Q"})
        self.assertEqual((r.status, r.json()["error"]["field"]), (422, "props"))
        # Built-in entries stay as they are, whatever the role.
        for c, said in ((m, "the built-in threat &quot;T-001&quot; cannot be changed"),
                        (self.user("admin", "ja"), "組込みの脅威 &quot;T-001&quot; は変更できません")):
            r = c.post_form(self.url("/library/threats/T-001"), {"name_en": "Mine now", "category": "deliberate",
                                                                  "prop_c": "1"})
            self.assertEqual(r.status, 403)
            self.assertIn(said, r.text)
            check_html(self, r.text, "built-in refused")
        r = m.post_form(self.url("/library/threats/T-001/delete"), {})
        self.assertEqual(r.status, 403)
        self.assertIn("the built-in threat &quot;T-001&quot; cannot be removed", r.text)
        self.assertIn("of this ISMS&#39;s own instead", r.text)
        self.assertEqual(row("T-001"), "", "no own row is made either")
        r = m.api("DELETE", self.api_url("/library/vulns/V-001"))
        self.assertEqual((r.status, r.json()["error"]["code"]), (403, "forbidden"))
        self.assertIn("own", r.json()["error"]["hint"])
        r = m.api("PUT", self.api_url("/library/threats/T-001"), {"name_en": "Mine now"})
        self.assertEqual(r.status, 403)
        self.assertIn("cannot be changed", r.json()["error"]["message"])
        r = m.api("PUT", self.api_url("/library/threats/NOPE-1"), {"name_en": "x"})
        self.assertEqual(r.status, 404)
        self.assertEqual(m.post_form(self.url("/library/vulns/NOPE-1/delete"), {}).status, 404)

        # An entry that a risk uses cannot go: the risk is named.
        r = m.api("POST", self.api_url("/risks"), {"asset": "A-003", "threat": "OWN-T1", "vuln": "OWN-V1"})
        self.assertEqual(r.status, 200, r)
        risk = r.json()["code"]
        before = audits()
        try:
            r = m.post_form(t_url + "/delete", {})
            self.assertEqual(r.status, 409)
            self.assertIn('threat &quot;OWN-T1&quot; is used by risks', r.text)
            self.assertIn("1 risk uses it: %s." % risk, r.text)
            check_html(self, r.text, "refused deletion")
            r = self.user("manager", "ja").post_form(v_url + "/delete", {})
            self.assertEqual(r.status, 409)
            self.assertIn(risk, r.text)
            self.assertRegex(r.text, JAPANESE)
            r = m.api("DELETE", self.api_url("/library/vulns/OWN-V1"))
            self.assertEqual((r.status, r.json()["error"]["code"]), (409, "state"))
            self.assertIn(risk, r.json()["error"]["detail"])
            self.assertEqual(audits(), before)
            self.assertEqual(self.count("threat", "code = 'OWN-T1'"), 1)
        finally:
            self.assertEqual(m.api("DELETE", self.api_url("/risks/" + risk)).status, 200)
        # A threat that an own vulnerability links to cannot go either.
        r = m.api("DELETE", self.api_url("/library/threats/OWN-T1"))
        self.assertEqual(r.status, 409)
        self.assertIn("OWN-V1", r.json()["error"]["detail"])

        # Deleting: the vulnerability from the page, then the threat through the API.
        before = audits()
        r = m.post_form(v_url + "/delete", {})
        self.assertEqual(r.status, 303, r)
        self.assertIn("has been deleted", m.get(r.header("Location")).text)
        self.assertEqual(m.api("DELETE", self.api_url("/library/threats/OWN-T1")).json(), {"ok": True})
        self.assertEqual(self.count("threat", "code = 'OWN-T1'") + self.count("vulnerability", "code = 'OWN-V1'"), 0)
        self.assertEqual(audits(), before + 2)
        self.assertEqual(self.srv.sql("SELECT action || ' ' || (after_json IS NULL) FROM audit_log WHERE isms_id = %d"
                                      " ORDER BY id DESC LIMIT 1" % self.alpha), "delete 1")
        self.assertNotIn("OWN-T1", m.get(self.url("/library")).text)
        self.assertEqual(m.api("DELETE", self.api_url("/library/threats/OWN-T1")).status, 404)

    # --- risks ----------------------------------------------------------------------------------------

    def test_risk_register(self):
        c = self.user("viewer")
        r = c.get(self.url("/risks?evaluation=treat"))
        self.assertIn(">R-001<", r.text)
        self.assertNotIn(">R-003<", r.text)
        r = c.get(self.url("/risks?sort=value"))
        self.assertEqual(re.findall(r'<tr><td><a href="[^"]+">(R-\d+)</a>', r.text)[0], "R-001")
        self.assertIn(">R-003<", c.get(self.url("/risks?evaluation=none")).text)
        self.assertIn(">R-001<", c.get(self.url("/risks?needs_approval=1")).text)
        r = c.get(self.url("/risks?limit=1"))
        self.assertIn('rel="next"', r.text)
        j = c.get(self.api_url("/risks?owner=Mia+Manager&sort=code")).json()
        self.assertEqual([x["code"] for x in j["risks"]][:2], ["R-002", "R-003"])
        d = c.get(self.url("/risks/R-001")).text
        self.assertIn("27 (High), treat", d)
        self.assertIn("Leak of customer data", d)
        self.assertIn("A.5.15", d)
        self.assertIn("12 (Medium), treat", d, "the residual risk")
        d = c.get(self.url("/risks/R-003")).text
        self.assertIn("not evaluated", d)
        x = c.get(self.api_url("/risks/R-003")).json()
        self.assertIsNone(x["evaluation"])
        self.assertTrue(x["not_evaluated_because"])

    def test_register_kept_pages_follow_every_change(self):
        """The register's table and its add form are kept once made
        (web/fragment.c). A change made by another process shows on the next
        view, in both languages; nothing of one user (the CSRF token, the
        name an owner's form is filled with) reaches another."""
        v, vja = self.user("viewer"), self.user("viewer", "ja")
        path = self.url("/risks?asset=A-003&sort=owner")
        first = v.get(path).text
        vja.get(path)
        self.assertEqual(first, v.get(path).text, "the same page again")
        self.assertNotIn("Kept page check", first)
        out = self.srv.cli("--isms", "alpha", "risk", "add", "--asset", "A-003", "--threat", "T-005",
                           "--vuln", "V-001", "--owner", "Kept page check").stdout
        code = re.search(r"R-\d+", out).group(0)
        try:
            self.assertIn("Kept page check", v.get(path).text)
            self.assertIn("Kept page check", vja.get(path).text)
            self.srv.cli("--isms", "alpha", "asset", "edit", "A-003", "--name", "Renamed laptop")
            self.assertIn("A-003 Renamed laptop", v.get(path).text)
            self.assertIn("A-003 Renamed laptop", vja.get(path).text)
        finally:
            self.srv.cli("--isms", "alpha", "risk", "rm", code)
            self.srv.cli("--isms", "alpha", "asset", "edit", "A-003", "--name", "Spare laptop")
        self.assertNotIn("Kept page check", v.get(path).text)
        self.assertIn("A-003 Spare laptop", v.get(path).text)
        # The add form: each user's own token; an owner's form names them.
        forms = {}
        for name in ("manager", "owner", "manager", "owner"):
            c = self.user(name)
            page = c.get(self.url("/risks")).text
            form = page[page.index('<details id="add">'):]
            self.assertIn('name="csrf" value="%s"' % c.csrf_token(), form, name)
            forms.setdefault(name, form)
        # The form is filled with the asset of the filter: that of this request only.
        m = self.user("manager")
        filled = m.get(self.url("/risks?asset=A-001")).text
        self.assertIn('id="r-asset" name="asset" value="A-001"', filled)
        self.assertIn('id="r-asset" name="asset" value=""', m.get(self.url("/risks")).text)
        self.assertIn('id="r-owner" name="owner" value="Oscar Owner"', forms["owner"])
        self.assertNotIn("Oscar Owner", forms["manager"])
        self.assertNotIn('<details id="add">', v.get(self.url("/risks")).text, "a viewer adds nothing")

    def test_register_sort_arrows_say_what_is_shown(self):
        """Value, evaluation and residual risk sort the most severe first: the
        arrow shows that order as descending, and the reversed one as ascending."""
        v = self.user("viewer")
        page = v.get(self.url("/risks?sort=value")).text
        self.assertIn('aria-sort="descending"><a href="/isms/%d/risks?sort=value&amp;desc=1">Value</a> ▼' % self.alpha, page)
        values = [int(x) for x in re.findall(r"<td>(\d+) [A-Za-z]+</td><td><span class=\"badge", page)]
        self.assertGreaterEqual(len(values), 2)
        self.assertEqual(values, sorted(values, reverse=True))
        page = v.get(self.url("/risks?sort=value&desc=1")).text
        self.assertIn('aria-sort="ascending"', page)
        self.assertIn("Value</a> ▲", page)
        page = v.get(self.url("/risks?sort=code")).text
        self.assertIn("Risk ID</a> ▲", page, "codes still go up")

    def test_documents_that_do_not_exist_are_not_offered(self):
        v = self.user("viewer")
        page = v.get(self.url("/documents")).text
        self.assertIn("none: the ISMS has not moved to another edition", page)
        self.assertNotIn("/documents/transition", page)
        self.assertEqual(v.get(self.url("/documents/transition?format=pdf")).status, 404)
        ja = self.user("viewer", "ja").get(self.url("/documents")).text
        self.assertIn("この ISMS は版の移行をしていません", ja)
        self.assertIn("none yet: generate the Statement of Applicability first", page)
        soa = v.get(self.url("/soa")).text
        self.assertRegex(soa, r'<a href="/isms/\d+/controls\?show=undecided">\d+ controls without a decision</a>')

    def test_risk_add_edit_suggest_delete(self):
        m = self.user("manager")
        r = m.post_form(self.url("/risks"), {"asset": "A-003", "threat": "T-002", "vuln": "V-004",
                                             "threat_level": "2", "vuln_level": "3", "prop_c": "1", "prop_a": "1"})
        self.assertEqual(r.status, 303, r)
        code = r.header("Location").split("/risks/")[1].split("?")[0]
        x = m.get(self.api_url("/risks/" + code)).json()
        self.assertEqual((x["props"], x["evaluation"]), ("CA", None), "A-003 is not valued")
        r = m.post_form(self.url("/risks"), {"asset": "A-003", "threat": "No such threat", "vuln": "V-004"})
        self.assertEqual(r.status, 404)
        self.assertIn("No such threat", r.text)
        self.assertIn('value="A-003"', r.text)
        r = m.post_form(self.url("/risks"), {"asset": "A-003", "group": "Servers", "threat": "T-002", "vuln": "V-004"})
        self.assertEqual(r.status, 422)
        r = m.post_form(self.url("/risks/" + code), {"asset": "A-001", "threat": "T-002", "vuln": "V-004",
                                                     "threat_level": "2", "vuln_level": "3", "prop_c": "1"})
        self.assertEqual(r.status, 303)
        x = m.get(self.api_url("/risks/" + code)).json()
        self.assertEqual((x["asset"], x["value"], x["evaluation"]), ("A-001", 18, "treat"))
        # Suggestions for an asset, the registered ones marked.
        s = m.get(self.url("/risk-suggestions?asset=A-001")).text
        self.assertIn("registered", s)
        pairs = re.findall(r'name="pairs" value="([^"]+)"', s)
        self.assertTrue(pairs)
        before = self.count("risk")
        r = m.request("POST", self.url("/risk-suggestions"), headers={"Content-Type": "application/x-www-form-urlencoded"},
                      body=urllib.parse.urlencode([("csrf", m.csrf_token()), ("asset", "A-001")] +
                                                  [("pairs", p) for p in pairs[:2]]))
        self.assertEqual(r.status, 303, r)
        self.assertEqual(self.count("risk"), before + 2)
        api = m.get(self.api_url("/risk-suggestions?asset=A-001")).json()["suggestions"]
        done = {s["threat"] + "|" + s["vulnerability"] for s in api if s["registered"]}
        self.assertTrue(set(pairs[:2]) <= done)
        r = m.api("POST", self.api_url("/risk-suggestions"), {"asset": "A-001", "pairs": ["garbage"]})
        self.assertEqual(r.status, 422)
        self.assertEqual(m.get(self.api_url("/risk-suggestions?asset=NOPE")).status, 404)
        # Deleting.
        self.assertIn("This cannot be undone", m.get(self.url("/risks/%s/delete" % code)).text)
        r = m.post_form(self.url("/risks/%s/delete" % code), {})
        self.assertEqual(r.status, 303)
        self.assertEqual(m.get(self.url("/risks/" + code)).status, 404)

    def test_treatment_form(self):
        m = self.user("manager")
        page = m.get(self.url("/risks/R-003/treatment")).text
        self.assertEqual(len(re.findall(r'name="controls" value="A\.', page)), 93, "the picker offers every control")
        self.assertIn("data-picker", page)
        body = [("csrf", m.csrf_token()), ("option", "reduce"), ("controls", "A.8.7"), ("controls", "A.8.8"),
                ("extras", "Weekly restore test\n\nOffline backup"), ("plan_owner", "Mia Manager"),
                ("plan_due", "2031-03-31"), ("plan_status", "in_progress"), ("plan_note", "Budget approved"),
                ("res_threat", "1"), ("res_vuln", "1")]
        r = m.request("POST", self.url("/risks/R-003/treatment"), body=urllib.parse.urlencode(body),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 303, r)
        x = m.get(self.api_url("/risks/R-003")).json()
        self.assertEqual((x["treatment"], x["controls"], x["extra_controls"], x["plan_status"]),
                         ("reduce", ["A.8.7", "A.8.8"], ["Weekly restore test", "Offline backup"], "in_progress"))
        page = m.get(r.header("Location")).text
        self.assertIn("The treatment has been saved.", page)
        self.assertIn('checked> A.8.7', page.replace('" checked', ' checked'))
        # The risk has no levels: the residual risk follows the residual levels alone? No: not evaluated.
        self.assertIn('id="residual"', page)
        # A control of another edition is refused; what was ticked stays ticked.
        body = [("csrf", m.csrf_token()), ("option", "reduce"), ("controls", "A.12.3.1"), ("controls", "A.8.13"),
                ("plan_note", "kept note")]
        r = m.request("POST", self.url("/risks/R-003/treatment"), body=urllib.parse.urlencode(body),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 422)
        self.assertIn("A.12.3.1", r.text)
        self.assertIn("kept note", r.text)
        self.assertRegex(r.text, r'value="A\.8\.13" checked')
        self.assertEqual(m.get(self.api_url("/risks/R-003")).json()["controls"], ["A.8.7", "A.8.8"])
        # The API changes only what it is sent.
        r = m.api("PUT", self.api_url("/risks/R-003/treatment"), {"plan_status": "done"})
        self.assertEqual(r.status, 200)
        self.assertEqual((r.json()["plan_status"], r.json()["controls"]), ("done", ["A.8.7", "A.8.8"]))
        r = m.api("PUT", self.api_url("/risks/R-003/treatment"), {"option": "sideways"})
        self.assertEqual(r.status, 422)
        r = m.post_form(self.url("/risks/R-003/untreat"), {})
        self.assertEqual(r.status, 303)
        self.assertIsNone(m.get(self.api_url("/risks/R-003")).json()["treatment"])

    # --- approvals ---------------------------------------------------------------------------------------

    def test_approver_queue(self):
        v = self.user("viewer")
        q = v.get(self.url("/approvals")).text
        self.assertIn("Awaiting a decision", q)
        self.assertIn("Stale approvals", q)
        self.assertIn(">R-001<", q)
        self.assertIn(">R-002<", q)
        self.assertNotIn('value="approve"', q, "only approvers get the buttons")
        j = v.get(self.api_url("/approvals")).json()
        states = {x["code"]: x["approval"] for x in j["queue"]}
        self.assertEqual(states.get("R-002"), "stale")
        self.assertFalse(j["can_decide"])
        # A manager is not top management.
        r = self.user("manager").post_form(self.url("/approvals/R-001"), {"decision": "approve"})
        self.assertEqual(r.status, 403)
        self.assertIn("not an approver", r.text)
        ap = self.user("approver")
        q = ap.get(self.url("/approvals")).text
        self.assertIn('value="approve"', q)
        r = ap.post_form(self.url("/approvals/R-002"), {"decision": "reject", "comment": "Insurance is not enough"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), self.url("/approvals?msg=rejected"))
        r = ap.api("POST", self.api_url("/approvals/R-002"), {"decision": "approve", "comment": "After the review"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["approval"]["state"], r.json()["approval"]["comment"]), ("current", "After the review"))
        d = v.get(self.url("/risks/R-002")).text
        self.assertIn("After the review", d)
        self.assertIn("approver", d)
        # The queue says who decided, when (as people read times) and why,
        # under a heading that says what the section holds, in both languages.
        q = v.get(self.url("/approvals")).text
        self.assertIn("Approved, and unchanged since", q)
        row = re.search(r'<tr><td><a href="[^"]+">R-002</a>.*?</tr>', q, re.S).group(0)
        self.assertRegex(row, r"approved · approver · \d{4}-\d\d-\d\d \d\d:\d\d UTC<br>")
        self.assertIn("After the review", row)
        ja = self.user("viewer", "ja").get(self.url("/approvals")).text
        self.assertIn("承認済み（承認後の変更なし）", ja)
        self.assertIn("最新の決定", ja)
        r = ap.post_form(self.url("/approvals/R-999"), {"decision": "approve"})
        self.assertEqual(r.status, 404)
        r = ap.post_form(self.url("/approvals/R-003"), {"decision": "maybe"})
        self.assertEqual(r.status, 422)

    # --- the dashboard --------------------------------------------------------------------------------------

    def test_dashboard_risks(self):
        # An approval that went stale: approved, then the risk changed.
        self.srv.cli("--as", "approver", "--isms", "alpha", "risk", "approve", "R-002")
        self.srv.cli("--isms", "alpha", "risk", "edit", "R-002", "--description", "Changed again")
        d = self.user("viewer").get(self.url("")).text
        heat = re.search(r'<svg[^>]*isms-heatmap.*?</svg>', d, re.S)
        self.assertTrue(heat, "the risk heat map is drawn as SVG")
        self.assertIn("Risk matrix", heat.group(0))
        self.assertTrue(re.search(r'<svg[^>]*isms-bars.*?</svg>', d, re.S), "risks by evaluation")
        self.assertIn("What needs attention", d)
        self.assertIn('<td>1</td><td><a href="%s">' % self.url("/scope"), d, "each step links to its page")
        self.assertIn('<td>10</td><td><a href="%s">' % self.url("/soa"), d)
        self.assertIn("was due on 2020-01-31", d, "an overdue treatment")
        self.assertRegex(d, r"approvals? of (a )?residual risks? (is|are) stale", )
        self.assertIn("1 applicable control has no owner", d)
        # Step 7 and the SoA: the implementation of the applicable controls.
        def controls(page):
            return re.search(r'<section aria-labelledby="controls-h">.*?</section>', page, re.S).group(0)
        ctl = controls(d)
        self.assertTrue(re.search(r'<svg[^>]*isms-bars.*?</svg>', ctl, re.S), "a chart of the implementation")
        self.assertIn("Implementation of the applicable controls", ctl)
        applicable = [x for x in self.user("viewer").get(self.api_url("/controls")).json()["controls"]
                      if x["decision"] == "applicable"]
        done = sum(1 for x in applicable if x["status"] == "implemented")
        self.assertIn("%d of %d applicable control" % (done, len(applicable)), ctl)
        r = self.user("manager").api("PUT", self.api_url("/controls/A.5.15"), {"status": "implemented"})
        self.assertEqual(r.status, 200, r)
        ctl = controls(self.user("viewer").get(self.url("")).text)
        self.assertIn("%d of %d applicable control" % (done + 1, len(applicable)), ctl)
        self.assertIn("実施済み %d 件（適用する管理策 %d 件中）" % (done + 1, len(applicable)), controls(self.user("viewer", "ja").get(self.url("")).text))
        self.user("manager").api("PUT", self.api_url("/controls/A.5.15"), {"status": "not_started"})
        d = self.user("viewer").get(self.url("")).text
        self.assertRegex(d, r"\d+ assets? (has|have) no owner")
        # The part is kept between requests, and made again after any change.
        before = int(re.search(r"(\d+) assets? (?:has|have) no owner", d).group(1))
        again = self.user("viewer").get(self.url("")).text
        self.assertEqual(re.sub(r'value="[0-9a-f]{64}"', "", again), re.sub(r'value="[0-9a-f]{64}"', "", d))
        self.user("manager").api("POST", self.api_url("/assets"), {"code": "NO-OWNER", "name": "Orphan", "type": "site"})
        d = self.user("viewer").get(self.url("")).text
        self.assertIn("%d assets have no owner" % (before + 1), d)
        ja = self.user("viewer", "ja").get(self.url("")).text
        self.assertIn("対応が必要な事項", ja)
        empty = self.user("bob").get(self.url("", self.beta)).text
        self.assertIn("What needs attention", empty)

    # --- reports ----------------------------------------------------------------------------------------------

    def test_reports_of_the_steps(self):
        c = self.user("viewer")
        for name, fmt, check in (("assets", "csv", lambda b: b.startswith(b"\xef\xbb\xbf") and b"A-001" in b),
                                 ("risks", "xlsx", lambda b: b.startswith(b"PK\x03\x04")),
                                 ("assessment", "json", lambda b: json.loads(b)["kind"] == "assessment"),
                                 ("treatment", "html", lambda b: b"R-001" in b),
                                 ("approvals", "csv", lambda b: b"R-002" in b)):
            for lang in ("en", "ja"):
                r = c.get(self.url("/documents/%s?format=%s&lang=%s" % (name, fmt, lang)))
                self.assertEqual(r.status, 200, (name, fmt, lang))
                self.assertIn("attachment", r.header("Content-Disposition"))
                self.assertTrue(check(r.body), (name, fmt))
        ja = c.get(self.url("/documents/assets?format=csv&lang=ja")).body.decode("utf-8")
        self.assertIn("資産", ja)

    # --- isolation -----------------------------------------------------------------------------------------------

    def test_another_isms_ids_give_404(self):
        bob = self.user("bob")
        for path in ("/assets/A-001", "/risks/R-001", "/risks/R-001/treatment", "/method", "/approvals"):
            r = bob.get(self.url(path))
            self.assertEqual(r.status, 404, path)
            self.assertNotIn("Customer database", r.text)
        # The same ID in bob's ISMS is his own asset, never alpha's.
        mine = bob.get(self.url("/assets/A-001", self.beta)).text
        self.assertIn("顧客台帳", mine)
        self.assertNotIn("Customer database", mine)
        self.assertEqual(bob.get(self.url("/assets/ALPHA-ONLY", self.beta)).status, 404)
        self.assertEqual(bob.get(self.api_url("/assets/ALPHA-ONLY", self.beta)).status, 404)
        self.assertEqual(bob.get(self.api_url("/risks/R-001", self.beta)).json()["description"], "ベータのリスク")
        # Writes through bob's ISMS cannot reach alpha's objects either.
        r = bob.post_form(self.url("/assets/ALPHA-ONLY/delete", self.beta), {})
        self.assertEqual(r.status, 404)
        r = bob.api("PUT", self.api_url("/risks/R-002", self.beta), {"description": "hijacked"})
        self.assertEqual(r.status, 404)
        self.assertNotEqual(self.user("admin").get(self.api_url("/risks/R-002")).json()["description"], "hijacked")
        self.assertEqual(self.count("asset", "code = 'ALPHA-ONLY'"), 1)
        # A risk of beta cannot use alpha's asset.
        r = bob.api("POST", self.api_url("/risks", self.beta), {"asset": "ALPHA-ONLY", "threat": "T-001", "vuln": "V-001"})
        self.assertEqual(r.status, 404)

    # --- the API -------------------------------------------------------------------------------------------------

    def test_api_with_a_token(self):
        m = self.user("manager")
        token = m.api("POST", "/api/v1/account/tokens", {"name": "script"}).json()["token"]
        t = self.srv.client()
        r = t.api("POST", self.api_url("/assets"), {"code": "API-1", "name": "Scripted", "type": "software",
                                                     "c": 1, "i": 2, "a": 3, "depends_on": "A-001"}, token=token)
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["c"], r.json()["depends_on"]), (1, ["A-001"]))
        r = t.api("PUT", self.api_url("/assets/API-1"), {"location": "Cloud"}, token=token)
        self.assertEqual((r.json()["location"], r.json()["name"], r.json()["c"]), ("Cloud", "Scripted", 1))
        r = t.api("PUT", self.api_url("/assets/API-1"), {"c": "high"}, token=token)
        self.assertEqual((r.status, r.json()["error"]["field"]), (422, "c"))
        r = t.api("PUT", self.api_url("/assets/API-1"), {"colour": "red"}, token=token)
        self.assertEqual(r.status, 400)
        r = t.api("POST", self.api_url("/risks"), {"asset": "API-1", "threat": "T-002", "vuln": "V-004",
                                                    "threat_level": 3, "vuln_level": 3}, token=token)
        self.assertEqual(r.status, 200, r)
        code = r.json()["code"]
        self.assertEqual((r.json()["value"], r.json()["evaluation"]), (27, "treat"))
        r = t.api("PUT", self.api_url("/risks/" + code + "/treatment"),
                  {"option": "reduce", "controls": ["A.8.7"], "res_threat": 1, "res_vuln": 1}, token=token)
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["residual_value"], r.json()["residual_evaluation"]), (3, "accept"))
        r = t.api("DELETE", self.api_url("/risks/" + code + "/treatment"), token=token)
        self.assertIsNone(r.json()["treatment"])
        self.assertEqual(t.api("DELETE", self.api_url("/risks/" + code), token=token).json(), {"ok": True})
        self.assertEqual(t.api("DELETE", self.api_url("/assets/API-1"), token=token).json(), {"ok": True})
        r = t.api("GET", self.api_url("/assets/API-1"), token=token)
        self.assertEqual(r.status, 404)

    def test_api_answers_match_the_document(self):
        from test_openapi import doc_path, validate
        doc = self.srv.client().get("/api/v1/openapi.json").json()
        c = self.user("admin")
        checked = 0
        prefixes = tuple("/api/v1" + p for p in PREFIXES) + ("/api/v1/isms/{isms:id}/approvals",)
        for route in webtest.routes():
            if route["method"] != "GET" or "api" not in route["flags"] or not route["pattern"].startswith(prefixes):
                continue
            path = fill(route["pattern"], isms=self.alpha, **OBJECTS)
            if route["pattern"].endswith("/risk-suggestions"):
                path += "?asset=A-001"
            r = c.get(path)
            self.assertEqual(r.status, 200, path)
            op = doc["paths"][doc_path(route["pattern"])]["get"]
            schema = op["responses"]["200"]["content"]["application/json"]["schema"]
            self.assertEqual(validate(schema, r.json(), doc), [], path)
            checked += 1
        self.assertGreaterEqual(checked, 12)
        # Writing answers, and errors, too.
        r = c.api("POST", self.api_url("/assets"), {"code": "DOC-1", "name": "Doc", "type": "service"})
        self.assertEqual(validate({"$ref": "#/components/schemas/Asset"}, r.json(), doc), [])
        r = c.api("POST", self.api_url("/assets"), {"code": "DOC-1", "name": "Doc", "type": "service"})
        self.assertEqual(r.status, 409)
        self.assertEqual(validate({"$ref": "#/components/schemas/Error"}, r.json(), doc), [])
        r = c.api("PUT", self.api_url("/method"), {"preset": "jipdec-3x3x3"})
        self.assertEqual(validate({"$ref": "#/components/schemas/Method"}, r.json(), doc), [])

    # --- escaping ----------------------------------------------------------------------------------------------------

    def test_every_new_text_field_is_escaped(self):
        m = self.user("manager")
        p0, p1, p2 = PAYLOADS
        r = m.post_form(self.url("/assets"), {"code": "XSS-1", "name": p0, "type": "software", "owner": p1,
                                              "location": p2, "group": p0, "description": p1, "c": "1", "i": "1",
                                              "a": "1",
                                              "c_reason": p2, "classification": p0[:40]})
        self.assertEqual(r.status, 303, r)
        r = m.api("POST", self.api_url("/risks"), {"code": "XSS-R", "asset": "XSS-1", "threat": "T-001",
                                                   "vuln": "V-001", "owner": p2, "description": p0,
                                                   "threat_level": 3, "vuln_level": 3})
        self.assertEqual(r.status, 200, r)
        r = m.api("PUT", self.api_url("/risks/XSS-R/treatment"), {"option": "accept", "plan_owner": p1,
                                                                  "plan_note": p0, "extras": p2})
        self.assertEqual(r.status, 200, r)
        r = m.post_form(self.url("/library/threats"), {"code": "UT-X", "name_en": p0, "name_ja": p1, "prop_i": "1",
                                                       "desc_en": p2, "category": "accidental"})
        self.assertEqual(r.status, 303, r)
        r = m.api("POST", self.api_url("/library/vulns"), {"code": "UV-X", "name_en": p1, "desc_en": p0})
        self.assertEqual(r.status, 200, r)
        r = self.user("approver").post_form(self.url("/approvals/XSS-R"), {"decision": "reject", "comment": p0})
        self.assertEqual(r.status, 303)
        pages = ["/assets", "/assets/XSS-1", "/assets/XSS-1/delete", "/risks", "/risks/XSS-R",
                 "/risks/XSS-R/treatment", "/risks/XSS-R/delete", "/library", "/approvals", "",
                 "/risk-suggestions?asset=XSS-1", "/assets?q=" + urllib.parse.quote(p0),
                 "/risks?owner=" + urllib.parse.quote(p1), "/catalogs/2022?q=" + urllib.parse.quote(p2),
                 "/mapping?control=" + urllib.parse.quote(p1), "/library?q=" + urllib.parse.quote(p0)]
        seen = 0
        for lang in ("en", "ja"):
            c = self.user("admin", lang)
            for path in pages:
                r = c.get(self.url(path))
                self.assertEqual(r.status, 200, path)
                for raw in RAW:
                    self.assertNotIn(raw, r.text, "%s: %r came back unescaped" % (path, raw))
                check_html(self, r.text, path)
                seen += esc(p0) in r.text
        self.assertGreater(seen, 10)
        # Errors that name the value escape it too.
        r = m.post_form(self.url("/assets"), {"code": "XSS 2", "name": p0, "type": "software"})
        self.assertEqual(r.status, 422)
        self.assertNotIn("<script>alert", r.text)
        self.assertIn('value="%s"' % esc(p0), r.text)
        r = m.post_form(self.url("/risks"), {"asset": "XSS-1", "threat": p1 + " unknown", "vuln": "V-001"})
        self.assertEqual(r.status, 404)
        for raw in RAW:
            self.assertNotIn(raw, r.text)
        # JSON carries them intact.
        a = m.get(self.api_url("/assets/XSS-1")).json()
        self.assertEqual((a["name"], a["owner"], a["location"], a["c_reason"]), (p0, p1, p2, p2))
        x = m.get(self.api_url("/risks/XSS-R")).json()
        self.assertEqual((x["owner"], x["description"], x["plan_note"], x["extra_controls"], x["approval"]["comment"]),
                         (p2, p0, p0, [p2], p0))
        lib = m.get(self.api_url("/library?q=UT-X")).json()["threats"]
        self.assertEqual(lib[0]["name_en"], p0)


if __name__ == "__main__":
    webtest.main()
