/* Tests for lib/pool.c: thread-count resolution, every index run exactly
 * once, bit-identical results for every thread count, deterministic error
 * reports and early stop, progress order, fallback when no thread can be
 * created, signal masks of workers. */
#include "config.h"
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "testutil.h"
#include "internal.h"
#include "pool.h"

static const size_t thread_counts[] = {1, 2, 4, 16};
#define N_COUNTS (sizeof thread_counts / sizeof thread_counts[0])

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

/* Polls flag until it is set or about 5 s have passed; 1 if it was set. */
static int wait_flag(atomic_int *flag)
{
    for (int k = 0; k < 50000; k++) {
        if (atomic_load(flag))
            return 1;
        sleep_us(100);
    }
    return 0;
}

START_TEST(cpu_count_and_resolve)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    size_t cpus = clearn__cpu_count();
    size_t capped = cpus > CLEARN__MAX_THREADS ? CLEARN__MAX_THREADS : cpus;
    ck_assert_uint_ge(cpus, 1);
    if (online >= 1)
        ck_assert_uint_eq(cpus, (size_t)online);
    ck_assert_uint_eq(clearn__resolve_threads(0), capped);
    ck_assert_uint_eq(clearn__resolve_threads(1), 1);
    ck_assert_uint_eq(clearn__resolve_threads(3), 3);
    ck_assert_uint_eq(clearn__resolve_threads(256), 256);
    ck_assert_uint_eq(clearn__resolve_threads(257), 256);
    ck_assert_uint_eq(clearn__resolve_threads(LONG_MAX), 256);
    ck_assert_uint_eq(clearn__resolve_threads(-1), 0);
    ck_assert_uint_eq(clearn__resolve_threads(LONG_MIN), 0);
}
END_TEST

/* ---- every index exactly once ------------------------------------------ */

struct count_ctx {
    atomic_int *hits;
    pthread_t *who;       /* thread that ran each index */
};

static int count_task(void *ctx, size_t i, clearn_error *err)
{
    struct count_ctx *c = ctx;
    (void)err;
    atomic_fetch_add(&c->hits[i], 1);
    c->who[i] = pthread_self();
    return CLEARN_OK;
}

/* Runs count_task over n indices; checks each ran once and returns how many
 * distinct threads ran them. */
static size_t run_counting(size_t n, size_t threads)
{
    struct count_ctx c;
    clearn_error err = {0, "untouched"};
    size_t distinct = 0;
    c.hits = calloc(n ? n : 1, sizeof *c.hits);
    c.who = calloc(n ? n : 1, sizeof *c.who);
    ck_assert_ptr_nonnull(c.hits);
    ck_assert_ptr_nonnull(c.who);
    ck_assert_int_eq(clearn__parallel_for(n, threads, count_task, &c, &err), CLEARN_OK);
    ck_assert_str_eq(err.text, "untouched");
    for (size_t i = 0; i < n; i++) {
        size_t j;
        ck_assert_msg(atomic_load(&c.hits[i]) == 1, "n=%zu threads=%zu: index %zu ran %d times",
                      n, threads, i, atomic_load(&c.hits[i]));
        for (j = 0; j < i && !pthread_equal(c.who[j], c.who[i]); j++)
            ;
        distinct += j == i;
    }
    free(c.hits);
    free(c.who);
    return distinct;
}

START_TEST(every_index_once)
{
    static const size_t sizes[] = {0, 1, 7, 1000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (size_t t = 0; t < N_COUNTS; t++) {
            size_t d = run_counting(sizes[s], thread_counts[t]);
            ck_assert_uint_le(d, thread_counts[t]);
        }
    ck_assert_uint_eq(run_counting(50, 0), 1);      /* 0 taken as 1 */
    ck_assert_uint_le(run_counting(3000, 1000), 256);
}
END_TEST

START_TEST(inline_runs_on_caller)
{
    struct count_ctx c;
    atomic_int hits[20];
    pthread_t who[20];
    for (int i = 0; i < 20; i++)
        atomic_init(&hits[i], 0);
    c.hits = hits;
    c.who = who;
    ck_assert_int_eq(clearn__parallel_for(20, 1, count_task, &c, NULL), CLEARN_OK);
    for (int i = 0; i < 20; i++)
        ck_assert(pthread_equal(who[i], pthread_self()));
    /* one task: no thread is worth creating */
    ck_assert_int_eq(clearn__parallel_for(1, 16, count_task, &c, NULL), CLEARN_OK);
    ck_assert(pthread_equal(who[0], pthread_self()));
}
END_TEST

/* ---- threads really run at once ---------------------------------------- */

struct meet_ctx {
    atomic_int arrived;
    size_t expect;
    atomic_int met;
};

/* Each task waits (bounded) until all `expect` tasks have arrived: only
 * possible when they run on distinct threads simultaneously. */
static int meet_task(void *ctx, size_t i, clearn_error *err)
{
    struct meet_ctx *m = ctx;
    (void)i;
    (void)err;
    atomic_fetch_add(&m->arrived, 1);
    for (int k = 0; k < 50000 && (size_t)atomic_load(&m->arrived) < m->expect; k++)
        sleep_us(100);
    if ((size_t)atomic_load(&m->arrived) == m->expect)
        atomic_fetch_add(&m->met, 1);
    return CLEARN_OK;
}

START_TEST(threads_run_concurrently)
{
    for (size_t t = 2; t <= 4; t += 2) {
        struct meet_ctx m;
        atomic_init(&m.arrived, 0);
        atomic_init(&m.met, 0);
        m.expect = t;
        ck_assert_int_eq(clearn__parallel_for(t, t, meet_task, &m, NULL), CLEARN_OK);
        ck_assert_int_eq(atomic_load(&m.met), (int)t);
    }
}
END_TEST

/* ---- bit-identical results --------------------------------------------- */

/* Per-index work keyed by the index's random stream, of uneven length so
 * the dynamic hand-out really interleaves. */
static double stream_value(size_t i)
{
    clearn_rng r;
    double s = 0;
    clearn_rng_seed(&r, 2024, i);
    for (size_t k = 0; k < 50 + (i * 37) % 400; k++)
        s += clearn_rng_normal(&r) * clearn_rng_uniform(&r);
    return s;
}

static int value_task(void *ctx, size_t i, clearn_error *err)
{
    (void)err;
    ((double *)ctx)[i] = stream_value(i);
    return CLEARN_OK;
}

START_TEST(results_identical_across_thread_counts)
{
    enum { N = 997 };
    static double ref[N], got[N];
    for (size_t i = 0; i < N; i++)
        ref[i] = stream_value(i);
    for (size_t t = 0; t < N_COUNTS; t++) {
        memset(got, 0xff, sizeof got);
        ck_assert_int_eq(clearn__parallel_for(N, thread_counts[t], value_task, got, NULL),
                         CLEARN_OK);
        ck_assert_msg(memcmp(got, ref, sizeof ref) == 0, "threads=%zu differs", thread_counts[t]);
    }
}
END_TEST

/* ---- errors ------------------------------------------------------------ */

struct fail_ctx {
    const size_t *failing;      /* indices that fail, ascending */
    size_t n_failing;
    atomic_int started;
    atomic_int started_after;   /* indices above the first failing one */
    atomic_int failed_flag;     /* set by the first failing index */
};

static int fails_at(const struct fail_ctx *f, size_t i)
{
    for (size_t k = 0; k < f->n_failing; k++)
        if (f->failing[k] == i)
            return 1;
    return 0;
}

/* Failing indices fail at once with their own message; indices above the
 * first failing one wait until it has failed, then work 1 ms, so the test
 * can see that the hand-out stops. */
static int fail_task(void *ctx, size_t i, clearn_error *err)
{
    struct fail_ctx *f = ctx;
    atomic_fetch_add(&f->started, 1);
    if (fails_at(f, i)) {
        int code = i % 2 ? CLEARN_ERANGE : CLEARN_EINVAL;
        if (i == f->failing[0])
            atomic_store(&f->failed_flag, 1);
        return clearn__error(err, code, "task %zu: value out of range", i);
    }
    if (i > f->failing[0]) {
        atomic_fetch_add(&f->started_after, 1);
        wait_flag(&f->failed_flag);
        sleep_us(1000);
    }
    return CLEARN_OK;
}

static void check_first_failure(const size_t *failing, size_t n_failing)
{
    for (size_t t = 0; t < N_COUNTS; t++) {
        size_t threads = thread_counts[t];
        struct fail_ctx f = {failing, n_failing, 0, 0, 0};
        clearn_error err = {0, ""};
        int rc = clearn__parallel_for(100, threads, fail_task, &f, &err);
        char want[64];
        snprintf(want, sizeof want, "task %zu: value out of range", failing[0]);
        ck_assert_int_eq(rc, failing[0] % 2 ? CLEARN_ERANGE : CLEARN_EINVAL);
        ck_assert_int_eq(err.code, rc);
        ck_assert_str_eq(err.text, want);
        /* Loosely: beyond the failing task only those already in flight
         * (one per other thread) or claimed in a short race start. */
        ck_assert_msg((size_t)atomic_load(&f.started_after) <= 2 * threads,
                      "threads=%zu: %d tasks started after the failure", threads,
                      atomic_load(&f.started_after));
        ck_assert_int_le(atomic_load(&f.started), (int)(failing[0] + 1 + 2 * threads));
        if (threads == 1)
            ck_assert_int_eq(atomic_load(&f.started), (int)failing[0] + 1);
    }
}

START_TEST(error_lowest_index_reported)
{
    static const size_t one[] = {5};
    static const size_t many[] = {5, 6, 40, 99};
    static const size_t first[] = {0, 1, 2};
    static const size_t last[] = {99};
    check_first_failure(one, 1);
    check_first_failure(many, 4);
    check_first_failure(first, 3);
    check_first_failure(last, 1);
}
END_TEST

/* Two failures at indices 3 and 10, in either order in time. When 3 fails
 * late, 10 has already failed; when 3 fails early, 10 is already running
 * (3 waits for it to start) and fails later. Either way 3 is reported: it
 * was claimed before 10 and always runs to the end. */
struct two_fail_ctx {
    int low_first;           /* 1: index 3 fails before index 10 */
    size_t threads;
    atomic_int ten_started;
};

static int two_fail_task(void *ctx, size_t i, clearn_error *err)
{
    struct two_fail_ctx *c = ctx;
    if (i == 3) {
        if (!c->low_first)
            sleep_us(20000);
        else if (c->threads > 1)
            wait_flag(&c->ten_started);
        return clearn__error(err, CLEARN_ENUMERIC, "fold 3 did not converge");
    }
    if (i == 10) {
        atomic_store(&c->ten_started, 1);
        if (c->low_first)
            sleep_us(20000);
        return clearn__error(err, CLEARN_EINVAL, "fold 10: bad parameter");
    }
    return CLEARN_OK;
}

START_TEST(error_lower_index_wins_in_any_order)
{
    for (int low_first = 0; low_first <= 1; low_first++)
        for (size_t t = 0; t < N_COUNTS; t++) {
            struct two_fail_ctx c = {low_first, thread_counts[t], 0};
            clearn_error err = {0, ""};
            ck_assert_int_eq(clearn__parallel_for(40, thread_counts[t], two_fail_task, &c, &err),
                             CLEARN_ENUMERIC);
            ck_assert_int_eq(err.code, CLEARN_ENUMERIC);
            ck_assert_str_eq(err.text, "fold 3 did not converge");
        }
}
END_TEST

/* A task that returns a code without a message. */
static int silent_fail_task(void *ctx, size_t i, clearn_error *err)
{
    (void)ctx;
    (void)err;
    return i == 2 ? CLEARN_ENOMEM : CLEARN_OK;
}

START_TEST(error_without_message_and_null_err)
{
    for (size_t t = 0; t < N_COUNTS; t++) {
        clearn_error err = {0, "untouched"};
        ck_assert_int_eq(clearn__parallel_for(9, thread_counts[t], silent_fail_task, NULL, &err),
                         CLEARN_ENOMEM);
        ck_assert_int_eq(err.code, CLEARN_ENOMEM);
        ck_assert_str_eq(err.text, "out of memory");
        ck_assert_int_eq(clearn__parallel_for(9, thread_counts[t], silent_fail_task, NULL, NULL),
                         CLEARN_ENOMEM);
    }
}
END_TEST

/* ---- progress ------------------------------------------------------------ */

struct progress_log {
    size_t *done;       /* done value of each call, in call order */
    size_t calls, total;
    int bad_total;
};

static void log_progress(void *pctx, size_t done, size_t total)
{
    struct progress_log *p = pctx;
    if (total != p->total)
        p->bad_total = 1;
    p->done[p->calls++] = done;
}

START_TEST(progress_in_order)
{
    static const size_t sizes[] = {0, 1, 7, 1000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (size_t t = 0; t < N_COUNTS; t++) {
            size_t n = sizes[s];
            double *out = calloc(n ? n : 1, sizeof *out);
            struct progress_log p = {calloc(n ? n : 1, sizeof(size_t)), 0, n, 0};
            ck_assert_int_eq(clearn__parallel_for_progress(n, thread_counts[t], value_task, out,
                                                           NULL, log_progress, &p), CLEARN_OK);
            ck_assert_uint_eq(p.calls, n);
            ck_assert_int_eq(p.bad_total, 0);
            for (size_t i = 0; i < n; i++)
                ck_assert_uint_eq(p.done[i], i + 1);
            free(p.done);
            free(out);
        }
}
END_TEST

START_TEST(progress_stops_at_failure)
{
    static const size_t failing[] = {5};
    for (size_t t = 0; t < N_COUNTS; t++) {
        struct fail_ctx f = {failing, 1, 0, 0, 0};
        struct progress_log p = {calloc(100, sizeof(size_t)), 0, 100, 0};
        clearn_error err;
        ck_assert_int_eq(clearn__parallel_for_progress(100, thread_counts[t], fail_task, &f, &err,
                                                       log_progress, &p), CLEARN_ERANGE);
        /* every started task but the failing one reported, in order */
        ck_assert_uint_eq(p.calls, (size_t)atomic_load(&f.started) - 1);
        ck_assert_uint_lt(p.calls, 100);
        for (size_t i = 0; i < p.calls; i++)
            ck_assert_uint_eq(p.done[i], i + 1);
        free(p.done);
    }
}
END_TEST

/* ---- no thread can be created ------------------------------------------ */

START_TEST(thread_creation_failure_runs_inline)
{
    pthread_attr_t saved, huge;
    struct count_ctx c;
    atomic_int hits[64];
    pthread_t who[64];
    /* A default stack larger than the address space makes every
     * pthread_create fail (EAGAIN). */
    ck_assert_int_eq(pthread_getattr_default_np(&saved), 0);
    ck_assert_int_eq(pthread_attr_init(&huge), 0);
    ck_assert_int_eq(pthread_attr_setstacksize(&huge, (size_t)1 << 48), 0);
    ck_assert_int_eq(pthread_setattr_default_np(&huge), 0);
    for (int i = 0; i < 64; i++)
        atomic_init(&hits[i], 0);
    c.hits = hits;
    c.who = who;
    ck_assert_int_eq(clearn__parallel_for(64, 4, count_task, &c, NULL), CLEARN_OK);
    ck_assert_int_eq(pthread_setattr_default_np(&saved), 0);
    pthread_attr_destroy(&huge);
    pthread_attr_destroy(&saved);
    for (int i = 0; i < 64; i++) {
        ck_assert_int_eq(atomic_load(&hits[i]), 1);
        ck_assert(pthread_equal(who[i], pthread_self()));
    }
}
END_TEST

/* ---- signal masks -------------------------------------------------------- */

struct mask_ctx {
    pthread_t caller;
    atomic_int worker_tasks, worker_int_blocked, worker_segv_blocked;
    struct meet_ctx meet;
};

static int mask_task(void *ctx, size_t i, clearn_error *err)
{
    struct mask_ctx *m = ctx;
    sigset_t cur;
    meet_task(&m->meet, i, err);    /* make sure a worker runs one */
    if (pthread_equal(pthread_self(), m->caller))
        return CLEARN_OK;
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    atomic_fetch_add(&m->worker_tasks, 1);
    atomic_fetch_add(&m->worker_int_blocked, sigismember(&cur, SIGINT) == 1);
    atomic_fetch_add(&m->worker_segv_blocked, sigismember(&cur, SIGSEGV) == 1);
    return CLEARN_OK;
}

START_TEST(workers_block_async_signals)
{
    struct mask_ctx m;
    sigset_t cur;
    m.caller = pthread_self();
    atomic_init(&m.worker_tasks, 0);
    atomic_init(&m.worker_int_blocked, 0);
    atomic_init(&m.worker_segv_blocked, 0);
    atomic_init(&m.meet.arrived, 0);
    atomic_init(&m.meet.met, 0);
    m.meet.expect = 2;
    ck_assert_int_eq(clearn__parallel_for(2, 2, mask_task, &m, NULL), CLEARN_OK);
    ck_assert_int_eq(atomic_load(&m.worker_tasks), 1);
    ck_assert_int_eq(atomic_load(&m.worker_int_blocked), 1);
    ck_assert_int_eq(atomic_load(&m.worker_segv_blocked), 0);
    pthread_sigmask(SIG_BLOCK, NULL, &cur);     /* caller's mask restored */
    ck_assert_int_eq(sigismember(&cur, SIGINT), 0);
}
END_TEST

/* ---- nesting: no shared state between calls ---------------------------- */

static int outer_task(void *ctx, size_t i, clearn_error *err)
{
    double *rows = (double *)ctx + i * 50;
    return clearn__parallel_for(50, 2, value_task, rows, err);
}

START_TEST(nested_calls)
{
    static double got[4 * 50];
    ck_assert_int_eq(clearn__parallel_for(4, 2, outer_task, got, NULL), CLEARN_OK);
    for (size_t i = 0; i < 4; i++)
        for (size_t k = 0; k < 50; k++)
            ck_assert(got[i * 50 + k] == stream_value(k));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pool");
    TCase *tc = tcase_create("pool");
    tcase_add_test(tc, cpu_count_and_resolve);
    tcase_add_test(tc, every_index_once);
    tcase_add_test(tc, inline_runs_on_caller);
    tcase_add_test(tc, threads_run_concurrently);
    tcase_add_test(tc, results_identical_across_thread_counts);
    tcase_add_test(tc, error_lowest_index_reported);
    tcase_add_test(tc, error_lower_index_wins_in_any_order);
    tcase_add_test(tc, error_without_message_and_null_err);
    tcase_add_test(tc, progress_in_order);
    tcase_add_test(tc, progress_stops_at_failure);
    tcase_add_test(tc, thread_creation_failure_runs_inline);
    tcase_add_test(tc, workers_block_async_signals);
    tcase_add_test(tc, nested_calls);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
