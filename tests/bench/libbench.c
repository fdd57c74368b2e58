/* Library speed: computations per second for one structured regimen, on one core. Prints
 * "COMPUTATIONS SECONDS" for med_compute (the input's texts read on every call), then the same
 * for med_compute_prepared (read once by med_input_prepare, outside the timed loop). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <med.h>

static double seconds(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

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
    med_prepared *prepared = NULL;
    struct timespec a, b;
    long ok = 0, ok_prepared = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++)
        ok += med_compute(t, in, MED_METHOD_CLINICAL, &r) == MED_OK && r.mme_hundredths == 6000;
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%ld %.6f\n", ok, seconds(a, b));
    if (med_input_prepare(t, in, MED_METHOD_CLINICAL, &prepared) == MED_OK) {
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (long i = 0; i < n; i++)
            ok_prepared += med_compute_prepared(prepared, &r) == MED_OK &&
                           r.mme_hundredths == 6000;
        clock_gettime(CLOCK_MONOTONIC, &b);
        printf("%ld %.6f\n", ok_prepared, seconds(a, b));
    }
    med_prepared_free(prepared);
    med_regimen_free(regimen);
    med_table_free(t);
    return ok == n && ok_prepared == n ? 0 : 1;
}
