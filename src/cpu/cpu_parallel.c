/* cpu_parallel.c - the worker pool (see cpu_parallel.h). */
#include "cpu_parallel.h"
#include "../util/alloc.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_WORKERS 63

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;           /* workers: a new job (generation changed) */
    pthread_cond_t done;           /* caller: the last worker left the job */
    int n_workers;                 /* threads besides the caller; -1: not started */
    uint64_t generation;
    int busy;                      /* workers still inside the current job */
    /* the current job */
    CpuRangeFn fn;
    void *ctx;
    int64_t n, grain;
    atomic_int_fast64_t next;      /* first item not yet handed out */
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER,
            .done = PTHREAD_COND_INITIALIZER, .n_workers = -1 };

static _Thread_local bool in_job;

static void run_chunks(void) {
    for (;;) {
        int64_t lo = atomic_fetch_add(&pool.next, pool.grain);
        if (lo >= pool.n) return;
        int64_t hi = lo + pool.grain < pool.n ? lo + pool.grain : pool.n;
        pool.fn(pool.ctx, lo, hi);
    }
}

static void *worker(void *arg) {
    (void)arg;
    in_job = true;                 /* nested calls from fn run serially */
    uint64_t seen = 0;
    pthread_mutex_lock(&pool.lock);
    for (;;) {
        while (pool.generation == seen) pthread_cond_wait(&pool.wake, &pool.lock);
        seen = pool.generation;
        pthread_mutex_unlock(&pool.lock);
        run_chunks();
        pthread_mutex_lock(&pool.lock);
        if (--pool.busy == 0) pthread_cond_signal(&pool.done);
    }
    return NULL;
}

static int wanted_threads(void) {
    const char *env = getenv("OMP_NUM_THREADS");
    long n = env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    return n > MAX_WORKERS + 1 ? MAX_WORKERS + 1 : (int)n;
}

/* A forked child (Check runs each test in one) has none of the workers:
 * it starts its own pool on its first large job. */
static void forget_pool_in_child(void) {
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.wake, NULL);
    pthread_cond_init(&pool.done, NULL);
    pool.n_workers = -1;
    pool.busy = 0;
    in_job = false;
}

static void start_pool(void) {
    static bool atfork_set;
    if (!atfork_set) atfork_set = pthread_atfork(NULL, NULL, forget_pool_in_child) == 0;
    pool.n_workers = 0;
    int want = wanted_threads() - 1;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < want; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, worker, NULL) != 0) break;
        pool.n_workers++;
    }
    pthread_attr_destroy(&attr);
}

void cpu_parallel_for(int64_t n, int64_t grain, CpuRangeFn fn, void *ctx) {
    if (n <= 0) return;
    if (grain < 1) grain = 1;
    if (pool.n_workers < 0 && !in_job) start_pool();
    if (in_job || pool.n_workers == 0 || n <= grain) {
        fn(ctx, 0, n);
        return;
    }
    pthread_mutex_lock(&pool.lock);
    pool.fn = fn;
    pool.ctx = ctx;
    pool.n = n;
    pool.grain = grain;
    atomic_store(&pool.next, 0);
    pool.busy = pool.n_workers;
    pool.generation++;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    in_job = true;
    run_chunks();
    in_job = false;

    pthread_mutex_lock(&pool.lock);
    while (pool.busy > 0) pthread_cond_wait(&pool.done, &pool.lock);
    pthread_mutex_unlock(&pool.lock);
}
