/* Reading a whole file a user names: refuses what is not a regular file of sane size, with the reason. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"
#include "common/readfile.h"

static med_status open_regular(const char *path, int *fd, size_t *size, med_error *error)
{
    struct stat st;
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (*fd < 0)
        return med__fail(error, MED_ERR_IO, path, 0, 0, NULL, "cannot open the table file: %s",
                         strerror(errno));
    if (fstat(*fd, &st) != 0)
        return med__fail(error, MED_ERR_IO, path, 0, 0, NULL, "cannot read the table file: %s",
                         strerror(errno));
    if (S_ISDIR(st.st_mode))
        return med__fail(error, MED_ERR_IO, path, 0, 0, NULL,
                         "is a directory; expected a file (a table, rules or NDC list)");
    if (!S_ISREG(st.st_mode))
        return med__fail(error, MED_ERR_IO, path, 0, 0, NULL,
                         "is not a regular file (device, pipe or socket); expected a file "
                         "(a table, rules or NDC list)");
    if ((unsigned long long)st.st_size > MED_FILE_MAX_BYTES)
        return med__fail(error, MED_ERR_LIMIT, path, 0, 0, NULL,
                         "file is %lld bytes; a table may be at most %u bytes",
                         (long long)st.st_size, MED_FILE_MAX_BYTES);
    *size = (size_t)st.st_size;
    return MED_OK;
}

static med_status read_all(int fd, const char *path, char *buf, size_t size, med_error *error)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return med__fail(error, MED_ERR_IO, path, 0, 0, NULL, "read failed: %s",
                             strerror(errno));
        if (n == 0)
            return med__fail(error, MED_ERR_IO, path, 0, 0, NULL,
                             "file shrank while being read");
        done += (size_t)n;
    }
    return MED_OK;
}

med_status med__read_file(const char *path, char **data, size_t *size, med_error *error)
{
    int fd = -1;
    char *buf = NULL;
    *data = NULL;
    *size = 0;
    med_status s = open_regular(path, &fd, size, error);
    if (s == MED_OK && (buf = malloc(*size ? *size : 1)) == NULL)
        s = med__fail(error, MED_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    if (s == MED_OK)
        s = read_all(fd, path, buf, *size, error);
    if (fd >= 0)
        close(fd);
    if (s != MED_OK)
        free(buf);
    else
        *data = buf;
    return s;
}
