/* Library speed: computations per second for one structured regimen, on one core. Prints
 * "COMPUTATIONS SECONDS". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <med.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    med_table *t;
    med_error e;
    med_input in = MED_INPUT_INIT;
    med_result r;
    if (med_table_load_embedded(NULL, &t, &e) != MED_OK ||
        med_regimen_parse("oxycodone 10 mg q6h", &in, &e) != MED_OK)
        return 1;
    struct timespec a, b;
    long ok = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++)
        ok += med_compute(t, &in, MED_METHOD_CLINICAL, &r) == MED_OK && r.mme_hundredths == 6000;
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%ld %.6f\n", ok, secs);
    med_table_free(t);
    return ok == n ? 0 : 1;
}
