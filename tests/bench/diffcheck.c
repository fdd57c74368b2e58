/* A differential check of med_compute: writes every result member and every text of
 * med_compute_text for a large, deterministic set of inputs (drug names, forms, strengths,
 * units, schedules and supplies, small and near the limits), one line per input and method, under
 * every embedded table. Linked once with the library before a change and once after, the two
 * outputs must be identical (tests/bench/diffcheck.sh). Built with -DDIFFCHECK_PREPARED, the
 * results come from med_input_prepare and med_compute_prepared instead, which must give the
 * same output as med_compute. Usage: diffcheck [COUNT] */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <med.h>

static const char *const DRUGS[] = {
    "oxycodone", "OxyContin", "hydrocodone/apap", "HYDROCODONE-ACETAMINOPHEN", "morphine",
    "methadone", "fentanyl", "fentanyl patch", "buprenorphine", "tramadol", "tapentadol",
    "codeine", "Tylenol w/ codeine", "hydromorphone", "oxymorphone", "meperidine", "butorphanol",
    "levorphanol", "alprazolam", "gabapentin", "naloxone", "acetaminophen", "oxycodone/apap",
    "Percocet", "oxycodon", "", "morphine sulfate er", "ACETAMINOPHEN; CODEINE PHOSPHATE",
    "hydrocodone and ibuprofen", "pentazocine", "opium", "belladonna and opium", "sufentanil",
    "fentanyl buccal", "buprenorphine film", "oxycodone hcl/oxycodone terephthalate"};
static const char *const FORMS[] = {"", "", "", "tablet", "patch", "buccal", "film", "nasal spray",
                                    "oral solution", "capsule", "lozenge", "injection"};
static const char *const STRENGTHS[] = {"10", "5", "7.5", "0.25", "2.5", "12", "25", "100",
                                        "10/325", "325/10", "5/325/1", "1", "99999", "100000",
                                        "100001", "0", "1.", "abc", "", "0.000001", "37.5",
                                        "123456789012345678", "999999999.999999999"};
static const char *const UNITS[] = {"mg", "mg", "mcg", "mcg/hr", "MCG/H", "mg/mL", "mg/5 mL",
                                    "mg/15ml", "g", "", "mg/0.5ml", "mcg/ml"};
static const char *const NUMBERS[] = {"", "", "", "1", "2", "3", "4", "6", "8", "12", "0.5",
                                      "1.5", "7", "24", "72", "96", "97", "1000", "0", "2160",
                                      "0.3333", "90", "3660", "100000", "99999.99"};

/* Half the inputs are well formed (one basis, numbers in range), so most of them compute. */
static const char *const GOOD_DRUGS[] = {"oxycodone", "morphine", "methadone", "hydrocodone/apap",
                                         "tramadol", "hydromorphone", "codeine", "tapentadol",
                                         "fentanyl", "buprenorphine", "oxymorphone", "Percocet",
                                         "meperidine", "levorphanol", "oxycodone/apap"};
static const char *const GOOD_STRENGTHS[] = {"10", "5", "7.5", "15", "30", "2.5", "12", "25",
                                             "50", "75", "100", "10/325", "5/325", "0.5", "1.5",
                                             "60", "80", "40", "20", "33.3", "120", "1000"};
static const char *const GOOD_UNITS[] = {"mg", "mg", "mg", "mcg", "mcg/hr", "mg/mL",
                                         "mg/5 mL"};
static const char *const GOOD_NUMBERS[] = {"1", "2", "3", "4", "6", "8", "12", "0.5", "1.5",
                                           "7", "24", "72", "5", "10", "14", "30", "90", "120",
                                           "0.25", "1000", "96", "2160", "3660", "99999"};

static const char *pick(const char *const *list, size_t n, uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return list[(*state >> 33) % n];
}
#define PICK(list, s) pick(list, sizeof list / sizeof list[0], s)

static const char *shown(const char *s)
{
    return s ? s : "(null)";
}

static void one(const med_table *t, const med_input *in, med_method m)
{
    med_result r = MED_RESULT_INIT;
#ifdef DIFFCHECK_PREPARED
    med_prepared *p = NULL;
    med_status s = med_input_prepare(t, in, m, &p);
    if (s == MED_OK)
        s = med_compute_prepared(p, &r);
    med_prepared_free(p);
#else
    med_status s = med_compute(t, in, m, &r);
#endif
    printf("%d|%d|%d|%d|%s|%s|%s|%.17g|%" PRId64 "|%s|%.17g|%s|%s|%.17g|%" PRId64, (int)s,
           (int)r.status, (int)r.method, (int)r.error, shown(r.ingredient), shown(r.drug_class),
           shown(r.form), r.daily_dose, r.daily_dose_hundredths, shown(r.dose_unit), r.factor,
           shown(r.factor_text), shown(r.factor_per), r.mme_per_day, r.mme_hundredths);
    for (int w = MED_TEXT_MESSAGE; w <= MED_TEXT_FACTOR_APPLIED; w++) {
        char buf[1024];
        med_compute_text(t, in, m, (med_text)w, buf, sizeof buf);
        printf("|%s", buf);
    }
    putchar('\n');
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : 200000;
    static const char *const TABLES[] = {"cdc-2022", "cdc-2016", "cms-2018", "hedis-2025",
                                         "wa-amdg-2015"};
    for (size_t k = 0; k < sizeof TABLES / sizeof TABLES[0]; k++) {
        med_table *t;
        med_error e;
        if (med_table_load_embedded(TABLES[k], &t, &e) != MED_OK) {
            fprintf(stderr, "diffcheck: %s: %s\n", TABLES[k], e.message);
            return 1;
        }
        uint64_t state = 15;
        for (long i = 0; i < count; i++) {
            med_input in = MED_INPUT_INIT;
            if (i % 2 == 0) {
                in.drug = PICK(GOOD_DRUGS, &state);
                in.strength = PICK(GOOD_STRENGTHS, &state);
                in.unit = PICK(GOOD_UNITS, &state);
                if (i % 4 == 0) {
                    in.quantity = PICK(GOOD_NUMBERS, &state);
                    in.days_supply = PICK(GOOD_NUMBERS, &state);
                } else {
                    in.units_per_dose = i % 8 == 2 ? PICK(GOOD_NUMBERS, &state) : "";
                    in.every_hours = PICK(GOOD_NUMBERS, &state);
                }
                printf("%s %ld ", TABLES[k], i);
                one(t, &in, (med_method)(i % 3));
                continue;
            }
            in.drug = PICK(DRUGS, &state);
            in.form = PICK(FORMS, &state);
            in.strength = PICK(STRENGTHS, &state);
            in.unit = PICK(UNITS, &state);
            in.units_per_dose = PICK(NUMBERS, &state);
            in.doses_per_day = PICK(NUMBERS, &state);
            in.every_hours = PICK(NUMBERS, &state);
            in.quantity = PICK(NUMBERS, &state);
            in.days_supply = PICK(NUMBERS, &state);
            in.prn = (int)(state >> 40) & 1;
            printf("%s %ld ", TABLES[k], i);
            one(t, &in, (med_method)(i % 3));
        }
        med_table_free(t);
    }
    return 0;
}
