/* document.c - writing reports and exports: their format, their date, a file or stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "isms/report.h"
#include "isms/util.h"

/* The day of `t` in UTC as YYYY-MM-DD. */
static void day_of(time_t t, char out[16])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

void cli_today(char out[16])
{
	day_of(time(NULL), out);
}

int cli_report_date(struct cli *cli, const char **date, char buf[16])
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	long long v;

	if (*date) {
		if (!isms_date_valid(*date))
			return cli_usage_error(cli, _("--date needs a date as YYYY-MM-DD"));
		return EXIT_OK;
	}
	if (env && isms_parse_int(env, 0, 253402300799LL, &v))
		now = (time_t)v;
	day_of(now, buf);
	*date = buf;
	return EXIT_OK;
}

int cli_doc_format(struct cli *cli, const char *output, enum doc_format dflt,
		   enum doc_format *ret)
{
	enum doc_format f = dflt;
	struct isms_err err;

	if (cli->format_given) {
		if (!doc_format_parse(cli->format_name, &f))
			return cli_usage_error(cli, _("a report cannot be written as \"%s\""), cli->format_name);
	} else if (output) {
		const char *dot = strrchr(output, '.');

		if (!dot || !doc_format_parse(dot + 1, &f))
			f = dflt;
	}
	if (!doc_format_available(f)) {
		isms_err_set(&err, ISMS_ENOTSUP, _("cannot write %s: this isms has no writer for the format"),
			     doc_format_name(f));
		return cli_fail(cli, &err, NULL);
	}
	if (!output && (f == DOC_XLSX || f == DOC_PDF) && isatty(STDOUT_FILENO))
		return cli_usage_error(cli, _("%s is a binary format: give --output FILE or redirect the output"),
				       doc_format_name(f));
	*ret = f;
	return EXIT_OK;
}

int cli_write_doc(struct cli *cli, const struct doc *d, enum doc_format f, const char *output)
{
	struct isms_err err;
	struct sbuf sb = SBUF_INIT;
	int rc = EXIT_OK;

	if (output)
		return doc_write_file(d, f, output, &err) ? cli_fail(cli, &err, NULL) : EXIT_OK;
	if (doc_write(d, f, &sb, &err)) {
		rc = cli_fail(cli, &err, NULL);
	} else if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout)) {
		fprintf(stderr, "isms: %s: %s\n", _("error"), _("cannot write to standard output"));
		rc = EXIT_STORE;
	}
	sbuf_release(&sb);
	return rc;
}

int cli_write_report(struct cli *cli, const struct report_def *def, const char *output,
		     const char *date, enum doc_format dflt)
{
	struct report_opts ro = { 0 };
	enum doc_format f;
	struct isms_err err;
	struct doc *d = NULL;
	char today[16];
	int rc;

	rc = cli_doc_format(cli, output, dflt, &f);
	if (!rc)
		rc = cli_report_date(cli, &date, today);
	if (rc)
		return rc;
	ro.date = date;
	if (def->build(cli->ctx, &cli->isms, &ro, &d, &err))
		return cli_fail(cli, &err, NULL);
	rc = cli_write_doc(cli, d, f, output);
	doc_free(d);
	return rc;
}
