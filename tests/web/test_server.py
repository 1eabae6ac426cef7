"""The HTTP layer: security headers, gzip, static files, keep-alive, limits,
malformed requests, the request log and graceful shutdown."""
import gzip
import http.client
import re
import signal
import socket
import time

import webtest
from webtest import PASSWORD, Server, ServerTest, raw_connect, recv_all

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


class TestServer(ServerTest):
    serve_args = ("--max-body", "4K")

    def assert_security_headers(self, r):
        self.assertEqual(r.header("Content-Security-Policy"), CSP)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.header("Referrer-Policy"), "same-origin")

    def test_security_headers_everywhere(self):
        c = self.srv.client()
        for path in ("/login", "/nope", "/api/v1/nope", "/api/v1/openapi.json", "/static/isms.css",
                     "/isms"):
            r = c.get(path)
            self.assert_security_headers(r)
        c.login("viewer")
        r = c.get("/")
        self.assertEqual(r.status, 303)
        self.assert_security_headers(r)
        r = c.get(r.header("Location"))
        self.assertEqual(r.status, 200)
        self.assert_security_headers(r)
        self.assertEqual(r.header("Cache-Control"), "no-store")

    def test_cookies_are_httponly_and_strict(self):
        c = self.srv.client()
        c.get("/login")
        r = c.last
        page = c.get("/login")
        r = c.post_form("/login", {"name": "viewer", "password": PASSWORD},
                        csrf=webtest.form_csrf(page.text))
        cookies = r.all("Set-Cookie")
        self.assertTrue(cookies)
        for cookie in cookies:
            self.assertIn("HttpOnly", cookie)
            self.assertIn("SameSite=Strict", cookie)
            self.assertIn("Path=/", cookie)
            self.assertNotIn("Secure", cookie)

    def test_gzip_for_text_when_accepted(self):
        c = self.srv.client()
        c.login("admin")
        plain = c.get("/isms", headers={"Accept-Encoding": "identity"})
        self.assertEqual(plain.status, 200)
        self.assertIsNone(plain.header("Content-Encoding"))
        self.assertEqual(plain.header("Vary"), "Accept-Encoding")
        zipped = c.get("/isms", headers={"Accept-Encoding": "gzip, deflate"})
        self.assertEqual(zipped.header("Content-Encoding"), "gzip")
        self.assertLess(len(zipped.raw), len(plain.raw))
        self.assertEqual(zipped.body, plain.body)
        api = c.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(api.header("Content-Encoding"), "gzip")
        self.assertEqual(api.json()["openapi"], "3.1.0")
        refused = c.get("/isms", headers={"Accept-Encoding": "gzip;q=0, identity"})
        self.assertIsNone(refused.header("Content-Encoding"))

    def test_static_files_are_cached(self):
        c = self.srv.client()
        page = c.get("/login").text
        css = re.search(r'href="(/static/isms\.css\?v=([0-9a-f]{16}))"', page)
        js = re.search(r'src="(/static/isms\.js\?v=[0-9a-f]{16})"', page)
        self.assertTrue(css and js, "the page links the CSS and the JS with versions")
        r = c.get(css.group(1), headers={"Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/css; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "public, max-age=31536000, immutable")
        self.assertEqual(r.header("Content-Encoding"), "gzip")
        self.assertIn(b"--accent", r.body)
        etag = r.header("ETag")
        self.assertEqual(etag, '"%s"' % css.group(2))
        again = c.get("/static/isms.css", headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        self.assertEqual(again.header("Cache-Control"), "no-cache")
        r = c.get(js.group(1))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        self.assertEqual(c.get("/static/nope.css").status, 404)
        self.assertEqual(c.get("/static/..%2Fweb.h").status, 404)

    def test_keep_alive_holds(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        conn.request("GET", "/login")
        r1 = conn.getresponse()
        r1.read()
        sock = conn.sock
        self.assertIsNotNone(sock)
        for path in ("/static/isms.css", "/api/v1/openapi.json", "/nope"):
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            self.assertIs(conn.sock, sock, "the connection was closed after " + path)
        conn.close()
        self.assertEqual(r1.status, 200)

    def test_not_found_and_method_not_allowed(self):
        c = self.srv.client()
        r = c.get("/nope")
        self.assertEqual(r.status, 404)
        self.assertIn("text/html", r.header("Content-Type"))
        webtest.check_html(self, r.text, "404 page")
        r = c.get("/api/v1/nope")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.json()["error"]["code"], "not_found")
        r = c.request("PUT", "/login")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("Allow"), "GET, HEAD, POST")
        r = c.request("PATCH", "/api/v1/session")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.json()["error"]["code"], "method_not_allowed")
        self.assertEqual(c.get("/isms/0").status, 404)
        self.assertEqual(c.get("/isms/01").status, 404)
        self.assertEqual(c.get("/isms/abc").status, 404)
        self.assertEqual(c.get("/isms/1/").status, 404)

    def test_head_is_answered_without_a_body(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        conn.request("HEAD", "/login")
        r = conn.getresponse()
        self.assertEqual(r.status, 200)
        self.assertEqual(r.read(), b"")
        conn.close()

    def test_oversized_body_is_refused(self):
        c = self.srv.client()
        big = "name=" + "x" * 5000
        r = c.request("POST", "/login", body=big,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 413)
        self.assertIn("too large", r.text)
        webtest.check_html(self, r.text, "413 page")
        r = c.request("POST", "/api/v1/login", body='{"name": "%s"}' % ("x" * 5000),
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 413)
        self.assertEqual(r.json()["error"]["code"], "too_large")
        # Without a Content-Length (chunked), the limit holds as the body arrives.
        s = raw_connect(self.srv.port)
        s.sendall(b"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 1000
        for _ in range(6):
            s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        s.sendall(b"0\r\n\r\n")
        head = recv_all(s, 10).split(b"\r\n", 1)[0]
        s.close()
        self.assertTrue(head.startswith(b"HTTP/1.1 413 "), head)
        # A body within the limit is read.
        r = c.request("POST", "/api/v1/login", body='{"name": "viewer", "password": "%s"}' % PASSWORD,
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 200)

    def test_malformed_form_is_400_with_an_error(self):
        c = self.srv.client()
        csrf = c.csrf_token()
        for body in ("csrf=%s&name=a%%zzb" % csrf, "csrf=%s&name" % csrf, "csrf=%s&=x" % csrf,
                     "csrf=%s&name=a&name=b" % csrf, "csrf=%s&name=%%00" % csrf):
            r = c.request("POST", "/login", body=body,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(r.status, 400, body)
            self.assertIn('class="error"', r.text)
            webtest.check_html(self, r.text, "400 page")
        r = c.request("POST", "/login", body="csrf=%s&name=a&password=b&surprise=1" % csrf,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400)
        self.assertIn("unknown field", r.text)
        r = c.request("POST", "/login", body="name=a", headers={"Content-Type": "text/plain"})
        self.assertEqual(r.status, 415)

    def test_malformed_json_is_400_with_a_json_error(self):
        c = self.srv.client()
        for body in ('{"name": "a",', '["name"]', '{"name": "a", "name": "b"}', "\xff"):
            r = c.request("POST", "/api/v1/login", body=body.encode("latin-1"),
                          headers={"Content-Type": "application/json"})
            self.assertEqual(r.status, 400, body)
            err = r.json()["error"]
            self.assertEqual(err["code"], "bad_request")
            self.assertTrue(err["message"])
        r = c.request("POST", "/api/v1/login", body='{"name": "a",\n "password": }',
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.json()["error"]["line"], 2)
        r = c.request("POST", "/api/v1/login", body="name=a",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 415)
        self.assertEqual(r.json()["error"]["code"], "unsupported_media_type")
        r = c.api("POST", "/api/v1/login", {"name": "viewer", "password": 12345678})
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["field"], "password")

    def test_headers_over_the_limit_are_refused(self):
        s = raw_connect(self.srv.port)
        s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 64000 + b"\r\n\r\n")
        answer = recv_all(s, 10)
        s.close()
        status = answer.split(b"\r\n", 1)[0]
        self.assertRegex(status.decode(), r"^HTTP/1\.1 (413|414|431|400) ")
        self.assertEqual(self.srv.client().get("/login").status, 200, "the server still answers")

    def test_request_log_has_no_secrets(self):
        c = self.srv.client()
        c.login("manager")
        c.get("/login?next=/secret-query-value")
        token = c.cookies["isms_session"]
        csrf = c.csrf_token()
        time.sleep(0.3)
        log = self.srv.log()
        self.assertNotIn(PASSWORD, log)
        self.assertNotIn(token, log)
        self.assertNotIn(csrf, log)
        self.assertNotIn("secret-query-value", log)
        line = re.compile(r"^\d{4}-\d\d-\d\dT[\d:.]+Z 127\.0\.0\.1 (GET|POST|PUT|DELETE|HEAD|PATCH) \S+ "
                          r"(\d{3}|-) \d+ [\d.]+ms( \w+)?$")
        requests = [l.rstrip("\n") for l in log.splitlines() if not l.startswith("isms:")]
        self.assertTrue(requests)
        for l in requests:
            self.assertRegex(l, line)
        self.assertTrue(any(re.search(r" POST /login 303 0 ", l) for l in requests))
        self.assertTrue(any(re.search(r" GET /login 200 \d+ ", l) for l in requests))

    def test_log_lines_cannot_be_forged(self):
        s = raw_connect(self.srv.port)
        s.sendall(b"GET /a%0Afake%20line HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        recv_all(s, 10)
        s.close()
        time.sleep(0.3)
        self.assertFalse(any(l.startswith("fake") for l in self.srv.log().splitlines()))


class TestConnectionLimits(webtest.unittest.TestCase):
    def test_per_ip_limit_and_idle_timeout(self):
        srv = Server().seed().start("--max-per-ip", "3", "--timeout", "2")
        try:
            held = [raw_connect(srv.port) for _ in range(3)]
            time.sleep(0.3)
            extra = raw_connect(srv.port)
            try:
                extra.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n")
            except OSError:
                pass
            self.assertEqual(recv_all(extra, 5), b"", "a fourth connection from one address is refused")
            extra.close()
            # Idle connections are closed after the timeout...
            time.sleep(3)
            for s in held:
                self.assertEqual(recv_all(s, 5), b"")
                s.close()
            # ...which frees their places.
            time.sleep(0.3)
            self.assertEqual(srv.client().get("/login").status, 200)
        finally:
            rc = srv.stop()
            srv.cleanup()
        self.assertEqual(rc, 0)


class TestShutdown(webtest.unittest.TestCase):
    def shutdown_with_request_in_flight(self, sig):
        srv = Server().seed().start()
        try:
            body = ('{"name": "viewer", "password": "%s"}' % PASSWORD).encode()
            s = raw_connect(srv.port)
            s.sendall(b"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
            time.sleep(0.5)
            srv.proc.send_signal(sig)
            time.sleep(0.5)
            self.assertIsNone(srv.proc.poll(), "the server waits for the request in flight")
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", srv.port), timeout=5).close()
            s.sendall(body[10:])
            answer = recv_all(s, 30)
            s.close()
            self.assertTrue(answer.startswith(b"HTTP/1.1 200 "), answer[:200])
            self.assertIn(b"Connection: close", answer)
            self.assertIn(b'"csrf_token"', answer)
            rc = srv.proc.wait(30)
            srv.stop()
            self.assertEqual(rc, 0)
            self.assertIn("finishing the requests in flight", srv.log())
        finally:
            srv.cleanup()

    def test_sigterm_finishes_requests_in_flight(self):
        self.shutdown_with_request_in_flight(signal.SIGTERM)

    def test_sigint_finishes_requests_in_flight(self):
        self.shutdown_with_request_in_flight(signal.SIGINT)


if __name__ == "__main__":
    webtest.main()
