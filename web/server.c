/* server.c - the libmicrohttpd daemon: bodies and limits, security headers, gzip, the request log, graceful shutdown. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include "isms/i18n.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "web.h"

static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/* Housekeeping (purging ended sessions) runs this often, in seconds. */
#define HOUSEKEEPING_EVERY 60
/* Bodies smaller than this are sent as they are. */
#define GZIP_MIN 256

/* --- workers ------------------------------------------------------------------------- */

struct worker {
	struct isms_ctx *ctx;
};

static void worker_free(void *p)
{
	struct worker *w = p;

	isms_ctx_free(w->ctx);
	free(w);
}

struct isms_ctx *web_worker_ctx(struct server *srv, struct isms_err *err)
{
	struct worker *w = pthread_getspecific(srv->worker_key);

	if (!w) {
		w = xcalloc(1, sizeof(*w));
		pthread_setspecific(srv->worker_key, w);
	}
	if (!w->ctx && isms_ctx_open(srv->cfg.db, 0, &w->ctx, err))
		return NULL;
	return w->ctx;
}

/* --- compression --------------------------------------------------------------------- */

bool web_gzip(const void *data, size_t len, struct sbuf *out)
{
	z_stream z;
	uLong bound;
	bool ok;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	bound = deflateBound(&z, (uLong)len);
	sbuf_grow(out, bound);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->buf + out->len;
	z.avail_out = (uInt)bound;
	ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
	if (ok) {
		out->len += z.total_out;
		out->buf[out->len] = '\0';
	}
	deflateEnd(&z);
	return ok;
}

/* --- requests ------------------------------------------------------------------------ */

static unsigned method_of(const char *m)
{
	if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
		return HTTP_GET;
	if (!strcmp(m, "POST"))
		return HTTP_POST;
	if (!strcmp(m, "PUT"))
		return HTTP_PUT;
	if (!strcmp(m, "DELETE"))
		return HTTP_DELETE;
	return 0;
}

static bool is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
	return false;
}

static void client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	const char *real;

	snprintf(r->address, sizeof(r->address), "unknown");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->address,
			  sizeof(r->address));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  r->address, sizeof(r->address));
	/* Behind a proxy on this machine, the proxy names the client. */
	real = r->srv->cfg.trust_proxy && is_loopback(sa) ? req_header(r, "X-Real-IP") : NULL;
	if (real) {
		unsigned char buf[sizeof(struct in6_addr)];

		if (inet_pton(AF_INET, real, buf) == 1 || inet_pton(AF_INET6, real, buf) == 1)
			snprintf(r->address, sizeof(r->address), "%s", real);
	}
}

static struct req *req_new(struct server *srv, struct MHD_Connection *conn, const char *url,
			   const char *method)
{
	struct req *r = xcalloc(1, sizeof(*r));

	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->srv = srv;
	r->conn = conn;
	sbuf_init(&r->out, 0);
	r->path = arena_strndup(&r->arena, url ? url : "/", 2048);
	r->method_name = arena_strndup(&r->arena, method ? method : "?", 16);
	r->method = method_of(r->method_name);
	client_address(r);
	r->route = route_match(r, r->method, r->path, &r->allowed);
	r->body_max = r->route && (r->route->flags & ROUTE_UPLOAD) ? srv->cfg.max_upload
								    : srv->cfg.max_body;
	sbuf_init(&r->body, r->body_max);
	return r;
}

static void req_free(struct req *r)
{
	if (r->buffered)
		atomic_fetch_sub(&r->srv->buffered, r->buffered);
	sbuf_release(&r->out);
	sbuf_release(&r->body);
	arena_release(&r->arena);
	free(r);
}

static enum MHD_Result queue(struct req *r)
{
	struct MHD_Response *resp;
	struct sbuf gz = SBUF_INIT;
	bool gzipped = r->is_gzip;
	enum MHD_Result ret;
	size_t len;

	if (!r->fixed && r->compressible && r->out.len >= GZIP_MIN && req_accepts_gzip(r) &&
	    web_gzip(r->out.buf, r->out.len, &gz)) {
		sbuf_release(&r->out);
		r->out = gz;
		gzipped = true;
	} else {
		sbuf_release(&gz);
	}
	if (r->fixed) {
		len = r->fixed_len;
		resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)r->fixed,
						       MHD_RESPMEM_PERSISTENT);
	} else {
		char *body = sbuf_detach(&r->out, &len);

		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(body);
	}
	if (!resp)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cache-Control", r->cache_control ? r->cache_control : "no-store");
	if (r->compressible)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (gzipped)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	if (atomic_load(&r->srv->stopping) || r->body_too_large || r->overloaded || r->close)
		MHD_add_response_header(resp, "Connection", "close");
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	r->sent = len;
	r->log_status = r->status;
	return ret;
}

static void too_large(struct req *r)
{
	struct isms_err err;

	r->lang = req_accept_language(r);
	i18n_use(r->lang, &err);
	isms_err_set(&err, ISMS_ELIMIT, _("the request body is too large"));
	isms_err_detail(&err, _("The limit is %zu bytes."), r->body_max);
	web_fail(r, &err);
}

static void overloaded(struct req *r)
{
	struct isms_err err;

	r->lang = req_accept_language(r);
	i18n_use(r->lang, &err);
	isms_err_set(&err, ISMS_ELIMIT, _("the server is busy"));
	isms_err_detail(&err, _("It is receiving too many request bodies at once."));
	isms_err_hint(&err, _("Try again in a moment."));
	web_header(r, "Retry-After", "5");
	web_fail_status(r, 503, &err);
}

/* Keep `len` more bytes of the body, within the request's limit and the
 * server's (--max-buffered, all bodies together). */
static void body_add(struct req *r, const char *data, size_t len)
{
	struct server *srv = r->srv;

	if (r->body_too_large || r->overloaded)
		return;
	if (atomic_fetch_add(&srv->buffered, len) + len > srv->cfg.max_buffered) {
		atomic_fetch_sub(&srv->buffered, len + r->buffered);
		r->buffered = 0;
		r->overloaded = true;
		sbuf_release(&r->body);
		return;
	}
	r->buffered += len;
	sbuf_add(&r->body, data, len);
	if (r->body.overflow) {
		r->body_too_large = true;
		atomic_fetch_sub(&srv->buffered, r->buffered);
		r->buffered = 0;
		sbuf_release(&r->body);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct req *r = *con_cls;

	(void)version;
	if (!r) {
		const char *cl;
		long long n;

		/* The first call only sets up: answering now would lose
		 * keep-alive. Only a body announced larger than the limit is
		 * refused at once, before it is read (the connection closes). */
		r = req_new(srv, conn, url, method);
		*con_cls = r;
		atomic_fetch_add(&srv->inflight, 1);
		/* The headers are in: from now on the connection may idle as
		 * long as any other (--header-timeout was the limit so far). */
		if (srv->cfg.timeout != srv->cfg.header_timeout)
			MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
						  (unsigned int)srv->cfg.timeout);
		cl = req_header(r, "Content-Length");
		if (cl && isms_parse_int(cl, 0, INT64_MAX, &n) && (unsigned long long)n > r->body_max) {
			r->body_too_large = true;
			too_large(r);
			return queue(r);
		}
		/* Who sends it is known before any body is read: a request
		 * that would be refused anyway makes the server hold nothing. */
		if (!web_admit(r)) {
			r->close = true;
			return queue(r);
		}
		return MHD_YES;
	}
	if (r->responded) {
		/* Answered before its body was read (413): drop what arrives. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		body_add(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->body_too_large)
		too_large(r);
	else if (r->overloaded)
		overloaded(r);
	else
		web_dispatch(r);
	/* The worker's connection lives on: let the next request read the
	 * newest data rather than a snapshot this one left open. */
	if (r->ctx)
		isms_ctx_release(r->ctx);
	return queue(r);
}

/* --- the request log ------------------------------------------------------------------- */

/* Paths are logged as printable ASCII: a request cannot forge log lines. */
static void log_escape(struct sbuf *sb, const char *s, size_t max)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; s[i] && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '%') {
			sbuf_addch(sb, '%');
			sbuf_addch(sb, hex[c >> 4]);
			sbuf_addch(sb, hex[c & 15]);
		} else {
			sbuf_addch(sb, (char)c);
		}
	}
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct req *r = *con_cls;
	struct sbuf line = SBUF_INIT;
	char now[ISMS_TIME_LEN];
	struct timespec end;
	double ms;

	(void)conn;
	if (!r)
		return;
	clock_gettime(CLOCK_MONOTONIC, &end);
	ms = (double)(end.tv_sec - r->start.tv_sec) * 1e3 +
	     (double)(end.tv_nsec - r->start.tv_nsec) / 1e6;
	isms_time_now(now);
	/* Method, path without the query string, status, bytes, time: never
	 * headers, cookies, tokens or bodies. */
	sbuf_addf(&line, "%s %s ", now, r->address);
	log_escape(&line, r->method_name, 16);
	sbuf_addch(&line, ' ');
	log_escape(&line, r->path, 512);
	if (r->log_status)
		sbuf_addf(&line, " %d %zu %.1fms", r->log_status, r->sent, ms);
	else
		sbuf_addf(&line, " - 0 %.1fms", ms);
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		sbuf_addstr(&line, toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " timeout"
				   : toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT ? " aborted"
										: " closed");
	sbuf_addch(&line, '\n');
	if (write(STDERR_FILENO, line.buf, line.len) < 0) {
		/* Nowhere left to report it. */
	}
	sbuf_release(&line);
	req_free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->inflight, 1);
}

__attribute__((format(printf, 2, 0)))
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];
	int n;

	(void)cls;
	n = snprintf(buf, sizeof(buf), "isms: http: ");
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	fputs(buf, stderr);
	if (buf[strlen(buf) - 1] != '\n')
		fputc('\n', stderr);
}

/* --- start and stop ---------------------------------------------------------------------- */

/* "HOST:PORT", "[V6]:PORT" or ":PORT" (every address). */
static bool parse_listen(const char *s, struct sockaddr_storage *ret, char *host, size_t hostsz,
			 bool *ret_v6)
{
	struct addrinfo hints, *ai = NULL;
	const char *colon, *hs = s;
	size_t hlen;
	char port[8];
	long long p;
	bool ok;

	if (!s)
		return false;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return false;
		hs = s + 1;
		hlen = (size_t)(close - hs);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return false;
		hlen = (size_t)(colon - s);
	}
	if (hlen >= hostsz || strlen(colon + 1) >= sizeof(port) ||
	    !isms_parse_int(colon + 1, 0, 65535, &p))
		return false;
	memcpy(host, hs, hlen);
	host[hlen] = '\0';
	snprintf(port, sizeof(port), "%lld", p);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (getaddrinfo(hlen ? host : NULL, port, &hints, &ai) != 0 || !ai)
		return false;
	ok = ai->ai_addrlen <= sizeof(*ret);
	if (ok) {
		memset(ret, 0, sizeof(*ret));
		memcpy(ret, ai->ai_addr, ai->ai_addrlen);
		*ret_v6 = ai->ai_family == AF_INET6;
	}
	freeaddrinfo(ai);
	return ok;
}

static void housekeeping(struct isms_ctx *ctx, const struct web_config *cfg)
{
	struct isms_err err;

	if (session_purge(ctx, &cfg->session, &err) || account_purge(ctx, &err))
		fprintf(stderr, "isms: %s: %s\n", _("warning"), err.msg);
}

static int print_setup_link(struct isms_ctx *ctx, const char *base)
{
	char token[SETUP_TOKEN_HEX];
	struct isms_err err;
	bool none;

	if (account_none(ctx, &none, &err)) {
		fprintf(stderr, "isms: %s: %s\n", _("error"), err.msg);
		return -1;
	}
	if (!none)
		return 0;
	if (account_setup_begin(ctx, token, &err)) {
		fprintf(stderr, "isms: %s: %s\n", _("error"), err.msg);
		return -1;
	}
	printf(_("isms: no user exists yet. Create the administrator with this one-time link:\n"));
	printf("  %s/setup?token=%s\n", base, token);
	return 0;
}

static void statics_free(struct server *srv)
{
	for (size_t i = 0; i < srv->nstatics; i++)
		free(srv->statics[i].gz);
	free(srv->statics);
}

int web_serve(const struct web_config *cfg, struct isms_ctx *ctx)
{
	struct server srv = { .cfg = *cfg };
	struct sockaddr_storage ss;
	char host[256], base[300];
	const union MHD_DaemonInfo *info;
	struct timespec deadline, now;
	sigset_t sigs;
	unsigned flags;
	bool v6 = false;
	int port, sig;

	if (!parse_listen(cfg->listen, &ss, host, sizeof(host), &v6)) {
		fprintf(stderr, "isms: %s: %s \"%s\"\n", _("error"), _("cannot use the listen address"),
			cfg->listen ? cfg->listen : "");
		fprintf(stderr, "%s: %s\n", _("hint"), _("Write it as HOST:PORT, for example 127.0.0.1:8080."));
		return 2;
	}
	atomic_init(&srv.inflight, 0);
	atomic_init(&srv.stopping, false);
	atomic_init(&srv.buffered, 0);
	if (!srv.cfg.header_timeout || srv.cfg.header_timeout > srv.cfg.timeout)
		srv.cfg.header_timeout = srv.cfg.timeout;
	if (!srv.cfg.max_buffered)
		srv.cfg.max_buffered = SIZE_MAX / 2;
	web_statics_load(&srv);
	srv.openapi = openapi_build(&srv.openapi_len);
	housekeeping(ctx, cfg);
	if (pthread_key_create(&srv.worker_key, worker_free)) {
		fprintf(stderr, "isms: %s: %s\n", _("error"), strerror(errno));
		return 1;
	}

	/* Workers inherit this mask: only the main thread takes the signals. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (v6)
		flags |= MHD_USE_IPv6;
	errno = 0;
	srv.daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, &srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->max_per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)srv.cfg.header_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->max_header,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024,
		MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_END);
	if (!srv.daemon) {
		fprintf(stderr, "isms: %s: %s %s%s%s\n", _("error"), _("cannot listen on"), cfg->listen,
			errno ? ": " : "", errno ? strerror(errno) : "");
		pthread_key_delete(srv.worker_key);
		statics_free(&srv);
		free(srv.openapi);
		return 1;
	}
	info = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? (int)info->port : 0;
	if (!host[0] || !strcmp(host, "0.0.0.0") || !strcmp(host, "::"))
		snprintf(host, sizeof(host), "localhost");
	snprintf(base, sizeof(base), v6 && strchr(host, ':') ? "http://[%s]:%d" : "http://%s:%d",
		 host, port);
	printf(_("isms: listening on %s/\n"), base);
	if (print_setup_link(ctx, base) < 0) {
		MHD_stop_daemon(srv.daemon);
		pthread_key_delete(srv.worker_key);
		statics_free(&srv);
		free(srv.openapi);
		return 1;
	}
	fflush(stdout);

	for (;;) {
		struct timespec every = { HOUSEKEEPING_EVERY, 0 };

		sig = sigtimedwait(&sigs, NULL, &every);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (sig < 0 && errno == EAGAIN)
			housekeeping(ctx, cfg);
	}

	/* Stop accepting, let the requests in flight finish, then stop. */
	fprintf(stderr, _("isms: stopping: finishing the requests in flight\n"));
	atomic_store(&srv.stopping, true);
	{
		MHD_socket fd = MHD_quiesce_daemon(srv.daemon);

		if (fd != MHD_INVALID_SOCKET)
			close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += cfg->shutdown_timeout;
	while (atomic_load(&srv.inflight) > 0) {
		struct timespec nap = { 0, 20 * 1000 * 1000 };

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > deadline.tv_sec ||
		    (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec)) {
			fprintf(stderr, _("isms: %d requests did not finish in time\n"),
				atomic_load(&srv.inflight));
			break;
		}
		nanosleep(&nap, NULL);
	}
	MHD_stop_daemon(srv.daemon);
	pthread_key_delete(srv.worker_key);
	statics_free(&srv);
	free(srv.openapi);
	fragment_clear();
	fprintf(stderr, _("isms: stopped\n"));
	return 0;
}
