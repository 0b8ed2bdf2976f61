/* clearn list / clearn help — the registered estimators and transforms and
 * their parameters, from the parameter tables. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "cli.h"

#define MAX_LISTED 256

static const char *tasks_text(unsigned tasks)
{
    static const char *const names[8] = {"", "classification", "regression",
                                         "classification, regression", "clustering",
                                         "classification, clustering", "regression, clustering",
                                         "classification, regression, clustering"};
    return names[tasks & 7u];
}

int cmd_list(int argc, char **argv)
{
    const clearn_estimator_type *est[MAX_LISTED];
    const clearn_transform_type *tr[MAX_LISTED];
    size_t ne, nt;
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("Usage: clearn list\nList the registered estimators and transforms.\n");
        return CLI_OK;
    }
    if (argc > 1) {
        cli_error("list: takes no arguments");
        return CLI_USAGE;
    }
    ne = clearn_estimator_types(est, MAX_LISTED);
    nt = clearn_transform_types(tr, MAX_LISTED);
    printf("Estimators:\n");
    for (size_t i = 0; i < ne && i < MAX_LISTED; i++)
        printf("  %-18s %s (%s)\n", est[i]->name, est[i]->summary ? est[i]->summary : "",
               tasks_text(est[i]->tasks));
    printf("\nTransforms:\n");
    for (size_t i = 0; i < nt && i < MAX_LISTED; i++)
        printf("  %-18s %s\n", tr[i]->name, tr[i]->summary ? tr[i]->summary : "");
    printf("\nSpecs: NAME key=value ...; pipelines: TRANSFORM ... | ESTIMATOR ...\n"
           "See clearn help NAME for a type's parameters.\n");
    return CLI_OK;
}

static void print_params(const clearn_param *params, size_t n)
{
    if (!n) {
        printf("  (no parameters)\n");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char allowed[256];
        clearn_param_describe(&params[i], allowed, sizeof allowed);
        printf("  %s=%s\n      %s\n      %s; default %s\n", params[i].name,
               params[i].type == CLEARN_PARAM_STRING ? "TEXT" : "VALUE",
               params[i].help ? params[i].help : "", allowed, params[i].def ? params[i].def : "");
    }
}

int cmd_help(int argc, char **argv)
{
    const clearn_estimator_type *e;
    const clearn_transform_type *t;
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("Usage: clearn help NAME\nShow an estimator's or transform's parameters: types,\n"
               "defaults, allowed values and help text.\n");
        return CLI_OK;
    }
    if (argc != 2) {
        cli_error("help: give one NAME (see clearn list)");
        return CLI_USAGE;
    }
    if ((e = clearn_estimator_type_find(argv[1]))) {
        printf("%s: %s\ntasks: %s%s\n\nParameters:\n", e->name, e->summary ? e->summary : "",
               tasks_text(e->tasks), e->predict_proba ? "; gives class probabilities" : "");
        print_params(e->params, e->n_params);
        return CLI_OK;
    }
    if ((t = clearn_transform_type_find(argv[1]))) {
        printf("%s: %s (transform%s)\n\nParameters:\n", t->name, t->summary ? t->summary : "",
               t->inverse ? ", invertible" : "");
        print_params(t->params, t->n_params);
        return CLI_OK;
    }
    cli_error("help: no estimator or transform named '%s' (see clearn list)", argv[1]);
    return CLI_ERROR;
}
