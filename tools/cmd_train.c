/* clearn train / clearn predict — fit a model and save it; load it and
 * predict. */
#include "config.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void train_usage(FILE *out)
{
    fputs("Usage: clearn train -m SPEC [-o MODEL] [OPTION]... FILE\n"
          "Fit the estimator SPEC (e.g. \"oner\", \"standardize | zeror\") on FILE and\n"
          "save it to MODEL (optional with --print, --dot or --explain).\n\n"
          "  -m, --model SPEC        estimator or pipeline spec (see clearn list)\n"
          "  -o, --output MODEL      model file to write\n"
          "  -p, --print             print the fitted model as text\n"
          "      --dot FILE          write the fitted model as a Graphviz DOT graph\n"
          "      --explain           print how fit reached the model (trees: trace=1)\n"
          CLI_READ_HELP
          "  -h, --help              show this help\n", out);
}

static void predict_usage(FILE *out)
{
    fputs("Usage: clearn predict [OPTION]... MODEL FILE\n"
          "Print one prediction per row of FILE: class names for a classifier,\n"
          "numbers for a regressor, cluster numbers (0, 1, ...) for a clusterer.\n\n"
          "      --proba             class probabilities as CSV, one column per class\n"
          "  -o, --output FILE       write there instead of standard output\n"
          CLI_READ_HELP
          "  -h, --help              show this help\n", out);
}

/* Shared option loop: returns -1 to continue, else an exit status. */
static int handle_common(struct cli_read *r, int c, void (*usage)(FILE *))
{
    int k = cli_read_option(r, c, optarg);
    if (k == 1)
        return -1;
    if (c == 'h') {
        usage(stdout);
        return CLI_OK;
    }
    if (k == 0)
        usage(stderr);
    return CLI_USAGE;
}

struct train_opts {
    const char *spec, *out, *dot;
    int print, explain;
};

/* Writes the DOT graph to path (whole, or not at all). Returns 0, or -1
 * with the message printed. */
static int write_dot(const clearn_estimator *e, const char *path)
{
    struct cli_out o;
    clearn_error err;
    int rc;
    if (!clearn_estimator_get_type(e)->dot) {   /* no empty file left behind */
        rc = clearn_estimator_dot(e, stdout, &err);
    } else {
        if (!cli_out_open(&o, path))
            return -1;
        rc = clearn_estimator_dot(e, o.f, &err);
        if (cli_out_close(&o, rc == CLEARN_OK) != 0 && rc == CLEARN_OK)
            return -1;
    }
    if (rc != CLEARN_OK)
        cli_report(&err);
    return rc == CLEARN_OK ? 0 : -1;
}

static int train_run(const struct train_opts *o, const char *path, const struct cli_read *r)
{
    clearn_error err;
    clearn_dataset *ds = NULL;
    clearn_estimator *e = clearn_estimator_new(o->spec, &err);
    int status = CLI_ERROR;
    if (!e) {
        cli_report(&err);
        return CLI_ERROR;
    }
    if (!(ds = cli_load(path, r)))
        goto done;
    if (clearn_estimator_fit(e, ds, &err) != CLEARN_OK ||
        (o->explain && clearn_estimator_explain(e, stdout, &err) != CLEARN_OK) ||
        (o->print && clearn_estimator_print(e, stdout, &err) != CLEARN_OK)) {
        cli_report(&err);
        goto done;
    }
    if (o->dot && write_dot(e, o->dot) != 0)
        goto done;
    if (o->out && clearn_estimator_save(e, o->out, &err) != CLEARN_OK) {
        cli_report(&err);
        goto done;
    }
    status = CLI_OK;
done:
    clearn_dataset_free(ds);
    clearn_estimator_free(e);
    return status;
}

int cmd_train(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_READ_LONGOPTS,
        {"model", required_argument, NULL, 'm'},
        {"output", required_argument, NULL, 'o'},
        {"print", no_argument, NULL, 'p'},
        {"dot", required_argument, NULL, 'D'},
        {"explain", no_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_read r;
    struct train_opts o = {NULL, NULL, NULL, 0, 0};
    int c, status;
    cli_read_init(&r);
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_READ_SHORTOPTS "m:o:ph", longopts, NULL)) != -1) {
        if (c == 'm')
            o.spec = optarg;
        else if (c == 'o')
            o.out = optarg;
        else if (c == 'p')
            o.print = 1;
        else if (c == 'D')
            o.dot = optarg;
        else if (c == 'E')
            o.explain = 1;
        else if ((status = handle_common(&r, c, train_usage)) >= 0)
            goto done;
    }
    if (!o.spec || (!o.out && !o.print && !o.dot && !o.explain) || optind != argc - 1) {
        cli_error("train: give -m SPEC, -o MODEL (or --print, --dot, --explain) and one FILE");
        train_usage(stderr);
        status = CLI_USAGE;
        goto done;
    }
    status = train_run(&o, argv[optind], &r);
done:
    cli_read_free(&r);
    return status;
}

/* A CSV field, quoted (inner quotes doubled) when it needs to be. */
static void print_csv_field(FILE *f, const char *s, const char *before)
{
    fputs(before, f);
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[strlen(s) - 1] != ' ') {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Prints predictions (or probabilities) for every row of ds. */
static int write_predictions(const clearn_estimator *e, const clearn_dataset *ds, int proba,
                             FILE *f, clearn_error *err)
{
    const clearn_dataset *schema = clearn_estimator_schema(e);
    size_t n = clearn_dataset_rows(ds), c = clearn_dataset_class(schema);
    size_t k = proba ? clearn_dataset_categories(schema, c) : 1;
    int nominal = c != CLEARN_NONE && clearn_dataset_attr_kind(schema, c) == CLEARN_NOMINAL &&
                  clearn_estimator_get_type(e)->tasks != CLEARN_CLUSTER;   /* cluster numbers */
    double *out = calloc(n * k + 1, sizeof *out);
    int rc;
    if (!out)
        return (err->code = CLEARN_ENOMEM, snprintf(err->text, sizeof err->text, "out of memory"), -1);
    rc = proba ? clearn_estimator_predict_proba(e, ds, out, err) : clearn_estimator_predict(e, ds, out, err);
    if (rc == CLEARN_OK && proba) {
        for (size_t j = 0; j < k; j++)
            print_csv_field(f, clearn_dataset_category(schema, c, j), j ? "," : "");
        fputc('\n', f);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < k; j++)
                fprintf(f, "%.17g%c", out[i * k + j], j + 1 < k ? ',' : '\n');
    } else if (rc == CLEARN_OK) {
        for (size_t i = 0; i < n; i++) {
            if (isnan(out[i]))
                fputs("?\n", f);
            else if (nominal)
                fprintf(f, "%s\n", clearn_dataset_category(schema, c, (size_t)out[i]));
            else
                fprintf(f, "%.17g\n", out[i]);
        }
    }
    free(out);
    return rc == CLEARN_OK ? 0 : -1;
}

static int predict_run(const char *model, const char *path, int proba, const char *outpath,
                       const struct cli_read *r)
{
    clearn_error err;
    clearn_estimator *e = clearn_estimator_load(model, &err);
    clearn_dataset *ds = NULL;
    struct cli_out o;
    FILE *f = stdout;
    int status = CLI_ERROR;
    if (!e) {
        cli_report(&err);
        return CLI_ERROR;
    }
    if (!(ds = cli_load(path, r)))
        goto done;
    if (outpath && !(f = cli_out_open(&o, outpath)))
        goto done;
    if (write_predictions(e, ds, proba, f, &err) != 0)
        cli_report(&err);
    else if (!outpath && (fflush(f) != 0 || ferror(f)))
        cli_error("standard output: write error");
    else
        status = CLI_OK;
    if (outpath && cli_out_close(&o, status == CLI_OK) != 0)
        status = CLI_ERROR;
done:
    clearn_dataset_free(ds);
    clearn_estimator_free(e);
    return status;
}

int cmd_predict(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_READ_LONGOPTS,
        {"proba", no_argument, NULL, 'P'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_read r;
    const char *out = NULL;
    int c, proba = 0, status;
    cli_read_init(&r);
    r.opt.class_attr = "none";   /* the model knows its class; the file need not have it */
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_READ_SHORTOPTS "o:h", longopts, NULL)) != -1) {
        if (c == 'P')
            proba = 1;
        else if (c == 'o')
            out = optarg;
        else if ((status = handle_common(&r, c, predict_usage)) >= 0)
            goto done;
    }
    if (optind != argc - 2) {
        cli_error("predict: give a MODEL and a FILE");
        predict_usage(stderr);
        status = CLI_USAGE;
        goto done;
    }
    status = predict_run(argv[optind], argv[optind + 1], proba, out, &r);
done:
    cli_read_free(&r);
    return status;
}
