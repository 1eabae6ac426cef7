"""The OpenAPI document: every API route of the table is in it and
everything in it is a route, with the same parameters and bodies; and what
the API answers matches the schemas the document gives."""
import re

import webtest
from webtest import PASSWORD, ServerTest, fill


def validate(schema, value, doc, path="$"):
    """A small JSON Schema check (type, enum, required, properties, items,
    $ref, min/maxItems): returns a list of problems."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return validate(doc["components"]["schemas"][name], value, doc, path)
    problems = []
    types = schema.get("type")
    if types:
        types = types if isinstance(types, list) else [types]
        ok = {
            "object": isinstance(value, dict),
            "array": isinstance(value, list),
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "null": value is None,
        }
        if not any(ok.get(t, False) for t in types):
            return ["%s: %r is not %s" % (path, value, "/".join(types))]
    if "enum" in schema and value not in schema["enum"]:
        problems.append("%s: %r not in %r" % (path, value, schema["enum"]))
    if isinstance(value, dict):
        for k in schema.get("required", []):
            if k not in value:
                problems.append("%s: %s is missing" % (path, k))
        for k, sub in schema.get("properties", {}).items():
            if k in value:
                problems += validate(sub, value[k], doc, path + "." + k)
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            problems.append("%s: fewer than %d items" % (path, schema["minItems"]))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problems.append("%s: more than %d items" % (path, schema["maxItems"]))
        for i, item in enumerate(value):
            problems += validate(schema.get("items", {}), item, doc, "%s[%d]" % (path, i))
    return problems


def doc_path(pattern):
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", pattern)


class TestOpenApi(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc = cls.srv.client().get("/api/v1/openapi.json").json()
        cls.api = [r for r in webtest.routes() if "api" in r["flags"]]
        cls.alpha = cls.srv.isms_id("alpha")

    def operation(self, route):
        return self.doc["paths"][doc_path(route["pattern"])][route["method"].lower()]

    def check(self, route, r):
        """The answer to a request of `route` matches the document."""
        op = self.operation(route)
        if r.status == 200:
            schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        else:
            schema = op["responses"]["default"]["content"]["application/json"]["schema"]
        problems = validate(schema, r.json(), self.doc)
        self.assertEqual(problems, [], "%s %s -> %d" % (route["method"], route["pattern"], r.status))

    def route(self, method, pattern):
        for r in self.api:
            if r["method"] == method and r["pattern"] == pattern:
                return r
        self.fail("no route %s %s" % (method, pattern))

    def test_document(self):
        self.assertEqual(self.doc["openapi"], "3.1.0")
        self.assertEqual(self.doc["info"]["title"], "isms API")
        self.assertIn("bearer", self.doc["components"]["securitySchemes"])
        self.assertIn("Error", self.doc["components"]["schemas"])

    def test_every_route_is_documented_and_nothing_else(self):
        table = {(r["method"].lower(), doc_path(r["pattern"])) for r in self.api}
        documented = {(m, p) for p, item in self.doc["paths"].items() for m in item}
        self.assertEqual(table - documented, set(), "routes missing from the document")
        self.assertEqual(documented - table, set(), "documented operations that are no route")
        self.assertTrue(all(p.startswith("/api/v1/") for _, p in documented))

    def test_parameters_and_bodies_match_the_table(self):
        for route in self.api:
            op = self.operation(route)
            what = "%s %s" % (route["method"], route["pattern"])
            self.assertEqual(op["summary"], route["summary"], what)
            params = op.get("parameters", [])
            path_params = re.findall(r"\{(\w+):\w+\}", route["pattern"])
            self.assertEqual([p["name"] for p in params if p["in"] == "path"], path_params, what)
            self.assertTrue(all(p["required"] for p in params if p["in"] == "path"))
            fields = [f.rstrip("*") for f in route["fields"]]
            required = [f.rstrip("*") for f in route["fields"] if f.endswith("*")]
            if route["method"] == "GET":
                self.assertEqual([p["name"] for p in params if p["in"] == "query"], fields, what)
                self.assertNotIn("requestBody", op)
            elif fields:
                # Upload routes take multipart/form-data, the others JSON.
                media = "multipart/form-data" if "upload" in route["flags"] else "application/json"
                self.assertEqual(list(op["requestBody"]["content"]), [media], what)
                schema = op["requestBody"]["content"][media]["schema"]
                self.assertEqual(list(schema["properties"]), fields, what)
                self.assertEqual(schema["required"], required, what)
                self.assertFalse(schema["additionalProperties"])
            else:
                self.assertNotIn("requestBody", op, what)
            self.assertEqual(bool(op["security"]), "login" in route["flags"], what)
            if "isms" in route["flags"]:
                self.assertEqual(op["x-isms-role"], route["role"], what)
            self.assertEqual(op.get("x-isms-writes", False), "write" in route["flags"], what)

    def test_reading_routes_answer_as_documented(self):
        c = self.srv.client()
        c.login("admin")
        c.api("POST", "/api/v1/account/tokens", {"name": "for the listing"})
        checked = 0
        for route in self.api:
            if route["method"] != "GET" or webtest.needs_objects(route):
                continue
            r = c.get(fill(route["pattern"], isms=self.alpha))
            self.assertEqual(r.status, 200, route["pattern"])
            self.check(route, r)
            checked += 1
        self.assertGreater(checked, 8)
        # Errors have the documented shape too.
        self.check(self.route("GET", "/api/v1/isms/{isms:id}"), c.get("/api/v1/isms/9999"))
        self.check(self.route("GET", "/api/v1/session"), self.srv.client().get("/api/v1/session"))

    def test_writing_routes_answer_as_documented(self):
        c = self.srv.client()
        r = c.api("POST", "/api/v1/login", {"name": "admin", "password": PASSWORD})
        self.check(self.route("POST", "/api/v1/login"), r)
        users = "/api/v1/isms/%d/users" % self.alpha
        r = c.api("POST", users, {"name": "dora", "display_name": "Dora", "password": PASSWORD, "role": "owner"})
        self.assertEqual(r.status, 200)
        self.check(self.route("POST", "/api/v1/isms/{isms:id}/users"), r)
        self.assertEqual(r.json()["role"], "owner")
        r = c.api("POST", users, {"name": "dora", "password": PASSWORD, "role": "owner"})
        self.assertEqual(r.status, 409)
        self.check(self.route("POST", "/api/v1/isms/{isms:id}/users"), r)
        r = c.api("PUT", users + "/dora/role", {"role": "approver"})
        self.check(self.route("PUT", "/api/v1/isms/{isms:id}/users/{user:name}/role"), r)
        self.assertEqual(r.json()["role"], "approver")
        r = c.api("PUT", users + "/dora/role", {"role": "none"})
        self.assertIsNone(r.json()["role"])
        r = c.api("PUT", users + "/dora/password", {"password": "an0ther password"})
        self.check(self.route("PUT", "/api/v1/isms/{isms:id}/users/{user:name}/password"), r)
        r = c.api("PUT", users + "/dora/password", {"password": "short"})
        self.assertEqual(r.status, 422)
        self.check(self.route("PUT", "/api/v1/isms/{isms:id}/users/{user:name}/password"), r)
        r = c.api("POST", "/api/v1/isms", {"org": "Epsilon", "edition": 2022, "lang": "en"})
        self.check(self.route("POST", "/api/v1/isms"), r)
        self.assertEqual((r.json()["name"], r.json()["role"]), ("Epsilon", "admin"))
        r = c.api("POST", "/api/v1/account/tokens", {"name": "t"})
        self.check(self.route("POST", "/api/v1/account/tokens"), r)
        r = c.api("DELETE", "/api/v1/account/tokens/%d" % r.json()["id"])
        self.check(self.route("DELETE", "/api/v1/account/tokens/{token:id}"), r)
        r = c.api("PUT", "/api/v1/account/password", {"old_password": "wrong", "password": "x" * 10})
        self.assertEqual(r.status, 403)
        self.check(self.route("PUT", "/api/v1/account/password"), r)
        r = c.api("POST", "/api/v1/logout")
        self.check(self.route("POST", "/api/v1/logout"), r)


if __name__ == "__main__":
    webtest.main()
