/* cmd-report.c - "isms report NAME": a report of the ISMS as CSV, JSON, XLSX, HTML or PDF. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isms/report.h"

static void list_reports(FILE *out)
{
	fprintf(out, "\n%s\n", _("Reports:"));
	for (const struct report_def *r = report_defs; r->name; r++)
		fprintf(out, "  %-12s %s\n", r->name, T_(r->title));
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const struct report_def *def;
	const char *output = NULL, *date = NULL;
	int r, opt;

	while ((r = cli_getopt(cli, argc, argv, "o:", opts, &opt)) == 0) {
		switch (opt) {
		case 'o': output = optarg; break;
		case 'D': date = optarg; break;
		}
	}
	if (r == 'h') {
		list_reports(stdout);
		return EXIT_OK;
	}
	if (r == '?')
		return EXIT_USAGE;
	if (optind >= argc) {
		cli_usage_error(cli, "%s", _("the report's name is missing"));
		list_reports(stderr);
		return EXIT_USAGE;
	}
	if (optind + 1 < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind + 1]);
	def = report_find(argv[optind]);
	if (!def) {
		cli_usage_error(cli, _("unknown report \"%s\""), argv[optind]);
		list_reports(stderr);
		return EXIT_USAGE;
	}
	return cli_write_report(cli, def, output, date, DOC_HTML);
}
