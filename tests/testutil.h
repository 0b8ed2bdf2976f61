/* Shared helpers for the Check suites. */
#ifndef CLEARN_TESTUTIL_H
#define CLEARN_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Path of a file in the source tree (read-only under distcheck) and of a
 * scratch file in the build tree. Static buffers: use one at a time. */
static inline const char *src_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", TOP_SRCDIR, rel);
    return buf;
}

static inline const char *build_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", TOP_BUILDDIR, rel);
    return buf;
}

/* Runs a suite and returns the process exit status. */
static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
