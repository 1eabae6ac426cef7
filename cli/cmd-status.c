/* cmd-status.c - "isms status": the ten steps of establishing the ISMS. */
#include <stdio.h>

#include "cli.h"
#include "isms/json.h"
#include "isms/status.h"
#include "isms/utf8.h"

static const char *mark(enum step_state s)
{
	switch (s) {
	case STEP_NOT_STARTED: return "[ ]";
	case STEP_IN_PROGRESS: return "[~]";
	case STEP_DONE: return "[x]";
	case STEP_APPROVED: return "[A]";
	}
	return "";
}

static void print_json(const struct isms_status *st)
{
	json_t *o = status_json(st, false);
	struct sbuf sb = SBUF_INIT;

	json_write(&sb, o, 1);
	printf("%s\n", sb.buf);
	sbuf_release(&sb);
	json_decref(o);
}

static void print_table(struct cli *cli, const struct isms_status *st)
{
	struct rtable t;

	rtable_init(&t);
	rtable_col(&t, "step", _("Step"), RCELL_NUMBER);
	rtable_col(&t, "phase", _("Phase"), RCELL_NUMBER);
	rtable_col(&t, "name", _("Step name"), RCELL_TEXT);
	rtable_col(&t, "artefact", _("Artefact"), RCELL_TEXT);
	rtable_col(&t, "clause", _("Clause"), RCELL_TEXT);
	rtable_col(&t, "state", _("State"), RCELL_TEXT);
	rtable_col(&t, "missing", _("Missing"), RCELL_TEXT);
	for (int i = 0; i < STATUS_STEPS; i++) {
		const struct step_status *s = &st->steps[i];
		struct sbuf m = SBUF_INIT;

		for (size_t k = 0; k < s->nmissing; k++) {
			if (k)
				sbuf_addstr(&m, "; ");
			sbuf_addstr(&m, s->missing[k]);
		}
		rtable_row(&t);
		rtable_setf(&t, 0, "%d", s->step);
		rtable_setf(&t, 1, "%d", s->phase);
		rtable_set(&t, 2, s->name);
		rtable_set(&t, 3, s->artefact);
		rtable_set(&t, 4, s->clause);
		rtable_set(&t, 5, status_state_code(s->state));
		rtable_set(&t, 6, m.buf);
		sbuf_release(&m);
	}
	cli_print_table(cli, &t);
	rtable_release(&t);
}

static void print_text(const struct isms_status *st)
{
	int phase = 0;

	printf("%s: %s (%s)  ISO/IEC 27001:%d\n", _("ISMS"), st->isms.name, st->isms.org,
	       st->isms.edition);
	for (int i = 0; i < STATUS_STEPS; i++) {
		const struct step_status *s = &st->steps[i];

		if (s->phase != phase) {
			phase = s->phase;
			printf("\n%s\n", status_phase_name(phase));
		}
		printf("  %s %2d. %s: %s  (%s %s)  %s\n", mark(s->state), s->step, s->name,
		       s->artefact, _("clause"), s->clause, status_state_label(s->state));
		for (size_t k = 0; k < s->nmissing; k++)
			printf("         - %s\n", s->missing[k]);
	}
	printf("\n%s\n", _("[ ] not started  [~] in progress  [x] done  [A] approved"));
}

int cmd_status(struct cli *cli, int argc, char **argv)
{
	struct isms_status st;
	struct isms_err err;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[1]);
	if (status_compute(cli->ctx, &cli->arena, &cli->isms, &st, &err))
		return cli_fail(cli, &err, NULL);
	if (cli->format == RTABLE_JSON)
		print_json(&st);
	else if (cli->format == RTABLE_CSV)
		print_table(cli, &st);
	else
		print_text(&st);
	return EXIT_OK;
}
