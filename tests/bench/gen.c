/* Deterministic synthetic pharmacy claims for `make bench`: grouped by patient and ordered by
 * fill date within a patient, as warehouse extracts are; about 12% benzodiazepine fills; a mix of
 * tablets, patches and methadone. usage: gen ROWS [SEED] > claims.csv */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct opioid {
    const char *drug, *form, *unit;
    const char *strengths[5];
    int nstrengths;
    int per_day[5]; /* tablets a day to choose from; none for a patch */
    int nper_day;
} opioid;

static const opioid OPIOIDS[] = {
    {"oxycodone", "tablet", "mg", {"5", "10", "15", "20", "30"}, 5, {2, 3, 4, 6}, 4},
    {"hydrocodone/acetaminophen", "tablet", "mg", {"5", "7.5", "10"}, 3, {2, 3, 4, 6, 8}, 5},
    {"morphine", "tablet", "mg", {"15", "30", "60"}, 3, {2, 3}, 2},
    {"tramadol", "tablet", "mg", {"50", "100"}, 2, {2, 3, 4}, 3},
    {"hydromorphone", "tablet", "mg", {"2", "4", "8"}, 3, {3, 4, 6}, 3},
    {"methadone", "tablet", "mg", {"5", "10"}, 2, {1, 2, 3}, 3},
    {"fentanyl", "patch", "mcg/hr", {"12", "25", "50", "75", "100"}, 5, {0}, 0},
    {"codeine/acetaminophen", "tablet", "mg", {"30", "60"}, 2, {3, 4, 6}, 3},
    {"tapentadol", "tablet", "mg", {"50", "75", "100"}, 3, {2, 4}, 2},
    {"oxymorphone", "tablet", "mg", {"5", "10"}, 2, {2, 4}, 2},
};
static const struct { const char *drug, *strengths[3]; } BENZOS[] = {
    {"alprazolam", {"0.25", "0.5", "1"}}, {"clonazepam", {"0.5", "1", "2"}},
    {"lorazepam", {"0.5", "1", "2"}},     {"diazepam", {"2", "5", "10"}},
};

static uint64_t state = 42;

/* xorshift64*: small, fast and the same on every machine. */
static uint64_t next(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ull;
}

static int pick(int n)
{
    return (int)(next() % (uint64_t)n);
}

static void date(long day, char buf[11])
{
    /* days from 2025-01-01 (no leap years are crossed in the generated range before 2028) */
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 2025, m = 0;
    for (;;) {
        int leap = (y % 4 == 0) && m == 1;
        if (day < mdays[m] + leap)
            break;
        day -= mdays[m] + leap;
        if (++m == 12) {
            m = 0;
            y++;
        }
    }
    snprintf(buf, 11, "%04d-%02d-%02ld", y, m + 1, day + 1);
}

int main(int argc, char **argv)
{
    long rows = argc > 1 ? atol(argv[1]) : 1000000, n = 0, pid = 0;
    if (argc > 2)
        state = (uint64_t)atoll(argv[2]) * 2654435761u + 1;
    static char buf[1 << 16];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    puts("patient_id,prescriber_id,pharmacy_id,fill_date,drug,form,strength,unit,quantity,"
         "days_supply");
    while (n < rows) {
        pid++;
        long fills = 1 + pick(14), day = pick(200);
        int prescribers[5], pharmacies[4];
        int np = (int[]){1, 1, 1, 2, 3, 5}[pick(6)], nr = (int[]){1, 1, 2, 4}[pick(4)];
        for (int i = 0; i < np; i++)
            prescribers[i] = 1 + pick(4000);
        for (int i = 0; i < nr; i++)
            pharmacies[i] = 1 + pick(900);
        const opioid *o = &OPIOIDS[pick(10)];
        for (long f = 0; f < fills && n < rows; f++, n++) {
            char d[11];
            int days, qty;
            const char *drug, *form = "tablet", *strength, *unit = "mg";
            date(day, d);
            if (pick(100) < 12) {
                int b = pick(4);
                drug = BENZOS[b].drug;
                strength = BENZOS[b].strengths[pick(3)];
                days = (int[]){30, 30, 15}[pick(3)];
                qty = days * (1 + pick(3));
            } else {
                if (pick(100) < 15)
                    o = &OPIOIDS[pick(10)];
                drug = o->drug;
                form = o->form;
                unit = o->unit;
                strength = o->strengths[pick(o->nstrengths)];
                days = (int[]){7, 14, 28, 30, 30, 30}[pick(6)];
                qty = o->nper_day ? days * o->per_day[pick(o->nper_day)] : (days + 2) / 3;
            }
            printf("P%08ld,D%05d,R%04d,%s,%s,%s,%s,%s,%d,%d\n", pid, prescribers[pick(np)],
                   pharmacies[pick(nr)], d, drug, form, strength, unit, qty, days);
            day += days - (int[]){0, 0, 0, 2, 5}[pick(5)];
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
