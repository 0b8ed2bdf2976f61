/* clearn(1) — reading data files: the options shared by subcommands. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

void cli_read_init(struct cli_read *r)
{
    memset(r, 0, sizeof *r);
    clearn_read_options_init(&r->opt);
}

static void free_list(char **list)
{
    if (!list)
        return;
    free(list[0]);   /* one block holds every string */
    free(list);
}

void cli_read_free(struct cli_read *r)
{
    free_list(r->missing);
    free_list(r->nominal);
    free_list(r->numeric);
    memset(r, 0, sizeof *r);
}

/* Splits a comma-separated list; *n receives the count. An empty string
 * gives one empty item (so --missing '' means "only the empty field"). */
static char **split_list(const char *arg, size_t *n)
{
    char *copy = strdup(arg), **items;
    size_t k = 1;
    if (!copy)
        return NULL;
    for (const char *p = arg; *p; p++)
        k += *p == ',';
    if (!(items = calloc(k, sizeof *items))) {
        free(copy);
        return NULL;
    }
    items[0] = copy;
    for (size_t i = 1; i < k; i++) {
        char *comma = strchr(items[i - 1], ',');
        *comma = '\0';
        items[i] = comma + 1;
    }
    *n = k;
    return items;
}

static int set_list(char ***list, const char *const **field, size_t *n, const char *arg)
{
    free_list(*list);
    if (!(*list = split_list(arg, n))) {
        cli_error("out of memory");
        return -1;
    }
    *field = (const char *const *)*list;
    return 1;
}

int cli_read_option(struct cli_read *r, int c, const char *arg)
{
    clearn_error err;
    switch (c) {
    case 'c':
        r->opt.class_attr = arg;
        return 1;
    case 'd':
        if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
            r->opt.delimiter = '\t';
        else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r')
            r->opt.delimiter = arg[0];
        else {
            cli_error("bad delimiter '%s': give one character, or 'tab'", arg);
            return -1;
        }
        return 1;
    case 256:
        if (clearn_format_parse(arg, &r->opt.format, &err) != CLEARN_OK) {
            cli_report(&err);
            return -1;
        }
        return 1;
    case 257:
        r->opt.header = 0;
        return 1;
    case 258:
        return set_list(&r->missing, &r->opt.missing, &r->opt.n_missing, arg);
    case 259:
        return set_list(&r->nominal, &r->opt.nominal, &r->opt.n_nominal, arg);
    case 260:
        return set_list(&r->numeric, &r->opt.numeric, &r->opt.n_numeric, arg);
    default:
        return 0;
    }
}

clearn_dataset *cli_load(const char *path, const struct cli_read *r)
{
    clearn_error err;
    clearn_dataset *ds;
    if (strcmp(path, "-") == 0)
        ds = clearn_read_stream(stdin, "-", &r->opt, &err);
    else
        ds = clearn_read(path, &r->opt, &err);
    if (!ds)
        cli_report(&err);
    return ds;
}

FILE *cli_out_open(struct cli_out *o, const char *path)
{
    size_t len = strlen(path);
    int fd;
    mode_t mask = umask(0);
    umask(mask);
    o->f = NULL;
    o->path = path;
    if (!(o->tmp = malloc(len + 8))) {
        cli_error("%s: out of memory", path);
        return NULL;
    }
    memcpy(o->tmp, path, len);
    memcpy(o->tmp + len, ".XXXXXX", 8);
    if ((fd = mkstemp(o->tmp)) < 0 || fchmod(fd, 0666 & ~mask) != 0 ||
        !(o->f = fdopen(fd, "w"))) {
        cli_error("%s: cannot create a temporary file beside it: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            remove(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return NULL;
    }
    return o->f;
}

int cli_out_close(struct cli_out *o, int ok)
{
    int status = 0;
    if (!o->f)
        return ok ? 0 : -1;
    if (ok && (fflush(o->f) != 0 || ferror(o->f))) {
        cli_error("%s: write error: %s", o->path, strerror(errno));
        ok = 0;
    }
    if (fclose(o->f) != 0 && ok) {
        cli_error("%s: %s", o->path, strerror(errno));
        ok = 0;
    }
    if (ok && rename(o->tmp, o->path) != 0) {
        cli_error("%s: cannot rename the temporary file over it: %s", o->path, strerror(errno));
        ok = 0;
    }
    if (!ok) {
        remove(o->tmp);
        status = -1;
    }
    free(o->tmp);
    o->f = NULL;
    o->tmp = NULL;
    return status;
}
