/*
 * cli.h - what the command files of the isms CLI share.
 *
 * The dispatcher (isms.c) parses the global options, finds the command in
 * the table, opens the database and resolves the ISMS as the command's
 * flags ask, then calls it with its own arguments (argv[0] is the command's
 * name). Commands parse their options, call one library function and print
 * the result; they return an exit status (enum exit_code, cli_exit_code).
 */
#ifndef ISMS_CLI_H
#define ISMS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/doc.h"
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
	CMD_EXPORT = 1 << 4, /* --format may also name a document format (oscal, …) */
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
	const char *format_name; /* --format as given; with CMD_EXPORT, any format */
	bool format_doc;         /* --format named no table format (CMD_EXPORT only) */
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
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_catalog_list(struct cli *cli, int argc, char **argv);
int cmd_catalog_show(struct cli *cli, int argc, char **argv);
int cmd_catalog_map(struct cli *cli, int argc, char **argv);
int cmd_catalog_import(struct cli *cli, int argc, char **argv);
int cmd_catalog_export(struct cli *cli, int argc, char **argv);
int cmd_control_show(struct cli *cli, int argc, char **argv);
int cmd_control_search(struct cli *cli, int argc, char **argv);
/* Open the database read-only when there is one, and resolve the ISMS
 * when possible, for commands that also work on the built-in catalogues
 * alone (cmd-catalog.c). Returns 0 or an exit status. */
int cli_open_optional(struct cli *cli);

int cmd_asset_add(struct cli *cli, int argc, char **argv);
int cmd_asset_edit(struct cli *cli, int argc, char **argv);
int cmd_asset_rm(struct cli *cli, int argc, char **argv);
int cmd_asset_list(struct cli *cli, int argc, char **argv);
int cmd_asset_show(struct cli *cli, int argc, char **argv);
int cmd_asset_groups(struct cli *cli, int argc, char **argv);
int cmd_asset_import(struct cli *cli, int argc, char **argv);
int cmd_asset_export(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
/* Imports of tables (cmd-asset.c, shared with cmd-risk.c): print every
 * fault of a failed import, then `err`, and return the exit status; and
 * the line that sums up an import or its dry run. */
struct tabin_errors;
int cli_import_failed(struct cli *cli, const struct tabin_errors *errs, const struct isms_err *err,
		      const char *file);
void cli_import_done(const char *file, const char *encoding, bool dry_run, size_t added,
		     size_t updated, size_t unchanged);

/* Reports and exports (document.c). Each returns 0 or an exit status,
 * after printing what went wrong. */
/* Today in UTC, as YYYY-MM-DD. */
void cli_today(char out[16]);
/* The date a report or an export carries: *date as given with --date
 * (checked), else the day of SOURCE_DATE_EPOCH when it is set
 * (reproducible output), else today in UTC, written to `buf`. */
int cli_report_date(struct cli *cli, const char **date, char buf[16]);
/* The format to write a document in: --format, else the output file's
 * extension, else `dflt`. Refuses a format without a writer, and a binary
 * one (XLSX, PDF) bound for a terminal. */
int cli_doc_format(struct cli *cli, const char *output, enum doc_format dflt,
		   enum doc_format *ret);
/* Write `d` in format `f` to the file `output`, or to stdout when NULL. */
int cli_write_doc(struct cli *cli, const struct doc *d, enum doc_format f, const char *output);
/* Build the report `def` and write it as the three above decide; `date`
 * is --date (NULL when not given). */
struct report_def;
int cli_write_report(struct cli *cli, const struct report_def *def, const char *output,
		     const char *date, enum doc_format dflt);

/* Steps 1, 2, 7, 9 and 10, the document set and the demo (cmd-scope.c …). */
int cmd_scope_show(struct cli *cli, int argc, char **argv);
int cmd_scope_edit(struct cli *cli, int argc, char **argv);
int cmd_scope_set(struct cli *cli, int argc, char **argv);
int cmd_scope_approve(struct cli *cli, int argc, char **argv);
int cmd_scope_history(struct cli *cli, int argc, char **argv);
int cmd_policy_show(struct cli *cli, int argc, char **argv);
int cmd_policy_edit(struct cli *cli, int argc, char **argv);
int cmd_policy_set(struct cli *cli, int argc, char **argv);
int cmd_policy_approve(struct cli *cli, int argc, char **argv);
int cmd_policy_history(struct cli *cli, int argc, char **argv);
int cmd_policy_template(struct cli *cli, int argc, char **argv);
int cmd_control_select(struct cli *cli, int argc, char **argv);
int cmd_control_exclude(struct cli *cli, int argc, char **argv);
int cmd_control_set(struct cli *cli, int argc, char **argv);
int cmd_control_remove(struct cli *cli, int argc, char **argv);
int cmd_control_list(struct cli *cli, int argc, char **argv);
int cmd_control_suggest(struct cli *cli, int argc, char **argv);
int cmd_authorize(struct cli *cli, int argc, char **argv);
int cmd_soa_generate(struct cli *cli, int argc, char **argv);
int cmd_soa_list(struct cli *cli, int argc, char **argv);
int cmd_soa_show(struct cli *cli, int argc, char **argv);
int cmd_soa_diff(struct cli *cli, int argc, char **argv);
int cmd_soa_approve(struct cli *cli, int argc, char **argv);
int cmd_soa_export(struct cli *cli, int argc, char **argv);
int cmd_transition(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
/* Read a whole file ("-": standard input) of at most `max` bytes (editor.c). */
enum isms_rc cli_read_file(const char *path, size_t max, struct sbuf *out, struct isms_err *err);
/* Write `initial` to a temporary file with `suffix`, open it in $VISUAL or
 * $EDITOR (else vi), and read it back. `*ret_path` is the file, which the
 * caller removes (or keeps, to point the user at it after an error). */
enum isms_rc cli_edit(const char *initial, const char *suffix, size_t max, struct sbuf *out,
		      char **ret_path, struct isms_err *err);
/* Save a text given by the user; `file` names it in errors. Returns an
 * exit status. */
typedef int (*cli_save_fn)(struct cli *cli, const struct sbuf *text, const char *file);
/* "set --file FILE" of the scope and the policy: read FILE (at most `max`
 * bytes, "-": standard input) and save it (editor.c). */
int cli_set_from_file(struct cli *cli, int argc, char **argv, size_t max, cli_save_fn save);
/* Edit `initial` in the editor and save what comes back; unless `always`,
 * a text that comes back unchanged is not saved. When saving fails on the
 * text itself, the file is kept and *ret_kept is its path (the caller
 * tells the user how to load it again, and frees it); else NULL. */
int cli_edit_save(struct cli *cli, const char *initial, size_t max, bool always, cli_save_fn save,
		  char **ret_kept);
/* The options of the "approve" subcommands, --comment TEXT and --reject,
 * and an optional number (when `ret_number` is not NULL). Returns 0, an
 * exit status, or -1 after printing the help (cmd-scope.c). */
int cli_approve_opts(struct cli *cli, int argc, char **argv, const char **ret_comment,
		     bool *ret_reject, int *ret_number);
/* The one option of the method's and the risks' "approve" and "reject",
 * --comment TEXT; the arguments start at optind. Returns 0, an exit
 * status, or -1 after printing the help (cmd-scope.c). */
int cli_comment_opt(struct cli *cli, int argc, char **argv, const char **ret_comment);
/* A version history of the scope or the policy as a table. */
struct version_info;
void cli_print_history(struct cli *cli, const struct version_info *v, size_t n);
extern const struct cmd scope_cmds[];
extern const struct cmd policy_cmds[];
extern const struct cmd soa_cmds[];

extern const struct cmd user_cmds[];
extern const struct cmd asset_cmds[];
extern const struct cmd log_cmds[];
extern const struct cmd catalog_cmds[];
extern const struct cmd control_cmds[];

/* Steps 3 to 6 and 8: the method, the library, the risk register (cmd-method.c,
 * cmd-threat.c, cmd-vuln.c, cmd-risk.c). */
int cmd_method_show(struct cli *cli, int argc, char **argv);
int cmd_method_set(struct cli *cli, int argc, char **argv);
int cmd_method_history(struct cli *cli, int argc, char **argv);
int cmd_method_approve(struct cli *cli, int argc, char **argv);
int cmd_method_reject(struct cli *cli, int argc, char **argv);
int cmd_threat_list(struct cli *cli, int argc, char **argv);
int cmd_threat_show(struct cli *cli, int argc, char **argv);
int cmd_threat_add(struct cli *cli, int argc, char **argv);
int cmd_threat_edit(struct cli *cli, int argc, char **argv);
int cmd_threat_rm(struct cli *cli, int argc, char **argv);
int cmd_vuln_list(struct cli *cli, int argc, char **argv);
int cmd_vuln_show(struct cli *cli, int argc, char **argv);
int cmd_vuln_add(struct cli *cli, int argc, char **argv);
int cmd_vuln_edit(struct cli *cli, int argc, char **argv);
int cmd_vuln_rm(struct cli *cli, int argc, char **argv);
int cmd_risk_add(struct cli *cli, int argc, char **argv);
int cmd_risk_edit(struct cli *cli, int argc, char **argv);
int cmd_risk_rm(struct cli *cli, int argc, char **argv);
int cmd_risk_list(struct cli *cli, int argc, char **argv);
int cmd_risk_show(struct cli *cli, int argc, char **argv);
int cmd_risk_suggest(struct cli *cli, int argc, char **argv);
int cmd_risk_import(struct cli *cli, int argc, char **argv);
int cmd_risk_export(struct cli *cli, int argc, char **argv);
int cmd_risk_treat(struct cli *cli, int argc, char **argv);
int cmd_risk_untreat(struct cli *cli, int argc, char **argv);
int cmd_risk_approve(struct cli *cli, int argc, char **argv);
int cmd_risk_reject(struct cli *cli, int argc, char **argv);
int cmd_risk_evaluate(struct cli *cli, int argc, char **argv);
/* Asset type codes ("hardware,site") as names in the current language,
 * in the command's arena; and --control ID of "threat add" and "vuln add",
 * one control each time, gathered comma-separated into `controls`
 * (cmd-threat.c, shared with cmd-vuln.c). */
const char *cli_asset_types_text(struct cli *cli, const char *list);
int cli_control_opt(struct cli *cli, struct sbuf *controls, const char *id);
extern const struct cmd method_cmds[];
extern const struct cmd threat_cmds[];
extern const struct cmd vuln_cmds[];
extern const struct cmd risk_cmds[];

#endif
