/* clearn — a small open-addressing hash map from byte strings to size_t,
 * used for category and attribute names. */
#include "config.h"
#include <string.h>
#include "internal.h"

struct slot {
    char *key;      /* NULL: empty */
    size_t len;
    size_t val;
    uint64_t hash;
    int dead;       /* tombstone left by a deletion */
};

struct clearn__strmap {
    struct slot *slots;
    size_t cap;     /* power of two */
    size_t used;    /* live keys */
    size_t filled;  /* live keys + tombstones */
};

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;   /* FNV-1a, then a final mix */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

clearn__strmap *clearn__strmap_new(void)
{
    clearn__strmap *m = clearn__calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 16;
    m->slots = clearn__calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        clearn__free(m);
        return NULL;
    }
    return m;
}

void clearn__strmap_free(clearn__strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        clearn__free(m->slots[i].key);
    clearn__free(m->slots);
    clearn__free(m);
}

/* Index of the slot holding key, or of the empty slot where it would go. */
static size_t probe(const clearn__strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->cap - 1, i = (size_t)h & mask;
    size_t first_dead = (size_t)-1;
    for (;;) {
        const struct slot *s = &m->slots[i];
        if (!s->key && !s->dead)
            return first_dead != (size_t)-1 ? first_dead : i;
        if (s->dead) {
            if (first_dead == (size_t)-1)
                first_dead = i;
        } else if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
            return i;
        }
        i = (i + 1) & mask;
    }
}

static int grow(clearn__strmap *m)
{
    size_t ncap = m->used * 4 > m->cap ? m->cap * 2 : m->cap;
    struct slot *ns = clearn__calloc(ncap, sizeof *ns), *old = m->slots;
    size_t ocap = m->cap;
    if (!ns)
        return CLEARN_ENOMEM;
    m->slots = ns;
    m->cap = ncap;
    m->filled = m->used;
    for (size_t i = 0; i < ocap; i++) {
        if (old[i].key) {
            size_t j = (size_t)old[i].hash & (ncap - 1);
            while (ns[j].key)
                j = (j + 1) & (ncap - 1);
            ns[j] = old[i];
        }
    }
    clearn__free(old);
    return CLEARN_OK;
}

int clearn__strmap_get(const clearn__strmap *m, const char *key, size_t len, size_t *val)
{
    const struct slot *s = &m->slots[probe(m, key, len, hash_bytes(key, len))];
    if (!s->key)
        return 0;
    if (val)
        *val = s->val;
    return 1;
}

int clearn__strmap_put(clearn__strmap *m, const char *key, size_t len, size_t val)
{
    uint64_t h = hash_bytes(key, len);
    struct slot *s;
    if ((m->filled + 1) * 4 > m->cap * 3 && grow(m) != CLEARN_OK)
        return CLEARN_ENOMEM;
    s = &m->slots[probe(m, key, len, h)];
    if (s->key) {
        s->val = val;
        return CLEARN_OK;
    }
    s->key = clearn__strndup(key, len);
    if (!s->key)
        return CLEARN_ENOMEM;
    if (!s->dead)
        m->filled++;
    s->dead = 0;
    s->len = len;
    s->hash = h;
    s->val = val;
    m->used++;
    return CLEARN_OK;
}

void clearn__strmap_del(clearn__strmap *m, const char *key, size_t len)
{
    struct slot *s = &m->slots[probe(m, key, len, hash_bytes(key, len))];
    if (!s->key)
        return;
    clearn__free(s->key);
    s->key = NULL;
    s->dead = 1;
    m->used--;
}

size_t clearn__strmap_size(const clearn__strmap *m)
{
    return m->used;
}
