/* clearn(1) — the command-line program: a thin client of the library. */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

struct command {
    const char *name, *summary;
    int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
    {"info", "describe a data file: schema, summaries, class distribution", cmd_info},
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

static void usage(FILE *out)
{
    fputs("Usage: clearn COMMAND [OPTION]... [FILE]\n"
          "Classic machine learning from the command line.\n\n"
          "Commands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n  -h, --help     show this help (clearn COMMAND --help for a command's)\n"
          "  -V, --version  show the version\n\n"
          "Files: .csv, .arff, .libsvm/.svm by extension (or --format); - is stdin.\n"
          "Exit status: 0 success, 1 error, 2 usage error. See clearn(1).\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("clearn %s\n", clearn_version());
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'clearn --help')", argv[1]);
    return CLI_USAGE;
}
