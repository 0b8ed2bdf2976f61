/* Reads iris and prints each numeric attribute's mean and sd and the class
 * distribution. Run from the source tree: examples/iris_summary [FILE] */
#include <stdio.h>
#include <clearn.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "datasets/iris.csv";
    clearn_error err;
    clearn_dataset *ds = clearn_read(path, NULL, &err);
    size_t c, counts[64];
    if (!ds) {
        fprintf(stderr, "%s\n", err.text);
        return 1;
    }
    for (size_t j = 0; j < clearn_dataset_attrs(ds); j++) {
        clearn_summary s;
        if (clearn_dataset_summary(ds, j, &s, &err) != CLEARN_OK) {
            fprintf(stderr, "%s\n", err.text);
            clearn_dataset_free(ds);
            return 1;
        }
        if (s.kind == CLEARN_NUMERIC)
            printf("%-12s mean %.3f  sd %.3f\n", clearn_dataset_attr_name(ds, j), s.mean, s.sd);
    }
    c = clearn_dataset_class(ds);
    if (c != CLEARN_NONE && clearn_dataset_attr_kind(ds, c) == CLEARN_NOMINAL &&
        clearn_dataset_categories(ds, c) <= 64 &&
        clearn_dataset_category_counts(ds, c, counts, &err) == CLEARN_OK) {
        for (size_t k = 0; k < clearn_dataset_categories(ds, c); k++)
            printf("%-16s %zu\n", clearn_dataset_category(ds, c, k), counts[k]);
    }
    clearn_dataset_free(ds);
    return 0;
}
