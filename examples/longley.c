/* The regression summary table for Longley's (1967) employment data, beside
 * the certified values NIST's Statistical Reference Datasets publish for
 * it, with the number of digits that agree (the log relative error, LRE).
 *
 * Run from the source tree: examples/longley [DATA.csv [CERTIFIED.txt]]
 * (defaults: datasets/longley.csv, whose class is y, and
 * datasets/longley.certified.txt, the header of NIST's Longley.dat). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <clearn.h>
#include <clearn/linear.h>

#define NPAR 7

struct certified {
    double b[NPAR], sd[NPAR];
    double rsd, r2, f;
};

/* Parses the lines "B0 estimate sd", "Standard Deviation x" (after
 * "Residual"), "R-Squared x" and the ANOVA "Regression df ss ms F". */
static int read_certified(const char *path, struct certified *c)
{
    char line[512];
    int found = 0, resid = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        char *p = line, *end;
        while (*p == ' ')
            p++;
        if (p[0] == 'B' && p[1] >= '0' && p[1] <= '6' && p[2] == ' ') {
            int j = p[1] - '0';
            c->b[j] = strtod(p + 2, &end);
            c->sd[j] = strtod(end, NULL);
            found++;
        } else if (!strncmp(p, "Residual", 8) && !strstr(p, "Residual ")) {
            resid = 1;
        } else if (resid && strstr(p, "Standard Deviation")) {
            c->rsd = strtod(strstr(p, "Deviation") + 9, NULL);
            resid = 0;
        } else if (!strncmp(p, "R-Squared", 9)) {
            c->r2 = strtod(p + 9, NULL);
        } else if (!strncmp(p, "Regression", 10)) {
            double v[4];   /* degrees of freedom, sum of squares, mean square, F */
            if (sscanf(p + 10, "%lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3]) == 4)
                c->f = v[3];
        }
    }
    fclose(f);
    return found == NPAR && c->rsd > 0 && c->r2 > 0 && c->f > 0 ? 0 : -1;
}

/* Digits in common with the certified value (at most 15). */
static double lre(double est, double cert)
{
    double e = fabs(est - cert) / fabs(cert);
    return e == 0 ? 15 : fmin(15, fmax(0, -log10(e)));
}

static void row(const char *what, double est, double cert)
{
    printf("%-26s %24.15g %24.15g %5.1f\n", what, est, cert, lre(est, cert));
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : "datasets/longley.csv";
    const char *cert_path = argc > 2 ? argv[2] : "datasets/longley.certified.txt";
    double coef[NPAR], se[NPAR], t[NPAR], p[NPAR];
    struct certified c = {{0}, {0}, 0, 0, 0};
    clearn_read_options opt;
    clearn_ols_stats st;
    clearn_error err;
    clearn_dataset *ds;
    clearn_estimator *e = NULL;
    char name[64];
    int rc = 1;
    clearn_read_options_init(&opt);
    opt.class_attr = "y";
    if (read_certified(cert_path, &c) != 0) {
        fprintf(stderr, "%s: cannot read the certified values\n", cert_path);
        return 1;
    }
    if (!(ds = clearn_read(data, &opt, &err)) || !(e = clearn_estimator_new("ols", &err)) ||
        clearn_estimator_fit(e, ds, &err) != CLEARN_OK ||
        clearn_linear_ncoefs(e) != NPAR ||
        clearn_ols_table(e, coef, se, t, p, &err) != CLEARN_OK ||
        clearn_ols_get_stats(e, &st, &err) != CLEARN_OK) {
        fprintf(stderr, "longley: %s\n", err.text);
        goto done;
    }
    printf("Longley (1967): y (total employment) on x1..x6, least squares (clearn ols)\n\n");
    if (clearn_estimator_print(e, stdout, &err) != CLEARN_OK) {
        fprintf(stderr, "longley: %s\n", err.text);
        goto done;
    }
    printf("\nAgainst NIST StRD's certified values (LRE: digits that agree)\n\n"
           "%-26s %24s %24s %5s\n", "", "clearn", "certified", "LRE");
    for (size_t j = 0; j < NPAR; j++) {
        char what[96];
        clearn_linear_coef_name(e, j, name, sizeof name, &err);
        snprintf(what, sizeof what, "B%zu %s", j, name);
        row(what, coef[j], c.b[j]);
    }
    for (size_t j = 0; j < NPAR; j++) {
        char what[96];
        snprintf(what, sizeof what, "standard error of B%zu", j);
        row(what, se[j], c.sd[j]);
    }
    row("residual standard deviation", st.sigma, c.rsd);
    row("R-squared", st.r2, c.r2);
    row("F statistic", st.f, c.f);
    rc = 0;
done:
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    return rc;
}
