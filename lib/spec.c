/* clearn — spec strings: "name key=value ... | name key=value ...". */
#include "config.h"
#include <ctype.h>
#include <string.h>
#include "internal.h"

void clearn__spec_free(clearn__spec *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        clearn__spec_stage *st = &s->stages[i];
        clearn__free(st->name);
        for (size_t k = 0; k < st->n_kv; k++) {
            clearn__free(st->keys[k]);
            clearn__free(st->values[k]);
        }
        clearn__free(st->keys);
        clearn__free(st->values);
    }
    clearn__free(s->stages);
    memset(s, 0, sizeof *s);
}

/* Reads one word at *p: a run of non-space, non-'|' bytes, where '...' or
 * "..." quote spaces and '|'. Returns the unquoted copy or NULL. */
static char *read_word(const char **p, int *unterminated)
{
    const char *s = *p;
    size_t cap = strlen(s) + 1, n = 0;
    char *out = clearn__malloc(cap), quote = 0;
    if (!out)
        return NULL;
    for (; *s; s++) {
        if (quote) {
            if (*s == quote)
                quote = 0;
            else
                out[n++] = *s;
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
        } else if (isspace((unsigned char)*s) || *s == '|') {
            break;
        } else {
            out[n++] = *s;
        }
    }
    out[n] = '\0';
    *unterminated = quote != 0;
    *p = s;
    return out;
}

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return 0;
    return 1;
}

static int push_kv(clearn__spec_stage *st, char *word, clearn_error *err)
{
    char *eq = strchr(word, '='), **nk, **nv, *value;
    if (!eq || eq == word) {
        int rc = clearn__error(err, CLEARN_EINVAL,
                               "spec: '%s' after '%s' is not key=value", word, st->name);
        clearn__free(word);
        return rc;
    }
    *eq = '\0';
    if (!(value = clearn__strdup(eq + 1))) {
        clearn__free(word);
        return clearn__nomem(err);
    }
    nk = clearn__reallocarray(st->keys, st->n_kv + 1, sizeof *nk);
    if (nk)
        st->keys = nk;
    nv = nk ? clearn__reallocarray(st->values, st->n_kv + 1, sizeof *nv) : NULL;
    if (nv)
        st->values = nv;
    if (!nk || !nv) {
        clearn__free(word);
        clearn__free(value);
        return clearn__nomem(err);
    }
    st->keys[st->n_kv] = word;
    st->values[st->n_kv++] = value;
    return CLEARN_OK;
}

int clearn__spec_parse(const char *text, clearn__spec *out, clearn_error *err)
{
    const char *p = text;
    memset(out, 0, sizeof *out);
    if (!text)
        return clearn__error(err, CLEARN_EINVAL, "spec: NULL");
    for (;;) {
        clearn__spec_stage *st, *ns;
        int unterminated;
        while (isspace((unsigned char)*p))
            p++;
        if (!(ns = clearn__reallocarray(out->stages, out->n + 1, sizeof *ns)))
            goto nomem;
        out->stages = ns;
        st = &out->stages[out->n++];
        memset(st, 0, sizeof *st);
        if (!(st->name = read_word(&p, &unterminated)))
            goto nomem;
        if (!valid_name(st->name)) {
            clearn__error(err, CLEARN_EINVAL, "spec '%.100s': %s", text,
                          *st->name ? "bad name (letters, digits, '_' and '-')" : "a stage has no name");
            goto fail;
        }
        for (;;) {
            char *word;
            while (isspace((unsigned char)*p))
                p++;
            if (!*p || *p == '|')
                break;
            if (!(word = read_word(&p, &unterminated)))
                goto nomem;
            if (unterminated) {
                clearn__free(word);
                clearn__error(err, CLEARN_EINVAL, "spec '%.100s': unterminated quote", text);
                goto fail;
            }
            if (push_kv(st, word, err) != CLEARN_OK)
                goto fail;
        }
        if (!*p)
            return CLEARN_OK;
        p++;   /* '|' */
    }
nomem:
    clearn__nomem(err);
fail:
    clearn__spec_free(out);
    return err ? err->code : CLEARN_EINVAL;
}
