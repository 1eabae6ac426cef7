/* cmd-serve.c - "isms serve": the web application and its JSON API. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "isms/util.h"
#include "web.h"

/* A byte count: digits with an optional K or M (binary) suffix. */
static bool parse_size(const char *s, long long min, long long max, size_t *ret)
{
	char num[32];
	size_t len = strlen(s);
	long long mult = 1, v;

	if (len == 0 || len >= sizeof(num))
		return false;
	memcpy(num, s, len + 1);
	if (num[len - 1] == 'k' || num[len - 1] == 'K')
		mult = 1024;
	else if (num[len - 1] == 'm' || num[len - 1] == 'M')
		mult = 1024 * 1024;
	if (mult > 1)
		num[len - 1] = '\0';
	if (!isms_parse_int(num, 0, max / mult, &v) || v * mult < min)
		return false;
	*ret = (size_t)(v * mult);
	return true;
}

static bool parse_num(const char *s, long long min, long long max, long long *ret)
{
	return isms_parse_int(s, min, max, ret);
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "max-upload", required_argument, NULL, 'u' },
		{ "max-header", required_argument, NULL, 'H' },
		{ "max-buffered", required_argument, NULL, 'B' },
		{ "max-connections", required_argument, NULL, 'c' },
		{ "max-per-ip", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "header-timeout", required_argument, NULL, 'E' },
		{ "session-idle", required_argument, NULL, 'i' },
		{ "session-max-age", required_argument, NULL, 'a' },
		{ "shutdown-timeout", required_argument, NULL, 's' },
		{ "secure-cookies", no_argument, NULL, 'S' },
		{ "trust-proxy", no_argument, NULL, 'P' },
		{ "list-routes", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct web_config cfg = {
		.listen = WEB_DEFAULT_LISTEN,
		.threads = cpus > 2 ? (unsigned)(cpus < 64 ? cpus : 64) : 2,
		.max_body = 1024 * 1024,
		.max_upload = 20 * 1024 * 1024,
		.max_header = 32 * 1024,
		.max_connections = 1024,
		.max_per_ip = 32,
		.timeout = 15,
		.header_timeout = 10,
		.shutdown_timeout = 10,
		.session = { .idle = 30 * 60, .max_age = 12 * 3600 },
	};
	struct isms_err err;
	bool list = false, buffered_set = false;
	long long n;
	int r, opt, rc;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		switch (opt) {
		case 'l': cfg.listen = optarg; break;
		case 't':
			if (!parse_num(optarg, 2, 256, &n))
				return cli_usage_error(cli, _("--threads needs a number from 2 to 256"));
			cfg.threads = (unsigned)n;
			break;
		case 'b':
			if (!parse_size(optarg, 1024, 64LL << 20, &cfg.max_body))
				return cli_usage_error(cli, _("--max-body needs a size from 1K to 64M"));
			break;
		case 'u':
			if (!parse_size(optarg, 1024, 1LL << 30, &cfg.max_upload))
				return cli_usage_error(cli, _("--max-upload needs a size from 1K to 1024M"));
			break;
		case 'H':
			if (!parse_size(optarg, 8192, 1LL << 20, &cfg.max_header))
				return cli_usage_error(cli, _("--max-header needs a size from 8K to 1024K"));
			break;
		case 'B':
			if (!parse_size(optarg, 64 * 1024, 64LL << 30, &cfg.max_buffered))
				return cli_usage_error(cli, _("--max-buffered needs a size from 64K to 65536M"));
			buffered_set = true;
			break;
		case 'c':
			if (!parse_num(optarg, 1, 100000, &n))
				return cli_usage_error(cli, _("--max-connections needs a number from 1 to 100000"));
			cfg.max_connections = (unsigned)n;
			break;
		case 'p':
			if (!parse_num(optarg, 0, 100000, &n))
				return cli_usage_error(cli, _("--max-per-ip needs a number from 0 to 100000"));
			cfg.max_per_ip = (unsigned)n;
			break;
		case 'T':
			if (!parse_num(optarg, 1, 3600, &n))
				return cli_usage_error(cli, _("--timeout needs a number of seconds from 1 to 3600"));
			cfg.timeout = (unsigned)n;
			break;
		case 'E':
			if (!parse_num(optarg, 1, 3600, &n))
				return cli_usage_error(cli, _("--header-timeout needs a number of seconds from 1 to 3600"));
			cfg.header_timeout = (unsigned)n;
			break;
		case 'i':
			if (!parse_num(optarg, 1, 30 * 86400, &n))
				return cli_usage_error(cli, _("--session-idle needs a number of seconds from 1 to 2592000"));
			cfg.session.idle = (long)n;
			break;
		case 'a':
			if (!parse_num(optarg, 1, 90 * 86400, &n))
				return cli_usage_error(cli, _("--session-max-age needs a number of seconds from 1 to 7776000"));
			cfg.session.max_age = (long)n;
			break;
		case 's':
			if (!parse_num(optarg, 0, 3600, &n))
				return cli_usage_error(cli, _("--shutdown-timeout needs a number of seconds from 0 to 3600"));
			cfg.shutdown_timeout = (unsigned)n;
			break;
		case 'S': cfg.secure_cookies = true; break;
		case 'P': cfg.trust_proxy = true; break;
		case 'R': list = true; break;
		}
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (list) {
		web_list_routes(stdout);
		return EXIT_OK;
	}
	/* Room for a few of the largest uploads at once. */
	if (!buffered_set)
		cfg.max_buffered = cfg.max_upload * 4 > WEB_DEFAULT_BUFFERED ? cfg.max_upload * 4
									 : WEB_DEFAULT_BUFFERED;
	if (isms_ctx_open(cli->db, ISMS_OPEN_CREATE, &cli->ctx, &err))
		return cli_fail(cli, &err, NULL);
	isms_ctx_set_actor(cli->ctx, cli->actor);
	cfg.db = cli->db;
	rc = web_serve(&cfg, cli->ctx);
	return rc == 0 ? EXIT_OK : rc == 2 ? EXIT_USAGE : EXIT_FAIL;
}
