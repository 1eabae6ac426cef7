/* editor.c - texts given to commands: read from a file or edited in $EDITOR, then saved. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "isms/xalloc.h"

enum isms_rc cli_read_file(const char *path, size_t max, struct sbuf *out, struct isms_err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char buf[65536];
	size_t n;

	if (!f) {
		isms_err_set(err, ISMS_EIO, _("cannot read \"%s\": %s"), path, strerror(errno));
		return ISMS_EIO;
	}
	sbuf_reset(out);
	/* One byte more than allowed tells a file at the limit from one past it. */
	out->max = max + 1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && !out->overflow)
		sbuf_add(out, buf, n);
	if (ferror(f)) {
		isms_err_set(err, ISMS_EIO, _("cannot read \"%s\": %s"), path, strerror(errno));
		if (f != stdin)
			fclose(f);
		return ISMS_EIO;
	}
	if (f != stdin)
		fclose(f);
	if (out->overflow || out->len > max) {
		isms_err_set(err, ISMS_ELIMIT, _("\"%s\" is too large"), path);
		isms_err_detail(err, _("The limit is %zu bytes."), max);
		return ISMS_ELIMIT;
	}
	if (memchr(out->buf, '\0', out->len)) {
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" is not a text file"), path);
		isms_err_detail(err, _("It contains a NUL byte."));
		return ISMS_EINVAL;
	}
	return ISMS_OK;
}

static const char *editor(void)
{
	const char *e = getenv("VISUAL");

	if (!e || !*e)
		e = getenv("EDITOR");
	return e && *e ? e : "vi";
}

enum isms_rc cli_edit(const char *initial, const char *suffix, size_t max, struct sbuf *out,
		      char **ret_path, struct isms_err *err)
{
	char *path = xasprintf("%s/isms-XXXXXX%s", getenv("TMPDIR") && *getenv("TMPDIR")
							   ? getenv("TMPDIR") : "/tmp", suffix);
	int fd = mkstemps(path, (int)strlen(suffix)), status;
	size_t len = strlen(initial);
	pid_t pid;

	*ret_path = NULL;
	if (fd < 0 || write(fd, initial, len) != (ssize_t)len || close(fd) != 0) {
		isms_err_set(err, ISMS_EIO, _("cannot write a temporary file: %s"), strerror(errno));
		if (fd >= 0)
			unlink(path);
		free(path);
		return ISMS_EIO;
	}
	/* As git does: the editor is a shell command, the file its argument. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *cmd = xasprintf("%s \"$@\"", editor());

		execl("/bin/sh", "sh", "-c", cmd, editor(), path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		isms_err_set(err, ISMS_EIO, _("the editor \"%s\" failed"), editor());
		isms_err_detail(err, _("Nothing was saved."));
		unlink(path);
		free(path);
		return ISMS_EIO;
	}
	*ret_path = path;
	return cli_read_file(path, max, out, err);
}

int cli_set_from_file(struct cli *cli, int argc, char **argv, size_t max, cli_save_fn save)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sbuf text = SBUF_INIT;
	struct isms_err err;
	const char *file = NULL;
	int r, opt, rc;

	while ((r = cli_getopt(cli, argc, argv, "f:", opts, &opt)) == 0)
		if (opt == 'f')
			file = optarg;
	if (r == 'h')
		return EXIT_OK;
	if (r == '?')
		return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument \"%s\""), argv[optind]);
	if (!file)
		return cli_usage_error(cli, _("--file is required"));
	if (cli_read_file(file, max, &text, &err))
		rc = cli_fail(cli, &err, NULL);
	else
		rc = save(cli, &text, file);
	sbuf_release(&text);
	return rc;
}

int cli_edit_save(struct cli *cli, const char *initial, size_t max, bool always, cli_save_fn save,
		  char **ret_kept)
{
	struct sbuf text = SBUF_INIT;
	struct isms_err err;
	_cleanup_free_ char *path = NULL;
	int rc;

	*ret_kept = NULL;
	if (cli_edit(initial, ".md", max, &text, &path, &err)) {
		rc = cli_fail(cli, &err, NULL);
	} else if (!always && !strcmp(initial, text.buf)) {
		printf("%s\n", _("The file was not changed; nothing was saved."));
		rc = EXIT_OK;
	} else {
		rc = save(cli, &text, path);
		/* Keep the user's work: they fix it and load it again. */
		if (rc != EXIT_OK && rc != EXIT_STORE)
			*ret_kept = TAKE_PTR(path);
	}
	if (path)
		unlink(path);
	sbuf_release(&text);
	return rc;
}
