"""What a client can make the server hold: bodies are refused before they
are read when the sender may not use the route, the bodies held at once
are bounded, slow headers time out, and one address holds a bounded number
of connections."""
import json
import time

import webtest
from webtest import PASSWORD, Server, ServerTest, fill, raw_connect, recv_all

# Announced, never sent: a server that waits for it before answering
# holds the connection (and would buffer the body).
ANNOUNCED = 900 * 1024


def head_only(port, method, path, headers=(), length=ANNOUNCED, body=b""):
    """Send a request's headers announcing `length` bytes of body, and
    `body` (less than that); the answer that comes back without the rest."""
    s = raw_connect(port)
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: x", "Content-Length: %d" % length]
    lines += list(headers)
    s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    answer = recv_all(s, 5)
    s.close()
    return answer


def status_of(answer):
    first = answer.split(b"\r\n", 1)[0].decode("latin-1")
    return int(first.split(" ")[1]) if first.startswith("HTTP/1.1 ") else None


class TestRefusedBeforeTheBody(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.routes = webtest.routes()
        cls.alpha = cls.srv.isms_id("alpha")

    def test_anonymous_bodies_are_not_read(self):
        """Every route that needs a login answers an anonymous request at
        once, without waiting for its body, and closes the connection."""
        seen = 0
        for route in self.routes:
            if "login" not in route["flags"] or route["method"] == "GET":
                continue
            path = fill(route["pattern"], isms=self.alpha, user="owner", token=1)
            ctype = "application/json" if "api" in route["flags"] else \
                "application/x-www-form-urlencoded"
            if "upload" in route["flags"]:
                ctype = "multipart/form-data; boundary=xyz"
            answer = head_only(self.srv.port, route["method"], path, ["Content-Type: " + ctype])
            what = "%s %s" % (route["method"], route["pattern"])
            self.assertEqual(status_of(answer), 401, "%s: %r" % (what, answer[:200]))
            self.assertIn(b"\r\nConnection: close\r\n", answer, what)
            seen += 1
        self.assertGreater(seen, 20)

    def test_upload_by_a_stranger_is_refused_before_its_body(self):
        """A logged-in user who is not a member (404) or whose role is too
        low (403) is refused before the upload is read."""
        path = "/isms/%d/import/assets" % self.alpha
        api = "/api/v1/isms/%d/import/assets" % self.alpha
        bob = self.srv.client()
        bob.login("bob")
        cookie = "Cookie: isms_session=" + bob.cookies["isms_session"]
        ctype = "Content-Type: multipart/form-data; boundary=xyz"
        big = 15 * 1024 * 1024
        self.assertEqual(status_of(head_only(self.srv.port, "POST", path, [cookie, ctype], big)), 404)
        self.assertEqual(status_of(head_only(self.srv.port, "POST", api, [cookie, ctype], big)), 404)
        viewer = self.srv.client()
        viewer.login("viewer")
        cookie = "Cookie: isms_session=" + viewer.cookies["isms_session"]
        answer = head_only(self.srv.port, "POST", api, [cookie, ctype], big)
        self.assertEqual(status_of(answer), 403)
        self.assertIn(b"Connection: close", answer)
        # A bad token is refused as early.
        answer = head_only(self.srv.port, "POST", api, ["Authorization: Bearer isms_" + "0" * 64, ctype], big)
        self.assertEqual(status_of(answer), 401)
        # Whoever may upload is read as before.
        manager = self.srv.client()
        manager.login("manager")
        body = (b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                b"Content-Type: text/csv\r\n\r\ncode,name,type\r\nX-1,Thing,information\r\n--xyz--\r\n")
        r = manager.request("POST", api + "?dry_run=1", body=body,
                            headers={"Content-Type": "multipart/form-data; boundary=xyz",
                                     "X-CSRF-Token": manager.csrf_token()})
        self.assertNotIn(r.status, (401, 403, 404, 503), r)

    def test_keep_alive_after_an_admitted_request(self):
        """Checking early does not cost a logged-in client its connection."""
        c = self.srv.client()
        c.login("manager")
        c.get("/isms/%d" % self.alpha)
        conn = c._conn()
        sock = conn.sock
        for _ in range(3):
            r = c.api("PUT", "/api/v1/account/lang", {"lang": "en"})
            self.assertEqual(r.status, 200, r)
        self.assertIs(c._conn().sock, sock)


class TestBufferedBodies(ServerTest):
    serve_args = ("--max-buffered", "64K")

    def test_bodies_held_at_once_are_bounded(self):
        c = self.srv.client()
        c.login("manager")
        alpha = self.srv.isms_id("alpha")
        cookie = "Cookie: isms_session=" + c.cookies["isms_session"]
        csrf = "X-CSRF-Token: " + c.csrf_token()
        path = "/api/v1/isms/%d/policy/preview" % alpha
        text = json.dumps({"body": "x" * 40000}).encode()
        # One request holds 40K of its body ...
        first = raw_connect(self.srv.port)
        first.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n%s\r\n%s\r\n"
                       "Content-Length: %d\r\n\r\n" % (path, cookie, csrf, len(text))).encode()
                      + text[:-10])
        time.sleep(0.5)
        # ... so another 40K is over the 64K that all bodies may hold.
        answer = head_only(self.srv.port, "POST", path,
                           ["Content-Type: application/json", cookie, csrf], len(text), text)
        self.assertEqual(status_of(answer), 503, answer[:300])
        self.assertIn(b"Retry-After: ", answer)
        self.assertIn(b"Connection: close", answer)
        self.assertIn(b'"code":"unavailable"', answer.replace(b" ", b""))
        first.sendall(text[-10:])
        answer = recv_all(first, 5)
        first.close()
        self.assertEqual(status_of(answer), 200, answer[:300])
        # Once answered, the room is free again.
        r = c.request("POST", path, body=text,
                      headers={"Content-Type": "application/json", "X-CSRF-Token": c.csrf_token()})
        self.assertEqual(r.status, 200, r)


class TestSlowClients(webtest.unittest.TestCase):
    def test_slow_headers_time_out_sooner(self):
        srv = Server().seed().start("--timeout", "30", "--header-timeout", "1")
        try:
            slow = raw_connect(srv.port)
            slow.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")
            started = time.time()
            self.assertEqual(recv_all(slow, 10), b"", "unfinished headers get no answer")
            self.assertLess(time.time() - started, 5, "and the connection is closed soon")
            slow.close()
            # Between requests, a kept-alive connection may idle longer.
            c = srv.client()
            self.assertEqual(c.get("/login").status, 200)
            sock = c._conn().sock
            time.sleep(2.5)
            self.assertEqual(c.get("/login").status, 200)
            self.assertIs(c._conn().sock, sock, "the idle connection was kept")
        finally:
            rc = srv.stop()
            srv.cleanup()
        self.assertEqual(rc, 0)

    def test_connections_per_address_are_limited_by_default(self):
        srv = Server().seed().start()
        try:
            held = [raw_connect(srv.port) for _ in range(32)]
            time.sleep(0.3)
            extra = raw_connect(srv.port)
            try:
                extra.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n")
            except OSError:
                pass
            self.assertEqual(recv_all(extra, 5), b"", "a 33rd connection from one address is refused")
            extra.close()
            for s in held:
                s.close()
            time.sleep(0.3)
            self.assertEqual(srv.client().get("/login").status, 200)
        finally:
            rc = srv.stop()
            srv.cleanup()
        self.assertEqual(rc, 0)


if __name__ == "__main__":
    webtest.main()
