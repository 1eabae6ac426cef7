"""Roles from the route table, and isolation between ISMS: the table is
walked, so that a route added later is covered without changing this test."""
import json
import re
import urllib.parse

import webtest
from webtest import PASSWORD, ServerTest, fill

ORDER = ["viewer", "auditor", "owner", "approver", "manager", "admin"]

# Writing routes that any logged-in user (or anyone, before login) may use:
# their own session and account. Every other writing route must refuse a
# viewer. A new route must be added here on purpose, or be refused.
OPEN_WRITES = {
    ("POST", "/login"), ("POST", "/setup"), ("POST", "/logout"),
    ("POST", "/account/password"), ("POST", "/account/lang"), ("POST", "/account/tokens"),
    ("POST", "/account/tokens/{token:id}/revoke"),
    ("POST", "/api/v1/login"), ("POST", "/api/v1/logout"),
    ("PUT", "/api/v1/account/password"), ("PUT", "/api/v1/account/lang"),
    ("POST", "/api/v1/account/tokens"), ("DELETE", "/api/v1/account/tokens/{token:id}"),
}


def send(c, route, path, fields=None):
    """Send a request for `route` with a valid CSRF token and `fields`."""
    fields = fields or {}
    if "api" in route["flags"]:
        return c.api(route["method"], path, fields if route["method"] != "GET" else None)
    if route["method"] == "GET":
        q = urllib.parse.urlencode(fields)
        return c.get(path + ("?" + q if q else ""))
    return c.post_form(path, fields)


def plausible(route):
    """Valid values for a route's fields, so that only the role can refuse."""
    values = {"name": "newcomer", "display_name": "New Comer", "password": "s3cret password",
              "password2": "s3cret password", "role": "viewer", "org": "New Org", "edition": 2022,
              "lang": "en", "old_password": PASSWORD}
    out = {}
    for f in route["fields"]:
        name = f.rstrip("*")
        if name in values:
            out[name] = values[name] if "api" in route["flags"] else str(values[name])
    return out


class TestRoles(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.routes = webtest.routes()
        cls.alpha = cls.srv.isms_id("alpha")
        cls.beta = cls.srv.isms_id("beta")
        cls.clients = {}
        for name, _, role in webtest.SEED_USERS:
            c = cls.srv.client()
            c.login(name)
            cls.clients[role] = c
        cls.bob = cls.srv.client()
        cls.bob.login("bob")

    def audit_count(self):
        return int(self.srv.sql("SELECT COUNT(*) FROM audit_log"))

    def test_the_table_is_listed(self):
        self.assertGreater(len(self.routes), 20)
        patterns = {(r["method"], r["pattern"]) for r in self.routes}
        self.assertIn(("GET", "/isms/{isms:id}"), patterns)
        self.assertIn(("GET", "/api/v1/openapi.json"), patterns)

    def test_the_table_is_consistent(self):
        for r in self.routes:
            what = "%s %s" % (r["method"], r["pattern"])
            f = r["flags"]
            self.assertEqual("write" in f, r["method"] != "GET", what + ": GET reads, the others write")
            self.assertEqual("api" in f, r["pattern"].startswith("/api/v1/"), what)
            self.assertEqual("isms" in f, r["pattern"].startswith(("/isms/{isms:id}", "/api/v1/isms/{isms:id}")),
                             what)
            if "isms" in f or "admin" in f:
                self.assertIn("login", f, what)
            if "isms" in f:
                self.assertIn(r["role"], ORDER, what)
            if "noauth" in f:
                self.assertFalse(f & {"login", "write", "isms", "admin"}, what)
            if "prelogin" in f:
                self.assertEqual(f & {"login", "api"}, set(), what)

    def test_only_account_routes_are_open_to_every_user(self):
        open_writes = {(r["method"], r["pattern"]) for r in self.routes
                       if "write" in r["flags"] and "isms" not in r["flags"] and "admin" not in r["flags"]}
        self.assertEqual(open_writes, OPEN_WRITES)
        for r in self.routes:
            if "write" in r["flags"] and "isms" in r["flags"]:
                self.assertNotEqual(r["role"], "viewer", "a viewer can change %s" % r["pattern"])

    def test_every_writing_route_refuses_a_viewer(self):
        before = self.audit_count()
        tried = 0
        for route in self.routes:
            if "write" not in route["flags"] or (route["method"], route["pattern"]) in OPEN_WRITES:
                continue
            path = fill(route["pattern"], isms=self.alpha, user="owner", token=1)
            for fields in ({}, plausible(route)):
                r = send(self.clients["viewer"], route, path, fields)
                self.assertEqual(r.status, 403, "%s %s as a viewer: %r" % (route["method"], path, r))
                tried += 1
        self.assertGreater(tried, 10)
        self.assertEqual(self.audit_count(), before, "nothing changed")

    def test_every_role_below_the_minimum_is_refused(self):
        before = self.audit_count()
        for route in self.routes:
            if "isms" not in route["flags"]:
                continue
            path = fill(route["pattern"], isms=self.alpha, user="owner")
            for role in ORDER[:ORDER.index(route["role"])]:
                r = send(self.clients[role], route, path, plausible(route))
                self.assertEqual(r.status, 403, "%s %s as %s: %r" % (route["method"], path, role, r))
                if "api" in route["flags"]:
                    self.assertEqual(r.json()["error"]["code"], "forbidden")
                else:
                    self.assertIn("this needs the role", r.text)
        self.assertEqual(self.audit_count(), before)

    def test_reading_routes_open_to_their_roles(self):
        for route in self.routes:
            if "isms" not in route["flags"] or route["method"] != "GET" or webtest.needs_objects(route):
                continue
            path = fill(route["pattern"], isms=self.alpha)
            for role in ORDER[ORDER.index(route["role"]):]:
                r = send(self.clients[role], route, path)
                self.assertEqual(r.status, 200, "%s as %s" % (path, role))

    def test_admin_only_routes(self):
        for route in self.routes:
            if "admin" not in route["flags"]:
                continue
            for role in ORDER[:-1]:
                r = send(self.clients[role], route, route["pattern"], plausible(route))
                self.assertEqual(r.status, 403, "%s %s as %s" % (route["method"], route["pattern"], role))

    def test_anonymous_requests_need_a_login(self):
        anon = self.srv.client()
        for route in self.routes:
            if "login" not in route["flags"]:
                continue
            path = fill(route["pattern"], isms=self.alpha, user="owner", token=1)
            if "api" in route["flags"]:
                r = anon.api(route["method"], path, {} if route["method"] != "GET" else None)
                self.assertEqual(r.status, 401, path)
                self.assertEqual(r.json()["error"]["code"], "unauthenticated")
            elif route["method"] == "GET":
                r = anon.get(path)
                self.assertEqual(r.status, 303, path)
                self.assertTrue(r.header("Location").startswith("/login?next="))
            else:
                r = anon.post_form(path, {}, csrf=False)
                self.assertEqual(r.status, 401, path)

    def test_isms_in_the_url_never_reaches_another_isms(self):
        """bob manages "beta" only: every ISMS route with alpha's id, or an id
        that does not exist, is 404, and nothing of alpha comes back."""
        before = self.audit_count()
        for route in self.routes:
            if "isms" not in route["flags"]:
                continue
            answers = []
            for isms in (self.alpha, 9999):
                path = fill(route["pattern"], isms=isms, user="owner")
                r = send(self.bob, route, path, plausible(route))
                self.assertEqual(r.status, 404, "%s %s as bob: %r" % (route["method"], path, r))
                for secret in ("Example Corp", "alpha", "Mia Manager", "Vic Viewer"):
                    self.assertNotIn(secret, r.text, path)
                answers.append(re.sub(r"\b%d\b|\b9999\b" % self.alpha, "N",
                                      re.sub(r'value="[0-9a-f]{64}"', "", r.text)))
            self.assertEqual(answers[0], answers[1], "a member of another ISMS learns nothing more")
            # bob's own ISMS answers.
            if route["method"] == "GET" and route["role"] in ("viewer", "auditor", "owner", "approver",
                                                              "manager") and not webtest.needs_objects(route):
                r = send(self.bob, route, fill(route["pattern"], isms=self.beta))
                self.assertEqual(r.status, 200, route["pattern"])
        self.assertEqual(self.audit_count(), before)

    def test_lists_show_only_reachable_isms(self):
        r = self.bob.get("/api/v1/isms")
        self.assertEqual([i["name"] for i in r.json()["isms"]], ["beta"])
        page = self.bob.get("/isms")
        self.assertNotIn("Example Corp", page.text)
        self.assertIn("Beta Ltd", page.text)
        self.assertEqual(self.bob.get("/").header("Location"), "/isms/%d" % self.beta)
        # An administrator (admin in alpha) administers every ISMS.
        admin = self.clients["admin"]
        names = {i["name"]: i["role"] for i in admin.get("/api/v1/isms").json()["isms"]}
        self.assertEqual(names, {"alpha": "admin", "beta": "admin"})
        self.assertEqual(admin.get("/isms/%d/users" % self.beta).status, 200)
        # The log of alpha does not show beta's entries.
        log = self.clients["auditor"].get("/api/v1/isms/%d/log?limit=10000" % self.alpha).json()
        self.assertTrue(log["entries"])
        self.assertFalse([e for e in log["entries"] if "bob" in json.dumps(e) and e["entity"] == "membership"])

    def test_users_and_logins_of_another_isms_stay_there(self):
        """The users page and the log of alpha show alpha's members only:
        not bob (of beta), his account, his logins, nor anyone's API tokens;
        an administrator sees the whole installation."""
        bob = self.srv.client()
        bob.login("bob")
        self.assertEqual(bob.api("POST", "/api/v1/account/tokens", {"name": "bob's script"}).status, 200)
        manager = self.clients["manager"]
        names = [u["name"] for u in manager.get("/api/v1/isms/%d/users" % self.alpha).json()["users"]]
        self.assertIn("owner", names)
        self.assertNotIn("bob", names)
        self.assertNotIn("Bob Beta", manager.get("/isms/%d/users" % self.alpha).text)
        admin = self.clients["admin"]
        names = [u["name"] for u in admin.get("/api/v1/isms/%d/users" % self.alpha).json()["users"]]
        self.assertIn("bob", names, "administrators add users of other ISMS")
        self.assertIn("Bob Beta", admin.get("/isms/%d/users" % self.alpha).text)

        auditor = self.clients["auditor"]
        entries = auditor.get("/api/v1/isms/%d/log?limit=10000" % self.alpha).json()["entries"]
        wide = [(e["entity"], e["entity_id"], e["action"]) for e in entries]
        self.assertIn(("user", "owner", "create"), wide, "members' accounts are shown")
        self.assertIn(("session", "auditor", "login"), wide, "and their logins")
        self.assertFalse([e for e in entries if "bob" in json.dumps(e)], "nothing about bob")
        self.assertFalse([e for e in entries if e["entity"] in ("api_token", "setup")])
        page = auditor.get("/isms/%d/log?limit=10000" % self.alpha).text
        self.assertNotIn("bob", page)
        entries = admin.get("/api/v1/isms/%d/log?limit=10000" % self.alpha).json()["entries"]
        self.assertIn(("session", "bob", "login"), [(e["entity"], e["entity_id"], e["action"]) for e in entries])
        self.assertTrue([e for e in entries if e["entity"] == "api_token"])
        # The command line has every right: "isms log" shows them all.
        self.assertIn("bob", self.srv.cli("--isms", "alpha", "log").stdout)


if __name__ == "__main__":
    webtest.main()
