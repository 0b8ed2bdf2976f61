/* clearn — transform objects: parameters, fit, apply, inverse, payloads. */
#include "config.h"
#include <string.h>
#include "internal.h"

struct clearn_transform {
    const clearn_transform_type *type;
    void *state;
    clearn_dataset *schema;   /* training header; NULL until fitted */
};

static void unfit(clearn_transform *t)
{
    if (t->type->destroy && t->schema)
        t->type->destroy(t->state);
    clearn_dataset_free(t->schema);
    t->schema = NULL;
}

void clearn_transform_free(clearn_transform *t)
{
    if (!t)
        return;
    unfit(t);
    if (t->state)
        clearn__params_free(t->type->params, t->type->n_params, t->state);
    clearn__free(t->state);
    clearn__free(t);
}

clearn_transform *clearn__transform_create(const clearn_transform_type *type, clearn_error *err)
{
    clearn_transform *t = clearn__calloc(1, sizeof *t);
    if (!t || !(t->state = clearn__calloc(1, type->state_size ? type->state_size : 1))) {
        clearn__free(t);
        clearn__nomem(err);
        return NULL;
    }
    t->type = type;
    if (clearn__params_defaults(type->params, type->n_params, t->state, err) != CLEARN_OK) {
        clearn_transform_free(t);
        return NULL;
    }
    return t;
}

clearn_transform *clearn__transform_from_stage(const clearn__spec_stage *st, clearn_error *err)
{
    const clearn_transform_type *type = clearn_transform_type_find(st->name);
    clearn_transform *t;
    if (!type) {
        clearn__error(err, CLEARN_ENOTFOUND, "no transform named '%s' (see clearn list)", st->name);
        return NULL;
    }
    if (!(t = clearn__transform_create(type, err)))
        return NULL;
    if (clearn__params_apply(type->params, type->n_params, t->state, st, err) != CLEARN_OK) {
        clearn_transform_free(t);
        return NULL;
    }
    return t;
}

clearn_transform *clearn_transform_new(const char *spec, clearn_error *err)
{
    clearn__spec s;
    clearn_transform *t = NULL;
    if (clearn__spec_parse(spec, &s, err) != CLEARN_OK)
        return NULL;
    if (s.n != 1)
        clearn__error(err, CLEARN_EINVAL, "transform spec '%.100s': one stage expected", spec);
    else
        t = clearn__transform_from_stage(&s.stages[0], err);
    clearn__spec_free(&s);
    return t;
}

int clearn_transform_set(clearn_transform *t, const char *name, const char *value, clearn_error *err)
{
    int rc;
    if (!t)
        return clearn__error(err, CLEARN_EINVAL, "set: NULL transform");
    rc = clearn__params_set(t->type->name, t->type->params, t->type->n_params, t->state, name,
                            value, err);
    if (rc == CLEARN_OK)   /* a refused value keeps the fitted transform */
        unfit(t);
    return rc;
}

int clearn_transform_get(const clearn_transform *t, const char *name, char *buf, size_t size,
                         clearn_error *err)
{
    const clearn_param *p = t && name ? clearn__param_find(t->type->params, t->type->n_params, name) : NULL;
    if (!p)
        return clearn__error(err, CLEARN_EINVAL, "%s has no parameter '%s'", t ? t->type->name : "?",
                             name ? name : "(null)");
    clearn_param_format(p, t->state, buf, size);
    return CLEARN_OK;
}

char *clearn_transform_spec(const clearn_transform *t, clearn_error *err)
{
    if (!t) {
        clearn__error(err, CLEARN_EINVAL, "spec: NULL transform");
        return NULL;
    }
    return clearn__params_spec(t->type->name, t->type->params, t->type->n_params, t->state, err);
}

const clearn_transform_type *clearn_transform_get_type(const clearn_transform *t)
{
    return t ? t->type : NULL;
}

clearn_transform *clearn_transform_clone(const clearn_transform *t, clearn_error *err)
{
    clearn_transform *c;
    if (!t) {
        clearn__error(err, CLEARN_EINVAL, "clone: NULL transform");
        return NULL;
    }
    if (!(c = clearn__transform_create(t->type, err)))
        return NULL;
    if (clearn__params_copy(t->type->params, t->type->n_params, c->state, t->state, err) != CLEARN_OK) {
        clearn_transform_free(c);
        return NULL;
    }
    return c;
}

int clearn_transform_fit(clearn_transform *t, const clearn_dataset *data, clearn_error *err)
{
    clearn_dataset *schema;
    if (!t || !data)
        return clearn__error(err, CLEARN_EINVAL, "fit: NULL argument");
    if (!clearn_dataset_rows(data))
        return clearn__error(err, CLEARN_EINVAL, "%s: cannot fit on an empty dataset", t->type->name);
    unfit(t);
    if (!(schema = clearn_dataset_header(data, err)))
        return err ? err->code : CLEARN_ENOMEM;
    if (t->type->fit(t->state, data, err) != CLEARN_OK) {
        if (t->type->destroy)
            t->type->destroy(t->state);
        clearn_dataset_free(schema);
        return err ? err->code : CLEARN_EINVAL;
    }
    t->schema = schema;
    return CLEARN_OK;
}

int clearn_transform_is_fitted(const clearn_transform *t)
{
    return t && t->schema;
}

const clearn_dataset *clearn__transform_schema(const clearn_transform *t)
{
    return t->schema;
}

int clearn__transform_state_of(const clearn_transform *t, const clearn_transform_type *type,
                               const void **state, clearn_error *err)
{
    *state = NULL;
    if (!t || t->type != type)
        return clearn__error(err, CLEARN_EINVAL, "%s: not a %s transform", type->name,
                             type->name);
    if (!t->schema)
        return clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted", type->name);
    *state = t->state;
    return CLEARN_OK;
}

/* The layout apply gives (it depends on the fitted transform alone): the
 * output of applying it to the training schema without rows. */
static clearn_dataset *output_header(const clearn_transform *t, clearn_error *err)
{
    clearn_dataset *h = clearn_dataset_header(t->schema, err), *out;
    if (!h)
        return NULL;
    out = t->type->apply(t->state, h, err);
    clearn_dataset_free(h);
    return out;
}

/* Conforms data by name to the layout fn expects (the training schema for
 * apply, the output's for inverse), then runs fn. */
static clearn_dataset *run(const clearn_transform *t, const clearn_dataset *data,
                           clearn_dataset *(*fn)(const void *, const clearn_dataset *, clearn_error *),
                           int inverse, clearn_error *err)
{
    clearn_dataset *in, *out, *ref;
    if (!t || !data) {
        clearn__error(err, CLEARN_EINVAL, "transform: NULL argument");
        return NULL;
    }
    if (!t->schema) {
        clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted", t->type->name);
        return NULL;
    }
    if (!fn) {
        clearn__error(err, CLEARN_EINVAL, "%s has no inverse", t->type->name);
        return NULL;
    }
    if (!inverse && clearn_dataset_same_schema(t->schema, data))
        return fn(t->state, data, err);
    if (inverse && !(ref = output_header(t, err)))
        return NULL;
    if (inverse && clearn_dataset_same_schema(ref, data)) {
        clearn_dataset_free(ref);
        return fn(t->state, data, err);
    }
    in = clearn_dataset_conform(inverse ? ref : t->schema, data, NULL, err);
    if (inverse)
        clearn_dataset_free(ref);
    if (!in)
        return NULL;
    out = fn(t->state, in, err);
    clearn_dataset_free(in);
    return out;
}

clearn_dataset *clearn_transform_apply(const clearn_transform *t, const clearn_dataset *data,
                                       clearn_error *err)
{
    return run(t, data, t ? t->type->apply : NULL, 0, err);
}

clearn_dataset *clearn_transform_inverse(const clearn_transform *t, const clearn_dataset *data,
                                         clearn_error *err)
{
    return run(t, data, t ? t->type->inverse : NULL, 1, err);
}

/* Payload of a fitted transform inside a pipeline: its spec, its training
 * schema and its own payload. */
int clearn__transform_save(const clearn_transform *t, clearn_writer *w, clearn_error *err)
{
    char *spec = clearn_transform_spec(t, err);
    int rc;
    if (!spec)
        return err ? err->code : CLEARN_ENOMEM;
    rc = clearn_writer_string(w, "stage", spec, err);
    clearn__free(spec);
    if (rc == CLEARN_OK)
        rc = clearn__write_schema(w, t->schema, err);
    if (rc == CLEARN_OK)
        rc = t->type->save(t->state, w, err);
    return rc;
}

clearn_transform *clearn__transform_load(clearn_reader *r, clearn_error *err)
{
    char *spec = NULL;
    clearn_transform *t = NULL;
    clearn_dataset *schema = NULL;
    if (clearn_reader_string(r, "stage", &spec, err) != CLEARN_OK)
        return NULL;
    if (!(t = clearn_transform_new(spec, err))) {
        if (!err || err->code != CLEARN_ENOMEM)
            clearn__error(err, CLEARN_ECORRUPT, "model file: bad stage '%.80s'", spec);
    } else if (clearn__read_schema(r, &schema, err) != CLEARN_OK ||
             t->type->load(t->state, r, err) != CLEARN_OK) {
        if (t->type->destroy && schema)
            t->type->destroy(t->state);
        clearn_dataset_free(schema);
        clearn_transform_free(t);
        t = NULL;
    } else {
        t->schema = schema;
    }
    clearn__free(spec);
    return t;
}

static int save_payload(const void *obj, clearn_writer *w, clearn_error *err)
{
    const clearn_transform *t = obj;
    return t->type->save(t->state, w, err);
}

int clearn_transform_save(const clearn_transform *t, const char *path, clearn_error *err)
{
    char *spec;
    int rc;
    if (!t || !path)
        return clearn__error(err, CLEARN_EINVAL, "save: NULL argument");
    if (!t->schema)
        return clearn__error(err, CLEARN_ENOTFIT, "%s is not fitted: nothing to save", t->type->name);
    if (!(spec = clearn_transform_spec(t, err)))
        return err ? err->code : CLEARN_ENOMEM;
    rc = clearn__model_save(path, "transform", spec, t->schema, save_payload, t, err);
    clearn__free(spec);
    return rc;
}

clearn_transform *clearn_transform_load(const char *path, clearn_error *err)
{
    char *kind = NULL, *spec = NULL;
    clearn_dataset *schema = NULL;
    clearn_reader *r = NULL;
    clearn_transform *t = NULL;
    if (!path) {
        clearn__error(err, CLEARN_EINVAL, "load: NULL path");
        return NULL;
    }
    if (clearn__model_load(path, &kind, &spec, &schema, &r, err) != CLEARN_OK)
        return NULL;
    if (strcmp(kind, "transform") != 0)
        clearn__error(err, CLEARN_ECORRUPT, "%s: holds a %s, not a transform", path, kind);
    else if (!(t = clearn_transform_new(spec, err))) {
        if (!err || err->code != CLEARN_ENOMEM)
            clearn__error(err, CLEARN_ECORRUPT, "%s: bad spec '%.80s'", path, spec);
    } else if (t->type->load(t->state, r, err) != CLEARN_OK) {
        if (t->type->destroy)
            t->type->destroy(t->state);
        clearn_transform_free(t);
        t = NULL;
    } else {
        t->schema = schema;   /* fitted: free now destroys the state */
        schema = NULL;
        if (clearn__reader_finish(r, err) != CLEARN_OK) {
            clearn_transform_free(t);
            t = NULL;
        }
    }
    clearn__free(kind);
    clearn__free(spec);
    clearn_dataset_free(schema);
    clearn__reader_free(r);
    return t;
}
