/* clearn — per-call worker threads and a deterministic parallel-for.
 *
 * There is no global pool: each call creates its workers and joins them
 * before it returns, so the library keeps no mutable global state and no
 * thread outlives a call. Indices are handed out in increasing order by one
 * atomic counter; on failure the counter is pushed to n so nothing new
 * starts. Since index i is claimed only after every index below it, the
 * lowest failing index always runs, and reporting the lowest failure seen
 * makes the error independent of scheduling. */
#include "config.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "pool.h"

size_t clearn__cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (size_t)n;
}

size_t clearn__resolve_threads(long threads)
{
    size_t t;
    if (threads < 0)
        return 0;
    t = threads == 0 ? clearn__cpu_count() : (size_t)threads;
    return t > CLEARN__MAX_THREADS ? CLEARN__MAX_THREADS : t;
}

/* What the threads of one call share. Fields below `lock` are guarded by
 * it once workers exist. */
struct job {
    clearn__task_fn task;
    void *ctx;
    size_t n;
    atomic_size_t next;          /* next index to hand out; >= n: stop */
    pthread_mutex_t lock;
    clearn__progress_fn progress;
    void *pctx;
    size_t done;                 /* tasks that succeeded so far */
    int rc;                      /* CLEARN_OK, or the code of fail_index */
    size_t fail_index;
    clearn_error fail_err;
};

/* Copies a failed task's report into err; returns rc. */
static int report_failure(clearn_error *err, int rc, const clearn_error *e)
{
    if (!err)
        return rc;
    if (e->text[0] == '\0')
        return clearn__error(err, rc, "%s", clearn_strerror(rc));
    err->code = rc;
    memcpy(err->text, e->text, sizeof err->text);
    err->text[sizeof err->text - 1] = '\0';   /* in case a task did not */
    return rc;
}

static void record_failure(struct job *job, size_t i, int rc, const clearn_error *e)
{
    atomic_store(&job->next, job->n);
    pthread_mutex_lock(&job->lock);
    if (job->rc == CLEARN_OK || i < job->fail_index) {
        job->rc = rc;
        job->fail_index = i;
        job->fail_err = *e;
    }
    pthread_mutex_unlock(&job->lock);
}

static void record_success(struct job *job)
{
    pthread_mutex_lock(&job->lock);
    job->done++;
    job->progress(job->pctx, job->done, job->n);
    pthread_mutex_unlock(&job->lock);
}

/* The loop every thread of a threaded call runs, the caller included. The
 * counter can pass n by at most one per thread, hence the cap on n below. */
static void run_tasks(struct job *job)
{
    size_t i;
    clearn_error e;
    while ((i = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed)) < job->n) {
        int rc;
        e.code = CLEARN_OK;
        e.text[0] = '\0';
        rc = job->task(job->ctx, i, &e);
        if (rc != CLEARN_OK)
            record_failure(job, i, rc, &e);
        else if (job->progress)
            record_success(job);
    }
}

static void *worker_main(void *arg)
{
    run_tasks(arg);
    return NULL;
}

/* threads == 1: no thread, no lock, stop at the first failure. */
static int run_inline(size_t n, clearn__task_fn task, void *ctx, clearn_error *err,
                      clearn__progress_fn progress, void *pctx)
{
    clearn_error e;
    for (size_t i = 0; i < n; i++) {
        int rc;
        e.code = CLEARN_OK;
        e.text[0] = '\0';
        rc = task(ctx, i, &e);
        if (rc != CLEARN_OK)
            return report_failure(err, rc, &e);
        if (progress)
            progress(pctx, i + 1, n);
    }
    return CLEARN_OK;
}

/* Workers block asynchronous signals (they inherit the creator's mask), so
 * the application's own threads receive them; faults stay deliverable. */
static void block_async_signals(sigset_t *old)
{
    sigset_t set;
    sigfillset(&set);
    sigdelset(&set, SIGSEGV);
    sigdelset(&set, SIGBUS);
    sigdelset(&set, SIGFPE);
    sigdelset(&set, SIGILL);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

/* Starts up to want workers on job; returns how many started. */
static size_t start_workers(struct job *job, pthread_t *ids, size_t want)
{
    sigset_t old;
    size_t k;
    block_async_signals(&old);
    for (k = 0; k < want; k++)
        if (pthread_create(&ids[k], NULL, worker_main, job) != 0)
            break;   /* go on with the ones we have */
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return k;
}

int clearn__parallel_for_progress(size_t n_tasks, size_t threads,
                                  clearn__task_fn task, void *ctx,
                                  clearn_error *err,
                                  clearn__progress_fn progress, void *pctx)
{
    pthread_t ids[CLEARN__MAX_THREADS - 1];
    struct job job;
    size_t started;

    if (threads > CLEARN__MAX_THREADS)
        threads = CLEARN__MAX_THREADS;
    if (threads > n_tasks)
        threads = n_tasks;
    if (threads <= 1 || n_tasks > SIZE_MAX - CLEARN__MAX_THREADS)
        return run_inline(n_tasks, task, ctx, err, progress, pctx);

    job.task = task;
    job.ctx = ctx;
    job.n = n_tasks;
    atomic_init(&job.next, 0);
    job.progress = progress;
    job.pctx = pctx;
    job.done = 0;
    job.rc = CLEARN_OK;
    job.fail_index = 0;
    if (pthread_mutex_init(&job.lock, NULL) != 0)
        return run_inline(n_tasks, task, ctx, err, progress, pctx);

    started = start_workers(&job, ids, threads - 1);
    run_tasks(&job);
    for (size_t k = 0; k < started; k++)
        pthread_join(ids[k], NULL);
    pthread_mutex_destroy(&job.lock);

    if (job.rc != CLEARN_OK)
        return report_failure(err, job.rc, &job.fail_err);
    return CLEARN_OK;
}

int clearn__parallel_for(size_t n_tasks, size_t threads, clearn__task_fn task,
                         void *ctx, clearn_error *err)
{
    return clearn__parallel_for_progress(n_tasks, threads, task, ctx, err, NULL, NULL);
}
