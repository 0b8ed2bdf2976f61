/* clearn cv / grid / compare / curve — evaluation from the command line:
 * option parsing shared by the four commands, the split they describe, a
 * progress bar on a terminal, and text or JSON output. */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <clearn/cv.h>
#include "cli.h"

enum {
    OPT_LOO = 300, OPT_REPEAT, OPT_NO_STRATIFY, OPT_SEED, OPT_THREADS, OPT_METRICS,
    OPT_METRIC, OPT_NO_PROGRESS, OPT_HOLDOUT, OPT_SIZES, OPT_FORMAT = 256
};

struct eval {
    const char *cmd;
    struct cli_read r;
    const char *spec[2];
    size_t n_spec;
    size_t k, repeat;
    int loo, stratify, json, progress, k_given, repeat_given;
    uint64_t seed;
    long threads;
    char **metrics;          /* from --metrics; metrics[0] owns the text */
    size_t n_metrics;
    const char *metric;      /* --metric */
    double holdout;          /* 0: none */
    const char *sizes;       /* --sizes */
    const char *output;      /* -o */
    const char *path;
};

/* ---- usage ------------------------------------------------------------------ */

#define SPLIT_HELP                                                                    \
    "  -k, --folds K           folds of k-fold cross-validation (default 10)\n"      \
    "      --loo               leave-one-out instead of k-fold\n"                    \
    "      --repeat R          repeat k-fold R times, reshuffled (default 1)\n"      \
    "      --holdout F         one holdout split with a fraction F of test rows\n"  \
    "      --no-stratify       plain k-fold even for a nominal class\n"              \
    "      --seed S            shuffling seed (default 42)\n"
#define RUN_HELP                                                                      \
    "      --threads N         threads, 0 = all CPUs (default 0); same results\n"   \
    "      --format text|json  output (default text); csv, arff, libsvm still\n"     \
    "                          select the input format\n"                            \
    "      --no-progress       no progress bar (shown only on a terminal)\n"

static void usage(const char *cmd, FILE *out)
{
    if (strcmp(cmd, "cv") == 0)
        fputs("Usage: clearn cv -m SPEC [OPTION]... FILE\n"
              "Cross-validate the estimator or pipeline SPEC on FILE: each metric's\n"
              "mean and sd over the folds, and the pooled confusion matrix.\n\n"
              "  -m, --model SPEC        estimator or pipeline spec (see clearn list)\n"
              "      --metrics LIST      comma-separated metrics (default: accuracy,kappa\n"
              "                          or rmse,mae,r2)\n", out);
    else if (strcmp(cmd, "grid") == 0)
        fputs("Usage: clearn grid -m GRIDSPEC [OPTION]... FILE\n"
              "Cross-validate every combination of a grid spec such as\n"
              "\"standardize | oner min_bucket=1,3,6\" on the same folds, rank them,\n"
              "and refit the best on all of FILE.\n\n"
              "  -m, --model GRIDSPEC    spec with comma-separated value lists\n"
              "      --metric NAME       ranking metric (default: the first of --metrics)\n"
              "      --metrics LIST      metrics to report\n"
              "  -o, --output MODEL      save the refitted best model\n", out);
    else if (strcmp(cmd, "compare") == 0)
        fputs("Usage: clearn compare -m SPEC_A -m SPEC_B [OPTION]... FILE\n"
              "Compare two specs: the corrected resampled paired t-test (Nadeau &\n"
              "Bengio 2003) on R x K cross-validation, and for classification\n"
              "McNemar's test on a stratified holdout split.\n\n"
              "  -m, --model SPEC        give it twice\n"
              "  -k, --folds K           folds (default 10)\n"
              "      --repeat R          repetitions (default 10)\n"
              "      --holdout F         McNemar's holdout test fraction (default 1/3)\n"
              "      --no-stratify       plain folds and holdout\n"
              "      --seed S            shuffling seed (default 42)\n"
              "      --metric NAME       metric of the t-test (default accuracy or rmse)\n",
              out);
    else
        fputs("Usage: clearn curve -m SPEC [OPTION]... FILE\n"
              "Learning curve: a metric against training-set size on fixed folds, as\n"
              "CSV (train_size, then mean and sd of each metric).\n\n"
              "  -m, --model SPEC        estimator or pipeline spec\n"
              "      --sizes LIST        fractions of the training part in (0, 1] or\n"
              "                          row counts (default 0.1,0.2,...,1)\n"
              "      --metrics LIST      metrics (default accuracy,kappa or rmse,mae,r2)\n",
              out);
    if (strcmp(cmd, "compare") != 0)
        fputs(SPLIT_HELP, out);
    fputs(RUN_HELP CLI_READ_HELP "  -h, --help              show this help\n", out);
}

/* ---- option parsing ------------------------------------------------------------ */

static int parse_size(const char *opt, const char *arg, size_t *out)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(arg, &end, 10);
    if (!*arg || *end || errno || arg[0] == '-' || v > SIZE_MAX) {
        cli_error("%s '%s': give a whole number >= 0", opt, arg);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

static int parse_seed(const char *arg, uint64_t *out)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(arg, &end, 10);
    if (!*arg || *end || errno || arg[0] == '-' || v > UINT64_MAX) {
        cli_error("--seed '%s': give a whole number >= 0", arg);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

static int parse_fraction(const char *arg, double *out)
{
    char *end;
    double v = strtod(arg, &end);
    if (!*arg || *end || !(v > 0 && v < 1)) {
        cli_error("--holdout '%s': give a fraction between 0 and 1", arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* Splits a comma list into a NULL-free array whose first item owns the
 * copy. */
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

static void eval_free(struct eval *e)
{
    if (e->metrics)
        free(e->metrics[0]);
    free(e->metrics);
    cli_read_free(&e->r);
}

static int set_metrics(struct eval *e, const char *arg)
{
    if (e->metrics)
        free(e->metrics[0]);
    free(e->metrics);
    if (!(e->metrics = split_list(arg, &e->n_metrics))) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

static int set_format(struct eval *e, const char *arg)
{
    if (strcmp(arg, "json") == 0 || strcmp(arg, "text") == 0) {
        e->json = arg[0] == 'j';
        return 0;
    }
    if (cli_read_option(&e->r, 256, arg) == 1)
        return 0;
    cli_error("--format also takes json or text, for the output");
    return -1;
}

static int set_spec(struct eval *e, const char *arg)
{
    if (e->n_spec == (strcmp(e->cmd, "compare") == 0 ? 2u : 1u)) {
        cli_error("%s: too many -m options", e->cmd);
        return -1;
    }
    e->spec[e->n_spec++] = arg;
    return 0;
}

/* Handles one option; 0 = ok, -1 = bad value (printed), -2 = not one this
 * command takes. */
static int eval_option(struct eval *e, int c, const char *arg)
{
    int curve = strcmp(e->cmd, "curve") == 0, grid = strcmp(e->cmd, "grid") == 0;
    int compare = strcmp(e->cmd, "compare") == 0;
    switch (c) {
    case 'm': return set_spec(e, arg);
    case 'k': e->k_given = 1; return parse_size("-k", arg, &e->k);
    case OPT_LOO: if (compare) return -2; e->loo = 1; return 0;
    case OPT_REPEAT: e->repeat_given = 1; return parse_size("--repeat", arg, &e->repeat);
    case OPT_NO_STRATIFY: e->stratify = 0; return 0;
    case OPT_SEED: return parse_seed(arg, &e->seed);
    case OPT_THREADS: {
        size_t t;
        if (parse_size("--threads", arg, &t))
            return -1;
        e->threads = t > 4096 ? 4096 : (long)t;
        return 0;
    }
    case OPT_METRICS: return compare ? -2 : set_metrics(e, arg);
    case OPT_METRIC: if (!grid && !compare) return -2; e->metric = arg; return 0;
    case OPT_NO_PROGRESS: e->progress = 0; return 0;
    case OPT_HOLDOUT: if (curve) return -2; return parse_fraction(arg, &e->holdout);
    case OPT_SIZES: if (!curve) return -2; e->sizes = arg; return 0;
    case 'o': if (!grid) return -2; e->output = arg; return 0;
    case OPT_FORMAT: return set_format(e, arg);
    default: return -2;
    }
}

static void eval_init(struct eval *e, const char *cmd)
{
    memset(e, 0, sizeof *e);
    e->cmd = cmd;
    cli_read_init(&e->r);
    e->k = 10;
    e->repeat = strcmp(cmd, "compare") == 0 ? 10 : 1;
    e->stratify = 1;
    e->progress = 1;
    e->seed = CLEARN_DEFAULT_SEED;
}

/* Parses argv; returns -1 to go on, else an exit status. */
static int eval_parse(struct eval *e, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_READ_LONGOPTS,
        {"model", required_argument, NULL, 'm'},
        {"folds", required_argument, NULL, 'k'},
        {"loo", no_argument, NULL, OPT_LOO},
        {"repeat", required_argument, NULL, OPT_REPEAT},
        {"no-stratify", no_argument, NULL, OPT_NO_STRATIFY},
        {"seed", required_argument, NULL, OPT_SEED},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"metrics", required_argument, NULL, OPT_METRICS},
        {"metric", required_argument, NULL, OPT_METRIC},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"holdout", required_argument, NULL, OPT_HOLDOUT},
        {"sizes", required_argument, NULL, OPT_SIZES},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, idx = -1;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_READ_SHORTOPTS "m:k:o:h", longopts, &idx)) != -1) {
        int rc;
        if (c == 'h') {
            usage(e->cmd, stdout);
            return CLI_OK;
        }
        if (c == '?')
            return usage(e->cmd, stderr), CLI_USAGE;
        if (c != OPT_FORMAT && (rc = cli_read_option(&e->r, c, optarg)) != 0) {
            if (rc < 0)
                return CLI_USAGE;
            continue;
        }
        if ((rc = eval_option(e, c, optarg)) == -2) {
            if (c < 256)
                cli_error("%s: option '-%c' is not for this command", e->cmd, c);
            else
                cli_error("%s: option '--%s' is not for this command", e->cmd, longopts[idx].name);
        }
        if (rc)
            return CLI_USAGE;
        idx = -1;
    }
    if (e->n_spec != (strcmp(e->cmd, "compare") == 0 ? 2u : 1u) || optind != argc - 1) {
        cli_error(strcmp(e->cmd, "compare") == 0 ? "compare: give -m SPEC_A -m SPEC_B and one FILE"
                                                  : "%s: give -m SPEC and one FILE", e->cmd);
        usage(e->cmd, stderr);
        return CLI_USAGE;
    }
    if (e->loo + (e->holdout > 0) + (e->repeat_given && strcmp(e->cmd, "compare") != 0) > 1) {
        cli_error("%s: choose one of --loo, --holdout and --repeat", e->cmd);
        return CLI_USAGE;
    }
    e->path = argv[optind];
    return -1;
}

/* ---- splits ----------------------------------------------------------------------- */

static int nominal_class(const clearn_dataset *ds)
{
    size_t c = clearn_dataset_class(ds);
    return c != CLEARN_NONE && clearn_dataset_attr_kind(ds, c) == CLEARN_NOMINAL;
}

/* The split the options ask for (compare's t-test: always R x K). */
static clearn_split *make_split(const struct eval *e, const clearn_dataset *ds, int for_ttest,
                                clearn_error *err)
{
    int strat = e->stratify && nominal_class(ds);
    if (clearn_dataset_class(ds) == CLEARN_NONE) {
        err->code = CLEARN_EINVAL;
        snprintf(err->text, sizeof err->text, "%s needs a class attribute (the data has none; "
                 "see -c)", e->cmd);
        return NULL;
    }
    if (for_ttest)
        return clearn_split_repeated(ds, e->repeat, e->k, strat, e->seed, err);
    if (e->loo)
        return clearn_split_loo(ds, err);
    if (e->holdout > 0)
        return clearn_split_holdout(ds, e->holdout, strat, e->seed, err);
    if (e->repeat != 1)
        return clearn_split_repeated(ds, e->repeat, e->k, strat, e->seed, err);
    if (strat)
        return clearn_split_stratified_kfold(ds, e->k, 1, e->seed, err);
    return clearn_split_kfold(ds, e->k, 1, e->seed, err);
}

static void describe_split(const clearn_split *s, char *buf, size_t size)
{
    clearn_split_method m = clearn_split_get_method(s);
    size_t reps = clearn_split_repeats(s), k = clearn_split_folds(s);
    const char *strat = m == CLEARN_SPLIT_STRATIFIED_KFOLD || m == CLEARN_SPLIT_STRATIFIED_HOLDOUT
                            ? "stratified " : "";
    if (m == CLEARN_SPLIT_LOO)
        snprintf(buf, size, "leave-one-out (%zu folds)", k);
    else if (m == CLEARN_SPLIT_HOLDOUT || m == CLEARN_SPLIT_STRATIFIED_HOLDOUT)
        snprintf(buf, size, "%sholdout (%zu training rows, %zu test rows), seed %" PRIu64, strat,
                 clearn_split_train_size(s, 0), clearn_split_test_size(s, 0), clearn_split_seed(s));
    else if (reps > 1)
        snprintf(buf, size, "%zu x %s%zu-fold cross-validation, seed %" PRIu64, reps, strat, k,
                 clearn_split_seed(s));
    else
        snprintf(buf, size, "%s%zu-fold cross-validation, seed %" PRIu64, strat, k,
                 clearn_split_seed(s));
}

static const char *method_name(const clearn_split *s)
{
    static const char *const names[] = {"holdout", "stratified_holdout", "kfold",
                                        "stratified_kfold", "loo"};
    unsigned m = (unsigned)clearn_split_get_method(s);
    return m < sizeof names / sizeof *names ? names[m] : "unknown";
}

/* ---- progress bar ------------------------------------------------------------------ */

struct progress {
    int on;
    double start, last;
    size_t width;   /* of the last line drawn */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void clock_text(double s, char *buf, size_t size)
{
    long t = s < 0 || !isfinite(s) ? 0 : s > 3.6e8 ? 360000000L : (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

/* Redraws "[#####.....] 37/100  elapsed 0:12  ETA 0:20" at most ten times a
 * second (and always for the last task). */
static void progress_cb(void *ctx, size_t done, size_t total)
{
    struct progress *p = ctx;
    char bar[31], el[48], eta[48], line[160];
    double t = now(), elapsed = t - p->start;
    size_t fill = total ? done * 30 / total : 30;
    int n;
    if (!p->on || (done < total && t - p->last < 0.1))
        return;
    p->last = t;
    memset(bar, '#', fill);
    memset(bar + fill, '.', 30 - fill);
    bar[30] = '\0';
    clock_text(elapsed, el, sizeof el);
    clock_text(done ? elapsed * (double)(total - done) / (double)done : 0, eta, sizeof eta);
    n = snprintf(line, sizeof line, "[%s] %zu/%zu  elapsed %s  ETA %s", bar, done, total, el, eta);
    fprintf(stderr, "\r%s%*s", line, p->width > (size_t)n ? (int)(p->width - (size_t)n) : 0, "");
    fflush(stderr);
    p->width = (size_t)n;
}

static void progress_start(struct progress *p, const struct eval *e, clearn_cv_options *o)
{
    p->on = e->progress && isatty(STDERR_FILENO);
    p->start = p->last = now();
    p->width = 0;
    if (p->on) {
        o->progress = progress_cb;
        o->progress_ctx = p;
    }
}

static void progress_end(struct progress *p)
{
    if (p->on && p->width)
        fprintf(stderr, "\r%*s\r", (int)p->width, "");
    p->width = 0;
}

/* ---- output helpers ------------------------------------------------------------------ */

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", f);
        else if (ch == '\t')
            fputs("\\t", f);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void json_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.17g", v);
    else
        fputs("null", f);
}

static void text_number(FILE *f, double v)
{
    if (isnan(v))
        fprintf(f, "%8s", "nan");
    else
        fprintf(f, "%8.4f", v);
}

static void warn(const char *text, int *shown)
{
    if (text && !*shown)
        cli_error("warning: %s", text);
    *shown = 1;
}

static void json_split(FILE *f, const clearn_split *s)
{
    fprintf(f, "{\"method\": \"%s\", \"folds\": %zu, \"repeats\": %zu, \"seed\": %" PRIu64
            ", \"rows\": %zu}", method_name(s), clearn_split_folds(s), clearn_split_repeats(s),
            clearn_split_seed(s), clearn_split_used_rows(s));
}

/* Class names of the dataset's class (k of them) in a new array. */
static const char **class_names(const clearn_dataset *ds, size_t k)
{
    const char **names = calloc(k ? k : 1, sizeof *names);
    size_t c = clearn_dataset_class(ds);
    for (size_t i = 0; names && i < k; i++)
        names[i] = clearn_dataset_category(ds, c, i);
    return names;
}

static int finish_output(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("standard output: write error");
        return CLI_ERROR;
    }
    return CLI_OK;
}

/* ---- running: shared steps ------------------------------------------------------- */

struct run {
    clearn_dataset *ds;
    clearn_estimator *model[2];
    clearn_split *split;
    clearn_cv_options opt;
    struct progress bar;
    clearn_error err;
    int warned;
};

static void run_free(struct run *r)
{
    clearn_estimator_free(r->model[0]);
    clearn_estimator_free(r->model[1]);
    clearn_split_free(r->split);
    clearn_dataset_free(r->ds);
}

/* Loads the data, builds the estimators (unless grid) and the split, and
 * prints the split's warning. 0 on success (errors printed). */
static int run_start(struct run *r, struct eval *e, int for_ttest)
{
    memset(r, 0, sizeof *r);
    clearn_cv_options_init(&r->opt);
    r->opt.metrics = (const char *const *)e->metrics;
    r->opt.n_metrics = e->n_metrics;
    r->opt.threads = e->threads;
    if (!(r->ds = cli_load(e->path, &e->r)))
        return -1;
    for (size_t i = 0; strcmp(e->cmd, "grid") != 0 && i < e->n_spec; i++)
        if (!(r->model[i] = clearn_estimator_new(e->spec[i], &r->err))) {
            cli_report(&r->err);
            return -1;
        }
    if (!(r->split = make_split(e, r->ds, for_ttest, &r->err))) {
        cli_report(&r->err);
        if (strstr(r->err.text, "n_splits="))   /* more folds than rows in every class */
            cli_error("hint: give a smaller -k, or --no-stratify");
        else if (strstr(r->err.text, "number of folds"))
            cli_error("hint: give a smaller -k");
        return -1;
    }
    warn(clearn_split_warning(r->split), &r->warned);
    progress_start(&r->bar, e, &r->opt);
    return 0;
}

static void print_header(const struct eval *e, const struct run *r, const char *what)
{
    char split[160];
    size_t c = clearn_dataset_class(r->ds);
    describe_split(r->split, split, sizeof split);
    printf("%s\n%s\n", what, split);
    printf("%zu rows; class '%s'", clearn_split_used_rows(r->split), clearn_dataset_attr_name(r->ds, c));
    if (nominal_class(r->ds))
        printf(" (%zu class%s)\n\n", clearn_dataset_categories(r->ds, c),
               clearn_dataset_categories(r->ds, c) == 1 ? "" : "es");
    else
        printf(" (numeric)\n\n");
    (void)e;
}

/* ---- clearn cv ------------------------------------------------------------------------ */

static void cv_times(const clearn_cv_result *res, double *fit, double *pred)
{
    *fit = *pred = 0;
    for (size_t i = 0; i < clearn_cv_result_splits(res); i++) {
        *fit += clearn_cv_result_fit_seconds(res, i);
        *pred += clearn_cv_result_predict_seconds(res, i);
    }
}

static int print_confusion(const struct run *r, const clearn_cv_result *res)
{
    size_t k = clearn_cv_result_classes(res);
    const char **names = class_names(r->ds, k);
    clearn_error err;
    int rc;
    if (!names) {
        cli_error("out of memory");
        return -1;
    }
    putchar('\n');
    rc = clearn_confusion_print(stdout, clearn_cv_result_confusion(res), k, names,
                                CLEARN_CONFUSION_TITLE, &err);
    free(names);
    if (rc != CLEARN_OK)
        cli_report(&err);
    return rc == CLEARN_OK ? 0 : -1;
}

static int cv_text(const struct eval *e, const struct run *r, const clearn_cv_result *res)
{
    char what[256];
    size_t w = 6;
    double fit, pred;
    snprintf(what, sizeof what, "Cross-validation of '%s'", e->spec[0]);
    print_header(e, r, what);
    for (size_t m = 0; m < clearn_cv_result_metrics(res); m++)
        if (strlen(clearn_cv_result_metric(res, m)->name) > w)
            w = strlen(clearn_cv_result_metric(res, m)->name);
    printf("%-*s      mean ±       sd    pooled\n", (int)w, "metric");
    for (size_t m = 0; m < clearn_cv_result_metrics(res); m++) {
        printf("%-*s  ", (int)w, clearn_cv_result_metric(res, m)->name);
        text_number(stdout, clearn_cv_result_mean(res, m));
        fputs(" ± ", stdout);
        text_number(stdout, clearn_cv_result_sd(res, m));
        fputs("  ", stdout);
        text_number(stdout, clearn_cv_result_pooled(res, m));
        putchar('\n');
    }
    cv_times(res, &fit, &pred);
    printf("\ntime: %.3f s fitting, %.3f s predicting (sum over %zu folds)\n", fit, pred,
           clearn_cv_result_splits(res));
    return clearn_cv_result_classes(res) ? print_confusion(r, res) : 0;
}

static void json_metrics(FILE *f, const clearn_cv_result *res)
{
    fputs("[", f);
    for (size_t m = 0; m < clearn_cv_result_metrics(res); m++) {
        fputs(m ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        json_string(f, clearn_cv_result_metric(res, m)->name);
        fputs(", \"mean\": ", f);
        json_number(f, clearn_cv_result_mean(res, m));
        fputs(", \"sd\": ", f);
        json_number(f, clearn_cv_result_sd(res, m));
        fputs(", \"pooled\": ", f);
        json_number(f, clearn_cv_result_pooled(res, m));
        fputs(", \"values\": [", f);
        for (size_t i = 0; i < clearn_cv_result_splits(res); i++) {
            fputs(i ? ", " : "", f);
            json_number(f, clearn_cv_result_value(res, m, i));
        }
        fputs("]}", f);
    }
    fputs("]", f);
}

static void json_confusion(FILE *f, const struct run *r, const clearn_cv_result *res)
{
    size_t k = clearn_cv_result_classes(res), c = clearn_dataset_class(r->ds);
    const size_t *cm = clearn_cv_result_confusion(res);
    if (!k) {
        fputs(",\n  \"classes\": null, \"confusion\": null", f);
        return;
    }
    fputs(",\n  \"classes\": [", f);
    for (size_t i = 0; i < k; i++) {
        fputs(i ? ", " : "", f);
        json_string(f, clearn_dataset_category(r->ds, c, i));
    }
    fputs("],\n  \"confusion\": [", f);
    for (size_t t = 0; t < k; t++) {
        fputs(t ? ", [" : "[", f);
        for (size_t p = 0; p < k; p++)
            fprintf(f, "%s%zu", p ? ", " : "", cm[t * k + p]);
        fputs("]", f);
    }
    fputs("]", f);
}

static void cv_json(const struct eval *e, const struct run *r, const clearn_cv_result *res)
{
    double fit, pred;
    cv_times(res, &fit, &pred);
    fputs("{\n  \"command\": \"cv\",\n  \"spec\": ", stdout);
    json_string(stdout, e->spec[0]);
    fputs(",\n  \"file\": ", stdout);
    json_string(stdout, e->path);
    fputs(",\n  \"split\": ", stdout);
    json_split(stdout, r->split);
    fputs(",\n  \"metrics\": ", stdout);
    json_metrics(stdout, res);
    json_confusion(stdout, r, res);
    fputs(",\n  \"fit_seconds\": ", stdout);
    json_number(stdout, fit);
    fputs(", \"predict_seconds\": ", stdout);
    json_number(stdout, pred);
    fputs(",\n  \"warning\": ", stdout);
    if (clearn_cv_result_warning(res))
        json_string(stdout, clearn_cv_result_warning(res));
    else
        fputs("null", stdout);
    fputs("\n}\n", stdout);
}

static int run_cv(struct eval *e)
{
    struct run r;
    clearn_cv_result *res = NULL;
    int status = CLI_ERROR;
    if (run_start(&r, e, 0) == 0) {
        res = clearn_cv(r.model[0], r.ds, r.split, &r.opt, &r.err);
        progress_end(&r.bar);
        if (!res)
            cli_report(&r.err);
        else if (e->json)
            cv_json(e, &r, res), status = CLI_OK;
        else
            status = cv_text(e, &r, res) == 0 ? CLI_OK : CLI_ERROR;
    }
    clearn_cv_result_free(res);
    run_free(&r);
    return status == CLI_OK ? finish_output() : status;
}

/* ---- clearn grid ------------------------------------------------------------------------ */

static void grid_text(const struct eval *e, const struct run *r, const clearn_grid *g)
{
    const clearn_metric *m = clearn_grid_metric(g);
    size_t w = 4, mi;
    char what[320];
    snprintf(what, sizeof what, "Grid search over %zu combinations of '%s'", clearn_grid_size(g),
             e->spec[0]);
    print_header(e, r, what);
    for (size_t i = 0; i < clearn_grid_size(g); i++)
        if (strlen(clearn_grid_spec(g, i)) > w)
            w = strlen(clearn_grid_spec(g, i));
    mi = clearn_cv_result_metric_index(clearn_grid_result(g, 0), m->name);
    printf("ranked by %s (%s is better)\n\n", m->name, m->greater_is_better ? "higher" : "lower");
    printf("rank  %-*s  %8s ±       sd\n", (int)w, "spec", "mean");
    for (size_t k = 0; k < clearn_grid_size(g); k++) {
        size_t i = clearn_grid_ranked(g, k);
        printf("%4zu  %-*s  ", k + 1, (int)w, clearn_grid_spec(g, i));
        text_number(stdout, clearn_cv_result_mean(clearn_grid_result(g, i), mi));
        fputs(" ± ", stdout);
        text_number(stdout, clearn_cv_result_sd(clearn_grid_result(g, i), mi));
        putchar('\n');
    }
    printf("\nbest: %s\n", clearn_grid_spec(g, clearn_grid_ranked(g, 0)));
}

static void grid_json(const struct eval *e, const struct run *r, const clearn_grid *g)
{
    fputs("{\n  \"command\": \"grid\",\n  \"grid\": ", stdout);
    json_string(stdout, e->spec[0]);
    fputs(",\n  \"file\": ", stdout);
    json_string(stdout, e->path);
    fputs(",\n  \"split\": ", stdout);
    json_split(stdout, r->split);
    fputs(",\n  \"rank_metric\": ", stdout);
    json_string(stdout, clearn_grid_metric(g)->name);
    fputs(",\n  \"best\": ", stdout);
    json_string(stdout, clearn_grid_spec(g, clearn_grid_ranked(g, 0)));
    fputs(",\n  \"ranking\": [", stdout);
    for (size_t k = 0; k < clearn_grid_size(g); k++) {
        size_t i = clearn_grid_ranked(g, k);
        printf("%s\n   {\"rank\": %zu, \"spec\": ", k ? "," : "", k + 1);
        json_string(stdout, clearn_grid_spec(g, i));
        fputs(", \"metrics\": ", stdout);
        json_metrics(stdout, clearn_grid_result(g, i));
        fputs("}", stdout);
    }
    fputs("]\n}\n", stdout);
}

static int run_grid(struct eval *e)
{
    struct run r;
    clearn_grid *g = NULL;
    int status = CLI_ERROR;
    if (run_start(&r, e, 0) == 0) {
        g = clearn_grid_search(e->spec[0], r.ds, r.split, e->metric, &r.opt, &r.err);
        progress_end(&r.bar);
        if (!g || (e->output && clearn_estimator_save(clearn_grid_best(g), e->output, &r.err) !=
                                    CLEARN_OK)) {
            cli_report(&r.err);
        } else {
            status = CLI_OK;
            if (e->json)
                grid_json(e, &r, g);
            else
                grid_text(e, &r, g);
        }
    }
    clearn_grid_free(g);
    run_free(&r);
    return status == CLI_OK ? finish_output() : status;
}

/* ---- clearn compare ---------------------------------------------------------------------- */

struct comparison {
    clearn_ttest t;
    clearn_mcnemar mc;
    int have_mc;
    const clearn_metric *metric;
    clearn_split *holdout;
};

/* The t-test on R x K cross-validation with one metric. */
static int compare_ttest(struct eval *e, struct run *r, struct comparison *c)
{
    const char *const *defaults;
    const char *name = e->metric;
    clearn_cv_result *res[2] = {NULL, NULL};
    const clearn_estimator *models[2] = {r->model[0], r->model[1]};
    int rc;
    if (!name && clearn_cv_default_metrics(r->ds, &defaults))
        name = defaults[0];
    r->opt.metrics = &name;
    r->opt.n_metrics = 1;
    rc = clearn_cv_many(models, 2, r->ds, r->split, &r->opt, res, &r->err);
    progress_end(&r->bar);
    if (rc == CLEARN_OK) {
        c->metric = clearn_cv_result_metric(res[0], 0);
        rc = clearn_ttest_cv(res[0], res[1], NULL, &c->t, &r->err);
    }
    clearn_cv_result_free(res[0]);
    clearn_cv_result_free(res[1]);
    return rc;
}

/* McNemar's test on a holdout split (classification only). */
static int compare_mcnemar(struct eval *e, struct run *r, struct comparison *c)
{
    clearn_cv_result *res[2] = {NULL, NULL};
    const clearn_estimator *models[2] = {r->model[0], r->model[1]};
    const char *name = "accuracy";
    double frac = e->holdout > 0 ? e->holdout : 1.0 / 3.0;
    int rc;
    if (!nominal_class(r->ds))
        return CLEARN_OK;
    if (!(c->holdout = clearn_split_holdout(r->ds, frac, e->stratify, e->seed, &r->err)))
        return r->err.code;
    r->opt.metrics = &name;
    r->opt.n_metrics = 1;
    progress_start(&r->bar, e, &r->opt);
    rc = clearn_cv_many(models, 2, r->ds, c->holdout, &r->opt, res, &r->err);
    progress_end(&r->bar);
    if (rc == CLEARN_OK && (rc = clearn_mcnemar_cv(res[0], res[1], &c->mc, &r->err)) == CLEARN_OK)
        c->have_mc = 1;
    clearn_cv_result_free(res[0]);
    clearn_cv_result_free(res[1]);
    return rc;
}

static const char *verdict(const clearn_metric *m, double diff, double p)
{
    if (!(p < 0.05))
        return "no significant difference at the 0.05 level";
    return (diff > 0) == (m->greater_is_better != 0) ? "A is significantly better (p < 0.05)"
                                                     : "B is significantly better (p < 0.05)";
}

static void compare_text(const struct eval *e, const struct run *r, const struct comparison *c)
{
    char what[64];
    snprintf(what, sizeof what, "Comparison of two models");
    print_header(e, r, what);
    printf("A: %s\nB: %s\n\n", e->spec[0], e->spec[1]);
    printf("Corrected resampled paired t-test (Nadeau & Bengio 2003) on %s\n", c->metric->name);
    printf("  mean A %.4f, mean B %.4f, difference A - B %.4f (sd %.4f)\n", c->t.mean_a,
           c->t.mean_b, c->t.mean_diff, c->t.sd_diff);
    printf("  t = %.4f, df = %.0f, p = %.4g (test/train ratio %.4f)\n", c->t.t, c->t.df, c->t.p,
           c->t.ratio);
    printf("  %s\n", verdict(c->metric, c->t.mean_diff, c->t.p));
    if (!c->have_mc)
        return;
    printf("\nMcNemar's test on a %sholdout split (%zu training rows, %zu test rows)\n",
           e->stratify ? "stratified " : "", clearn_split_train_size(c->holdout, 0),
           clearn_split_test_size(c->holdout, 0));
    printf("  both right %zu, only A right %zu, only B right %zu, both wrong %zu\n",
           c->mc.both_right, c->mc.n01, c->mc.n10, c->mc.both_wrong);
    printf("  chi2 = %.4f (continuity-corrected), p = %.4g; exact binomial p = %.4g\n", c->mc.chi2,
           c->mc.p, c->mc.p_exact);
}

static void compare_json(const struct eval *e, const struct run *r, const struct comparison *c)
{
    const clearn_ttest *t = &c->t;
    fputs("{\n  \"command\": \"compare\",\n  \"a\": ", stdout);
    json_string(stdout, e->spec[0]);
    fputs(", \"b\": ", stdout);
    json_string(stdout, e->spec[1]);
    fputs(",\n  \"file\": ", stdout);
    json_string(stdout, e->path);
    fputs(",\n  \"split\": ", stdout);
    json_split(stdout, r->split);
    fputs(",\n  \"ttest\": {\"metric\": ", stdout);
    json_string(stdout, c->metric->name);
    const double v[] = {t->mean_a, t->mean_b, t->mean_diff, t->sd_diff, t->ratio, t->t, t->df, t->p};
    const char *k[] = {"mean_a", "mean_b", "mean_diff", "sd_diff", "ratio", "t", "df", "p"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        printf(", \"%s\": ", k[i]);
        json_number(stdout, v[i]);
    }
    fputs("},\n  \"mcnemar\": ", stdout);
    if (!c->have_mc) {
        fputs("null\n}\n", stdout);
        return;
    }
    printf("{\"split\": ");
    json_split(stdout, c->holdout);
    printf(", \"both_right\": %zu, \"only_a\": %zu, \"only_b\": %zu, \"both_wrong\": %zu, "
           "\"chi2\": ", c->mc.both_right, c->mc.n01, c->mc.n10, c->mc.both_wrong);
    json_number(stdout, c->mc.chi2);
    fputs(", \"p\": ", stdout);
    json_number(stdout, c->mc.p);
    fputs(", \"p_exact\": ", stdout);
    json_number(stdout, c->mc.p_exact);
    fputs("}\n}\n", stdout);
}

static int run_compare(struct eval *e)
{
    struct run r;
    struct comparison c;
    int status = CLI_ERROR;
    memset(&c, 0, sizeof c);
    if (run_start(&r, e, 1) == 0) {
        if (compare_ttest(e, &r, &c) != CLEARN_OK || compare_mcnemar(e, &r, &c) != CLEARN_OK) {
            cli_report(&r.err);
        } else {
            status = CLI_OK;
            if (e->json)
                compare_json(e, &r, &c);
            else
                compare_text(e, &r, &c);
        }
    }
    clearn_split_free(c.holdout);
    run_free(&r);
    return status == CLI_OK ? finish_output() : status;
}

/* ---- clearn curve ------------------------------------------------------------------------- */

/* Parses --sizes into a new array (default 0.1, 0.2, ..., 1). */
static double *curve_sizes(const char *arg, size_t *n)
{
    char **items;
    double *v;
    if (!arg) {
        if (!(v = malloc(10 * sizeof *v)))
            return NULL;
        for (int i = 0; i < 10; i++)
            v[i] = (i + 1) / 10.0;
        *n = 10;
        return v;
    }
    if (!(items = split_list(arg, n)) || !(v = malloc(*n * sizeof *v))) {
        if (items)
            free(items[0]);
        free(items);
        cli_error("out of memory");
        return NULL;
    }
    for (size_t i = 0; i < *n && v; i++) {
        char *end;
        v[i] = strtod(items[i], &end);
        if (!*items[i] || *end) {
            cli_error("--sizes: '%s' is not a number", items[i]);
            free(v);
            v = NULL;
        }
    }
    free(items[0]);
    free(items);
    return v;
}

static void curve_json(const struct eval *e, const struct run *r, const clearn_curve *c)
{
    const clearn_cv_result *r0 = clearn_curve_result(c, 0);
    fputs("{\n  \"command\": \"curve\",\n  \"spec\": ", stdout);
    json_string(stdout, e->spec[0]);
    fputs(",\n  \"file\": ", stdout);
    json_string(stdout, e->path);
    fputs(",\n  \"split\": ", stdout);
    json_split(stdout, r->split);
    fputs(",\n  \"train_size\": [", stdout);
    for (size_t i = 0; i < clearn_curve_points(c); i++)
        printf("%s%zu", i ? ", " : "", clearn_curve_train_size(c, i));
    fputs("],\n  \"metrics\": [", stdout);
    for (size_t m = 0; m < clearn_cv_result_metrics(r0); m++) {
        fputs(m ? ",\n    {\"name\": " : "\n    {\"name\": ", stdout);
        json_string(stdout, clearn_cv_result_metric(r0, m)->name);
        for (int sd = 0; sd < 2; sd++) {
            fputs(sd ? "], \"sd\": [" : ", \"mean\": [", stdout);
            for (size_t i = 0; i < clearn_curve_points(c); i++) {
                const clearn_cv_result *ri = clearn_curve_result(c, i);
                fputs(i ? ", " : "", stdout);
                json_number(stdout, sd ? clearn_cv_result_sd(ri, m) : clearn_cv_result_mean(ri, m));
            }
        }
        fputs("]}", stdout);
    }
    fputs("]\n}\n", stdout);
}

static int run_curve(struct eval *e)
{
    struct run r;
    clearn_curve *c = NULL;
    size_t n = 0;
    double *sizes = curve_sizes(e->sizes, &n);
    int status = CLI_ERROR;
    if (!sizes)
        return e->sizes ? CLI_USAGE : CLI_ERROR;
    if (run_start(&r, e, 0) == 0) {
        c = clearn_learning_curve(r.model[0], r.ds, r.split, sizes, n, &r.opt, &r.err);
        progress_end(&r.bar);
        if (!c)
            cli_report(&r.err);
        else if (e->json)
            curve_json(e, &r, c), status = CLI_OK;
        else if (clearn_curve_write_csv(c, stdout, &r.err) != CLEARN_OK)
            cli_report(&r.err);
        else
            status = CLI_OK;
    }
    clearn_curve_free(c);
    free(sizes);
    run_free(&r);
    return status == CLI_OK ? finish_output() : status;
}

/* ---- entry points ------------------------------------------------------------------------ */

static int eval_main(const char *cmd, int (*run)(struct eval *), int argc, char **argv)
{
    struct eval e;
    int status;
    eval_init(&e, cmd);
    if ((status = eval_parse(&e, argc, argv)) < 0)
        status = run(&e);
    eval_free(&e);
    return status;
}

int cmd_cv(int argc, char **argv)
{
    return eval_main("cv", run_cv, argc, argv);
}

int cmd_grid(int argc, char **argv)
{
    return eval_main("grid", run_grid, argc, argv);
}

int cmd_compare(int argc, char **argv)
{
    return eval_main("compare", run_compare, argc, argv);
}

int cmd_curve(int argc, char **argv)
{
    return eval_main("curve", run_curve, argc, argv);
}
