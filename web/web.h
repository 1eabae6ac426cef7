/*
 * web.h - the HTTP adapter of "isms serve" (internal to web/).
 *
 * server.c runs libmicrohttpd: a pool of worker threads reads each request
 * (headers, then a body bounded by the route's limit and by what all
 * bodies together may hold) and, on the final call of the access handler,
 * hands it to routes.c. Before any body is read, web_admit checks who
 * sends a request for a route that needs a login, and may answer at once
 * (the connection then closes). The dispatcher finds
 * the route in the table, checks what the route's flags ask for (typed
 * path parameters, declared fields, login, CSRF token, membership of the
 * ISMS in the path and the minimum role), and only then calls the handler.
 * A handler reads only declared, validated values (req_*), calls the
 * library, and answers exactly once: web_html (through page_begin and
 * page_end), web_json, web_redirect or web_fail. server.c then adds the
 * security headers, compresses text for clients that accept gzip, queues
 * the response and logs one line when it has been sent.
 *
 * Memory: everything a request allocates lives in its arena (r->arena) or
 * in its output buffer, and is freed when the response has been sent.
 * Threads: each worker has its own database context (r->ctx), opened on
 * its first request, since struct isms_ctx is used by one thread at a
 * time. The server (configuration, static files, OpenAPI document) is
 * read-only while the daemon runs; the kept fragments (fragment.c) are
 * shared under their own lock.
 *
 * Transactions: a route without ROUTE_WRITE and without a body is admitted
 * and handled inside one read-only transaction, so its handler must not
 * write (a write there fails with ISMS_EINTERNAL). Writing routes are
 * admitted in a read-only transaction of their own, before their body is
 * read, and their handlers write in the library's transactions.
 *
 * Adding a feature's pages: write web/page-X.c and web/api-X.c with
 * handlers `void page_x(struct req *r)`, declare them below, and add their
 * routes to the table in routes.c (with the fields they read, the role
 * they need and ROUTE_WRITE when they change anything); add the pages to
 * the ISMS navigation in layout.c.
 */
#ifndef ISMS_WEB_H
#define ISMS_WEB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <time.h>

#include <jansson.h>

#include "isms/account.h"
#include "isms/approval.h"
#include "isms/arena.h"
#include "isms/context.h"
#include "isms/doc.h"
#include "isms/err.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/sbuf.h"
#include "isms/scoring.h"
#include "isms/session.h"
#include "isms/status.h"
#include "isms/user.h"
#include "isms/versioned.h"

struct MHD_Connection;
struct MHD_Daemon;

/* --- configuration ----------------------------------------------------------- */

struct web_config {
	const char *db;         /* the database URL, opened by every worker */
	const char *listen;     /* "HOST:PORT"; port 0 picks a free one */
	unsigned threads;       /* worker threads, at least 2 */
	size_t max_body;        /* bytes of a form or JSON body */
	size_t max_upload;      /* bytes of a body of an upload route */
	size_t max_header;      /* bytes of memory per connection: request line and headers */
	size_t max_buffered;    /* bytes of request bodies held at once, all requests together
				 * (0: no limit) */
	unsigned max_connections;
	unsigned max_per_ip;    /* 0: no limit */
	unsigned timeout;       /* seconds a connection may stay idle */
	unsigned header_timeout; /* the same while the request line and headers are read
				  * (0, or more than `timeout`: `timeout`) */
	unsigned shutdown_timeout; /* seconds to finish requests in flight */
	struct session_policy session;
	bool secure_cookies;    /* mark cookies Secure (served over TLS by a proxy) */
	bool trust_proxy;       /* take the client address from X-Real-IP when the peer is loopback */
};

#define WEB_DEFAULT_LISTEN "127.0.0.1:8080"
/* --max-buffered when not given: this, or four of the largest uploads. */
#define WEB_DEFAULT_BUFFERED ((size_t)128 << 20)

/* Run the server until SIGTERM or SIGINT; `ctx` is the main thread's
 * context (start-up and housekeeping). Prints the address, and the
 * one-time set-up link while no user exists. Returns an exit status. */
int web_serve(const struct web_config *cfg, struct isms_ctx *ctx);

/* Print the route table, one route a line (for tests and docs). */
void web_list_routes(FILE *out);

/* --- routes ---------------------------------------------------------------------- */

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_POST = 1 << 1,
	HTTP_PUT = 1 << 2,
	HTTP_DELETE = 1 << 3,
};

enum route_flags {
	ROUTE_LOGIN = 1 << 0,  /* a logged-in user (session cookie, or API token for the API) */
	ROUTE_WRITE = 1 << 1,  /* changes state: a CSRF token unless authenticated by API token */
	ROUTE_API = 1 << 2,    /* JSON in and out */
	ROUTE_ISMS = 1 << 3,   /* {isms} in the path: membership and `role` are checked */
	ROUTE_ADMIN = 1 << 4,  /* administrators of the installation only */
	ROUTE_UPLOAD = 1 << 5, /* the body may be as large as the upload limit */
	ROUTE_PRELOGIN = 1 << 6, /* a form used before login (CSRF bound to a pre-login cookie) */
	ROUTE_NOAUTH = 1 << 7, /* the same for everyone (static files): no database, no session */
	ROUTE_SESSION = 1 << 8, /* a login session only, not an API token: the token itself, the
				 * password (so that revoking a leaked token ends its reach) */
};

enum field_type {
	FIELD_TEXT = 1,  /* one line of text: UTF-8, no control characters, `max` characters */
	FIELD_MULTILINE, /* text with line breaks and tabs, `max` characters */
	FIELD_PASSWORD,  /* any UTF-8 without NUL, `max` bytes; never echoed */
	FIELD_NAME,      /* a user name: letters, digits, . _ @ -, 1 to 64 */
	FIELD_INT,       /* a decimal integer in [min, max] */
	FIELD_DATE,      /* YYYY-MM-DD */
	FIELD_ENUM,      /* one of `values` */
	FIELD_BOOL,      /* forms: "1" or "0"; JSON: true or false */
	FIELD_HEX,       /* lower-case hex digits, exactly `max` of them (0: 1 to 128) */
	FIELD_PATH,      /* a local path to go back to: starts with one "/" */
	FIELD_FILE,      /* a file of a multipart/form-data body (ROUTE_UPLOAD): req_file */
	FIELD_JSON,      /* JSON: an object or array in a JSON body, JSON text in a form; `max` bytes */
};

enum field_flags {
	FIELD_REQUIRED = 1 << 0,
	FIELD_REPEAT = 1 << 1, /* a list: given several times in a form or query, or as a JSON
				* array of strings; each value is checked by the type (req_list) */
};

#define REQ_LIST_MAX 1000 /* values of one FIELD_REPEAT field */

struct field {
	const char *name;
	enum field_type type;
	unsigned flags;
	long long min, max;
	const char *const *values; /* FIELD_ENUM, ending with NULL */
	const char *doc;           /* English, for the OpenAPI document */
};

struct req;

struct route {
	unsigned method;          /* one enum http_method */
	const char *pattern;      /* "/isms/{isms:id}/users/{user:name}/role" */
	void (*handler)(struct req *r);
	unsigned flags;
	enum isms_role role;      /* the minimum role in the ISMS (ROUTE_ISMS) */
	const struct field *fields; /* query (GET) or body fields, ending with { 0 } */
	const char *schema;       /* ROUTE_API: the response schema (openapi.c) */
	const char *summary;      /* English, for --list-routes and the OpenAPI document */
};

extern const struct route web_routes[];

/* The route for `method` and `path`, with the path parameters stored in
 * `r`. NULL when none; `*ret_allowed` then holds the methods the path
 * has (0: no such path). */
const struct route *route_match(struct req *r, unsigned method, const char *path,
				unsigned *ret_allowed);

/* Called once the request line and headers are in, before any body is
 * read: for a route that needs a login, check who sends the request
 * (session cookie or API token) and, for routes of an ISMS, the
 * membership and role. Returns false after answering (401, 403, 404 …),
 * so that anonymous clients cannot make the server buffer bodies. */
bool web_admit(struct req *r);
/* Check everything the route asks for and call its handler (routes.c). */
void web_dispatch(struct req *r);

/* --- requests ------------------------------------------------------------------------ */

#define REQ_PARAMS_MAX 4
#define REQ_FIELDS_MAX 32
#define REQ_FILES_MAX 4

struct req_value {
	const char *name;
	const char *value;
	char kind; /* JSON bodies: 's' string, 'i' integer, 'b' boolean, 'j' object or array
		    * (its JSON text); 'f' a file of a multipart body (the value is its
		    * name); 0 otherwise */
	const char **list; /* FIELD_REPEAT: every value, in the order sent (value: the first) */
	size_t nlist;
};

/* A file sent in a multipart/form-data body; `data` lives in the request's
 * body buffer. */
struct req_file {
	const char *field;
	const char *filename; /* as the client named it: never trusted as a path */
	const char *type;     /* the part's Content-Type, or NULL */
	const char *data;
	size_t len;
};

struct web_header {
	const char *name;
	const char *value;
};

struct server;

struct req {
	struct server *srv;
	struct MHD_Connection *conn;
	struct arena arena;
	struct timespec start;
	unsigned method;       /* HEAD is answered as GET */
	const char *method_name;
	const char *path;      /* decoded, without the query string */
	const struct route *route;
	unsigned allowed;      /* methods of the path when no route matched */
	char address[SESSION_ADDRESS_MAX + 1];

	struct req_value params[REQ_PARAMS_MAX];
	size_t nparams;
	struct req_value raw[REQ_FIELDS_MAX]; /* fields as sent */
	size_t nraw;
	struct req_value fields[REQ_FIELDS_MAX]; /* declared and valid */
	size_t nfields;
	struct req_file files[REQ_FILES_MAX];    /* raw values of kind 'f' name them */
	size_t nfiles;

	struct sbuf body;
	size_t body_max;
	bool body_too_large;
	bool overloaded;       /* the server holds --max-buffered bytes of bodies already */
	size_t buffered;       /* bytes of this body counted in srv->buffered */
	bool admitted;         /* web_admit checked the user, membership and role */
	bool close;            /* answer with Connection: close */

	struct isms_ctx *ctx;
	struct account *user;  /* NULL: anonymous */
	bool by_token;         /* authenticated by an API token */
	char session[SESSION_TOKEN_HEX]; /* the cookie's token, when logged in by cookie */
	struct session_info sess;        /* what the session check left due (session_settle) */
	int64_t token_touch;             /* the API token whose use is due to be recorded */
	char csrf[ISMS_SHA256_HEX];      /* the token forms and cookie API calls carry */
	enum isms_lang lang;

	struct isms_info isms; /* ROUTE_ISMS */
	enum isms_role role;
	int64_t frag_version;  /* fragment.c: the ISMS's newest audit entry, */
	bool frag_version_read; /* read once a request */
	char today[11];        /* web_today: the day, read once a request */

	/* the response */
	bool responded;
	int status;
	const char *content_type;
	struct sbuf out;
	const unsigned char *fixed; /* a body that outlives the request (static files) */
	size_t fixed_len;
	bool compressible;
	bool is_gzip;           /* `fixed` is already gzip-compressed */
	const char *cache_control;
	struct web_header headers[8];
	size_t nheaders;
	size_t sent;            /* bytes of the body sent, for the log */
	int log_status;
};

/* A path parameter's value ("isms", "user", …); NULL when not declared. */
const char *req_param(struct req *r, const char *name);
/* An {x:id} parameter as a number. */
int64_t req_param_id(struct req *r, const char *name);
/* A declared field; NULL when absent or empty. */
const char *req_str(struct req *r, const char *name);
/* The values of a declared FIELD_REPEAT field, in the order sent (empty
 * ones included, so that parallel lists stay aligned); NULL and 0 when
 * absent. */
const char *const *req_list(struct req *r, const char *name, size_t *ret_n);
/* A declared FIELD_INT, or `dflt` when absent. */
long long req_int(struct req *r, const char *name, long long dflt);
/* A declared FIELD_BOOL; false when absent. */
bool req_bool(struct req *r, const char *name);
/* A declared FIELD_FILE, or NULL when none was sent. */
const struct req_file *req_file(struct req *r, const char *name);
/* A request header, or NULL. */
const char *req_header(struct req *r, const char *name);
/* Whether the request announces a body (Content-Length above 0, or chunked). */
bool req_has_body(struct req *r);
/* A cookie's value, or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* Whether the client accepts gzip-compressed responses. */
bool req_accepts_gzip(struct req *r);

/* Parse the body or the query string into r->raw (400 on malformed input),
 * then check them against the route's fields into r->fields. Return false
 * after answering the request with the error. */
bool req_read_raw(struct req *r);
bool req_check_fields(struct req *r);
/* A raw field as sent (for the CSRF token), or NULL. */
const char *req_raw(struct req *r, const char *name);
/* The language from Accept-Language. */
enum isms_lang req_accept_language(struct req *r);
/* Whether `s` is a local path that is safe to redirect to. */
bool req_local_path(const char *s);

/* --- multipart/form-data (multipart.c) ------------------------------------------------ */

#define MP_BOUNDARY_MAX 70  /* RFC 2046 */
#define MP_HEADER_MAX 8192  /* bytes of the headers of one part */
#define MP_NAME_MAX 200     /* bytes of a field name or a file name */

struct mp_part {
	const char *name;     /* the field's name (Content-Disposition name=) */
	const char *filename; /* NULL for a plain field; may be "" */
	const char *type;     /* the part's Content-Type, or NULL */
	const char *data;     /* into the body: may hold any byte */
	size_t len;
};

/* The boundary of a "multipart/form-data; boundary=…" Content-Type, into
 * the arena; NULL when it has none or a malformed one. */
const char *multipart_boundary(struct arena *a, const char *content_type);
/* Split a multipart/form-data body of `len` bytes into at most `max`
 * parts. Anything malformed (no opening or closing delimiter, a part
 * without a Content-Disposition of form-data with a name, header lines
 * without a colon or over MP_HEADER_MAX, too many parts) is ISMS_EINVAL
 * with a message for a 400 answer; ISMS_ELIMIT for too many parts. */
enum isms_rc multipart_parse(struct arena *a, const char *boundary, const char *body, size_t len,
			     size_t max, struct mp_part **ret, size_t *ret_n, struct isms_err *err);

/* --- responses ----------------------------------------------------------------------- */

/* Add a response header (name and value must outlive the request). */
void web_header(struct req *r, const char *name, const char *value);
/* Set a cookie: HttpOnly, SameSite=Strict, Path=/, Secure with
 * --secure-cookies; `max_age` < 0 deletes it. */
void web_cookie(struct req *r, const char *name, const char *value, long max_age);
/* Send r->out as HTML. */
void web_html(struct req *r, int status);
/* Send `v` (taken) as JSON. */
void web_json(struct req *r, int status, json_t *v);
/* Send r->out as a file of media type `type` (a string that outlives the
 * request); with `filename`, as an attachment to save under that name
 * (ASCII letters, digits, ".", "_" and "-" only). */
void web_send(struct req *r, int status, const char *type, const char *filename);
/* 303 See Other to a local path. */
void web_redirect(struct req *r, const char *path);
/* The HTTP status of an error code (one table for the whole web). */
int web_status(enum isms_rc rc);
/* Answer with an error: JSON for the API, an HTML page otherwise. */
void web_fail(struct req *r, const struct isms_err *err);
void web_fail_status(struct req *r, int status, const struct isms_err *err);

/* --- pages (layout.c) ------------------------------------------------------------------ */

/* Start a page: the document head and the navigation (for the ISMS of the
 * request when there is one). The handler appends the content to r->out. */
void page_begin(struct req *r, const char *title);
/* Close the page and send it. */
void page_end(struct req *r, int status);
/* An error or notice box. */
void page_error(struct req *r, const struct isms_err *err);
void page_notice(struct req *r, const char *text);
/* <form method="post" action="…"> with the CSRF token. */
void form_begin(struct req *r, const char *action);
/* The CSRF hidden input alone. */
void form_csrf(struct req *r);
/* <option>s of the editions of ISO/IEC 27001, `selected` chosen. */
void form_edition_options(struct req *r, long long selected);
/* "/isms/ID" followed by `suffix`, in the arena. */
const char *isms_url(struct req *r, const char *suffix);

/* --- what the step pages share (ui.c) ----------------------------------------------- */

/* `path` with the request's declared fields as its query (except `skip1`,
 * `skip2` and "msg"), ending with "?" or "&" so that one more parameter
 * can follow; in the arena. */
const char *req_query_url(struct req *r, const char *path, const char *skip1, const char *skip2);
/* "Showing 1 to 50 of 120." with links to the previous and next pages of
 * `base` (from req_query_url without offset and limit). */
void page_pager(struct req *r, const char *base, size_t total, size_t offset, size_t limit);
/* A table header that sorts by `key` (and the other way round when it is
 * the current sort). */
void page_sort_th(struct req *r, const char *base, const char *key, const char *label,
		  const char *current, bool desc);
/* The same for a column whose order, unreversed, puts the highest (the
 * most severe) first: the arrow shows what the reader sees. */
void page_sort_th_from(struct req *r, const char *base, const char *key, const char *label,
		       const char *current, bool desc, bool high_first);
/* A labelled input or text area in a <p>; an <option>. */
void form_text(struct req *r, const char *id, const char *name, const char *label,
	       const char *value, long long maxlength, bool required);
void form_textarea(struct req *r, const char *id, const char *name, const char *label,
		   const char *value, long long maxlength);
void form_option(struct req *r, const char *value, const char *label, bool selected);
/* Owners (and approvers) change only the assets and risks they own, by
 * their user name or display name; managers and administrators any.
 * web_check_owner answers 403 and returns false when the user may not
 * change what `owner` owns (`what`: "assets" or "risks", translated). */
bool web_owns(struct req *r, const char *owner);
bool web_check_owner(struct req *r, const char *owner, const char *what);
/* The name an owner's new assets and risks are given. */
const char *web_self_owner(struct req *r);
/* A stored time ("2026-11-26T08:15:20.566Z") as people read it:
 * "2026-11-26 08:15 UTC". Anything else is returned as it is. */
const char *web_time(struct req *r, const char *iso);
/* Today (UTC) as YYYY-MM-DD, the same all through a request. */
const char *web_today(struct req *r);

/* Pieces of pages kept once made (fragment.c): a piece depends only on the
 * ISMS's data, the day, the language, the role and `variant` (the fields
 * that shape it), and never holds a CSRF token or anything else of one
 * user. fragment_use appends the kept piece `name` to r->out and returns
 * true; else the caller makes it and hands it to fragment_keep with the
 * offset in r->out where it began. */
bool fragment_use(struct req *r, const char *name, const char *variant);
void fragment_keep(struct req *r, const char *name, const char *variant, size_t start);
/* Forget every piece (at shutdown). */
void fragment_clear(void);
/* page_error without the hints meant for the command line. */
void page_error_web(struct req *r, const struct isms_err *err);
struct score_scale;
/* "2 Internal use only" (a level with its label); "-" for 0. */
const char *web_level_text(struct req *r, const struct score_scale *s, int v);
/* A <select> of the levels of scale `s` (1 … `max` when it has none),
 * with "not set" as 0. */
void form_level_select(struct req *r, const char *id, const char *name, const char *label,
		       const struct score_scale *s, int value, int max);
/* A declared FIELD_INT as an int, or `dflt`. */
int req_level(struct req *r, const char *name, int dflt);
/* Whether the request sent field `name` at all (even empty): partial
 * updates change only what is sent. */
bool req_present(struct req *r, const char *name);

/* --- the server (server.c) -------------------------------------------------------------- */

struct static_file {
	const char *name;  /* below "static/" */
	const char *type;
	const unsigned char *data;
	size_t len;
	unsigned char *gz; /* gzip-compressed copy, or NULL when it does not pay */
	size_t gzlen;
	char version[17];  /* 16 hex digits of the SHA-256 of the content */
	char etag[24];     /* the version, quoted */
};

struct server {
	struct web_config cfg;
	struct MHD_Daemon *daemon;
	pthread_key_t worker_key;
	atomic_int inflight;
	atomic_bool stopping;
	atomic_size_t buffered; /* bytes of request bodies held now (max_buffered) */
	struct static_file *statics;
	size_t nstatics;
	char *openapi;     /* the OpenAPI document, built once */
	size_t openapi_len;
};

/* The calling worker thread's database context, opened on first use. */
struct isms_ctx *web_worker_ctx(struct server *srv, struct isms_err *err);
/* Index the embedded "static/…" resources, with ETags and gzip copies. */
void web_statics_load(struct server *srv);
/* The static file called `name`, or NULL. */
const struct static_file *web_static_find(const struct server *srv, const char *name);
/* The version tag to put in static URLs ("?v=…"). */
const char *web_static_version(const struct server *srv, const char *name);
/* gzip `len` bytes of `data` into `out`; false when it fails. */
bool web_gzip(const void *data, size_t len, struct sbuf *out);

/* Build the OpenAPI document from the route table (openapi.c). */
char *openapi_build(size_t *ret_len);

/* --- handlers ---------------------------------------------------------------------------- */

/* static.c */
void web_static(struct req *r);

/* page-login.c */
/* Before login, forms are bound to a random pre-login cookie: set r->csrf
 * from it, making the cookie first when `create`. */
void web_prelogin_csrf(struct req *r, bool create);
void page_root(struct req *r);
void page_login(struct req *r);
void page_login_post(struct req *r);
void page_logout(struct req *r);
void page_setup(struct req *r);
void page_setup_post(struct req *r);

/* page-isms.c */
void page_isms_list(struct req *r);
void page_isms_create(struct req *r);
void page_dashboard(struct req *r);

/* page-user.c */
/* The users of the ISMS of the path with their roles: its members only,
 * except for administrators, who add the installation's users to it. */
enum isms_rc web_users(struct req *r, struct user_info **ret, size_t *ret_n, struct isms_err *err);
void page_users(struct req *r);
void page_user_add(struct req *r);
void page_user_role(struct req *r);
void page_user_password(struct req *r);

/* page-account.c */
void page_account(struct req *r);
void page_account_password(struct req *r);
void page_account_lang(struct req *r);
void page_token_create(struct req *r);
void page_token_revoke(struct req *r);

/* page-log.c */
void page_log(struct req *r);
void page_log_verify(struct req *r);

/* api-session.c */
void api_openapi(struct req *r);
void api_login(struct req *r);
void api_logout(struct req *r);
void api_session(struct req *r);
void api_account_password(struct req *r);
void api_account_lang(struct req *r);
void api_tokens(struct req *r);
void api_token_create(struct req *r);
void api_token_revoke(struct req *r);

/* api-isms.c */
void api_isms_list(struct req *r);
void api_isms_create(struct req *r);
void api_isms_get(struct req *r);
void api_status(struct req *r);

/* api-user.c */
void api_roles(struct req *r);
void api_users(struct req *r);
void api_user_add(struct req *r);
void api_user_role(struct req *r);
void api_user_password(struct req *r);

/* api-log.c */
void api_log(struct req *r);
void api_log_verify(struct req *r);

/* --- steps 1, 2, 7, 9, 10 and the documents ------------------------------------------------ */

struct catalog;
struct catalog_item;
struct control_sel;
struct doc;
struct scope;
struct version_info;

/* steps.c: what these pages share. */
struct version_info;
/* The versions of a versioned text (scope, policy) as a table, newest
 * first, each linking to `page`?version=N except the one `shown`. */
void step_history(struct req *r, const char *page, const struct version_info *v, size_t n, int shown);
/* The notice for the "msg" of a redirect, or NULL. */
const char *step_notice(struct req *r);
/* `err` when there is one, else the notice of "msg". */
void step_messages(struct req *r, const struct isms_err *err);
/* The CSS class and the badge of an approval state. */
const char *step_state_class(enum approval_state s);
void step_state_badge(struct req *r, enum approval_state s);
/* An approver's form: a comment and two buttons, decision=approve|reject. */
void step_decision_form(struct req *r, const char *action, const char *intro, const char *approve,
			const char *reject, bool comment_required);
enum approval_decision step_decision(struct req *r);
/* Drop a hint meant for the command line from an error for the browser. */
void step_web_hint(struct isms_err *err);
/* Today in UTC, YYYY-MM-DD. */
void step_today(char out[16]);
/* Writing PDFs (cairo, pango, fontconfig) one at a time. */
void step_lock_pdf(void);
void step_unlock_pdf(void);
/* Write `d` (taken) as `f` and send it as the file BASENAME.EXT. */
void step_send_doc(struct req *r, struct doc *d, enum doc_format f, const char *basename);
/* The "lang" field, or the page's language; false when unknown. */
bool step_doc_lang(struct req *r, enum isms_lang *ret);
/* Links to `base?format=F&lang=L` for both languages and each format. */
void step_download_links(struct req *r, const char *base, const char *const *formats);

/* page-scope.c, api-scope.c */
enum isms_rc scope_from_request(struct req *r, struct scope *s, struct isms_err *err);
json_t *versions_json(const struct version_info *v, size_t n);
json_t *decision_json(int number, enum approval_decision d, enum approval_state st);
void page_scope(struct req *r);
void page_scope_edit(struct req *r);
void page_scope_save(struct req *r);
void page_scope_approve(struct req *r);
void api_scope(struct req *r);
void api_scope_save(struct req *r);
void api_scope_versions(struct req *r);
void api_scope_approve(struct req *r);

/* page-policy.c, api-policy.c */
void page_policy(struct req *r);
void page_policy_edit(struct req *r);
void page_policy_save(struct req *r);
void page_policy_preview(struct req *r);
void page_policy_approve(struct req *r);
void api_policy(struct req *r);
void api_policy_save(struct req *r);
void api_policy_versions(struct req *r);
void api_policy_preview(struct req *r);
void api_policy_approve(struct req *r);

/* page-selection.c, api-selection.c */
const struct catalog_item *control_group(const struct catalog *cat, const struct control_sel *c);
enum isms_rc control_find(struct req *r, const char *id, struct control_sel **ret_rows,
			  size_t *ret_n, struct control_sel **ret, struct isms_err *err);
/* Change one control from the request: `whole` for a form (every field
 * is sent; empty clears), else only the fields sent. */
enum isms_rc control_update(struct req *r, const struct control_sel *c, bool whole,
			    struct isms_err *err);
enum isms_rc controls_bulk(struct req *r, const char *const *ids, size_t n, struct isms_err *err);
const char **control_ids(struct req *r, size_t *ret_n);
void page_controls(struct req *r);
void page_controls_bulk(struct req *r);
void page_control(struct req *r);
void page_control_save(struct req *r);
void page_control_add(struct req *r);
void page_control_remove(struct req *r);
void api_controls(struct req *r);
void api_controls_bulk(struct req *r);
void api_control(struct req *r);
void api_control_save(struct req *r);
void api_control_add(struct req *r);
void api_control_remove(struct req *r);

/* page-authorisation.c, api-authorisation.c */
const char *authorisation_state_label(enum approval_state s);
void page_authorisation(struct req *r);
void page_authorisation_decide(struct req *r);
void api_authorisation(struct req *r);
void api_authorisation_decide(struct req *r);

/* page-soa.c, api-soa.c */
const char *soa_field_label(const char *field);
/* The {soa} of the path; answers 404 and returns false when it is beyond
 * any number a snapshot can have. */
bool web_soa_number(struct req *r, int *ret);
enum isms_rc soa_doc(struct req *r, int number, enum isms_lang lang, struct doc **ret,
		     struct isms_err *err);
/* The snapshots to compare: "from" and "to", else the latest two; false
 * when there are not two (`*ret_failed`: reading them failed). */
bool soa_diff_pair(struct req *r, int *ret_from, int *ret_to, struct isms_err *err, bool *ret_failed);
void page_soa_list(struct req *r);
void page_soa_generate(struct req *r);
void page_soa(struct req *r);
void page_soa_diff(struct req *r);
void page_soa_approve(struct req *r);
void page_soa_export(struct req *r);
void api_soa_list(struct req *r);
void api_soa_generate(struct req *r);
void api_soa(struct req *r);
void api_soa_diff(struct req *r);
void api_soa_approve(struct req *r);

/* page-docset.c, api-docset.c */
const char *const *docset_formats(const char *report);
int docset_step(const char *report);
void page_documents(struct req *r);
void page_document(struct req *r);
void api_documents(struct req *r);

/* --- steps 3 to 6 and 8, the catalogues, the dashboard's risks ---------------------------- */

struct asset;
struct asset_edit;
struct asset_filter;
struct lib_threat;
struct lib_vuln;
struct threat_edit;
struct vuln_edit;
struct risk;
struct risk_edit;
struct risk_filter;
struct risk_new;
struct risk_treat;
struct score_method;
struct tabin;
struct tabin_errors;

/* page-catalog.c, api-catalog.c */
const char *web_catalog_title(const struct catalog *c);
/* The words of a search, split at ASCII and ideographic spaces. */
size_t web_search_words(struct arena *a, const char *q, const char ***ret);
/* The catalogue of the path ({catalog}, "version"); answers 404 and
 * returns NULL when there is none. Free with catalog_free. */
struct catalog *web_catalog_open(struct req *r);
/* "from" and "to" of the mapping, defaulting around the ISMS's edition. */
bool web_mapping_editions(struct req *r, int *ret_from, int *ret_to, struct isms_err *err);
void page_catalogs(struct req *r);
void page_catalog(struct req *r);
void page_catalog_item(struct req *r);
void page_mapping(struct req *r);
void api_catalogs(struct req *r);
void api_catalog(struct req *r);
void api_catalog_item(struct req *r);
void api_mapping(struct req *r);

/* page-method.c, api-method.c */
void page_method(struct req *r);
void page_method_preset(struct req *r);
void page_method_general(struct req *r);
void page_method_scale(struct req *r);
void page_method_levels(struct req *r);
void page_method_criteria(struct req *r);
void page_method_json(struct req *r);
void page_method_approval(struct req *r);
void api_method(struct req *r);
void api_method_set(struct req *r);
void api_method_approval(struct req *r);

/* page-asset.c, api-asset.c */
const char *web_asset_url(struct req *r, const char *code, const char *suffix);
/* Codes separated by commas, semicolons or white space; `*ret_n` is
 * max + 1 when there are more than `max`. */
const char **web_split_codes(struct req *r, const char *s, size_t max, size_t *ret_n);
/* Non-empty lines, trimmed; `*ret_n` is max + 1 when there are more. */
const char **web_split_lines(struct req *r, const char *s, size_t max, size_t *ret_n);
/* `s` percent-encoded for a URL path segment, in the arena. */
const char *web_url_part(struct req *r, const char *s);
void web_asset_filter(struct req *r, struct asset_filter *f);
bool web_asset_edit_from(struct req *r, struct asset_edit *e, struct isms_err *err);
bool web_asset_from(struct req *r, struct asset *a, struct isms_err *err);
/* An uploaded CSV or XLSX file as rows. */
enum isms_rc web_read_table(const struct req_file *f, struct tabin *t, struct isms_err *err);
void page_import_errors(struct req *r, const struct tabin_errors *errs);
void api_import_errors(struct req *r, const struct isms_err *err, const struct tabin_errors *errs);
json_t *asset_to_json(const struct asset *a);
void page_assets(struct req *r);
void page_asset_add(struct req *r);
void page_asset(struct req *r);
void page_asset_edit(struct req *r);
void page_asset_delete_form(struct req *r);
void page_asset_delete(struct req *r);
void page_asset_import_form(struct req *r);
void page_asset_import(struct req *r);
void api_assets(struct req *r);
void api_asset_add(struct req *r);
void api_asset(struct req *r);
void api_asset_edit(struct req *r);
void api_asset_delete(struct req *r);
void api_asset_import(struct req *r);

/* page-library.c, api-library.c */
bool web_threat_matches(const struct lib_threat *t, const char *const *words, size_t n);
bool web_vuln_matches(const struct lib_vuln *v, const char *const *words, size_t n);
void web_threat_from(struct req *r, struct lib_threat *t);
void web_vuln_from(struct req *r, struct lib_vuln *v);
/* The change a request asks for. The edit form (`form`) sends every text,
 * but no box left unticked, so the asset types and, for a threat, the
 * properties are always set from it; from the API only the fields sent
 * change. Properties that do not parse are an empty set, refused as when
 * adding. */
void web_threat_edit_from(struct req *r, bool form, struct threat_edit *e);
void web_vuln_edit_from(struct req *r, bool form, struct vuln_edit *e);
void page_library(struct req *r);
void page_threat_add(struct req *r);
void page_vuln_add(struct req *r);
void page_threat_edit(struct req *r);
void page_threat_delete(struct req *r);
void page_vuln_edit(struct req *r);
void page_vuln_delete(struct req *r);
void api_library(struct req *r);
void api_threat_add(struct req *r);
void api_vuln_add(struct req *r);
void api_threat_edit(struct req *r);
void api_threat_delete(struct req *r);
void api_vuln_edit(struct req *r);
void api_vuln_delete(struct req *r);

/* page-risk.c, api-risk.c */
const char *web_risk_url(struct req *r, const char *code, const char *suffix);
const char *web_suggest_url(struct req *r, const char *asset);
/* The method in force (the default preset when it cannot be read: then
 * false, and a page made with it is not kept); release it with
 * score_method_release. */
bool web_method(struct req *r, struct score_method *m);
const char *web_level_label(const struct score_method *m, int level);
/* "12 (Medium), treat", or "not evaluated". */
const char *web_eval_text(struct req *r, const struct score_method *m, int value, int level,
			  enum score_decision d);
/* "accept", "treat", "baseline" or "none", for CSS. */
const char *web_decision_class(enum score_decision d);
const char *web_approval_text(enum approval_state s);
void web_risk_filter(struct req *r, struct risk_filter *f);
/* The fields of a risk; `form`: the properties come as three check boxes.
 * Below manager, the owner named must be the user and the asset one the
 * user owns (403 otherwise), for new risks and edits alike. */
bool web_risk_edit_from(struct req *r, struct risk_edit *e, bool form, struct isms_err *err);
bool web_risk_new_from(struct req *r, struct risk_new *n, bool form, struct isms_err *err);
bool web_risk_may_change(struct req *r, struct risk *k);
bool web_treat_from(struct req *r, const struct risk *k, struct risk_treat *t, bool form,
		    struct isms_err *err);
enum isms_rc web_suggest_add(struct req *r, const char *asset, const char *const *pairs, size_t n,
			     const char ***ret, size_t *ret_n, struct isms_err *err);
json_t *risk_to_json(const struct risk *k);
void page_risks(struct req *r);
void page_risk_add(struct req *r);
void page_risk(struct req *r);
void page_risk_edit(struct req *r);
void page_risk_delete_form(struct req *r);
void page_risk_delete(struct req *r);
void page_risk_treatment(struct req *r);
void page_risk_treat(struct req *r);
void page_risk_untreat(struct req *r);
void page_risk_suggest(struct req *r);
void page_risk_suggest_add(struct req *r);
void api_risks(struct req *r);
void api_risk_add(struct req *r);
void api_risk(struct req *r);
void api_risk_edit(struct req *r);
void api_risk_delete(struct req *r);
void api_risk_treat(struct req *r);
void api_risk_untreat(struct req *r);
void api_risk_suggest(struct req *r);
void api_risk_suggest_add(struct req *r);

/* page-approvals.c: the approver's queue of residual risks. */
struct web_queue {
	struct risk *risks;          /* awaiting, stale, rejected, approved */
	enum approval_state *states;
	struct approval *latest;     /* the decision in force, when decided[i] */
	bool *decided;
	size_t n;
	size_t awaiting, stale, approved, rejected;
	bool can_decide;             /* the user has the approver role */
};
enum isms_rc web_queue_load(struct req *r, struct web_queue *q, struct isms_err *err);
/* Record the user's decision ("decision", "comment") on {risk}. */
enum isms_rc web_decide(struct req *r, struct isms_err *err);
void page_approvals(struct req *r);
void page_approval_decide(struct req *r);
void api_approvals(struct req *r);
void api_approval_decide(struct req *r);

/* dashboard-risk.c: the heat map, risks by evaluation, what needs attention. */
/* The dashboard below its title: the ten steps (page-isms.c) and the risk
 * part (dashboard-risk.c), cached per ISMS and language until the ISMS's
 * audit log or the day changes. */
void dashboard_sections(struct req *r);
bool dashboard_steps(struct req *r);

/* Shared by the pages and the API (page-isms.c, api-isms.c). */
json_t *isms_to_json(const struct isms_info *i, enum isms_role role);

#endif
