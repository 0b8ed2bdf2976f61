/* clearn(1) — the command-line program: a thin client of the library. */
#include "config.h"
#include <dlfcn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

struct command {
    const char *name, *summary;
    int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
    {"info", "describe a data file: schema, summaries, class distribution", cmd_info},
    {"train", "fit an estimator or pipeline on a data file and save the model", cmd_train},
    {"predict", "predict with a saved model, one line per row", cmd_predict},
    {"cv", "cross-validate an estimator or pipeline", cmd_cv},
    {"grid", "grid search: cross-validate every combination of parameters", cmd_grid},
    {"compare", "compare two specs: corrected resampled t-test, McNemar", cmd_compare},
    {"curve", "learning curve: a metric against training-set size", cmd_curve},
    {"list", "list the estimators and transforms", cmd_list},
    {"help", "show an estimator's or transform's parameters", cmd_help},
};

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("clearn: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_report(const clearn_error *err)
{
    cli_error("%s", err->text[0] ? err->text : clearn_strerror(err->code));
}

/* Loads a plug-in: a shared object whose clearn_plugin_init registers its
 * types. The handle stays open for the life of the process. */
static int load_plugin(const char *path)
{
    clearn_error err = {0, ""};
    int (*init)(clearn_error *);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        cli_error("plugin %s: %s", path, dlerror());
        return -1;
    }
    *(void **)&init = dlsym(h, "clearn_plugin_init");
    if (!init) {
        cli_error("plugin %s: no clearn_plugin_init function", path);
        return -1;
    }
    if (init(&err) != CLEARN_OK) {
        cli_error("plugin %s: %s", path, err.text[0] ? err.text : clearn_strerror(err.code));
        return -1;
    }
    return 0;
}

/* Plug-ins named in CLEARN_PLUGINS (colon-separated). */
static int load_env_plugins(void)
{
    const char *env = getenv("CLEARN_PLUGINS");
    char *copy, *save = NULL;
    int rc = 0;
    if (!env || !*env)
        return 0;
    if (!(copy = strdup(env)))
        return -1;
    for (char *p = strtok_r(copy, ":", &save); p && rc == 0; p = strtok_r(NULL, ":", &save))
        rc = load_plugin(p);
    free(copy);
    return rc;
}

static void usage(FILE *out)
{
    fputs("Usage: clearn COMMAND [OPTION]... [FILE]\n"
          "Classic machine learning from the command line.\n\n"
          "Commands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n  -h, --help       show this help (clearn COMMAND --help for a command's)\n"
          "  -V, --version    show the version\n"
          "  --plugin FILE    load a shared object whose clearn_plugin_init registers\n"
          "                   estimators or transforms (before COMMAND; repeatable;\n"
          "                   also CLEARN_PLUGINS=FILE:FILE...)\n\n"
          "Files: .csv, .arff, .libsvm/.svm by extension (or --format); - is stdin.\n"
          "Exit status: 0 success, 1 error, 2 usage error. See clearn(1).\n", out);
}

int main(int argc, char **argv)
{
    int i = 1;
    if (load_env_plugins() != 0)
        return CLI_ERROR;
    while (i + 1 < argc && strcmp(argv[i], "--plugin") == 0) {
        if (load_plugin(argv[i + 1]) != 0)
            return CLI_ERROR;
        i += 2;
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
        printf("clearn %s\n", clearn_version());
        return CLI_OK;
    }
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        if (strcmp(argv[i], commands[c].name) == 0)
            return commands[c].run(argc - i, argv + i);
    cli_error("unknown command '%s' (try 'clearn --help')", argv[i]);
    return CLI_USAGE;
}
