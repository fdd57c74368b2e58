/* Threads: one table, one set of rules and one NDC list shared by several threads at once, each
 * computing regimens, a batch, patients with a practice report, NDC lookups and product
 * descriptions, a comparison and an agreement check with objects of its own. Every thread must
 * compute exactly what one thread alone computes. `make tsan` runs this under ThreadSanitizer,
 * which reports any data race on what is shared. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

#define THREADS 4
#define ROUNDS 3

typedef struct shared {
    const med_table *tiered;  /* cdc-2016: methadone tiers by the patient's total */
    const med_table *claims;  /* cms-2018 */
    const med_rules *rules;
    const med_ndc_list *ndc;
} shared;

/* What a run computed, folded into one number (FNV-1a over every output field). */
static void mix(uint64_t *h, const char *s)
{
    for (; *s; s++)
        *h = (*h ^ (unsigned char)*s) * 1099511628211ull;
    *h = (*h ^ 0xff) * 1099511628211ull;
}

static void mix_result(uint64_t *h, const med_result *r)
{
    char n[64];
    snprintf(n, sizeof n, "%d %lld", (int)r->status, (long long)r->mme_hundredths);
    mix(h, n);
    mix(h, r->message);
    mix(h, r->arithmetic);
}

static int regimens(const shared *s, uint64_t *h)
{
    static const char *const orders[] = {
        "oxycodone 10 mg q6h", "hydrocodone/apap 5/325 2 tabs q4-6h prn",
        "fentanyl 25 mcg/hr patch q72h", "methadone 10 mg tid", "methadone 30 mg tid",
        "tramadol 50 mg 4 times daily", "morphine oral solution 10 mg/5 mL 5 mL q4h",
        "buprenorphine 10 mcg/hr patch weekly", "alprazolam 1 mg tid", "oxycodon 5 mg bid"};
    med_input in[10];
    med_result r[10];
    med_total total;
    med_error e;
    for (size_t i = 0; i < 10; i++) {
        in[i] = (med_input)MED_INPUT_INIT;
        if (med_regimen_parse(orders[i], &in[i], &e) != MED_OK)
            return -1;
        for (int m = MED_METHOD_AUTO; m <= MED_METHOD_SUPPLY; m++) {
            if (med_compute(s->claims, &in[i], (med_method)m, &r[i]) != MED_OK)
                return -1;
            mix_result(h, &r[i]);
        }
    }
    if (med_compute_set(s->tiered, in, 10, MED_METHOD_AUTO, r, &total) != MED_OK)
        return -1;
    for (size_t i = 0; i < 10; i++)
        mix_result(h, &r[i]);
    mix(h, total.mme_text);
    med_drug_info d;
    med_status st = med_lookup_drug(s->tiered, "oxycodon", &d, &e);
    mix(h, st == MED_OK ? d.ingredient : e.message);
    return 0;
}

static int batch(const shared *s, uint64_t *h)
{
    static const char *const header[] = {"id", "drug", "strength", "unit", "quantity",
                                         "days_supply", "product"};
    static const char *const drugs[] = {"oxycodone", "morphine", "methadone", "fentanyl",
                                        "hydrocodone/apap", "bogus", "alprazolam", ""};
    med_batch *b;
    med_error e;
    if (med_batch_new(s->claims, header, 7, MED_METHOD_AUTO, &b, &e) != MED_OK)
        return -1;
    for (int i = 0; i < 64; i++) {
        char id[16], strength[16], quantity[16], days[16];
        const char *drug = drugs[i % 8];
        snprintf(id, sizeof id, "%d", i);
        snprintf(strength, sizeof strength, "%s", i % 8 == 3 ? "25" : i % 8 == 4 ? "10/325" : "10");
        snprintf(quantity, sizeof quantity, "%d", 10 + i);
        snprintf(days, sizeof days, "%d", 1 + i % 30);
        const char *row[7] = {id, drug, strength, i % 8 == 3 ? "mcg/hr" : "mg", quantity, days,
                              i % 8 == 7 ? "OXYCODONE HCL 5 MG TABLET" : ""};
        med_result r;
        if (med_batch_row(b, row, 7, i + 2, &r) != MED_OK) {
            med_batch_free(b);
            return -1;
        }
        mix_result(h, &r);
    }
    med_batch_free(b);
    return 0;
}

static int patients(const shared *s, uint64_t *h)
{
    static const char *const dates[] = {"2025-01-01", "2025-01-20", "2025-02-10", "2025-03-01"};
    static const char *const drugs[] = {"oxycodone", "methadone", "alprazolam", "fentanyl"};
    med_patient *p = NULL;
    med_practice *pr = NULL;
    med_patient_options po = MED_PATIENT_OPTIONS_INIT;
    med_error e;
    int rc = 0;
    if (med_patient_new(s->tiered, s->rules, &po, &p, &e) != MED_OK ||
        med_practice_new(s->rules, &pr, &e) != MED_OK)
        rc = -1;
    for (int patient = 0; rc == 0 && patient < 6; patient++) {
        char id[16], prescriber[16];
        snprintf(id, sizeof id, "P%d", patient);
        med_patient_reset(p, id);
        for (int k = 0; k < 8; k++) {
            med_input in = MED_INPUT_INIT;
            med_result r;
            int d = (patient + k) % 4;
            snprintf(in.drug, sizeof in.drug, "%s", drugs[d]);
            snprintf(in.strength, sizeof in.strength, "%s", d == 3 ? "25" : "10");
            snprintf(in.unit, sizeof in.unit, "%s", d == 3 ? "mcg/hr" : "mg");
            snprintf(in.quantity, sizeof in.quantity, "%d", d == 3 ? 10 : 30 + 10 * k);
            snprintf(in.days_supply, sizeof in.days_supply, "30");
            snprintf(prescriber, sizeof prescriber, "D%d", (patient * k) % 5);
            if (med_compute(s->tiered, &in, MED_METHOD_SUPPLY, &r) != MED_OK) {
                rc = -1;
                break;
            }
            (void)med_patient_add(p, &r, dates[k % 4], "30", prescriber, "R1", NULL);
        }
        med_patient_summary sum;
        if (rc != 0 || med_patient_summarize(p, &sum) != MED_OK ||
            med_practice_add(pr, p, &sum) != MED_OK) {
            rc = -1;
            break;
        }
        mix(h, sum.peak_mme);
        mix(h, sum.average_mme);
        mix(h, sum.risk_tier);
        for (size_t f = 0; f < sum.flag_count; f++)
            mix(h, sum.flags[f]);
        for (size_t i = 0; i < med_patient_day_count(p); i++) {
            med_patient_day day;
            if (med_patient_get_day(p, i, &day) == MED_OK)
                mix(h, day.mme);
        }
    }
    if (rc == 0 && med_practice_finish(pr) != MED_OK)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < med_practice_group_count(pr); i++) {
        med_practice_group g;
        if (med_practice_get_group(pr, i, &g) != MED_OK)
            rc = -1;
        else {
            mix(h, g.name);
            mix(h, g.median_peak);
            mix(h, g.p90_peak);
        }
    }
    med_practice_free(pr);
    med_patient_free(p);
    return rc;
}

static int codes(const shared *s, uint64_t *h)
{
    static const char *const ndcs[] = {"00406-0552-62", "0406-0552-62", "99999-9999-99", "12"};
    static const char *const products[] = {
        "HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG TABLET", "FENTANYL 25 MCG/HR PATCH 72HR",
        "MORPHINE SULFATE 10 MG/5 ML SOLN", "OXYCODONE HCL TABLET"};
    med_error e;
    for (size_t i = 0; i < 4; i++) {
        med_ndc_product p;
        med_input in = MED_INPUT_INIT;
        mix(h, med_ndc_lookup(&s->ndc, 1, ndcs[i], &p, &e) == MED_OK ? p.ingredient : e.message);
        mix(h, med_product_resolve(s->claims, products[i], &in, &e) == MED_OK ? in.strength
                                                                               : e.message);
    }
    return 0;
}

static int side_by_side(const shared *s, uint64_t *h)
{
    const med_table *both[2] = {s->tiered, s->claims};
    med_compare_row rows[4];
    med_comparison cmp;
    med_input in = MED_INPUT_INIT;
    med_error e;
    med_agree *a;
    static const char *const header[] = {"regimen", "reported_mme"};
    static const char *const row[] = {"methadone 10 mg tid", "240"};
    med_agreement g;
    if (med_regimen_parse("methadone 10 mg tid", &in, &e) != MED_OK ||
        med_compare(both, 2, &in, MED_METHOD_AUTO, NULL, rows, 4, &cmp) != MED_OK)
        return -1;
    mix(h, cmp.max_text);
    if (med_agree_new(s->claims, MED_METHOD_AUTO, NULL, &a, &e) != MED_OK)
        return -1;
    int rc = med_agree_header(a, header, 2, &e) == MED_OK &&
                     med_agree_row(a, row, 2, 2, &g) == MED_OK
                 ? 0
                 : -1;
    if (rc == 0)
        mix(h, g.explanation);
    med_agree_free(a);
    return rc;
}

static uint64_t compute_all(const shared *s)
{
    uint64_t h = 1469598103934665603ull;
    if (regimens(s, &h) != 0 || batch(s, &h) != 0 || patients(s, &h) != 0 || codes(s, &h) != 0 ||
        side_by_side(s, &h) != 0)
        return 0;
    return h;
}

typedef struct worker {
    const shared *s;
    uint64_t want;
    int mismatches;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (int r = 0; r < ROUNDS; r++)
        if (compute_all(w->s) != w->want)
            w->mismatches++;
    return NULL;
}

static void test_shared_table_rules_and_list(void **state)
{
    med_table *tiered, *claims;
    med_rules *rules;
    med_ndc_list *ndc;
    med_error e;
    (void)state;
    assert_int_equal(med_table_load_embedded("cdc-2016", &tiered, &e), MED_OK);
    assert_int_equal(med_table_load_embedded("cms-2018", &claims, &e), MED_OK);
    assert_int_equal(med_rules_load(NULL, &rules, &e), MED_OK);
    assert_int_equal(med_ndc_list_load_embedded(NULL, &ndc, &e), MED_OK);
    shared s = {tiered, claims, rules, ndc};
    uint64_t want = compute_all(&s);
    assert_true(want != 0);
    pthread_t th[THREADS];
    worker w[THREADS];
    for (int k = 0; k < THREADS; k++) {
        w[k] = (worker){&s, want, 0};
        assert_int_equal(pthread_create(&th[k], NULL, work, &w[k]), 0);
    }
    for (int k = 0; k < THREADS; k++) {
        assert_int_equal(pthread_join(th[k], NULL), 0);
        assert_int_equal(w[k].mismatches, 0);
    }
    med_ndc_list_free(ndc);
    med_rules_free(rules);
    med_table_free(claims);
    med_table_free(tiered);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_table_rules_and_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
