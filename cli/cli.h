/*
 * cli.h - what the command files of the isms CLI share.
 *
 * The dispatcher (isms.c) parses the global options, finds the command in
 * the table, opens the database and resolves the ISMS as the command's
 * flags ask, then calls it with its own arguments (argv[0] is the command's
 * name). Commands parse their options, call one library function and print
 * the result; they return an exit status (see exit.c).
 */
#ifndef ISMS_CLI_H
#define ISMS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/err.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/table.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAIL = 1,     /* an internal error */
	EXIT_USAGE = 2,    /* wrong options or arguments */
	EXIT_INVALID = 3,  /* the input data is invalid or too large */
	EXIT_NOTFOUND = 4, /* what was named does not exist */
	EXIT_CONFLICT = 5, /* conflicts with existing data or state */
	EXIT_DENIED = 6,   /* not permitted, or the database is read-only */
	EXIT_STORE = 7,    /* the database or a file cannot be used */
	EXIT_VERSION = 8,  /* the database is from a newer isms */
	EXIT_VERIFY = 9,   /* a verification found a problem */
};

enum cmd_flags {
	CMD_DB = 1 << 0,     /* open the database (read-only unless CMD_WRITE) */
	CMD_WRITE = 1 << 1,  /* open it for writing */
	CMD_CREATE = 1 << 2, /* create it when missing */
	CMD_ISMS = 1 << 3,   /* resolve the ISMS (--isms, else the default) */
};

struct cli;

struct cmd {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *usage;   /* syntax, not translated */
	const char *summary; /* N_() */
	const char *help;    /* N_(): the options, one a line; may be NULL */
	unsigned flags;
	const struct cmd *subs; /* subcommands, ending with { 0 } */
};

struct cli {
	const char *db;
	const char *isms_name;
	const char *actor;
	enum isms_lang lang;      /* the language in use */
	enum isms_lang lang_asked; /* what --lang or the environment asked for */
	bool lang_given;
	enum rtable_format format;
	bool format_given;
	struct isms_ctx *ctx;
	struct arena arena;
	struct isms_info isms; /* with CMD_ISMS */
	const struct cmd *cmd; /* the command being run */
	const char *path;      /* "isms user add", for messages */
};

/* Print an error report as "isms: error: …" with its detail and hint.
 * `file`, when not NULL, prefixes the position. Returns the exit status. */
int cli_fail(struct cli *cli, const struct isms_err *err, const char *file);
/* A usage error in the current command. Returns EXIT_USAGE. */
int cli_usage_error(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_exit_code(enum isms_rc rc);
/* Print `t` on stdout in the chosen format. */
void cli_print_table(struct cli *cli, const struct rtable *t);
/* Print the help of `c` (usage, summary, options, subcommands). */
void cli_help(const struct cmd *c, const char *path, FILE *out);
/* Parse a command's options with getopt_long; returns 0 and sets *ret_opt,
 * or -1 at the end; on "-h" prints the help and returns 'h'; on an unknown
 * option prints a usage error and returns '?'. */
int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
	       const void *longopts, int *ret_opt);
/* Read a password: from the terminal with no echo (asked twice when
 * `confirm`), else the first line of standard input. */
char *cli_read_password(struct cli *cli, bool confirm);

/* Commands (cmd-*.c). */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_use(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_user_add(struct cli *cli, int argc, char **argv);
int cmd_user_list(struct cli *cli, int argc, char **argv);
int cmd_user_passwd(struct cli *cli, int argc, char **argv);
int cmd_user_role(struct cli *cli, int argc, char **argv);
int cmd_log_list(struct cli *cli, int argc, char **argv);
int cmd_log_verify(struct cli *cli, int argc, char **argv);

extern const struct cmd user_cmds[];
extern const struct cmd log_cmds[];

#endif
