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
    med_vector_list *list;
    size_t n;
} built;

/* Vector `i` of a list (borrowed from it). */
static const med_vector *vec(const built *b, size_t i)
{
    const med_vector *v = med_vectors_get(b->list, i);
    assert_non_null(v);
    return v;
}

static built build(const char *id, med_method m)
{
    built b = {NULL, NULL, 0};
    med_error e;
    if (med_table_load_embedded(id, &b.t, &e) != MED_OK)
        fail_msg("%s: %s", id, e.message);
    assert_int_equal(med_vectors_new(b.t, m, &b.list), MED_OK);
    assert_non_null(b.list);
    b.n = med_vectors_count(b.list);
    assert_true(b.n > 0);
    /* every vector is there, and none past the count */
    for (size_t i = 0; i < b.n; i++)
        assert_non_null(vec(&b, i)->name);
    assert_null(med_vectors_get(b.list, b.n));
    return b;
}

static void drop(built *b)
{
    med_vectors_free(b->list);
    med_table_free(b->t);
}

/* Two texts of an input are the same (NULL and "" both mean absent). */
static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Two vectors are the same: name, covers, method and every member of the input. (0.x compared
 * the structs' bytes; they now hold pointers into their own lists.) */
static int same_vector(const med_vector *a, const med_vector *b)
{
    const med_input *x = &a->input, *y = &b->input;
    return same_text(a->name, b->name) && same_text(a->covers, b->covers) &&
           a->method == b->method && x->version == y->version && same_text(x->drug, y->drug) &&
           same_text(x->form, y->form) && same_text(x->strength, y->strength) &&
           same_text(x->unit, y->unit) && same_text(x->units_per_dose, y->units_per_dose) &&
           same_text(x->doses_per_day, y->doses_per_day) &&
           same_text(x->every_hours, y->every_hours) && same_text(x->quantity, y->quantity) &&
           same_text(x->days_supply, y->days_supply) && x->prn == y->prn;
}

static void deterministic_and_unique(void **state)
{
    (void)state;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        built a = build(*id, MED_METHOD_AUTO), b = build(*id, MED_METHOD_AUTO);
        assert_int_equal(a.n, b.n);
        for (size_t i = 0; i < a.n; i++)
            if (!same_vector(vec(&a, i), vec(&b, i)))
                fail_msg("%s: vector %zu (%s) differs between two builds", *id, i,
                         vec(&a, i)->name);
        for (size_t i = 0; i < a.n; i++)
            for (size_t j = i + 1; j < a.n; j++)
                if (vec(&a, i)->method == vec(&a, j)->method &&
                    strcmp(vec(&a, i)->name, vec(&a, j)->name) == 0)
                    fail_msg("%s: vector name %s twice", *id, vec(&a, i)->name);
        built c = build(*id, MED_METHOD_CLINICAL), s = build(*id, MED_METHOD_SUPPLY);
        assert_int_equal(c.n + s.n, a.n);
        for (size_t i = 0; i < c.n; i++)
            assert_int_equal(vec(&c, i)->method, MED_METHOD_CLINICAL);
        for (size_t i = 0; i < s.n; i++)
            assert_int_equal(vec(&s, i)->method, MED_METHOD_SUPPLY);
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
            const med_factor_info *fi = med_table_factor(b.t, f);
            assert_non_null(fi);
            int seen[3] = {0, 0, 0};
            for (size_t i = 0; i < b.n; i++) {
                const med_vector *v = vec(&b, i);
                med_result x = MED_RESULT_INIT;
                assert_int_equal(med_compute(b.t, &v->input, v->method, &x), MED_OK);
                if (x.status == MED_RESULT_OK && strcmp(x.ingredient, fi->ingredient) == 0 &&
                    strcmp(x.form, fi->form) == 0)
                    seen[v->method] = 1;
            }
            if (!seen[MED_METHOD_CLINICAL] || !seen[MED_METHOD_SUPPLY])
                fail_msg("%s: %s %s not covered", *id, fi->ingredient, fi->form);
        }
        assert_null(med_table_factor(b.t, nf));
        for (size_t i = 0; i < b.n; i++) {
            const med_vector *v = vec(&b, i);
            med_result x = MED_RESULT_INIT;
            assert_int_equal(med_compute(b.t, &v->input, v->method, &x), MED_OK);
            if (x.status == MED_RESULT_ERROR && x.error != MED_ERR_NO_FACTOR) {
                char message[512];
                med_compute_text(b.t, &v->input, v->method, MED_TEXT_MESSAGE, message,
                                 sizeof message);
                fail_msg("%s %s: %s", *id, v->name, message);
            }
        }
        drop(&b);
    }
}

static const med_vector *named(const built *b, const char *name, med_method m)
{
    for (size_t i = 0; i < b->n; i++)
        if (vec(b, i)->method == m && strcmp(vec(b, i)->name, name) == 0)
            return vec(b, i);
    fail_msg("no vector %s", name);
    return NULL;
}

static void expect(const built *b, const char *name, med_method m, const char *mme)
{
    med_result x = MED_RESULT_INIT;
    const med_input *in = &named(b, name, m)->input;
    char text[32];
    assert_int_equal(med_compute(b->t, in, m, &x), MED_OK);
    if (strcmp(mme, med_result_status_string(x.status)) == 0)
        return;
    med_compute_text(b->t, in, m, MED_TEXT_MME, text, sizeof text);
    if (x.status != MED_RESULT_OK || strcmp(text, mme) != 0)
        fail_msg("%s: %s %s, want %s", name, med_result_status_string(x.status), text, mme);
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
    /* 1.0: the list holds the vectors, so there is no caller array to be missing or short
     * (0.x: NULL out with capacity 5 refused; 3 slots filled 3 and counted all). */
    med_vector_list *l = NULL;
    assert_int_equal(med_vectors_new(NULL, MED_METHOD_AUTO, &l), MED_ERR_ARGUMENT);
    assert_null(l);
    assert_int_equal(med_vectors_new(b.t, MED_METHOD_AUTO, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_vectors_new(b.t, MED_METHOD_AUTO, &l), MED_OK);
    assert_int_equal(med_vectors_count(l), b.n);
    assert_non_null(med_vectors_get(l, 0));
    assert_string_equal(med_vectors_get(l, 0)->name, vec(&b, 0)->name);
    med_vectors_free(l);
    assert_int_equal(med_vectors_count(NULL), 0);
    assert_null(med_vectors_get(NULL, 0));
    med_vectors_free(NULL);
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
