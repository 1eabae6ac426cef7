/* isms.c - the isms command: global options, the command table and dispatch. */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "isms/sbuf.h"
#include "isms/util.h"
#include "isms/xalloc.h"

#ifndef ISMS_VERSION
#define ISMS_VERSION "0.1.0"
#endif

static const struct cmd commands[] = {
	{ "init", cmd_init, "isms init --org NAME --edition 2005|2013|2022 [--name NAME] [--lang ja|en]",
	  N_("Create a new ISMS, and the database if it does not exist yet"),
	  N_("--org NAME         the organisation the ISMS belongs to (required)\n"
	     "--edition YEAR     the edition of ISO/IEC 27001 Annex A: 2005, 2013 or 2022 (required)\n"
	     "--name NAME        the ISMS's name in this database (default: the organisation's)\n"
	     "--lang ja|en       the ISMS's default language (default: the current one)"),
	  CMD_DB | CMD_WRITE | CMD_CREATE, NULL },
	{ "list", cmd_list, "isms list",
	  N_("List the ISMS of the database"), NULL, CMD_DB, NULL },
	{ "use", cmd_use, "isms use NAME",
	  N_("Make an ISMS the default of the database"), NULL, CMD_DB | CMD_WRITE, NULL },
	{ "status", cmd_status, "isms status",
	  N_("Show where the ISMS stands in the ten steps of establishing it"), NULL,
	  CMD_DB | CMD_ISMS, NULL },
	{ "user", NULL, "isms user add|list|passwd|role",
	  N_("Manage users and their roles"), NULL, 0, user_cmds },
	{ "log", cmd_log_list, "isms log [list|verify] [--entity E] [--actor A] [--since DATE] [--until DATE] [--limit N]",
	  N_("Show or verify the audit log"),
	  N_("--entity NAME      only changes to this kind of entity (isms, user, membership, …)\n"
	     "--actor NAME       only changes made by this user\n"
	     "--since YYYY-MM-DD only changes on or after this day (UTC)\n"
	     "--until YYYY-MM-DD only changes on or before this day (UTC)\n"
	     "--limit N          only the newest N entries"),
	  CMD_DB | CMD_ISMS, log_cmds },
	{ "catalog", NULL, "isms catalog list|show|map|import|export",
	  N_("Annex A catalogues, the mappings between editions, and imported catalogues"), NULL, 0,
	  catalog_cmds },
	{ "control", NULL, "isms control show|search|select|exclude|set|remove|list|suggest",
	  N_("Look up and search controls; step 7: select, exclude and track the controls of the ISMS"),
	  NULL, 0, control_cmds },
	{ "asset", NULL, "isms asset add|edit|rm|list|show|groups|import|export",
	  N_("The asset inventory: assets, owners, C/I/A values, groups and dependencies"), NULL, 0,
	  asset_cmds },
	{ "report", cmd_report, "isms report NAME [--format csv|json|xlsx|html] [--output FILE] [--date YYYY-MM-DD]",
	  N_("Write a report of the ISMS (the asset inventory, …)"),
	  N_("NAME               the report: assets, …\n"
	     "--format FORMAT    csv, json, xlsx or html (default: from the output file's extension, else html)\n"
	     "--output FILE      write to FILE instead of standard output\n"
	     "--date YYYY-MM-DD  the date printed on the report (default: today, or SOURCE_DATE_EPOCH)"),
	  CMD_DB | CMD_ISMS | CMD_EXPORT, NULL },
	{ "serve", cmd_serve, "isms serve [--listen HOST:PORT] [OPTIONS]",
	  N_("Run the web application and its JSON API"),
	  N_("--listen HOST:PORT      the address to listen on (default: 127.0.0.1:8080; port 0 picks one)\n"
	     "--threads N             worker threads (default: the number of CPUs, at least 2)\n"
	     "--max-body SIZE         the largest form or JSON body (default: 1M)\n"
	     "--max-upload SIZE       the largest file upload (default: 20M)\n"
	     "--max-header SIZE       memory per connection for the request line and headers (default: 32K)\n"
	     "--max-buffered SIZE     request bodies held at once, all together (default: 128M, or 4 uploads)\n"
	     "--max-connections N     connections at once (default: 1024)\n"
	     "--max-per-ip N          connections at once from one address (default: 32; 0: no limit)\n"
	     "--timeout SECONDS       close connections idle this long (default: 15)\n"
	     "--header-timeout SECONDS\n"
	     "                        the same while the request headers arrive (default: 10)\n"
	     "--session-idle SECONDS  log out after this long without a request (default: 1800)\n"
	     "--session-max-age SECONDS\n"
	     "                        log out this long after login (default: 43200)\n"
	     "--shutdown-timeout SECONDS\n"
	     "                        on SIGTERM or SIGINT, wait this long for requests in flight (default: 10)\n"
	     "--secure-cookies        mark cookies Secure (when a proxy serves the site over TLS)\n"
	     "--trust-proxy           take the client address from X-Real-IP when the peer is this machine\n"
	     "--list-routes           print the route table and exit"),
	  0, NULL },
	{ "scope", NULL, "isms scope show|edit|set|approve|history",
	  N_("Step 1: the scope and boundaries of the ISMS, versioned and approved"), NULL, 0,
	  scope_cmds },
	{ "policy", NULL, "isms policy show|edit|set|approve|history|template",
	  N_("Step 2: the ISMS policy, a versioned Markdown text with approval"), NULL, 0,
	  policy_cmds },
	{ "authorize", cmd_authorize, "isms authorize --comment TEXT [--reject] | --show",
	  N_("Step 9: management authorises implementing and operating the ISMS (an approver)"),
	  N_("--comment TEXT     what management authorises (required to record a decision)\n"
	     "--reject           record a refusal instead\n"
	     "--show             only show the current authorisation and whether it is stale"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "soa", NULL, "isms soa generate|list|show|diff|approve|export",
	  N_("Step 10: the Statement of Applicability, numbered snapshots with approval"), NULL, 0,
	  soa_cmds },
	{ "transition", cmd_transition, "isms transition --to 2022 [--dry-run] | --show",
	  N_("Move the ISMS to the 2022 edition of Annex A, with a report of every change"),
	  N_("--to 2022          the edition to move to\n"
	     "--dry-run          print the report, change nothing\n"
	     "--show             print the report of the last transition"),
	  CMD_DB | CMD_WRITE | CMD_ISMS, NULL },
	{ "demo", cmd_demo, "isms demo [--lang ja|en] [--name NAME] [--edition 2022|2013]",
	  N_("Build a demo ISMS of a fictional Tokyo software company through all ten steps"),
	  N_("--lang ja|en       the language of its texts (default: Japanese)\n"
	     "--name NAME        the new ISMS's name in this database (default: demo)\n"
	     "--edition YEAR     2022 (default) or 2013, to try \"isms transition\" on"),
	  CMD_DB | CMD_WRITE | CMD_CREATE, NULL },
	{ "export", cmd_export, "isms export --dir DIR [--lang ja|en] [--date YYYY-MM-DD]",
	  N_("Write every artefact of the ten steps as PDF (and XLSX), with an index"),
	  N_("--dir DIR          the directory to write to (created when missing)\n"
	     "--date YYYY-MM-DD  the date printed on the documents (default: today, or SOURCE_DATE_EPOCH)\n"
	     "The language follows --lang. Exit status 5 when an artefact is missing."),
	  CMD_DB | CMD_ISMS, NULL },
	{ "method", NULL, "isms method show|set|history|approve|reject",
	  N_("Step 3: the risk assessment method, acceptance criteria and required assurance"), NULL, 0,
	  method_cmds },
	{ "threat", NULL, "isms threat list|show|add|edit|rm",
	  N_("The threats of the library, and the ISMS's own"), NULL, 0, threat_cmds },
	{ "vuln", NULL, "isms vuln list|show|add|edit|rm",
	  N_("The vulnerabilities of the library, and the ISMS's own"), NULL, 0, vuln_cmds },
	{ "risk", NULL, "isms risk add|edit|rm|list|show|suggest|import|export|treat|untreat|approve|reject|evaluate",
	  N_("Steps 4 to 6 and 8: the risk register, its treatment and the approval of residual risks"),
	  NULL, 0, risk_cmds },
	{ 0 },
};

static const char global_help[] = N_(
	"Global options (before or after the command):\n"
	"  --db PATH          the database: a file path or sqlite:PATH (default: $ISMS_DB, else ./isms.db)\n"
	"  --isms NAME        the ISMS to work on (default: the database's default ISMS)\n"
	"  --lang ja|en       the language of messages and output\n"
	"  --format table|csv|json\n"
	"                     the output format of listings (default: table)\n"
	"  --as NAME          who is acting, for the audit log (default: your login name)\n"
	"  -h, --help         help on isms or on a command\n"
	"  --version          the version of isms");

int cli_exit_code(enum isms_rc rc)
{
	switch (rc) {
	case ISMS_OK: return EXIT_OK;
	case ISMS_EINVAL:
	case ISMS_ELIMIT: return EXIT_INVALID;
	case ISMS_ENOTFOUND: return EXIT_NOTFOUND;
	case ISMS_EEXIST:
	case ISMS_ESTATE: return EXIT_CONFLICT;
	case ISMS_EPERM:
	case ISMS_EREADONLY: return EXIT_DENIED;
	case ISMS_ESTORE:
	case ISMS_EIO:
	case ISMS_ENOTSUP: return EXIT_STORE;
	case ISMS_EVERSION: return EXIT_VERSION;
	case ISMS_ETAMPER: return EXIT_VERIFY;
	case ISMS_EINTERNAL: return EXIT_FAIL;
	}
	return EXIT_FAIL;
}

int cli_fail(struct cli *cli, const struct isms_err *err, const char *file)
{
	(void)cli;
	fprintf(stderr, "isms: %s: ", _("error"));
	if (file && err->line && err->column)
		fprintf(stderr, "%s:%ld:%ld: ", file, err->line, err->column);
	else if (file && err->line)
		fprintf(stderr, "%s:%ld: ", file, err->line);
	else if (file)
		fprintf(stderr, "%s: ", file);
	else if (err->line && err->column)
		fprintf(stderr, _("line %ld, column %ld: "), err->line, err->column);
	else if (err->line)
		fprintf(stderr, _("line %ld: "), err->line);
	fprintf(stderr, "%s\n", err->msg[0] ? err->msg : _("unknown error"));
	if (err->field[0])
		fprintf(stderr, "%s: %s\n", _("field"), err->field);
	if (err->detail[0])
		fprintf(stderr, "%s: %s\n", _("detail"), err->detail);
	if (err->hint[0])
		fprintf(stderr, "%s: %s\n", _("hint"), err->hint);
	return cli_exit_code(err->code);
}

int cli_usage_error(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "isms: %s: ", _("error"));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s: %s\n", _("usage"), cli->cmd ? cli->cmd->usage : "isms COMMAND");
	fprintf(stderr, "%s: %s\n", _("hint"), _("Add -h for help."));
	return EXIT_USAGE;
}

void cli_print_table(struct cli *cli, const struct rtable *t)
{
	struct sbuf sb = SBUF_INIT;

	rtable_write(t, cli->format, &sb);
	fwrite(sb.buf, 1, sb.len, stdout);
	sbuf_release(&sb);
}

void cli_help(const struct cmd *c, const char *path, FILE *out)
{
	fprintf(out, "%s: %s\n\n%s\n", _("usage"), c->usage, T_(c->summary));
	if (c->help)
		fprintf(out, "\n%s\n", T_(c->help));
	if (c->subs) {
		fprintf(out, "\n%s\n", _("Commands:"));
		for (const struct cmd *s = c->subs; s->name; s++)
			fprintf(out, "  %-10s %s\n", s->name, T_(s->summary));
		fprintf(out, "\n%s\n", _("Run \"isms COMMAND SUBCOMMAND -h\" for help on a subcommand."));
	}
	(void)path;
}

static void main_help(FILE *out)
{
	fprintf(out, "%s: isms [OPTIONS] COMMAND [ARGS]\n\n%s\n\n%s\n", _("usage"),
		_("isms: establish, run and certify an information security management system (ISO/IEC 27001, JIS Q 27001)."),
		_("Commands:"));
	for (const struct cmd *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, T_(c->summary));
	fprintf(out, "\n%s\n\n%s\n", T_(global_help),
		_("Run \"isms COMMAND -h\" for help on a command. Exit status: 0 success, 2 usage error, 3 invalid input, 4 not found, 5 conflict, 6 not permitted or read-only, 7 database or file unusable, 8 database from a newer isms, 9 verification failed, 1 other failure."));
}

int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
	       const void *longopts, int *ret_opt)
{
	int c;
	char sopts[64];

	snprintf(sopts, sizeof(sopts), ":h%s", shortopts ? shortopts : "");
	opterr = 0;
	c = getopt_long(argc, argv, sopts, longopts, NULL);
	if (c == -1)
		return -1;
	if (c == 'h') {
		cli_help(cli->cmd, cli->path, stdout);
		return 'h';
	}
	if (c == '?') {
		cli_usage_error(cli, _("unknown option \"%s\""), argv[optind - 1]);
		return '?';
	}
	if (c == ':') {
		cli_usage_error(cli, _("option \"%s\" needs a value"), argv[optind - 1]);
		return '?';
	}
	*ret_opt = c;
	return 0;
}

char *cli_read_password(struct cli *cli, bool confirm)
{
	struct sbuf sb = SBUF_INIT;
	int c;

	(void)cli;
	if (isatty(STDIN_FILENO)) {
		struct termios old, quiet;
		char *first = NULL;

		for (int round = 0; round < (confirm ? 2 : 1); round++) {
			fprintf(stderr, "%s", round ? _("Repeat the password: ") : _("Password: "));
			fflush(stderr);
			tcgetattr(STDIN_FILENO, &old);
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
			sbuf_reset(&sb);
			while ((c = getchar()) != EOF && c != '\n')
				sbuf_addch(&sb, (char)c);
			tcsetattr(STDIN_FILENO, TCSANOW, &old);
			fputc('\n', stderr);
			if (round == 0) {
				first = sbuf_detach(&sb, NULL);
			} else if (strcmp(first, sb.buf)) {
				fprintf(stderr, "isms: %s: %s\n", _("error"), _("the passwords do not match"));
				free(first);
				sbuf_release(&sb);
				return NULL;
			}
		}
		sbuf_release(&sb);
		return first;
	}
	sb.max = 4096;
	while ((c = getchar()) != EOF && c != '\n')
		sbuf_addch(&sb, (char)c);
	if (sb.len && sb.buf[sb.len - 1] == '\r')
		sbuf_setlen(&sb, sb.len - 1);
	return sbuf_detach(&sb, NULL);
}

/* Global options may stand anywhere before "--"; they are taken out of
 * argv so that commands only see their own. */
static int take_globals(struct cli *cli, int *argc, char **argv)
{
	static const char *const names[] = { "--db", "--isms", "--lang", "--format", "--as" };
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		int which = -1;

		if (!strcmp(a, "--")) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		for (int k = 0; k < 5; k++) {
			size_t n = strlen(names[k]);

			if (!strncmp(a, names[k], n) && (a[n] == '\0' || a[n] == '=')) {
				which = k;
				if (a[n] == '=') {
					val = a + n + 1;
				} else if (i + 1 < *argc) {
					val = argv[++i];
				} else {
					fprintf(stderr, "isms: %s: %s\n", _("error"), _("a global option needs a value"));
					fprintf(stderr, "%s: %s\n", _("detail"), a);
					return EXIT_USAGE;
				}
			}
		}
		if (which < 0) {
			argv[out++] = argv[i];
			continue;
		}
		switch (which) {
		case 0: cli->db = val; break;
		case 1: cli->isms_name = val; break;
		case 2:
			if (strcmp(val, "ja") && strcmp(val, "en")) {
				fprintf(stderr, "isms: error: unknown language \"%s\"\nhint: Use --lang ja or --lang en.\n", val);
				return EXIT_USAGE;
			}
			i18n_parse_lang(val, &cli->lang);
			cli->lang_given = true;
			break;
		case 3:
			cli->format_name = val;
			if (!strcmp(val, "table"))
				cli->format = RTABLE_TEXT;
			else if (!strcmp(val, "csv"))
				cli->format = RTABLE_CSV;
			else if (!strcmp(val, "json"))
				cli->format = RTABLE_JSON;
			else if (strspn(val, "abcdefghijklmnopqrstuvwxyz0123456789") == strlen(val) && *val)
				cli->format_doc = true; /* checked once the command is known */
			else {
				fprintf(stderr, "isms: %s: %s \"%s\"\n", _("error"), _("unknown output format"), val);
				fprintf(stderr, "%s: %s\n", _("hint"), _("Use --format table, csv or json."));
				return EXIT_USAGE;
			}
			cli->format_given = true;
			break;
		case 4: cli->actor = val; break;
		}
	}
	argv[out] = NULL;
	*argc = out;
	return EXIT_OK;
}

/* The language: --lang, else LC_ALL, LC_MESSAGES, LANG; English otherwise. */
static void pick_language(struct cli *cli)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	struct isms_err err;

	if (!cli->lang_given) {
		cli->lang = ISMS_LANG_EN;
		for (int i = 0; i < 3; i++) {
			const char *v = getenv(vars[i]);

			if (v && *v) {
				if (!i18n_parse_lang(v, &cli->lang))
					cli->lang = ISMS_LANG_EN;
				break;
			}
		}
	}
	cli->lang_asked = cli->lang;
	/* LANGUAGE would override the choice inside gettext. */
	unsetenv("LANGUAGE");
	if (i18n_use(cli->lang, &err) && cli->lang != ISMS_LANG_EN) {
		fprintf(stderr, "isms: warning: %s; messages stay in English\n", err.msg);
		cli->lang = ISMS_LANG_EN;
		i18n_use(ISMS_LANG_EN, &err);
	}
}

/* Translations are found beside the program (build tree: ./locale) or in
 * ../share/locale of where it is installed. */
static void init_locale_dir(void)
{
	char exe[PATH_MAX], path[PATH_MAX + 32];
	const char *env = getenv("ISMS_LOCALEDIR");
	ssize_t n;
	struct stat sb;

	if (env && *env) {
		i18n_init(env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(path, sizeof(path), "%s/locale", dirname(exe));
		if (stat(path, &sb) == 0) {
			i18n_init(path);
			return;
		}
		snprintf(path, sizeof(path), "%s/../share/locale", exe);
		if (stat(path, &sb) == 0) {
			i18n_init(path);
			return;
		}
	}
	i18n_init(NULL);
}

static const struct cmd *find(const struct cmd *table, const char *name)
{
	for (const struct cmd *c = table; c && c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void list_commands(const struct cmd *table, const char *prefix)
{
	for (const struct cmd *c = table; c->name; c++) {
		char path[256];

		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? " " : "", c->name);
		printf("%s\n", path);
		if (c->subs)
			list_commands(c->subs, path);
	}
}

static const char *default_actor(void)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw && pw->pw_name)
		return pw->pw_name;
	return getenv("USER");
}

static int run(struct cli *cli, const struct cmd *c, int argc, char **argv)
{
	struct isms_err err;
	unsigned flags = 0;
	int rc;

	if (!(c->flags & CMD_WRITE))
		flags |= ISMS_OPEN_READONLY;
	if (c->flags & CMD_CREATE)
		flags |= ISMS_OPEN_CREATE;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			cli_help(c, cli->path, stdout);
			return EXIT_OK;
		}
	}
	if (c->flags & CMD_DB) {
		if (isms_ctx_open(cli->db, flags, &cli->ctx, &err))
			return cli_fail(cli, &err, NULL);
		isms_ctx_set_actor(cli->ctx, cli->actor);
	}
	if (c->flags & CMD_ISMS) {
		if (isms_resolve(cli->ctx, &cli->arena, cli->isms_name, &cli->isms, &err))
			return cli_fail(cli, &err, NULL);
	}
	optind = 0;
	rc = c->run(cli, argc, argv);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	const struct cmd *c, *sub;
	char path[256];
	int rc;

	init_locale_dir();
	if (!isms_crypto_init()) {
		fprintf(stderr, "isms: cannot initialise libsodium\n");
		return EXIT_FAIL;
	}
	rc = take_globals(&cli, &argc, argv);
	pick_language(&cli);
	if (rc)
		return rc;
	if (!cli.db)
		cli.db = getenv("ISMS_DB");
	if (!cli.db || !*cli.db)
		cli.db = "isms.db";
	if (!cli.actor)
		cli.actor = default_actor();
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		if (argc >= 3 && !strcmp(argv[1], "help") && (c = find(commands, argv[2]))) {
			cli_help(c, argv[2], stdout);
			return EXIT_OK;
		}
		main_help(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("isms %s\n", ISMS_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--list-commands")) {
		list_commands(commands, "");
		return EXIT_OK;
	}
	c = find(commands, argv[1]);
	if (!c) {
		fprintf(stderr, "isms: %s: %s \"%s\"\n", _("error"), _("unknown command"), argv[1]);
		fprintf(stderr, "%s: %s\n", _("hint"), _("Run \"isms -h\" for the list of commands."));
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "isms %s", c->name);
	argc--, argv++;
	if (c->subs && argc >= 2 && (sub = find(c->subs, argv[1]))) {
		snprintf(path, sizeof(path), "isms %s %s", c->name, sub->name);
		c = sub;
		argc--, argv++;
	} else if (c->subs && !c->run) {
		cli.cmd = c;
		if (argc >= 2 && strcmp(argv[1], "-h") && strcmp(argv[1], "--help"))
			return cli_usage_error(&cli, _("unknown subcommand \"%s\""), argv[1]);
		cli_help(c, path, argc >= 2 ? stdout : stderr);
		return argc >= 2 ? EXIT_OK : EXIT_USAGE;
	}
	cli.cmd = c;
	cli.path = path;
	if (cli.format_doc && !(c->flags & CMD_EXPORT)) {
		fprintf(stderr, "isms: %s: %s \"%s\"\n", _("error"), _("unknown output format"), cli.format_name);
		fprintf(stderr, "%s: %s\n", _("hint"), _("Use --format table, csv or json."));
		return EXIT_USAGE;
	}
	if (!cli.format_given)
		cli.format = RTABLE_TEXT;
	rc = run(&cli, c, argc, argv);
	isms_ctx_free(cli.ctx);
	arena_release(&cli.arena);
	return rc;
}
