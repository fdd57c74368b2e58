/* Threads: one table, one set of rules, one NDC list, one prepared input and one computed set
 * shared by several threads at once, each computing regimens, a batch, patients with a practice
 * report, NDC lookups and product descriptions, a comparison and an agreement check with
 * objects of its own. Every thread must compute exactly what one thread alone computes.
 * `make tsan` runs this under ThreadSanitizer, which reports any data race on what is shared. */
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
    const med_prepared *prepared; /* one prepared input every thread computes */
    const med_computed_set *set;  /* one computed set every thread reads */
} shared;

/* What a run computed, folded into one number (FNV-1a over every output field). */
static void mix(uint64_t *h, const char *s)
{
    for (; *s; s++)
        *h = (*h ^ (unsigned char)*s) * 1099511628211ull;
    *h = (*h ^ 0xff) * 1099511628211ull;
}

static void mix_number(uint64_t *h, int64_t hundredths)
{
    char n[32];
    med_hundredths_format(hundredths, n, sizeof n);
    mix(h, n);
}

/* A result with the texts that explain it (med_compute_text, med_batch_text, ...). */
static void mix_result(uint64_t *h, const med_result *r, const char *message,
                       const char *arithmetic)
{
    char n[64];
    snprintf(n, sizeof n, "%d %lld", (int)r->status, (long long)r->mme_hundredths);
    mix(h, n);
    mix(h, message);
    mix(h, arithmetic);
}

static void mix_computed(uint64_t *h, const med_table *t, const med_input *in, med_method m,
                         const med_result *r)
{
    char message[512], arithmetic[256];
    med_compute_text(t, in, m, MED_TEXT_MESSAGE, message, sizeof message);
    med_compute_text(t, in, m, MED_TEXT_ARITHMETIC, arithmetic, sizeof arithmetic);
    mix_result(h, r, message, arithmetic);
}

static int regimens(const shared *s, uint64_t *h)
{
    static const char *const orders[] = {
        "oxycodone 10 mg q6h", "hydrocodone/apap 5/325 2 tabs q4-6h prn",
        "fentanyl 25 mcg/hr patch q72h", "methadone 10 mg tid", "methadone 30 mg tid",
        "tramadol 50 mg 4 times daily", "morphine oral solution 10 mg/5 mL 5 mL q4h",
        "buprenorphine 10 mcg/hr patch weekly", "alprazolam 1 mg tid", "oxycodon 5 mg bid"};
    med_regimen *reg[10] = {NULL};
    med_input in[10];
    med_result r[10];
    med_total total = MED_TOTAL_INIT;
    med_error e;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < 10; i++) {
        /* each input borrows its regimen's texts: one parser per order */
        if (med_regimen_new(&reg[i]) != MED_OK ||
            med_regimen_parse(reg[i], orders[i], &e) != MED_OK) {
            rc = -1;
            break;
        }
        in[i] = *med_regimen_input(reg[i]);
        for (int m = MED_METHOD_AUTO; m <= MED_METHOD_SUPPLY; m++) {
            r[i] = (med_result)MED_RESULT_INIT;
            if (med_compute(s->claims, &in[i], (med_method)m, &r[i]) != MED_OK) {
                rc = -1;
                break;
            }
            mix_computed(h, s->claims, &in[i], (med_method)m, &r[i]);
            /* a thread's own prepared input computes what med_compute computed */
            med_prepared *p = NULL;
            med_result pr = MED_RESULT_INIT;
            if (med_input_prepare(s->claims, &in[i], (med_method)m, &p) != MED_OK ||
                med_compute_prepared(p, &pr) != MED_OK || pr.status != r[i].status ||
                pr.mme_hundredths != r[i].mme_hundredths)
                rc = -1;
            med_prepared_free(p);
        }
    }
    for (size_t i = 0; i < 10; i++)
        r[i] = (med_result)MED_RESULT_INIT;
    if (rc == 0 && med_compute_set(s->tiered, in, 10, MED_METHOD_AUTO, r, &total) != MED_OK)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < 10; i++) {
        char message[512], arithmetic[256];
        med_compute_set_text(s->tiered, in, 10, MED_METHOD_AUTO, i, MED_TEXT_MESSAGE, message,
                             sizeof message);
        med_compute_set_text(s->tiered, in, 10, MED_METHOD_AUTO, i, MED_TEXT_ARITHMETIC,
                             arithmetic, sizeof arithmetic);
        mix_result(h, &r[i], message, arithmetic);
    }
    for (size_t i = 0; i < 10; i++)
        med_regimen_free(reg[i]);
    if (rc != 0)
        return rc;
    mix_number(h, total.mme_hundredths);
    for (size_t f = 0; f < total.flag_count; f++) {
        const med_threshold *flag = med_total_flag(s->tiered, &total, f);
        if (flag == NULL)
            return -1;
        mix(h, flag->level);
    }
    med_drug_info d = MED_DRUG_INFO_INIT;
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
        med_result r = MED_RESULT_INIT;
        if (med_batch_row(b, row, 7, i + 2, &r) != MED_OK) {
            med_batch_free(b);
            return -1;
        }
        mix_result(h, &r, med_batch_text(b, MED_TEXT_MESSAGE),
                   med_batch_text(b, MED_TEXT_ARITHMETIC));
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
            med_result r = MED_RESULT_INIT;
            char quantity[16];
            int d = (patient + k) % 4;
            snprintf(quantity, sizeof quantity, "%d", d == 3 ? 10 : 30 + 10 * k);
            in.drug = drugs[d];
            in.strength = d == 3 ? "25" : "10";
            in.unit = d == 3 ? "mcg/hr" : "mg";
            in.quantity = quantity;
            in.days_supply = "30";
            snprintf(prescriber, sizeof prescriber, "D%d", (patient * k) % 5);
            if (med_compute(s->tiered, &in, MED_METHOD_SUPPLY, &r) != MED_OK) {
                rc = -1;
                break;
            }
            (void)med_patient_add(p, &r, dates[k % 4], "30", prescriber, "R1", NULL);
        }
        med_patient_summary sum = MED_PATIENT_SUMMARY_INIT;
        if (rc != 0 || med_patient_summarize(p, &sum) != MED_OK ||
            med_practice_add(pr, p) != MED_OK) {
            rc = -1;
            break;
        }
        mix_number(h, sum.peak_hundredths);
        mix_number(h, sum.average_hundredths);
        mix(h, sum.risk_tier);
        for (size_t f = 0; f < sum.flag_count; f++) {
            const char *flag = med_patient_flag(p, f);
            mix(h, flag ? flag : "(no flag)");
        }
        for (size_t i = 0; i < med_patient_day_count(p); i++) {
            med_patient_day day = MED_PATIENT_DAY_INIT;
            if (med_patient_get_day(p, i, &day) == MED_OK)
                mix_number(h, day.mme_hundredths);
        }
    }
    if (rc == 0 && med_practice_finish(pr) != MED_OK)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < med_practice_group_count(pr); i++) {
        const med_practice_group *g = med_practice_get_group(pr, i);
        if (g == NULL)
            rc = -1;
        else {
            mix(h, g->name);
            mix_number(h, g->median_peak_hundredths);
            mix_number(h, g->p90_peak_hundredths);
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
    med_regimen *reg = NULL;
    if (med_regimen_new(&reg) != MED_OK)
        return -1;
    for (size_t i = 0; i < 4; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT;
        mix(h, med_ndc_lookup(&s->ndc, 1, ndcs[i], &p, &e) == MED_OK ? p.ingredient : e.message);
        mix(h, med_product_resolve(s->claims, products[i], reg, &e) == MED_OK
                   ? med_regimen_input(reg)->strength
                   : e.message);
    }
    med_regimen_free(reg);
    return 0;
}

static int side_by_side(const shared *s, uint64_t *h)
{
    const med_table *both[2] = {s->tiered, s->claims};
    med_comparison *cmp = NULL;
    med_regimen *reg = NULL;
    med_error e;
    med_agree *a;
    static const char *const header[] = {"regimen", "reported_mme"};
    static const char *const row[] = {"methadone 10 mg tid", "240"};
    const med_agreement *g = NULL;
    if (med_regimen_new(&reg) != MED_OK)
        return -1;
    if (med_regimen_parse(reg, "methadone 10 mg tid", &e) != MED_OK ||
        med_compare(both, 2, med_regimen_input(reg), MED_METHOD_AUTO, NULL, &cmp) != MED_OK) {
        med_regimen_free(reg);
        return -1;
    }
    med_regimen_free(reg);
    const med_comparison_summary *sum = med_comparison_get_summary(cmp);
    if (sum == NULL || sum->rows != 4) {
        med_comparison_free(cmp);
        return -1;
    }
    mix_number(h, sum->max_hundredths);
    med_comparison_free(cmp);
    if (med_agree_new(s->claims, MED_METHOD_AUTO, NULL, &a, &e) != MED_OK)
        return -1;
    int rc = med_agree_header(a, header, 2, &e) == MED_OK &&
                     med_agree_row(a, row, 2, 2, &g) == MED_OK && g != NULL
                 ? 0
                 : -1;
    if (rc == 0)
        mix(h, g->explanation);
    med_agree_free(a);
    return rc;
}

/* The prepared input all threads share, computed again and again. */
static int prepared(const shared *s, uint64_t *h)
{
    for (int i = 0; i < 16; i++) {
        med_result r = MED_RESULT_INIT;
        if (med_compute_prepared(s->prepared, &r) != MED_OK)
            return -1;
        mix_result(h, &r, r.ingredient ? r.ingredient : "", r.factor_text ? r.factor_text : "");
    }
    return 0;
}

/* The computed set all threads share: every result, text and the total read from it. */
static int computed_set(const shared *s, uint64_t *h)
{
    for (size_t i = 0; i < med_computed_set_count(s->set); i++) {
        med_result r = MED_RESULT_INIT;
        char message[512], arithmetic[256];
        if (med_computed_set_result(s->set, i, &r) != MED_OK ||
            med_computed_set_text(s->set, i, MED_TEXT_MESSAGE, message, sizeof message,
                                  NULL) != MED_OK ||
            med_computed_set_text(s->set, i, MED_TEXT_ARITHMETIC, arithmetic, sizeof arithmetic,
                                  NULL) != MED_OK)
            return -1;
        mix_result(h, &r, message, arithmetic);
    }
    med_total total = MED_TOTAL_INIT;
    if (med_computed_set_total(s->set, &total) != MED_OK)
        return -1;
    mix_number(h, total.mme_hundredths);
    return 0;
}

static uint64_t compute_all(const shared *s)
{
    uint64_t h = 1469598103934665603ull;
    if (regimens(s, &h) != 0 || prepared(s, &h) != 0 || computed_set(s, &h) != 0 ||
        batch(s, &h) != 0 || patients(s, &h) != 0 || codes(s, &h) != 0 ||
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
    med_prepared *p;
    med_input oxy = MED_INPUT_INIT;
    oxy.drug = "oxycodone";
    oxy.strength = "10";
    oxy.unit = "mg";
    oxy.every_hours = "6";
    assert_int_equal(med_input_prepare(claims, &oxy, MED_METHOD_CLINICAL, &p), MED_OK);
    med_input set_in[3] = {MED_INPUT_INIT, MED_INPUT_INIT, oxy};
    set_in[0].drug = set_in[1].drug = "methadone"; /* cdc-2016: tiered by their total */
    set_in[0].strength = "10";
    set_in[1].strength = "5";
    set_in[0].unit = set_in[1].unit = "mg";
    set_in[0].doses_per_day = set_in[1].doses_per_day = "2";
    med_computed_set *set;
    assert_int_equal(med_computed_set_new(tiered, set_in, 3, MED_METHOD_AUTO, &set), MED_OK);
    shared s = {tiered, claims, rules, ndc, p, set};
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
    med_computed_set_free(set);
    med_prepared_free(p);
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
