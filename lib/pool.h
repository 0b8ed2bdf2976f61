/* clearn — the thread pool and deterministic parallel-for (core layer).
 * Private: included by library modules, not installed.
 *
 * Man-page text for clearn(7), section THREADS (to be folded in):
 *
 *   THREADS
 *   Estimators and evaluation routines that can use several cores take a
 *   threads= parameter: the number of threads to run on, counting the
 *   calling thread. threads=1 runs everything in the calling thread and
 *   creates none; threads=0 means one thread per online CPU; larger values
 *   are capped at 256 and at the number of independent pieces of work;
 *   negative values are rejected with CLEARN_EINVAL.
 *
 *   Results do not depend on threads=. Work is cut into tasks (folds, grid
 *   points, trees, blocks of query rows) whose boundaries depend only on the
 *   data and the parameters; every task draws its random numbers from its
 *   own stream, selected by the task's index, and writes its own slot of the
 *   result. The same seed therefore gives bit-identical models, predictions
 *   and scores with 1, 2 or 64 threads.
 *
 *   Threads are created when a call starts and joined before it returns:
 *   nothing runs in the background between calls, and the library keeps no
 *   global pool. Worker threads block asynchronous signals, so a signal sent
 *   to the process is handled by one of the application's own threads. If
 *   the system refuses to create a thread, the call goes on with the threads
 *   it has (at worst only the calling thread); it never fails for that.
 *
 *   When a task fails, no further tasks are started, the tasks already
 *   running finish, and the call reports the error of the failing task with
 *   the lowest index. Because tasks are started in index order, a failure
 *   that depends only on the data is reported identically for every
 *   threads= value.
 */
#ifndef CLEARN_POOL_H
#define CLEARN_POOL_H

#include <stddef.h>
#include <clearn/error.h>

/* Upper bound on the threads of one call (threads= values above it are
 * lowered to it). */
#define CLEARN__MAX_THREADS 256

/* Number of online CPUs (sysconf), at least 1. Not affected by CPU affinity
 * masks or cgroup quotas. */
size_t clearn__cpu_count(void);

/* Turns a user's threads= value into a thread count in [1, 256]:
 * 0 gives clearn__cpu_count(), values above 256 give 256. A negative value
 * gives 0, which is never a valid count: the caller reports it, e.g.
 *   clearn__error(err, CLEARN_EINVAL, "threads=%ld: must be >= 0 "
 *                 "(0 = all CPUs)", threads); */
size_t clearn__resolve_threads(long threads);

/* A task: does piece `index` of the work described by ctx. Returns CLEARN_OK
 * or an error code, and then fills err (a private clearn_error per call; if
 * the task leaves it empty, the code's clearn_strerror text is used). Tasks
 * run concurrently: each must write only its own part of ctx. */
typedef int (*clearn__task_fn)(void *ctx, size_t index, clearn_error *err);

/* Called after each successful task with done = 1, 2, ..., total in order,
 * from whichever thread finished the task, one call at a time (under a
 * mutex: keep it short, and do not start another parallel_for from it). */
typedef void (*clearn__progress_fn)(void *pctx, size_t done, size_t total);

/* Runs task(ctx, i, ...) exactly once for every i in [0, n_tasks), on up to
 * `threads` threads including the calling one (threads = 0 or 1: all in the
 * calling thread, none created). Tasks are handed out in index order to
 * whichever thread is free. Returns CLEARN_OK when every task succeeded.
 * Otherwise no task is started once a failure is seen, running ones finish,
 * and the result is the code of the failing task with the lowest index among
 * those that ran, with its message copied into err. Never fails by itself:
 * if threads cannot be created it runs with fewer. Allocates nothing.
 * Every write a task makes is visible to the caller on return. */
int clearn__parallel_for(size_t n_tasks, size_t threads, clearn__task_fn task,
                         void *ctx, clearn_error *err);

/* The same, calling progress(pctx, done, n_tasks) as tasks succeed
 * (progress may be NULL). */
int clearn__parallel_for_progress(size_t n_tasks, size_t threads,
                                  clearn__task_fn task, void *ctx,
                                  clearn_error *err,
                                  clearn__progress_fn progress, void *pctx);

#endif
