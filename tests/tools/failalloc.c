/* failalloc: an LD_PRELOAD shim that makes one allocation of a program fail, for the CLI's
 * out-of-memory test (tests/cli/nomem.sh). A test tool, never linked into medcalc.
 *
 * MEDCALC_FAIL_ALLOC=N (N >= 1): the Nth call of malloc, calloc or realloc returns NULL with
 * errno ENOMEM; every other call, before and after it, goes to the C library's allocator.
 * Calls are counted from the shim's constructor, which runs before main: what the dynamic loader
 * and the C library allocate while the program starts, before the shim is set up, is neither
 * counted nor failed. The count is atomic: with several threads, each call draws the next
 * number, so the Nth call is whichever thread's call comes Nth. realloc to size 0 (a free) is
 * not counted. Unset, 0 or not a number: nothing fails, and the calls are still counted.
 *
 * MEDCALC_ALLOC_LOG=FILE: at exit the shim writes "allocations C failed F\n" to FILE, C the
 * calls counted and F 1 when the Nth call came and was failed, 0 when the run made fewer than
 * N. A test sweeps N = 1, 2, ... until F is 0. A run that does not exit (a crash, a signal)
 * writes nothing.
 *
 * The allocations go on to glibc's __libc_malloc, __libc_calloc and __libc_realloc, which,
 * unlike dlsym(RTLD_NEXT, ...), need no allocation of their own to be found: the shim is for
 * glibc. free is not wrapped, as every pointer comes from that one allocator. A program whose
 * allocator is linked into it (a sanitizer build) does not call the shim at all. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *p, size_t size);

static atomic_int armed;         /* set by the constructor: calls are counted from then */
static unsigned long fail_at;    /* 0: none; written before `armed` and any thread */
static atomic_ulong calls;
static atomic_int failed;

__attribute__((constructor)) static void arm(void)
{
    const char *n = getenv("MEDCALC_FAIL_ALLOC");
    char *end;
    unsigned long at = n ? strtoul(n, &end, 10) : 0;
    fail_at = n && *n && *end == '\0' ? at : 0;
    atomic_store_explicit(&armed, 1, memory_order_release);
}

/* Counts a call; 1 when it is the one to fail (errno is then set). */
static int fail_this(void)
{
    if (!atomic_load_explicit(&armed, memory_order_acquire))
        return 0;
    unsigned long k = atomic_fetch_add(&calls, 1) + 1;
    if (k != fail_at)
        return 0;
    atomic_store(&failed, 1);
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t size)
{
    return fail_this() ? NULL : __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    return fail_this() ? NULL : __libc_calloc(count, size);
}

void *realloc(void *p, size_t size)
{
    if (size > 0 && fail_this())
        return NULL; /* p is left as it was, as a real failure leaves it */
    return __libc_realloc(p, size);
}

/* The log, written with plain system calls: the program's stdio may be gone by now. */
__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("MEDCALC_ALLOC_LOG");
    if (path == NULL || *path == '\0')
        return;
    char line[64];
    int len = snprintf(line, sizeof line, "allocations %lu failed %d\n", atomic_load(&calls),
                       atomic_load(&failed));
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    if (len > 0 && write(fd, line, (size_t)len) != len)
        (void)0; /* the test finds the log short and fails */
    close(fd);
}
