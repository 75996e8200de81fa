/* LD_PRELOAD shim for the end-to-end tests of `jmap watch`: a file system
 * that fails on cue, as a full disk or a hung network mount does. Each fault
 * is on while a flag file exists, so a test turns it on and off with a
 * touch and an unlink while jmap runs:
 *
 *   JMAP_FAULT_ENOSPC=FLAG  every write to a regular file fails with ENOSPC
 *   JMAP_FAULT_HANG=FLAG    every write to a regular file blocks forever
 *                           (after saying so on standard error:
 *                           "fault_fs: write hangs")
 *
 * Pipes, terminals and sockets (standard error, the server's connections)
 * are never touched. Root is not stopped by permissions and a tmpfs cannot
 * be mounted in every CI container; a shim works everywhere. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static int on(const char *var)
{
    const char *flag = getenv(var);
    return flag && *flag && access(flag, F_OK) == 0;
}

/* 0: go on; -1: fail with errno set. Never returns while the hang is on. */
static int fault(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    if (on("JMAP_FAULT_HANG")) {
        static const char msg[] = "fault_fs: write hangs\n";
        syscall(SYS_write, 2, msg, sizeof msg - 1);
        for (;;) pause();
    }
    if (on("JMAP_FAULT_ENOSPC")) {
        errno = ENOSPC;
        return -1;
    }
    return 0;
}

#define NEXT(name, ret, args)                   \
    static ret(*next) args;                     \
    if (!next) *(void **)&next = dlsym(RTLD_NEXT, name)

ssize_t write(int fd, const void *buf, size_t n)
{
    NEXT("write", ssize_t, (int, const void *, size_t));
    if (fault(fd)) return -1;
    return next(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    NEXT("pwrite", ssize_t, (int, const void *, size_t, off_t));
    if (fault(fd)) return -1;
    return next(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    NEXT("pwrite64", ssize_t, (int, const void *, size_t, off_t));
    if (fault(fd)) return -1;
    return next(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
    NEXT("writev", ssize_t, (int, const struct iovec *, int));
    if (fault(fd)) return -1;
    return next(fd, iov, n);
}
