"""Every page answers 200 in Japanese and English and is well-formed HTML;
the pages do what they say: the dashboard, users and roles, the ISMS list,
the audit log with its filters and verification."""
import re

import webtest
from webtest import PASSWORD, ServerTest, check_html, fill

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


class TestPages(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.routes = webtest.routes()
        cls.alpha = cls.srv.isms_id("alpha")
        cls.beta = cls.srv.isms_id("beta")

    def client(self, name, lang):
        c = self.srv.client(lang=lang)
        c.login(name)
        return c

    def title(self, html):
        return re.search(r"<title>(.*?)</title>", html, re.S).group(1)

    def test_every_page_in_both_languages(self):
        pages = [r for r in self.routes if r["method"] == "GET" and "api" not in r["flags"]
                 and not r["pattern"].startswith("/static/") and not webtest.needs_objects(r)]
        self.assertGreater(len(pages), 7)
        for lang in ("ja", "en"):
            c = self.client("admin", lang)
            anon = self.srv.client(lang=lang)
            for route in pages:
                if route["pattern"] == "/setup":
                    continue  # needs a live one-time link: test_auth.TestFirstRun
                path = fill(route["pattern"], isms=self.alpha)
                r = (c if "login" in route["flags"] else anon).get(path)
                if route["pattern"] == "/":
                    self.assertEqual(r.status, 303)
                    continue
                what = "%s in %s" % (path, lang)
                self.assertEqual(r.status, 200, what)
                self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
                p = check_html(self, r.text, what)
                self.assertEqual(p.html_lang, lang, what)
                if lang == "ja":
                    self.assertRegex(self.title(r.text), JAPANESE, what + ": the title is Japanese")
                else:
                    self.assertNotRegex(self.title(r.text), JAPANESE, what)
                    self.assertNotRegex("".join(p.text).replace("日本語", ""), JAPANESE, what)

    def test_dashboard_shows_a_change_at_once(self):
        """The dashboard's sections are cached; a change made elsewhere (here
        with the command line, as another process would) shows on the next
        view, in both languages."""
        c = self.client("admin", "en")
        cja = self.client("admin", "ja")
        path = "/isms/%d" % self.alpha
        self.assertIn("適用範囲がまだ記述されていません", cja.get(path).text)
        before = c.get(path).text
        self.assertIn("the scope has not been written", before)
        self.assertEqual(c.get(path).text.count("the scope has not been written"), 1)
        scope = self.srv.dir + "/scope.md"
        with open(scope, "w", encoding="utf-8") as f:
            f.write("## Organisation\nExample Corp\n\n## Sites\n- Head office: Tokyo\n")
        self.srv.cli("--isms", "alpha", "scope", "set", "--file", scope)
        after = c.get(path).text
        self.assertNotIn("the scope has not been written", after)
        ja = cja.get(path).text
        self.assertNotIn("適用範囲がまだ記述されていません", ja)
        self.assertIn("ダッシュボード", ja)

    def test_every_page_for_every_role(self):
        for name, _, role in webtest.SEED_USERS:
            c = self.client(name, "en")
            for path in ("/isms", "/account", "/isms/%d" % self.alpha):
                r = c.get(path)
                self.assertEqual(r.status, 200, "%s as %s" % (path, role))
                check_html(self, r.text, "%s as %s" % (path, role))

    def test_dashboard_draws_the_ten_steps(self):
        c = self.client("viewer", "en")
        r = c.get("/isms/%d" % self.alpha)
        svg = re.search(r"<svg class=\"progress\".*?</svg>", r.text, re.S)
        self.assertTrue(svg, "the progress is drawn as SVG by the server")
        steps = re.findall(r'<g class="step st-(\w+)"><title>(\d+)\. ', svg.group(0))
        self.assertEqual([int(n) for _, n in steps], list(range(1, 11)))
        self.assertTrue(all(s == "not_started" for s, _ in steps))
        self.assertIn("0 of 10 steps done", svg.group(0))
        self.assertIn("Phase 2: risk assessment", svg.group(0))
        rows = re.findall(r"<tr><td>(\d+)</td><td>", r.text)
        self.assertEqual([int(n) for n in rows], list(range(1, 11)))
        self.assertIn("Statement of Applicability", r.text)
        self.assertIn("the scope has not been written", r.text)
        self.assertIn("6.1.3 d", r.text)
        ja = self.client("viewer", "ja").get("/isms/%d" % self.alpha)
        self.assertIn("適用宣言書", ja.text)
        self.assertIn("リスクマネジメント実施基準", ja.text)
        beta = self.client("bob", "en").get("/isms/%d" % self.beta)
        self.assertIn("ISO/IEC 27001:2013", beta.text)
        # The navigation shows only what the role may open.
        self.assertNotIn("/users\"", r.text)
        self.assertNotIn("/log\"", r.text)
        a = self.client("auditor", "en").get("/isms/%d" % self.alpha)
        self.assertNotIn('href="/isms/%d/users"' % self.alpha, a.text)
        self.assertIn('href="/isms/%d/log"' % self.alpha, a.text)
        m = self.client("manager", "en").get("/isms/%d" % self.alpha)
        self.assertIn('href="/isms/%d/users"' % self.alpha, m.text)
        self.assertIn('href="/isms/%d/log"' % self.alpha, m.text)

    def test_managers_read_users_administrators_change_them(self):
        users = "/isms/%d/users" % self.alpha
        m = self.client("manager", "en").get(users)
        self.assertIn("Oscar Owner", m.text)
        self.assertNotIn("<form method=\"post\" action=\"%s" % users, m.text)
        a = self.client("admin", "en")
        page = a.get(users)
        self.assertIn('action="%s/owner/role"' % users, page.text)
        r = a.post_form(users, {"name": "carol", "display_name": "Carol Created", "password": PASSWORD,
                                "role": "approver"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), users + "?msg=added")
        page = a.get(r.header("Location"))
        self.assertIn("The user has been added.", page.text)
        self.assertIn("Carol Created", page.text)
        self.assertEqual(self.srv.sql("SELECT m.role FROM membership m JOIN app_user u ON u.id = m.user_id "
                                      "WHERE u.name = 'carol' AND m.isms_id = %d" % self.alpha), "approver")
        # A conflict keeps what was typed, but never the password.
        r = a.post_form(users, {"name": "carol", "display_name": "Second Carol", "password": PASSWORD,
                                "role": "viewer"})
        self.assertEqual(r.status, 409)
        self.assertIn("already exists", r.text)
        self.assertIn('value="Second Carol"', r.text)
        self.assertNotIn(PASSWORD, r.text)
        check_html(self, r.text, "users page with an error")
        # Roles are changed and taken away.
        r = a.post_form(users + "/carol/role", {"role": "auditor"})
        self.assertEqual(r.status, 303)
        self.assertEqual(self.srv.sql("SELECT m.role FROM membership m JOIN app_user u ON u.id = m.user_id "
                                      "WHERE u.name = 'carol' AND m.isms_id = %d" % self.alpha), "auditor")
        r = a.post_form(users + "/carol/role", {"role": "none"})
        self.assertEqual(r.status, 303)
        self.assertEqual(self.srv.sql("SELECT COUNT(*) FROM membership m JOIN app_user u ON u.id = m.user_id "
                                      "WHERE u.name = 'carol'"), "0")
        r = a.post_form(users + "/nobody/role", {"role": "viewer"})
        self.assertEqual(r.status, 404)
        r = a.post_form(users + "/carol/role", {"role": "emperor"})
        self.assertEqual(r.status, 422)
        # Every change is in the audit log, by the administrator.
        log = a.get("/api/v1/isms/%d/log?entity=membership&actor=admin" % self.alpha).json()["entries"]
        self.assertEqual([e["action"] for e in log if e["entity_id"] == "carol"],
                         ["create", "update", "delete"])

    def test_administrators_create_isms(self):
        a = self.client("admin", "en")
        r = a.post_form("/isms", {"org": "Gamma KK", "name": "gamma", "edition": "2005", "lang": "ja"})
        self.assertEqual(r.status, 303)
        page = a.get("/isms?msg=created")
        self.assertIn("Gamma KK", page.text)
        self.assertIn("ISO/IEC 27001:2005", page.text)
        gid = self.srv.isms_id("gamma")
        self.assertIn("4.2.1 j", a.get("/isms/%d" % gid).text)
        r = a.post_form("/isms", {"org": "Gamma KK", "name": "gamma", "edition": "2022", "lang": "en"})
        self.assertEqual(r.status, 409)
        self.assertIn('value="Gamma KK"', r.text)
        r = a.post_form("/isms", {"org": "Delta", "edition": "2010", "lang": "en"})
        self.assertEqual(r.status, 422)
        self.assertIn("unknown edition 2010", r.text)
        self.assertNotIn("Create an ISMS", self.client("manager", "en").get("/isms").text)

    def test_audit_log_filters(self):
        c = self.client("auditor", "en")
        log = "/isms/%d/log" % self.alpha
        r = c.get(log)
        self.assertEqual(r.status, 200)
        self.assertIn('<td title="membership">Role in the ISMS</td>', r.text)
        self.assertIn("Verify the hash chain", r.text)
        r = c.get(log + "?entity=isms")
        entities = re.findall(r'<tr><td>\d+</td><td>[^<]*</td><td>[^<]*</td><td title="([^"]*)">', r.text)
        self.assertEqual(set(entities), {"isms"})
        self.assertIn('<option value="isms" selected>ISMS</option>', r.text, "the filter is a list of what is logged")
        self.assertRegex(r.text, r"<td>\d{4}-\d\d-\d\d \d\d:\d\d UTC</td>")
        ja = self.client("auditor", "ja").get(log + "?entity=membership").text
        self.assertIn('<td title="membership">ISMS での役割</td>', ja, "what was changed, in Japanese")
        self.assertIn('<td title="create">作成</td>', ja, "and how")
        r = c.get(log + "?actor=nobody-at-all")
        self.assertIn("No entries match.", r.text)
        r = c.get(log + "?since=2000-01-01&until=2999-12-31&limit=2")
        self.assertEqual(len(re.findall(r"<tr><td>\d+</td>", r.text)), 2)
        self.assertEqual(c.get(log + "?since=2024-02-30").status, 422)
        self.assertEqual(c.get(log + "?limit=0").status, 422)
        self.assertEqual(c.get(log + "?order=asc").status, 400)
        api = c.get("/api/v1" + log + "?entity=user&limit=3").json()["entries"]
        self.assertEqual(len(api), 3)
        self.assertTrue(all(e["entity"] == "user" for e in api))

    def test_log_verification_finds_tampering(self):
        c = self.client("auditor", "en")
        r = c.get("/isms/%d/log/verify" % self.alpha)
        self.assertEqual(r.status, 200)
        self.assertIn("The audit log is intact", r.text)
        self.assertTrue(c.get("/api/v1/isms/%d/log/verify" % self.alpha).json()["ok"])
        self.srv.sql("DROP TRIGGER audit_log_no_update; "
                     "UPDATE audit_log SET actor = 'mallory' WHERE id = 3;")
        try:
            r = c.get("/isms/%d/log/verify" % self.alpha)
            self.assertEqual(r.status, 200)
            self.assertIn("audit log entry 3 has been altered", r.text)
            check_html(self, r.text, "verify page")
            v = c.get("/api/v1/isms/%d/log/verify" % self.alpha).json()
            self.assertEqual((v["ok"], v["bad_entry"]), (False, 3))
            self.assertEqual(v["error"]["code"], "verification_failed")
        finally:
            self.srv.sql("UPDATE audit_log SET actor = 'test' WHERE id = 3;")

    def test_account_page(self):
        c = self.client("owner", "ja")
        r = c.get("/account")
        self.assertEqual(r.status, 200)
        self.assertIn("owner", r.text)
        self.assertIn('action="/account/password"', r.text)
        self.assertIn('action="/account/tokens"', r.text)


if __name__ == "__main__":
    webtest.main()
