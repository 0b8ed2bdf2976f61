/* clearn — estimator objects and pipelines: parameters, the generic checks
 * around fit and predict, model files. A pipeline is an estimator with
 * transform stages in front of its final estimator. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct clearn_estimator {
    const clearn_estimator_type *type;   /* the final estimator's type */
    void *state;
    clearn_transform **stages;           /* pipeline transforms, in order */
    size_t n_stages;
    clearn_dataset *schema;              /* training header; NULL until fitted */
    clearn_dataset *final_schema;        /* what the final estimator saw */
};

static void unfit(clearn_estimator *e)
{
    if (e->type->destroy && e->schema)
        e->type->destroy(e->state);
    clearn_dataset_free(e->schema);
    clearn_dataset_free(e->final_schema);
    e->schema = e->final_schema = NULL;
}

void clearn_estimator_free(clearn_estimator *e)
{
    if (!e)
        return;
    unfit(e);
    for (size_t i = 0; i < e->n_stages; i++)
        clearn_transform_free(e->stages[i]);
    clearn__free(e->stages);
    if (e->state)
        clearn__params_free(e->type->params, e->type->n_params, e->state);
    clearn__free(e->state);
    clearn__free(e);
}

clearn_estimator *clearn_estimator_create(const clearn_estimator_type *type, clearn_error *err)
{
    clearn_estimator *e;
    if (!type) {
        clearn__error(err, CLEARN_EINVAL, "create: NULL type");
        return NULL;
    }
    e = clearn__calloc(1, sizeof *e);
    if (!e || !(e->state = clearn__calloc(1, type->state_size ? type->state_size : 1))) {
        clearn__free(e);
        clearn__nomem(err);
        return NULL;
    }
    e->type = type;
    if (clearn__params_defaults(type->params, type->n_params, e->state, err) != CLEARN_OK) {
        clearn_estimator_free(e);
        return NULL;
    }
    return e;
}

static int add_stage(clearn_estimator *e, clearn_transform *t, clearn_error *err)
{
    clearn_transform **ns = clearn__reallocarray(e->stages, e->n_stages + 1, sizeof *ns);
    if (!ns) {
        clearn_transform_free(t);
        return clearn__nomem(err);
    }
    e->stages = ns;
    e->stages[e->n_stages++] = t;
    return CLEARN_OK;
}

clearn_estimator *clearn_estimator_new(const char *spec, clearn_error *err)
{
    clearn__spec s;
    const clearn__spec_stage *last;
    const clearn_estimator_type *type;
    clearn_estimator *e = NULL;
    if (clearn__spec_parse(spec, &s, err) != CLEARN_OK)
        return NULL;
    last = &s.stages[s.n - 1];
    if (!(type = clearn_estimator_type_find(last->name))) {
        clearn__error(err, CLEARN_ENOTFOUND, "%s '%s' (see clearn list)",
                      clearn_transform_type_find(last->name)
                          ? "a pipeline must end with an estimator, not the transform"
                          : "no estimator named", last->name);
        goto done;
    }
    if (!(e = clearn_estimator_create(type, err)))
        goto done;
    if (clearn__params_apply(type->params, type->n_params, e->state, last, err) != CLEARN_OK)
        goto fail;
    for (size_t i = 0; i + 1 < s.n; i++) {
        clearn_transform *t = clearn__transform_from_stage(&s.stages[i], err);
        if (!t || add_stage(e, t, err) != CLEARN_OK)
            goto fail;
    }
    goto done;
fail:
    clearn_estimator_free(e);
    e = NULL;
done:
    clearn__spec_free(&s);
    return e;
}

/* Splits "STAGE.name" into the stage it addresses (NULL: the final
 * estimator) and the bare name. */
static int address(const clearn_estimator *e, const char *name, clearn_transform **stage,
                   const char **bare, clearn_error *err)
{
    const char *dot = strchr(name, '.');
    *stage = NULL;
    *bare = name;
    if (!dot)
        return CLEARN_OK;
    *bare = dot + 1;
    for (size_t i = 0; i < e->n_stages; i++) {
        char num[24];
        size_t len = (size_t)(dot - name);
        const char *tn = clearn_transform_get_type(e->stages[i])->name;
        snprintf(num, sizeof num, "%zu", i + 1);
        if ((strlen(tn) == len && strncmp(tn, name, len) == 0) ||
            (strlen(num) == len && strncmp(num, name, len) == 0)) {
            *stage = e->stages[i];
            return CLEARN_OK;
        }
    }
    if ((size_t)(dot - name) == strlen(e->type->name) && strncmp(e->type->name, name, (size_t)(dot - name)) == 0)
        return CLEARN_OK;
    return clearn__error(err, CLEARN_EINVAL, "no pipeline stage '%.*s' for parameter '%s'",
                         (int)(dot - name), name, name);
}

int clearn_estimator_set(clearn_estimator *e, const char *name, const char *value, clearn_error *err)
{
    clearn_transform *stage;
    const char *bare;
    int rc;
    if (!e || !name || !value)
        return clearn__error(err, CLEARN_EINVAL, "set: NULL argument");
    if ((rc = address(e, name, &stage, &bare, err)) != CLEARN_OK)
        return rc;
    rc = stage ? clearn_transform_set(stage, bare, value, err)
               : clearn__params_set(e->type->name, e->type->params, e->type->n_params, e->state,
                                    bare, value, err);
    if (rc == CLEARN_OK)   /* a refused value keeps the fitted model */
        unfit(e);
    return rc;
}

int clearn_estimator_get(const clearn_estimator *e, const char *name, char *buf, size_t size,
                         clearn_error *err)
{
    clearn_transform *stage;
    const char *bare;
    const clearn_param *p;
    int rc;
    if (!e || !name || !buf)
        return clearn__error(err, CLEARN_EINVAL, "get: NULL argument");
    if ((rc = address(e, name, &stage, &bare, err)) != CLEARN_OK)
        return rc;
    if (stage)
        return clearn_transform_get(stage, bare, buf, size, err);
    if (!(p = clearn__param_find(e->type->params, e->type->n_params, bare)))
        return clearn__params_set(e->type->name, e->type->params, e->type->n_params, NULL, bare, "", err);
    clearn_param_format(p, e->state, buf, size);
    return CLEARN_OK;
}

char *clearn_estimator_spec(const clearn_estimator *e, clearn_error *err)
{
    char *out, *part;
    size_t len;
    if (!e) {
        clearn__error(err, CLEARN_EINVAL, "spec: NULL estimator");
        return NULL;
    }
    if (!(out = clearn__strdup("")))
        goto nomem;
    for (size_t i = 0; i <= e->n_stages; i++) {
        char *grown;
        part = i < e->n_stages ? clearn_transform_spec(e->stages[i], err)
                               : clearn__params_spec(e->type->name, e->type->params,
                                                     e->type->n_params, e->state, err);
        if (!part) {
            clearn__free(out);
            return NULL;
        }
        len = strlen(out);
        if (!(grown = clearn__realloc(out, len + strlen(part) + 4))) {
            clearn__free(part);
            clearn__free(out);
            goto nomem;
        }
        out = grown;
        sprintf(out + len, "%s%s", len ? " | " : "", part);
        clearn__free(part);
    }
    return out;
nomem:
    clearn__nomem(err);
    return NULL;
}

size_t clearn_estimator_n_stages(const clearn_estimator *e)
{
    return e ? e->n_stages : 0;
}

const clearn_transform *clearn_estimator_stage(const clearn_estimator *e, size_t i)
{
    return e && i < e->n_stages ? e->stages[i] : NULL;
}

const clearn_estimator_type *clearn_estimator_get_type(const clearn_estimator *e)
{
    return e ? e->type : NULL;
}

clearn_estimator *clearn_estimator_clone(const clearn_estimator *e, clearn_error *err)
{
    clearn_estimator *c;
    if (!e) {
        clearn__error(err, CLEARN_EINVAL, "clone: NULL estimator");
        return NULL;
    }
    if (!(c = clearn_estimator_create(e->type, err)))
        return NULL;
    if (clearn__params_copy(e->type->params, e->type->n_params, c->state, e->state, err) != CLEARN_OK)
        goto fail;
    for (size_t i = 0; i < e->n_stages; i++) {
        clearn_transform *t = clearn_transform_clone(e->stages[i], err);
        if (!t || add_stage(c, t, err) != CLEARN_OK)
            goto fail;
    }
    return c;
fail:
    clearn_estimator_free(c);
    return NULL;
}

/* The task checks every type gets: CLEARN_OK when train suits the type. */
static int check_task(const clearn_estimator_type *type, const clearn_dataset *train,
                      clearn_error *err)
{
    size_t c = clearn_dataset_class(train);
    if (!clearn_dataset_rows(train))
        return clearn__error(err, CLEARN_EINVAL, "%s: cannot fit on an empty dataset", type->name);
    if (c == CLEARN_NONE || type->tasks == CLEARN_CLUSTER) {   /* a clusterer ignores a class */
        if (type->tasks & CLEARN_CLUSTER)
            return CLEARN_OK;
        return clearn__error(err, CLEARN_EINVAL, "%s needs a class attribute (the dataset has none)",
                             type->name);
    }
    if (clearn_dataset_attr_kind(train, c) == CLEARN_NOMINAL && !(type->tasks & CLEARN_CLASSIFY))
        return clearn__error(err, CLEARN_EINVAL,
                             "%s is a regressor but the class '%s' is nominal", type->name,
                             clearn_dataset_attr_name(train, c));
    if (clearn_dataset_attr_kind(train, c) == CLEARN_NUMERIC && !(type->tasks & CLEARN_REGRESS))
        return clearn__error(err, CLEARN_EINVAL,
                             "%s is a classifier but the class '%s' is numeric (use --nominal or a regressor)",
                             type->name, clearn_dataset_attr_name(train, c));
    return CLEARN_OK;
}

/* Fits the stages on data in turn; *out receives the data the final
 * estimator sees (a new dataset, or NULL meaning `data` itself). */
static int fit_stages(clearn_estimator *e, const clearn_dataset *data, clearn_dataset **out,
                      clearn_error *err)
{
    clearn_dataset *cur = NULL;
    *out = NULL;
    for (size_t i = 0; i < e->n_stages; i++) {
        const clearn_dataset *in = cur ? cur : data;
        clearn_dataset *next;
        if (clearn_transform_fit(e->stages[i], in, err) != CLEARN_OK ||
            !(next = clearn_transform_apply(e->stages[i], in, err))) {
            clearn_dataset_free(cur);
            return err ? err->code : CLEARN_EINVAL;
        }
        clearn_dataset_free(cur);
        cur = next;
    }
    *out = cur;
    return CLEARN_OK;
}

/* 1 when some row's class is missing. Fit copies the data without those
 * rows only then: in cross-validation that copy would cost more than many
 * fits. */
static int has_missing_class(const clearn_dataset *ds)
{
    size_t c = clearn_dataset_class(ds), n = clearn_dataset_rows(ds), d = clearn_dataset_attrs(ds);
    const double *x = clearn_dataset_data(ds);
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i * d + c]))
            return 1;
    return 0;
}

int clearn_estimator_fit(clearn_estimator *e, const clearn_dataset *train, clearn_error *err)
{
    clearn_dataset *clean = NULL, *staged = NULL, *schema = NULL, *final_schema = NULL;
    const clearn_dataset *fin;
    size_t c;
    int rc;
    if (!e || !train)
        return clearn__error(err, CLEARN_EINVAL, "fit: NULL argument");
    unfit(e);
    if ((rc = check_task(e->type, train, err)) != CLEARN_OK)
        return rc;
    c = clearn_dataset_class(train);
    if (c != CLEARN_NONE && e->type->tasks != CLEARN_CLUSTER &&
        has_missing_class(train)) {   /* skip rows with a missing class */
        if (!(clean = clearn_dataset_drop_missing_class(train, err)))
            return err ? err->code : CLEARN_ENOMEM;
        if (!clearn_dataset_rows(clean)) {
            clearn_dataset_free(clean);
            return clearn__error(err, CLEARN_EINVAL, "%s: the class '%s' has no values", e->type->name,
                                 clearn_dataset_attr_name(train, c));
        }
    }
    fin = clean ? clean : train;
    if ((rc = fit_stages(e, fin, &staged, err)) != CLEARN_OK)
        goto done;
    if (staged)
        fin = staged;
    if (!(schema = clearn_dataset_header(train, err)) || !(final_schema = clearn_dataset_header(fin, err))) {
        rc = err ? err->code : CLEARN_ENOMEM;
        goto done;
    }
    if ((rc = e->type->fit(e->state, fin, err)) != CLEARN_OK) {
        if (e->type->destroy)
            e->type->destroy(e->state);
        goto done;
    }
    e->schema = schema;
    e->final_schema = final_schema;
    schema = final_schema = NULL;
done:
    clearn_dataset_free(schema);
    clearn_dataset_free(final_schema);
    clearn_dataset_free(staged);
    clearn_dataset_free(clean);
    return rc;
}

int clearn_estimator_is_fitted(const clearn_estimator *e)
{
    return e && e->schema;
}

const clearn_dataset *clearn_estimator_schema(const clearn_estimator *e)
{
    return e ? e->schema : NULL;
}

/* The data the final estimator should see: conformed to the training
 * schema, then through every stage. Returns a new dataset. */
static clearn_dataset *prepare(const clearn_estimator *e, const clearn_dataset *x, clearn_error *err)
{
    clearn_dataset *cur = clearn_dataset_conform(e->schema, x, NULL, err);
    for (size_t i = 0; cur && i < e->n_stages; i++) {
        clearn_dataset *next = clearn_transform_apply(e->stages[i], cur, err);
        clearn_dataset_free(cur);
        cur = next;
    }
    return cur;
}

/* What the final estimator predicts from: x itself when it already has the
 * training layout and there are no stages (*owned NULL: no copy), else a
 * prepared copy (*owned, to free). NULL on error. */
static const clearn_dataset *predict_input(const clearn_estimator *e, const clearn_dataset *x,
                                           clearn_dataset **owned, clearn_error *err)
{
    *owned = NULL;
    if (!e->n_stages && clearn_dataset_same_schema(e->schema, x))
        return x;
    return *owned = prepare(e, x, err);
}

void *clearn__estimator_state(const clearn_estimator *e)
{
    return e ? e->state : NULL;
}

clearn_dataset *clearn__estimator_prepare(const clearn_estimator *e, const clearn_dataset *x,
                                          clearn_error *err)
{
    if (!e->schema) {
        clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted", e->type->name);
        return NULL;
    }
    return prepare(e, x, err);
}

int clearn__estimator_prepared(const clearn_estimator *e, const clearn_dataset *x,
                               const void **state, clearn_dataset **in, clearn_error *err)
{
    if (!(*in = clearn__estimator_prepare(e, x, err)))
        return err ? err->code : CLEARN_ENOMEM;
    *state = e->state;
    return CLEARN_OK;
}

static int check_predict(const clearn_estimator *e, const clearn_dataset *x, const double *out,
                         clearn_error *err)
{
    if (!e || !x || (!out && clearn_dataset_rows(x)))
        return clearn__error(err, CLEARN_EINVAL, "predict: NULL argument");
    if (!e->schema)
        return clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted", e->type->name);
    return CLEARN_OK;
}

int clearn_estimator_predict(const clearn_estimator *e, const clearn_dataset *x, double *out,
                             clearn_error *err)
{
    const clearn_dataset *in;
    clearn_dataset *owned;
    int rc;
    if ((rc = check_predict(e, x, out, err)) != CLEARN_OK)
        return rc;
    if (!(in = predict_input(e, x, &owned, err)))
        return err ? err->code : CLEARN_ENOMEM;
    rc = e->type->predict(e->state, in, out, err);
    clearn_dataset_free(owned);
    return rc;
}

int clearn_estimator_predict_proba(const clearn_estimator *e, const clearn_dataset *x, double *out,
                                   clearn_error *err)
{
    const clearn_dataset *in;
    clearn_dataset *owned;
    size_t c;
    int rc;
    if ((rc = check_predict(e, x, out, err)) != CLEARN_OK)
        return rc;
    c = clearn_dataset_class(e->schema);
    if (!e->type->predict_proba || c == CLEARN_NONE ||
        clearn_dataset_attr_kind(e->schema, c) != CLEARN_NOMINAL)
        return clearn__error(err, CLEARN_EINVAL, "%s gives no class probabilities here", e->type->name);
    if (!(in = predict_input(e, x, &owned, err)))
        return err ? err->code : CLEARN_ENOMEM;
    rc = e->type->predict_proba(e->state, in, out, err);
    clearn_dataset_free(owned);
    return rc;
}

int clearn_estimator_decision_function(const clearn_estimator *e, const clearn_dataset *x,
                                       double *out, size_t *cols, clearn_error *err)
{
    const clearn_dataset *in;
    clearn_dataset *owned;
    int rc;
    if (!e || !x || !cols)
        return clearn__error(err, CLEARN_EINVAL, "decision function: NULL argument");
    if (!e->schema)
        return clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted", e->type->name);
    if (!e->type->decision || !e->type->n_decision)
        return clearn__error(err, CLEARN_EINVAL, "%s has no decision function", e->type->name);
    *cols = e->type->n_decision(e->state);
    if (!out)
        return CLEARN_OK;
    if (!(in = predict_input(e, x, &owned, err)))
        return err ? err->code : CLEARN_ENOMEM;
    rc = e->type->decision(e->state, in, out, err);
    clearn_dataset_free(owned);
    return rc;
}

typedef int (*show_fn)(const void *, const clearn_dataset *, FILE *, clearn_error *);

/* print, dot and explain: the fitted final estimator shown one way. */
static int show(const clearn_estimator *e, FILE *out, show_fn fn, const char *what,
                clearn_error *err)
{
    if (!e || !out)
        return clearn__error(err, CLEARN_EINVAL, "%s: NULL argument", what);
    if (!e->schema)
        return clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted", e->type->name);
    if (!fn)
        return clearn__error(err, CLEARN_EINVAL, "%s cannot %s its model", e->type->name, what);
    return fn(e->state, e->final_schema, out, err);
}

int clearn_estimator_print(const clearn_estimator *e, FILE *out, clearn_error *err)
{
    return show(e, out, e ? e->type->print : NULL, "print", err);
}

int clearn_estimator_dot(const clearn_estimator *e, FILE *out, clearn_error *err)
{
    return show(e, out, e ? e->type->dot : NULL, "draw (DOT)", err);
}

int clearn_estimator_explain(const clearn_estimator *e, FILE *out, clearn_error *err)
{
    return show(e, out, e ? e->type->explain : NULL, "explain", err);
}

/* ---- model files ---------------------------------------------------------- */

static int save_payload(const void *obj, clearn_writer *w, clearn_error *err)
{
    const clearn_estimator *e = obj;
    int rc = clearn_writer_size(w, "stages", e->n_stages, err);
    for (size_t i = 0; rc == CLEARN_OK && i < e->n_stages; i++)
        rc = clearn__transform_save(e->stages[i], w, err);
    if (rc == CLEARN_OK)
        rc = clearn__write_schema(w, e->final_schema, err);
    if (rc == CLEARN_OK)
        rc = e->type->save(e->state, w, err);
    return rc;
}

int clearn_estimator_save(const clearn_estimator *e, const char *path, clearn_error *err)
{
    char *spec;
    int rc;
    if (!e || !path)
        return clearn__error(err, CLEARN_EINVAL, "save: NULL argument");
    if (!e->schema)
        return clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted: nothing to save", e->type->name);
    if (!(spec = clearn_estimator_spec(e, err)))
        return err ? err->code : CLEARN_ENOMEM;
    rc = clearn__model_save(path, "estimator", spec, e->schema, save_payload, e, err);
    clearn__free(spec);
    return rc;
}

/* Reads the payload written by save_payload into e (built from the spec,
 * its stages not yet fitted: they are replaced by the loaded ones). */
static int load_payload(clearn_estimator *e, clearn_reader *r, clearn_error *err)
{
    size_t n;
    int rc = clearn_reader_size(r, "stages", &n, err);
    if (rc == CLEARN_OK && n != e->n_stages)
        return clearn__error(err, CLEARN_ECORRUPT, "model file: %zu stages stored, the spec has %zu",
                             n, e->n_stages);
    for (size_t i = 0; rc == CLEARN_OK && i < n; i++) {
        clearn_transform *t = clearn__transform_load(r, err);
        if (!t)
            return err ? err->code : CLEARN_ECORRUPT;
        clearn_transform_free(e->stages[i]);
        e->stages[i] = t;
    }
    if (rc == CLEARN_OK)
        rc = clearn__read_schema(r, &e->final_schema, err);
    if (rc == CLEARN_OK && (rc = e->type->load(e->state, r, err)) != CLEARN_OK && e->type->destroy)
        e->type->destroy(e->state);
    return rc;
}

clearn_estimator *clearn_estimator_load(const char *path, clearn_error *err)
{
    char *kind = NULL, *spec = NULL;
    clearn_dataset *schema = NULL;
    clearn_reader *r = NULL;
    clearn_estimator *e = NULL;
    if (!path) {
        clearn__error(err, CLEARN_EINVAL, "load: NULL path");
        return NULL;
    }
    if (clearn__model_load(path, &kind, &spec, &schema, &r, err) != CLEARN_OK)
        return NULL;
    if (strcmp(kind, "estimator") != 0) {
        clearn__error(err, CLEARN_ECORRUPT, "%s: holds a %s, not an estimator", path, kind);
        goto done;
    }
    if (!(e = clearn_estimator_new(spec, err))) {
        if (err && err->code != CLEARN_ENOMEM) {
            char why[CLEARN_ERROR_TEXT_SIZE];
            memcpy(why, err->text, sizeof why);
            clearn__error(err, CLEARN_ECORRUPT, "%s: %.200s", path, why);
        }
        goto done;
    }
    if (load_payload(e, r, err) != CLEARN_OK) {
        if (err && err->code == CLEARN_ECORRUPT && strncmp(err->text, path, strlen(path)) != 0) {
            char why[CLEARN_ERROR_TEXT_SIZE];   /* say which file */
            memcpy(why, err->text, sizeof why);
            clearn__error(err, CLEARN_ECORRUPT, "%s: %.200s", path, why);
        }
        clearn_estimator_free(e);   /* the type's state was destroyed */
        e = NULL;
        goto done;
    }
    e->schema = schema;             /* fitted: free now destroys the state */
    schema = NULL;
    if (clearn__reader_finish(r, err) != CLEARN_OK) {
        clearn_estimator_free(e);
        e = NULL;
    }
done:
    clearn__free(kind);
    clearn__free(spec);
    clearn_dataset_free(schema);
    clearn__reader_free(r);
    return e;
}
