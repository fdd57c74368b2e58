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
    med_regimen *regimen = NULL;
    med_error e;
    med_result r = MED_RESULT_INIT;
    if (med_table_load_embedded(NULL, &t, &e) != MED_OK)
        return 1;
    if (med_regimen_new(&regimen) != MED_OK ||
        med_regimen_parse(regimen, "oxycodone 10 mg q6h", &e) != MED_OK) {
        med_regimen_free(regimen);
        med_table_free(t);
        return 1;
    }
    const med_input *in = med_regimen_input(regimen);
    struct timespec a, b;
    long ok = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++)
        ok += med_compute(t, in, MED_METHOD_CLINICAL, &r) == MED_OK && r.mme_hundredths == 6000;
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%ld %.6f\n", ok, secs);
    med_regimen_free(regimen);
    med_table_free(t);
    return ok == n ? 0 : 1;
}
