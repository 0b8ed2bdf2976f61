/* clearn info — the schema, per-attribute summary and class distribution
 * of a data file. */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void info_usage(FILE *out)
{
    fputs("Usage: clearn info [OPTION]... FILE\n"
          "Print the schema, a summary of each attribute and the class distribution.\n\n"
          CLI_READ_HELP
          "  -h, --help              show this help\n", out);
}

static int name_width(const clearn_dataset *ds)
{
    size_t w = 4;
    for (size_t j = 0; j < clearn_dataset_attrs(ds); j++) {
        size_t k = strlen(clearn_dataset_attr_name(ds, j));
        if (k > w)
            w = k;
    }
    return (int)(w > 30 ? 30 : w);
}

/* Categories of a nominal attribute with their counts, on one line. */
static int print_counts(const clearn_dataset *ds, size_t j)
{
    size_t k = clearn_dataset_categories(ds, j), *counts = calloc(k ? k : 1, sizeof *counts);
    clearn_error err;
    if (!counts || clearn_dataset_category_counts(ds, j, counts, &err) != CLEARN_OK) {
        free(counts);
        return -1;
    }
    for (size_t c = 0; c < k; c++) {
        if (c == 8 && k > 10) {
            printf(" ... (%zu more)", k - c);
            break;
        }
        printf("%s%s:%zu", c ? " " : "  ", clearn_dataset_category(ds, j, c), counts[c]);
    }
    free(counts);
    return 0;
}

static int print_attributes(const clearn_dataset *ds)
{
    int w = name_width(ds);
    clearn_error err;
    printf("\n %3s  %-*s  %-7s  %7s  %8s  %12s  %12s  %12s  %12s\n", "#", w, "name", "kind",
           "missing", "distinct", "min", "max", "mean", "sd");
    for (size_t j = 0; j < clearn_dataset_attrs(ds); j++) {
        clearn_summary s;
        if (clearn_dataset_summary(ds, j, &s, &err) != CLEARN_OK) {
            cli_report(&err);
            return -1;
        }
        printf(" %3zu  %-*.*s  %-7s  %7zu  %8zu", j + 1, w, w, clearn_dataset_attr_name(ds, j),
               s.kind == CLEARN_NOMINAL ? "nominal" : "numeric", s.missing, s.distinct);
        if (s.kind == CLEARN_NUMERIC)
            printf("  %12.6g  %12.6g  %12.6g  %12.6g", s.min, s.max, s.mean, s.sd);
        else if (print_counts(ds, j) != 0)
            return -1;
        printf("%s\n", j == clearn_dataset_class(ds) ? "  (class)" : "");
    }
    return 0;
}

static int print_class(const clearn_dataset *ds)
{
    size_t c = clearn_dataset_class(ds), k, *counts, total = 0;
    clearn_error err;
    if (c == CLEARN_NONE) {
        printf("\nno class attribute\n");
        return 0;
    }
    if (clearn_dataset_attr_kind(ds, c) == CLEARN_NUMERIC) {
        printf("\nclass '%s' is numeric (regression); summary above\n", clearn_dataset_attr_name(ds, c));
        return 0;
    }
    k = clearn_dataset_categories(ds, c);
    if (!(counts = calloc(k ? k : 1, sizeof *counts)) ||
        clearn_dataset_category_counts(ds, c, counts, &err) != CLEARN_OK) {
        free(counts);
        cli_error("out of memory");
        return -1;
    }
    for (size_t i = 0; i < k; i++)
        total += counts[i];
    printf("\nclass distribution of '%s':\n", clearn_dataset_attr_name(ds, c));
    for (size_t i = 0; i < k; i++)
        printf("  %-20s %8zu  %5.1f%%\n", clearn_dataset_category(ds, c, i), counts[i],
               total ? 100.0 * (double)counts[i] / (double)total : 0.0);
    if (total < clearn_dataset_rows(ds))
        printf("  %-20s %8zu\n", "(missing)", clearn_dataset_rows(ds) - total);
    free(counts);
    return 0;
}

static int describe(const char *path, const clearn_dataset *ds)
{
    size_t nominal = 0, d = clearn_dataset_attrs(ds), c = clearn_dataset_class(ds);
    for (size_t j = 0; j < d; j++)
        nominal += clearn_dataset_attr_kind(ds, j) == CLEARN_NOMINAL;
    printf("file:       %s\n", path);
    printf("relation:   %s\n", clearn_dataset_relation(ds));
    printf("rows:       %zu\n", clearn_dataset_rows(ds));
    printf("attributes: %zu (%zu numeric, %zu nominal)\n", d, d - nominal, nominal);
    if (c == CLEARN_NONE)
        printf("class:      none\n");
    else
        printf("class:      %s (%s)\n", clearn_dataset_attr_name(ds, c),
               clearn_dataset_attr_kind(ds, c) == CLEARN_NOMINAL ? "nominal: classification"
                                                                   : "numeric: regression");
    if (print_attributes(ds) != 0 || print_class(ds) != 0)
        return -1;
    return 0;
}

int cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_READ_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_read r;
    clearn_dataset *ds;
    int c, status = CLI_OK;
    cli_read_init(&r);
    while ((c = getopt_long(argc, argv, CLI_READ_SHORTOPTS "h", longopts, NULL)) != -1) {
        int k = cli_read_option(&r, c, optarg);
        if (k == 1)
            continue;
        if (c == 'h') {
            info_usage(stdout);
            cli_read_free(&r);
            return CLI_OK;
        }
        if (k == 0)
            info_usage(stderr);
        cli_read_free(&r);
        return CLI_USAGE;
    }
    if (optind != argc - 1) {
        cli_error("info: give exactly one FILE (- for stdin)");
        info_usage(stderr);
        cli_read_free(&r);
        return CLI_USAGE;
    }
    if (!(ds = cli_load(argv[optind], &r)))
        status = CLI_ERROR;
    else if (describe(argv[optind], ds) != 0 || fflush(stdout) != 0)
        status = CLI_ERROR;
    clearn_dataset_free(ds);
    cli_read_free(&r);
    return status;
}
