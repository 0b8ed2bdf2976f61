/* clearn — file formats: options, format detection, dispatch to the readers
 * and writers in io_csv.c, io_arff.c and io_libsvm.c. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "internal.h"

void clearn_read_options_init(clearn_read_options *opt)
{
    if (!opt)
        return;
    memset(opt, 0, sizeof *opt);
    opt->format = CLEARN_FORMAT_AUTO;
    opt->header = 1;
    opt->delimiter = ',';
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

clearn_format clearn_format_from_name(const char *path)
{
    if (!path)
        return CLEARN_FORMAT_CSV;
    if (ends_with(path, ".arff"))
        return CLEARN_FORMAT_ARFF;
    if (ends_with(path, ".libsvm") || ends_with(path, ".svm") || ends_with(path, ".svmlight"))
        return CLEARN_FORMAT_LIBSVM;
    return CLEARN_FORMAT_CSV;
}

int clearn_format_parse(const char *name, clearn_format *fmt, clearn_error *err)
{
    static const struct { const char *name; clearn_format fmt; } names[] = {
        {"auto", CLEARN_FORMAT_AUTO}, {"csv", CLEARN_FORMAT_CSV},
        {"arff", CLEARN_FORMAT_ARFF}, {"libsvm", CLEARN_FORMAT_LIBSVM},
        {"svm", CLEARN_FORMAT_LIBSVM}, {"svmlight", CLEARN_FORMAT_LIBSVM},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(name, names[i].name) == 0) {
            if (fmt)
                *fmt = names[i].fmt;
            return CLEARN_OK;
        }
    }
    return clearn__error(err, CLEARN_EINVAL,
                         "unknown format '%s' (allowed: auto, csv, arff, libsvm)",
                         name ? name : "(null)");
}

static int check_options(const clearn_read_options *opt, clearn_error *err)
{
    char c = opt->delimiter;
    if (c == '"' || c == '\r' || c == '\n' || c == '\0')
        return clearn__error(err, CLEARN_EINVAL,
                             "CSV delimiter must be a byte other than quote, CR, LF or NUL");
    if ((opt->n_missing && !opt->missing) || (opt->n_nominal && !opt->nominal) ||
        (opt->n_numeric && !opt->numeric))
        return clearn__error(err, CLEARN_EINVAL, "read options: a list has a count but no array");
    if ((unsigned)opt->format > CLEARN_FORMAT_LIBSVM)
        return clearn__error(err, CLEARN_EINVAL, "read options: unknown format %d", (int)opt->format);
    return CLEARN_OK;
}

/* Every name the options force to a kind must exist. */
static int check_forced(const clearn_dataset *ds, const char *const *names, size_t n,
                        const char *kind, clearn_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!names[i] || clearn_dataset_find(ds, names[i], NULL, NULL) != CLEARN_OK)
            return clearn__error(err, CLEARN_ENOTFOUND,
                                 "cannot force attribute '%s' %s: no attribute of that name",
                                 names[i] ? names[i] : "(null)", kind);
    return CLEARN_OK;
}

/* Reads with the right reader, then applies the class choice. */
static clearn_dataset *read_stream(FILE *f, const char *name, const clearn_read_options *opt,
                                   clearn_error *err)
{
    clearn_read_options defaults;
    clearn_format fmt;
    clearn_dataset *ds;
    size_t cls;
    if (!opt) {
        clearn_read_options_init(&defaults);
        opt = &defaults;
    }
    if (check_options(opt, err) != CLEARN_OK)
        return NULL;
    fmt = opt->format == CLEARN_FORMAT_AUTO ? clearn_format_from_name(name) : opt->format;
    switch (fmt) {
    case CLEARN_FORMAT_ARFF: ds = clearn__read_arff(f, name, opt, err); break;
    case CLEARN_FORMAT_LIBSVM: ds = clearn__read_libsvm(f, name, opt, err); break;
    default: ds = clearn__read_csv(f, name, opt, err); break;
    }
    if (!ds)
        return NULL;
    if (check_forced(ds, opt->nominal, opt->n_nominal, "nominal", err) != CLEARN_OK ||
        check_forced(ds, opt->numeric, opt->n_numeric, "numeric", err) != CLEARN_OK ||
        clearn_dataset_resolve_attr(ds, opt->class_attr ? opt->class_attr : "last", &cls, err) != CLEARN_OK ||
        clearn_dataset_set_class(ds, cls, err) != CLEARN_OK) {
        clearn_dataset_free(ds);
        return NULL;
    }
    return ds;
}

clearn_dataset *clearn_read_stream(FILE *f, const char *name, const clearn_read_options *opt,
                                   clearn_error *err)
{
    if (!f) {
        clearn__error(err, CLEARN_EINVAL, "read: NULL stream");
        return NULL;
    }
    return read_stream(f, name ? name : "-", opt, err);
}

clearn_dataset *clearn_read(const char *path, const clearn_read_options *opt, clearn_error *err)
{
    FILE *f;
    clearn_dataset *ds;
    if (!path) {
        clearn__error(err, CLEARN_EINVAL, "read: NULL path");
        return NULL;
    }
    if (!(f = fopen(path, "rb"))) {
        clearn__error(err, CLEARN_EIO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    ds = read_stream(f, path, opt, err);
    fclose(f);
    return ds;
}

int clearn_write_stream(const clearn_dataset *ds, FILE *f, clearn_format fmt, clearn_error *err)
{
    int rc;
    if (!ds || !f)
        return clearn__error(err, CLEARN_EINVAL, "write: NULL argument");
    switch (fmt) {
    case CLEARN_FORMAT_ARFF: rc = clearn__write_arff(ds, f, err); break;
    case CLEARN_FORMAT_LIBSVM: rc = clearn__write_libsvm(ds, f, err); break;
    case CLEARN_FORMAT_AUTO:
    case CLEARN_FORMAT_CSV: rc = clearn__write_csv(ds, f, err); break;
    default: return clearn__error(err, CLEARN_EINVAL, "write: unknown format %d", (int)fmt);
    }
    if (rc == CLEARN_OK && fflush(f) != 0)
        rc = clearn__error(err, CLEARN_EIO, "write: %s", strerror(errno));
    return rc;
}

/* Creates a new file beside path for writing (mode 0666 less the umask, as
 * fopen would); its name goes to tmp. */
static FILE *create_temp(const char *path, char *tmp, size_t size)
{
    static atomic_uint counter;
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd;
        FILE *f;
        snprintf(tmp, size, "%s.tmp%ld.%u", path, (long)getpid(),
                 atomic_fetch_add(&counter, 1u));
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0) {
            if (errno == EEXIST)
                continue;
            return NULL;
        }
        if (!(f = fdopen(fd, "wb"))) {
            close(fd);
            unlink(tmp);
        }
        return f;
    }
    return NULL;
}

/* Writes to a temporary file beside path and renames it over path, so a
 * failed write never destroys an existing file. */
int clearn_write(const clearn_dataset *ds, const char *path, clearn_format fmt, clearn_error *err)
{
    char *tmp;
    size_t size;
    FILE *f;
    int rc;
    if (!ds || !path)
        return clearn__error(err, CLEARN_EINVAL, "write: NULL argument");
    if (fmt == CLEARN_FORMAT_AUTO)
        fmt = clearn_format_from_name(path);
    size = strlen(path) + 48;
    if (!(tmp = clearn__malloc(size)))
        return clearn__nomem(err);
    if (!(f = create_temp(path, tmp, size))) {
        rc = clearn__error(err, CLEARN_EIO, "%s: cannot create a temporary file: %s", path, strerror(errno));
        clearn__free(tmp);
        return rc;
    }
    rc = clearn_write_stream(ds, f, fmt, err);
    if (fclose(f) != 0 && rc == CLEARN_OK)
        rc = clearn__error(err, CLEARN_EIO, "%s: %s", path, strerror(errno));
    if (rc == CLEARN_OK && rename(tmp, path) != 0)
        rc = clearn__error(err, CLEARN_EIO, "%s: cannot rename the temporary file: %s", path, strerror(errno));
    if (rc != CLEARN_OK)
        unlink(tmp);
    clearn__free(tmp);
    return rc;
}
