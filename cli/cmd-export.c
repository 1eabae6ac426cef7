/* cmd-export.c - "isms export --dir DIR": the whole document set of the ISMS, as PDF and XLSX, with an index. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "isms/docset.h"
#include "isms/utf8.h"
#include "isms/util.h"

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct report_opts ro = { 0 };
	struct docset_result res;
	struct isms_err err;
	const char *dir = NULL, *date = NULL;
	char today[16];
	int r, opt, rc;

	while ((r = cli_getopt(cli, argc, argv, "", opts, &opt)) == 0) {
		if (opt == 'd')
			dir = optarg;
		else if (opt == 'D')
			date = optarg;
	}
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (!dir)
		return cli_usage_error(cli, _("--dir is required"));
	rc = cli_report_date(cli, &date, today);
	if (rc)
		return rc;
	ro.date = date;
	if (docset_write(cli->ctx, &cli->isms, dir, &ro, &res, &err))
		return cli_fail(cli, &err, NULL);
	for (size_t i = 0; i < res.n; i++) {
		const struct docset_item *it = &res.items[i];

		size_t w = utf8_width(it->title);

		/* Titles padded by display width: a kanji takes two columns. */
		printf("%2d  %s%*s ", it->step, it->title, (int)(w < 36 ? 36 - w : 0), "");
		if (it->written)
			printf("%s/%s.pdf%s\n", dir, it->file, it->tabular ? " .xlsx" : "");
		else
			printf("%s: %s\n", _("missing"), it->err.msg);
	}
	printf(_("Wrote %zu artefacts and %s/index.html.\n"), res.written, dir);
	if (res.missing) {
		fprintf(stderr, "isms: %s: ", _("error"));
		fprintf(stderr, _n("the document set is incomplete: %zu artefact is missing\n",
				   "the document set is incomplete: %zu artefacts are missing\n", res.missing),
			res.missing);
		fprintf(stderr, "%s: %s\n", _("hint"), _("\"isms status\" shows what each step lacks."));
		return EXIT_CONFLICT;
	}
	return EXIT_OK;
}
