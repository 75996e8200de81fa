/* LD_PRELOAD shim for the end-to-end tests: a file system without O_TMPFILE
 * (FAT, some network file systems), so that jmap's named temporaries are
 * exercised on any machine. Every open with O_TMPFILE fails with EOPNOTSUPP. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>

#define SHIM(name, ...)                                                               \
    static int (*next)(__VA_ARGS__);                                                  \
    if ((flags & O_TMPFILE) == O_TMPFILE) {                                           \
        errno = EOPNOTSUPP;                                                           \
        return -1;                                                                    \
    }                                                                                 \
    if (!next) *(void **)&next = dlsym(RTLD_NEXT, name);                            \
    mode_t mode = 0;                                                                  \
    if (flags & (O_CREAT | O_TMPFILE)) {                                              \
        va_list ap;                                                                   \
        va_start(ap, flags);                                                          \
        mode = va_arg(ap, mode_t);                                                    \
        va_end(ap);                                                                   \
    }

int open(const char *path, int flags, ...)
{
    SHIM("open", const char *, int, ...)
    return next(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    SHIM("open64", const char *, int, ...)
    return next(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    SHIM("openat", int, const char *, int, ...)
    return next(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    SHIM("openat64", int, const char *, int, ...)
    return next(dirfd, path, flags, mode);
}
