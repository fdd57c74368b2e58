/* Runs a command and prints its wall time in seconds and peak resident memory in KiB:
 * "SECONDS KIB STATUS". Used by `make bench`; stdout/stderr of the command are redirected by
 * the caller (runstat -o OUT -i IN -- cmd args...). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
        if (i + 1 >= argc)
            return 2;
        if (strcmp(argv[i], "-i") == 0)
            in = argv[i + 1];
        else if (strcmp(argv[i], "-o") == 0)
            out = argv[i + 1];
    }
    if (i + 1 >= argc)
        return 2;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0) {
        if (in && dup2(open(in, O_RDONLY), 0) < 0)
            _exit(126);
        if (out && dup2(open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), 1) < 0)
            _exit(126);
        execvp(argv[i + 1], argv + i + 1);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    /* One child only, so the children's peak RSS is this command's. */
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || getrusage(RUSAGE_CHILDREN, &ru) != 0)
        return 3;
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%.6f %ld %d\n", secs, ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
    return 0;
}
