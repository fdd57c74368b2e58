/* Conformance vectors (vectors.c): deterministic, unique names, every factor entry covered
 * under both methods, every tier boundary, patches at several intervals, statuses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

typedef struct built {
    med_table *t;
    med_vector *v;
    size_t n;
} built;

static built build(const char *id, med_method m)
{
    built b = {NULL, NULL, 0};
    med_error e;
    if (med_table_load_embedded(id, &b.t, &e) != MED_OK)
        fail_msg("%s: %s", id, e.message);
    assert_int_equal(med_vectors(b.t, m, NULL, 0, &b.n), MED_OK);
    assert_true(b.n > 0);
    b.v = calloc(b.n, sizeof *b.v);
    assert_non_null(b.v);
    size_t again = 0;
    assert_int_equal(med_vectors(b.t, m, b.v, b.n, &again), MED_OK);
    assert_int_equal(again, b.n);
    return b;
}

static void drop(built *b)
{
    free(b->v);
    med_table_free(b->t);
}

static void deterministic_and_unique(void **state)
{
    (void)state;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        built a = build(*id, MED_METHOD_AUTO), b = build(*id, MED_METHOD_AUTO);
        assert_int_equal(a.n, b.n);
        assert_memory_equal(a.v, b.v, a.n * sizeof *a.v);
        for (size_t i = 0; i < a.n; i++)
            for (size_t j = i + 1; j < a.n; j++)
                if (a.v[i].method == a.v[j].method && strcmp(a.v[i].name, a.v[j].name) == 0)
                    fail_msg("%s: vector name %s twice", *id, a.v[i].name);
        built c = build(*id, MED_METHOD_CLINICAL), s = build(*id, MED_METHOD_SUPPLY);
        assert_int_equal(c.n + s.n, a.n);
        for (size_t i = 0; i < c.n; i++)
            assert_int_equal(c.v[i].method, MED_METHOD_CLINICAL);
        for (size_t i = 0; i < s.n; i++)
            assert_int_equal(s.v[i].method, MED_METHOD_SUPPLY);
        drop(&a), drop(&b), drop(&c), drop(&s);
    }
}

/* Every entry of the table is used by an OK result under each method; nothing is an input
 * error (only excluded, no factor and not_opioid are allowed to carry no value). */
static void every_entry_covered(void **state)
{
    (void)state;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        built b = build(*id, MED_METHOD_AUTO);
        size_t nf = med_table_factor_count(b.t);
        for (size_t f = 0; f < nf; f++) {
            med_factor_info fi;
            assert_int_equal(med_table_factor(b.t, f, &fi), MED_OK);
            int seen[3] = {0, 0, 0};
            for (size_t i = 0; i < b.n; i++) {
                med_result x;
                assert_int_equal(med_compute(b.t, &b.v[i].input, b.v[i].method, &x), MED_OK);
                if (x.status == MED_RESULT_OK && strcmp(x.ingredient, fi.ingredient) == 0 &&
                    strcmp(x.form, fi.form) == 0)
                    seen[b.v[i].method] = 1;
            }
            if (!seen[MED_METHOD_CLINICAL] || !seen[MED_METHOD_SUPPLY])
                fail_msg("%s: %s %s not covered", *id, fi.ingredient, fi.form);
        }
        for (size_t i = 0; i < b.n; i++) {
            med_result x;
            assert_int_equal(med_compute(b.t, &b.v[i].input, b.v[i].method, &x), MED_OK);
            if (x.status == MED_RESULT_ERROR && x.error.code != MED_ERR_NO_FACTOR)
                fail_msg("%s %s: %s", *id, b.v[i].name, x.message);
        }
        drop(&b);
    }
}

static const med_vector *named(const built *b, const char *name, med_method m)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i].method == m && strcmp(b->v[i].name, name) == 0)
            return &b->v[i];
    fail_msg("no vector %s", name);
    return NULL;
}

static void expect(const built *b, const char *name, med_method m, const char *mme)
{
    med_result x;
    assert_int_equal(med_compute(b->t, &named(b, name, m)->input, m, &x), MED_OK);
    if (strcmp(mme, med_result_status_string(x.status)) == 0)
        return;
    if (x.status != MED_RESULT_OK || strcmp(x.mme_text, mme) != 0)
        fail_msg("%s: %s %s, want %s", name, med_result_status_string(x.status), x.mme_text, mme);
}

/* The methadone boundaries of the issue, and the 2016 cliff. */
static void methadone_boundaries(void **state)
{
    (void)state;
    static const char *const doses[] = {"20", "20.5", "21", "40", "40.01", "60", "61", "80",
                                        "81"};
    built b = build("cdc-2022", MED_METHOD_AUTO), o = build("cdc-2016", MED_METHOD_AUTO);
    char name[64];
    for (size_t i = 0; i < sizeof doses / sizeof *doses; i++) {
        snprintf(name, sizeof name, "methadone-oral-%smg-day", doses[i]);
        named(&b, name, MED_METHOD_CLINICAL);
        named(&b, name, MED_METHOD_SUPPLY);
        named(&o, name, MED_METHOD_CLINICAL);
    }
    expect(&o, "methadone-oral-20mg-day", MED_METHOD_CLINICAL, "80");
    expect(&o, "methadone-oral-20.01mg-day", MED_METHOD_CLINICAL, "160.08");
    expect(&o, "methadone-oral-20.5mg-day", MED_METHOD_SUPPLY, "164");
    expect(&o, "methadone-oral-21mg-day", MED_METHOD_CLINICAL, "168");
    expect(&o, "methadone-oral-40.01mg-day", MED_METHOD_CLINICAL, "400.1");
    expect(&o, "methadone-oral-81mg-day", MED_METHOD_CLINICAL, "972");
    expect(&b, "methadone-oral-21mg-day", MED_METHOD_CLINICAL, "98.7");
    drop(&b), drop(&o);
}

static void patches_combinations_statuses(void **state)
{
    (void)state;
    built b = build("cms-2018", MED_METHOD_AUTO);
    expect(&b, "fentanyl-patch-25mcg-hr-q48h", MED_METHOD_CLINICAL, "60");
    expect(&b, "fentanyl-patch-25mcg-hr-qnone", MED_METHOD_CLINICAL, "60");
    expect(&b, "fentanyl-patch-25mcg-hr-qty10", MED_METHOD_SUPPLY, "60");
    expect(&b, "fentanyl-patch-25mcg-hr-qty15", MED_METHOD_SUPPLY, "90");
    expect(&b, "fentanyl-patch-75mcg-hr-qty3", MED_METHOD_SUPPLY, "54");
    expect(&b, "butorphanol-nasal-spray-fill", MED_METHOD_SUPPLY, "5.83");
    expect(&b, "codeine-oral-combination", MED_METHOD_SUPPLY, "18");
    expect(&b, "hydrocodone-oral-combination", MED_METHOD_CLINICAL, "40");
    expect(&b, "oxycodone-oral-prn-range", MED_METHOD_CLINICAL, "90");
    expect(&b, "morphine-oral-liquid", MED_METHOD_CLINICAL, "40");
    expect(&b, "morphine-oral-liquid", MED_METHOD_SUPPLY, "20");
    expect(&b, "morphine-oral-89.99mg-day-below-threshold", MED_METHOD_SUPPLY, "89.99");
    expect(&b, "buprenorphine-any-excluded", MED_METHOD_CLINICAL, "excluded");
    expect(&b, "levomethadyl-absent", MED_METHOD_SUPPLY, "error");
    expect(&b, "alprazolam-not-opioid", MED_METHOD_SUPPLY, "not_opioid");
    assert_true(named(&b, "oxycodone-oral-prn-range", MED_METHOD_CLINICAL)->input.prn);
    size_t n = 0;
    assert_int_equal(med_vectors(NULL, MED_METHOD_AUTO, NULL, 0, &n), MED_ERR_ARGUMENT);
    assert_int_equal(med_vectors(b.t, MED_METHOD_AUTO, NULL, 5, &n), MED_ERR_ARGUMENT);
    med_vector few[3];
    assert_int_equal(med_vectors(b.t, MED_METHOD_AUTO, few, 3, &n), MED_OK);
    assert_int_equal(n, b.n);
    assert_string_equal(few[0].name, b.v[0].name);
    drop(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deterministic_and_unique), cmocka_unit_test(every_entry_covered),
        cmocka_unit_test(methadone_boundaries),     cmocka_unit_test(patches_combinations_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
