"""Accounts: login and logout, sessions stored hashed and expiring, CSRF,
throttled logins, API tokens, password changes, the first-run link and the
language of each user."""
import re
import time
import unittest
import urllib.parse

import webtest
from webtest import PASSWORD, Server, ServerTest


class TestLogin(ServerTest):
    def test_login_and_logout(self):
        c = self.srv.client()
        r = c.get("/isms")
        self.assertEqual(r.status, 303, "pages need a login")
        self.assertEqual(r.header("Location"), "/login?next=%2Fisms")
        page = c.get(r.header("Location"))
        self.assertIn('name="next" value="/isms"', page.text)
        r = c.post_form("/login", {"name": "manager", "password": PASSWORD, "next": "/isms"},
                        csrf=webtest.form_csrf(page.text))
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/isms")
        token = c.cookies["isms_session"]
        self.assertRegex(token, r"^[0-9a-f]{64}$")
        r = c.get("/isms")
        self.assertEqual(r.status, 200)
        self.assertIn("Mia Manager", r.text)
        # Logging out deletes the session: the old cookie no longer works.
        r = c.post_form("/logout", {})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/login?msg=out")
        self.assertNotIn("isms_session", c.cookies)
        thief = self.srv.client()
        thief.cookies["isms_session"] = token
        self.assertEqual(thief.get("/isms").status, 303)
        self.assertEqual(thief.get("/api/v1/session").status, 401)

    def test_session_is_stored_hashed(self):
        c = self.srv.client()
        c.login("auditor")
        token = c.cookies["isms_session"]
        dump = self.srv.sql(".dump web_session")
        self.assertNotIn(token, dump)
        self.assertIn(__import__("hashlib").sha256(token.encode()).hexdigest(), dump)
        uid = self.srv.sql("SELECT id FROM app_user WHERE name = 'auditor'")
        row = self.srv.sql("SELECT user_id, created_at <= last_seen, expires_at > created_at "
                           "FROM web_session WHERE token_hash = '%s'"
                           % __import__("hashlib").sha256(token.encode()).hexdigest())
        self.assertEqual(row, "%s|1|1" % uid)

    def test_wrong_password(self):
        c = self.srv.client()
        page = c.get("/login")
        r = c.post_form("/login", {"name": "owner", "password": "wrong password"},
                        csrf=webtest.form_csrf(page.text))
        self.assertEqual(r.status, 403)
        self.assertIn("wrong user name or password", r.text)
        self.assertIn('value="owner"', r.text, "the name is kept")
        self.assertNotIn("wrong password\"", r.text, "the password is not echoed")
        self.assertNotIn("isms_session", c.cookies)
        r = c.api("POST", "/api/v1/login", {"name": "nobody", "password": "wrong password"})
        self.assertEqual(r.status, 403)
        self.assertEqual(r.json()["error"]["code"], "forbidden")

    def test_redirect_after_login_stays_on_this_site(self):
        c = self.srv.client()
        page = c.get("/login")
        for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            r = c.post_form("/login", {"name": "viewer", "password": PASSWORD, "next": evil},
                            csrf=webtest.form_csrf(page.text))
            self.assertEqual(r.status, 422, evil)
            self.assertNotIn("isms_session", c.cookies)

    def test_login_form_needs_its_csrf_token(self):
        c = self.srv.client()
        c.get("/login")
        r = c.post_form("/login", {"name": "viewer", "password": PASSWORD}, csrf=False)
        self.assertEqual(r.status, 403)
        r = c.post_form("/login", {"name": "viewer", "password": PASSWORD}, csrf="0" * 64)
        self.assertEqual(r.status, 403)
        # Without the pre-login cookie the token of another browser does not help.
        other = self.srv.client()
        csrf = webtest.form_csrf(other.get("/login").text)
        r = self.srv.client().post_form("/login", {"name": "viewer", "password": PASSWORD}, csrf=csrf)
        self.assertEqual(r.status, 403)
        self.assertNotIn("isms_session", c.cookies)


class TestCsrf(ServerTest):
    def test_writes_without_the_token_are_refused(self):
        c = self.srv.client()
        c.login("admin")
        alpha = self.srv.isms_id("alpha")
        form = {"name": "eve", "display_name": "Eve", "password": PASSWORD, "role": "viewer"}
        r = c.post_form("/isms/%d/users" % alpha, form, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertIn("did not come from this site", r.text)
        r = c.post_form("/isms/%d/users" % alpha, form, csrf="f" * 64)
        self.assertEqual(r.status, 403)
        # The token of another session is no good either.
        other = self.srv.client()
        other.login("admin")
        r = c.post_form("/isms/%d/users" % alpha, form, csrf=other.csrf_token())
        self.assertEqual(r.status, 403)
        self.assertEqual(self.srv.sql("SELECT COUNT(*) FROM app_user WHERE name = 'eve'"), "0")
        r = c.post_form("/isms/%d/users" % alpha, form)
        self.assertEqual(r.status, 303)
        self.assertEqual(self.srv.sql("SELECT COUNT(*) FROM app_user WHERE name = 'eve'"), "1")

    def test_cookie_api_calls_need_the_header(self):
        c = self.srv.client()
        r = c.api("POST", "/api/v1/login", {"name": "viewer", "password": PASSWORD})
        self.assertEqual(r.status, 200)
        csrf = r.json()["csrf_token"]
        self.assertRegex(csrf, r"^[0-9a-f]{64}$")
        r = c.api("PUT", "/api/v1/account/lang", {"lang": "ja"}, csrf=False)
        self.assertEqual(r.status, 403)
        r = c.api("PUT", "/api/v1/account/lang", {"lang": "ja"}, csrf="0" * 64)
        self.assertEqual(r.status, 403)
        r = c.api("PUT", "/api/v1/account/lang", {"lang": "ja"}, csrf=csrf)
        self.assertEqual(r.status, 200)
        self.assertEqual(c.get("/api/v1/session").json()["user"]["lang"], "ja")
        r = c.api("PUT", "/api/v1/account/lang", {"lang": "en"}, csrf=csrf)
        self.assertEqual(r.status, 200)


class TestApiTokens(ServerTest):
    def test_token_lifecycle(self):
        c = self.srv.client()
        c.login("manager")
        r = c.api("POST", "/api/v1/account/tokens", {"name": "nightly export"})
        self.assertEqual(r.status, 200)
        token = r.json()["token"]
        tid = r.json()["id"]
        self.assertRegex(token, r"^isms_[0-9a-f]{64}$")
        # Stored hashed; listed by its first characters only.
        self.assertNotIn(token, self.srv.sql(".dump api_token"))
        listed = c.get("/api/v1/account/tokens").json()["tokens"]
        self.assertEqual([t["name"] for t in listed], ["nightly export"])
        self.assertEqual(listed[0]["hint"], token[:13])
        self.assertIsNone(listed[0]["last_used"])
        self.assertNotIn(token, c.get("/account").text)
        # A script uses it without cookies and without a CSRF token.
        script = self.srv.client()
        r = script.api("GET", "/api/v1/session", token=token)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["user"]["name"], "manager")
        self.assertEqual(r.json()["auth"], "token")
        self.assertIsNone(r.json()["csrf_token"])
        r = script.api("PUT", "/api/v1/account/lang", {"lang": "en"}, token=token)
        self.assertEqual(r.status, 200)
        alpha = self.srv.isms_id("alpha")
        self.assertEqual(script.api("GET", "/api/v1/isms/%d/status" % alpha, token=token).status, 200)
        self.assertIsNotNone(c.get("/api/v1/account/tokens").json()["tokens"][0]["last_used"])
        # Tokens do not open pages.
        self.assertEqual(script.request("GET", "/isms", headers={"Authorization": "Bearer " + token},
                                        cookies=False).status, 303)
        # A wrong or revoked token gets 401.
        r = script.api("GET", "/api/v1/session", token="isms_" + "0" * 64)
        self.assertEqual(r.status, 401)
        self.assertEqual(r.json()["error"]["code"], "unauthenticated")
        self.assertIn("Bearer", r.header("WWW-Authenticate"))
        r = c.api("DELETE", "/api/v1/account/tokens/%d" % tid)
        self.assertEqual(r.status, 200)
        self.assertEqual(script.api("GET", "/api/v1/session", token=token).status, 401)
        # Another user's token cannot be revoked.
        r = c.api("POST", "/api/v1/account/tokens", {"name": "second"})
        other = self.srv.client()
        other.login("viewer")
        r2 = other.api("DELETE", "/api/v1/account/tokens/%d" % r.json()["id"])
        self.assertEqual(r2.status, 404)
        self.assertEqual(script.api("GET", "/api/v1/session", token=r.json()["token"]).status, 200)

    def test_token_page_shows_it_once(self):
        c = self.srv.client()
        c.login("owner")
        r = c.post_form("/account/tokens", {"name": "ci"})
        self.assertEqual(r.status, 200)
        m = re.search(r'<code id="new-token">(isms_[0-9a-f]{64})</code>', r.text)
        self.assertTrue(m)
        self.assertEqual(r.header("Cache-Control"), "no-store")
        again = c.get("/account")
        self.assertNotIn(m.group(1), again.text)
        self.assertIn(m.group(1)[:13], again.text)
        tid = self.srv.sql("SELECT id FROM api_token WHERE name = 'ci'")
        r = c.post_form("/account/tokens/%s/revoke" % tid, {})
        self.assertEqual(r.status, 303)
        self.assertEqual(self.srv.sql("SELECT COUNT(*) FROM api_token WHERE name = 'ci'"), "0")

    def test_a_token_cannot_outlive_its_revocation(self):
        """A token cannot make tokens, revoke them or change the password,
        so that revoking a leaked token ends its reach; an administrator's
        password reset revokes the user's tokens."""
        c = self.srv.client()
        c.login("approver")
        r = c.api("POST", "/api/v1/account/tokens", {"name": "leaked"})
        self.assertEqual(r.status, 200)
        token, tid = r.json()["token"], r.json()["id"]
        script = self.srv.client()
        for method, path, data in (("POST", "/api/v1/account/tokens", {"name": "spare"}),
                                   ("DELETE", "/api/v1/account/tokens/%d" % tid, None),
                                   ("PUT", "/api/v1/account/password",
                                    {"old_password": PASSWORD, "password": "t0ken's choice"})):
            r = script.api(method, path, data, token=token)
            self.assertEqual(r.status, 403, "%s %s: %r" % (method, path, r))
            self.assertIn("not an API token", r.json()["error"]["message"])
        self.assertEqual(self.srv.sql("SELECT COUNT(*) FROM api_token t JOIN app_user u ON u.id = t.user_id "
                                      "WHERE u.name = 'approver'"), "1")
        self.assertEqual(script.api("GET", "/api/v1/account/tokens", token=token).status, 200)
        self.srv.client().login("approver")
        # The administrator's reset ends it.
        admin = self.srv.client()
        admin.login("admin")
        r = admin.api("PUT", "/api/v1/isms/%d/users/approver/password" % self.srv.isms_id("alpha"),
                      {"password": PASSWORD + "!"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(script.api("GET", "/api/v1/session", token=token).status, 401)
        r = admin.api("PUT", "/api/v1/isms/%d/users/approver/password" % self.srv.isms_id("alpha"),
                      {"password": PASSWORD})
        self.assertEqual(r.status, 200, r)


class TestGuessing(ServerTest):
    """Failed logins counted per account and address (addresses from
    X-Real-IP, as behind a local proxy)."""
    serve_args = ("--trust-proxy",)

    def login(self, c, name, password, address):
        page = c.get("/login", headers={"X-Real-IP": address})
        return c.post_form("/login", {"name": name, "password": password},
                           csrf=webtest.form_csrf(page.text), headers={"X-Real-IP": address})

    def test_a_strangers_guesses_do_not_lock_the_owner_out(self):
        for i in range(5):
            self.assertEqual(self.login(self.srv.client(), "owner", "guess %d" % i, "203.0.113.7").status, 403)
        self.assertEqual(self.login(self.srv.client(), "owner", PASSWORD, "203.0.113.7").status, 429)
        self.assertEqual(self.login(self.srv.client(), "owner", PASSWORD, "198.51.100.2").status, 303,
                         "the owner, elsewhere, logs in")

    def test_an_administrators_reset_ends_the_lock_out(self):
        for i in range(5):
            self.assertEqual(self.login(self.srv.client(), "auditor", "guess %d" % i, "203.0.113.8").status, 403)
        self.assertEqual(self.login(self.srv.client(), "auditor", PASSWORD, "203.0.113.8").status, 429)
        admin = self.srv.client()
        self.assertEqual(self.login(admin, "admin", PASSWORD, "198.51.100.3").status, 303)
        r = admin.api("PUT", "/api/v1/isms/%d/users/auditor/password" % self.srv.isms_id("alpha"),
                      {"password": "reset passw0rd"}, headers={"X-Real-IP": "198.51.100.3"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.login(self.srv.client(), "auditor", "reset passw0rd", "203.0.113.8").status, 303)

    def test_guessing_the_current_password_is_throttled(self):
        c = self.srv.client()
        self.assertEqual(self.login(c, "viewer", PASSWORD, "203.0.113.9").status, 303)
        h = {"X-Real-IP": "203.0.113.9"}
        for i in range(5):
            r = c.api("PUT", "/api/v1/account/password", {"old_password": "guess %d" % i,
                                                          "password": "n3w password"}, headers=h)
            self.assertEqual(r.status, 403, r)
        r = c.api("PUT", "/api/v1/account/password", {"old_password": PASSWORD, "password": "n3w password"},
                  headers=h)
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.json()["error"]["code"], "too_many_requests")
        self.assertGreater(int(r.header("Retry-After")), 800)
        r = c.post_form("/account/password", {"old_password": PASSWORD, "password": "n3w password",
                                              "password2": "n3w password"}, headers=h)
        self.assertEqual(r.status, 429)
        self.assertIn("too many failed logins", r.text)
        self.assertEqual(self.srv.client().login("viewer").status, 303, "the password is unchanged")


class TestPasswordChange(ServerTest):
    def test_own_password_change_ends_other_sessions(self):
        a, b = self.srv.client(), self.srv.client()
        a.login("approver")
        b.login("approver")
        r = a.post_form("/account/password", {"old_password": "not it", "password": "n3w password",
                                              "password2": "n3w password"})
        self.assertEqual(r.status, 403)
        self.assertIn("the current password is wrong", r.text)
        r = a.post_form("/account/password", {"old_password": PASSWORD, "password": "n3w password",
                                              "password2": "other"})
        self.assertEqual(r.status, 422)
        r = a.post_form("/account/password", {"old_password": PASSWORD, "password": "n3w password",
                                              "password2": "n3w password"})
        self.assertEqual(r.status, 303)
        self.assertEqual(a.get("/account").status, 200, "this session stays")
        self.assertEqual(b.get("/account").status, 303, "the other session ended")
        c = self.srv.client()
        page = c.get("/login")
        self.assertEqual(c.post_form("/login", {"name": "approver", "password": PASSWORD},
                                     csrf=webtest.form_csrf(page.text)).status, 403)
        c.login("approver", "n3w password")

    def test_admin_sets_a_password(self):
        victim = self.srv.client()
        victim.login("owner")
        admin = self.srv.client()
        admin.login("admin")
        alpha = self.srv.isms_id("alpha")
        r = admin.post_form("/isms/%d/users/owner/password" % alpha,
                            {"password": "reset passw0rd", "password2": "reset passw0rd"})
        self.assertEqual(r.status, 303)
        self.assertEqual(victim.get("/account").status, 303, "the user's sessions ended")
        self.srv.client().login("owner", "reset passw0rd")


class TestExpiry(ServerTest):
    serve_args = ("--session-idle", "2", "--session-max-age", "5")

    def test_idle_sessions_expire(self):
        c = self.srv.client()
        c.login("viewer")
        for _ in range(3):
            time.sleep(1)
            self.assertEqual(c.get("/account").status, 200, "each request keeps it alive")
        time.sleep(3)
        r = c.get("/account")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/login?next=%2Faccount&msg=expired")
        self.assertIn("Your session has expired", c.get(r.header("Location")).text)
        r = c.get("/api/v1/session")
        self.assertEqual(r.status, 401)

    def test_sessions_end_at_their_maximum_age(self):
        c = self.srv.client()
        c.login("auditor")
        start = time.time()
        while time.time() - start < 4.5:
            self.assertEqual(c.get("/account").status, 200)
            time.sleep(0.8)
        time.sleep(1)
        self.assertEqual(c.get("/account").status, 303)
        self.assertEqual(self.srv.sql("SELECT COUNT(*) FROM web_session s JOIN app_user u "
                                      "ON u.id = s.user_id WHERE u.name = 'auditor'"), "0")


class TestThrottle(ServerTest):
    def setUp(self):
        # The two tests share the server, and so the address 127.0.0.1.
        self.srv.sql("DELETE FROM login_throttle")

    def login(self, c, name, password):
        page = c.get("/login")
        return c.post_form("/login", {"name": name, "password": password},
                           csrf=webtest.form_csrf(page.text))

    def test_per_account(self):
        c = self.srv.client()
        for i in range(5):
            self.assertEqual(self.login(c, "owner", "guess %d" % i).status, 403)
        r = self.login(c, "owner", PASSWORD)
        self.assertEqual(r.status, 429, "even the right password waits")
        self.assertIn("too many failed logins", r.text)
        self.assertGreater(int(r.header("Retry-After")), 800)
        r = c.api("POST", "/api/v1/login", {"name": "owner", "password": PASSWORD})
        self.assertEqual(r.status, 429)
        self.assertEqual(r.json()["error"]["code"], "too_many_requests")
        # Other accounts are not affected.
        self.assertEqual(self.login(self.srv.client(), "manager", PASSWORD).status, 303)

    def test_per_address(self):
        c = self.srv.client()
        for i in range(20):
            self.assertEqual(self.login(c, "nobody%d" % i, "guess").status, 403)
        r = self.login(c, "approver", PASSWORD)
        self.assertEqual(r.status, 429)
        self.srv.sql("DELETE FROM login_throttle")
        self.assertEqual(self.login(c, "approver", PASSWORD).status, 303)


class TestFirstRun(unittest.TestCase):
    def test_setup_link_creates_the_admin_once(self):
        srv = Server()
        try:
            srv.start()
            url = srv.wait_setup_url()
            self.assertTrue(url, "the first start prints a one-time link:\n" + "".join(srv.out))
            path = url[url.index("/setup"):]
            token = path.split("=")[1]
            self.assertNotIn(token, srv.sql(".dump setup_token"), "stored hashed")
            c = srv.client()
            r = c.get("/login")
            self.assertIn("No user exists yet", r.text)
            self.assertEqual(c.get("/setup?token=" + "0" * 64).status, 404)
            page = c.get(path)
            self.assertEqual(page.status, 200)
            webtest.check_html(self, page.text, "setup")
            self.assertIn('name="org"', page.text, "with no ISMS, the first is made here")
            form = {"token": token, "name": "root", "display_name": "The Admin", "password": PASSWORD,
                    "password2": PASSWORD, "org": "First Org", "isms_name": "first", "edition": "2022",
                    "lang": "en"}
            r = c.post_form("/setup", dict(form, password2="different"),
                            csrf=webtest.form_csrf(page.text))
            self.assertEqual(r.status, 422)
            r = c.post_form("/setup", form, csrf=webtest.form_csrf(page.text))
            self.assertEqual(r.status, 303)
            self.assertEqual(c.get("/").header("Location"), "/isms/1")
            self.assertIn("First Org", c.get("/isms/1").text)
            self.assertEqual(srv.sql("SELECT role FROM membership m JOIN app_user u ON u.id = m.user_id "
                                     "WHERE u.name = 'root'"), "admin")
            # The link worked once.
            self.assertEqual(srv.client().get(path).status, 409)
            self.assertEqual(srv.client().post_form("/setup", dict(form, name="second"),
                                                    csrf=webtest.form_csrf(page.text)).status, 403)
            self.assertEqual(srv.stop(), 0)
            # A restart with users prints no link.
            srv.start()
            time.sleep(0.5)
            self.assertIsNone(srv.setup_url)
            self.assertFalse(any("setup?token" in l for l in srv.out))
            self.assertEqual(srv.stop(), 0)
        finally:
            srv.cleanup()

    def test_setup_with_existing_isms_grants_admin_everywhere(self):
        srv = Server()
        try:
            srv.cli("init", "--org", "One", "--edition", "2013")
            srv.cli("init", "--org", "Two", "--edition", "2022")
            srv.start()
            url = srv.wait_setup_url()
            path = url[url.index("/setup"):]
            c = srv.client()
            page = c.get(path)
            self.assertNotIn('name="org"', page.text)
            r = c.post_form("/setup", {"token": path.split("=")[1], "name": "boss", "password": PASSWORD,
                                       "password2": PASSWORD}, csrf=webtest.form_csrf(page.text))
            self.assertEqual(r.status, 303)
            self.assertEqual(srv.sql("SELECT COUNT(*) FROM membership WHERE role = 'admin'"), "2")
            self.assertEqual(srv.stop(), 0)
        finally:
            srv.cleanup()


class TestLanguage(ServerTest):
    def test_accept_language_then_the_users_choice(self):
        ja = self.srv.client(lang="ja,en-US;q=0.8")
        self.assertIn("ログイン", ja.get("/login").text)
        self.assertIn('<html lang="ja">', ja.get("/login").text)
        en = self.srv.client(lang="en-GB,en;q=0.9,ja;q=0.5")
        self.assertIn('<html lang="en">', en.get("/login").text)
        self.assertIn('<html lang="en">', self.srv.client(lang="ja;q=0, en").get("/login").text)
        c = self.srv.client(lang="en")
        c.login("auditor")
        r = c.post_form("/account/lang", {"lang": "ja", "next": "/account"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/account")
        page = c.get("/account")
        self.assertIn('<html lang="ja">', page.text, "the choice wins over Accept-Language")
        self.assertEqual(self.srv.sql("SELECT lang FROM user_pref p JOIN app_user u ON u.id = p.user_id "
                                      "WHERE u.name = 'auditor'"), "ja")
        # Stored per user: another browser of the same user gets it too.
        d = self.srv.client(lang="en")
        d.login("auditor")
        self.assertIn('<html lang="ja">', d.get("/account").text)
        self.assertIn('<html lang="ja">', d.get("/isms").text)
        r = c.post_form("/account/lang", {"lang": "en", "next": "https://evil.example/"})
        self.assertEqual(r.status, 422)


if __name__ == "__main__":
    webtest.main()
