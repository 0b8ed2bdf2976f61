/* Mitchell's PlayTennis walk-through (Machine Learning, 1997, section
 * 3.4.2) with clearn's id3: the trace of every node, the figures beside
 * the book's, the learned tree beside his Figure 3.1, and his new day.
 * Run from the source tree: examples/playtennis [FILE]
 * (the CLI shows the same trace: clearn train -m "id3 trace=1" --explain
 * -o playtennis.model datasets/playtennis.csv) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <clearn.h>

/* The book's figures: node 1 is the root, node 2 the Sunny branch. Mitchell
 * rounds entropies to 3 places before subtracting, so his gains can differ
 * from the exact ones in the third place (0.2467 prints as .246). */
static const struct {
    int node;
    const char *name, *attr;   /* attr NULL: the node's entropy */
    double book;
} figures[] = {
    {1, "Entropy(S) [9+,5-]", NULL, 0.940},
    {1, "Gain(S, Outlook)", "Outlook", 0.246},
    {1, "Gain(S, Humidity)", "Humidity", 0.151},
    {1, "Gain(S, Wind)", "Wind", 0.048},
    {1, "Gain(S, Temperature)", "Temperature", 0.029},
    {2, "Entropy(S_sunny) [2+,3-]", NULL, 0.970},
    {2, "Gain(S_sunny, Humidity)", "Humidity", 0.970},
    {2, "Gain(S_sunny, Temperature)", "Temperature", 0.570},
    {2, "Gain(S_sunny, Wind)", "Wind", 0.019},
};

static const char figure_3_1[] =
    "Outlook = Sunny\n"
    "|   Humidity = High: No\n"
    "|   Humidity = Normal: Yes\n"
    "Outlook = Overcast: Yes\n"
    "Outlook = Rain\n"
    "|   Wind = Strong: No\n"
    "|   Wind = Weak: Yes\n";

/* What explain or print writes, as a string (malloc'd), or NULL. */
static char *capture(const clearn_estimator *e, int explain, clearn_error *err)
{
    FILE *f = tmpfile();
    char *text = NULL;
    long len;
    if (!f)
        return NULL;
    if ((explain ? clearn_estimator_explain(e, f, err) : clearn_estimator_print(e, f, err)) ==
            CLEARN_OK &&
        (len = ftell(f)) >= 0 && (text = malloc((size_t)len + 1)) != NULL) {
        rewind(f);
        text[fread(text, 1, (size_t)len, f)] = '\0';
    }
    fclose(f);
    return text;
}

/* A figure from the trace: the node's entropy, or the gain (second
 * column) of attr's row in the node's table; NAN when absent. */
static double from_trace(const char *trace, int node, const char *attr)
{
    char head[32], key[64];
    const char *p, *end, *q;
    double v[2];
    snprintf(head, sizeof head, "\nnode %d:", node);
    if (!(p = strstr(trace, head)))
        return NAN;
    end = strstr(p + 1, "\nnode ");
    if (!attr)
        return (q = strstr(p, "entropy ")) && sscanf(q, "entropy %lf", v) == 1 ? v[0] : NAN;
    snprintf(key, sizeof key, "\n  %s ", attr);
    if (!(q = strstr(p, key)) || (end && q > end) ||
        sscanf(q + strlen(key), "%lf %lf", &v[0], &v[1]) != 2)
        return NAN;
    return v[1];
}

/* Mitchell's new day: <Sunny, Hot, High, Strong>. */
static const char *classify_day(const clearn_estimator *e, const clearn_dataset *train,
                                clearn_error *err)
{
    static const char *const names[4] = {"Outlook", "Temperature", "Humidity", "Wind"};
    static const char *const day[4] = {"Sunny", "Hot", "High", "Strong"};
    clearn_dataset *q = clearn_dataset_new("day", err);
    double row[4], out;
    const char *answer = NULL;
    for (size_t j = 0; q && j < 4; j++) {
        size_t code;
        if (clearn_dataset_add_nominal(q, names[j], NULL, 0, NULL, err) != CLEARN_OK ||
            clearn_dataset_add_category(q, j, day[j], &code, err) != CLEARN_OK)
            goto done;
        row[j] = (double)code;
    }
    if (q && clearn_dataset_add_row(q, row, err) == CLEARN_OK &&
        clearn_estimator_predict(e, q, &out, err) == CLEARN_OK)
        answer = clearn_dataset_category(train, clearn_dataset_class(train), (size_t)out);
done:
    clearn_dataset_free(q);
    return answer;
}

static int report(const char *trace, const char *tree)
{
    int agree = 1;
    printf("%s\n", trace);
    printf("Beside the book (Mitchell 1997, section 3.4.2):\n\n");
    printf("  %-28s %8s %10s\n", "", "clearn", "Mitchell");
    for (size_t i = 0; i < sizeof figures / sizeof *figures; i++) {
        double v = from_trace(trace, figures[i].node, figures[i].attr);
        int ok = fabs(v - figures[i].book) < 0.0015;
        agree &= ok;
        printf("  %-28s %8.4f %10.3f%s\n", figures[i].name, v, figures[i].book,
               ok ? "" : "   <- differs");
    }
    printf("\nThe learned tree:\n\n%s\nMitchell's Figure 3.1:\n\n%s\n", tree, figure_3_1);
    return agree;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "datasets/playtennis.csv";
    clearn_error err;
    clearn_dataset *ds = clearn_read(path, NULL, &err);
    clearn_estimator *e = ds ? clearn_estimator_new("id3 trace=1", &err) : NULL;
    char *trace = NULL, *tree = NULL;
    const char *answer = NULL;
    int status = 1;
    if (e && clearn_estimator_fit(e, ds, &err) == CLEARN_OK &&
        (trace = capture(e, 1, &err)) != NULL && (tree = capture(e, 0, &err)) != NULL &&
        (answer = classify_day(e, ds, &err)) != NULL) {
        int agree = report(trace, tree);
        printf("A new day <Sunny, Hot, High, Strong>: PlayTennis = %s (the book: No)\n", answer);
        status = agree && strcmp(answer, "No") == 0 ? 0 : 1;
    } else {
        fprintf(stderr, "playtennis: %s\n", err.text);
    }
    free(trace);
    free(tree);
    clearn_estimator_free(e);
    clearn_dataset_free(ds);
    return status;
}
