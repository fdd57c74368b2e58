/* A computed set (med_computed_set_*): computed once, it gives each input the result and texts
 * med_compute_set() and med_compute_set_text() give, and the same total; its reading calls
 * refuse what is out of range with a status, never a text that reads as empty. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "med.h"
#include "inputs.h"

#define CL MED_METHOD_CLINICAL
#define TEXTS 6 /* MED_TEXT_MESSAGE .. MED_TEXT_FACTOR_TABLE */

/* The set's result `i` is member by member what med_compute_set() wrote. */
static void expect_same_result(const med_result *got, const med_result *want)
{
    assert_int_equal(got->status, want->status);
    assert_int_equal(got->method, want->method);
    assert_int_equal(got->error, want->error);
    assert_ptr_equal(got->ingredient, want->ingredient);
    assert_ptr_equal(got->drug_class, want->drug_class);
    assert_ptr_equal(got->form, want->form);
    assert_memory_equal(&got->daily_dose, &want->daily_dose, sizeof got->daily_dose);
    assert_int_equal(got->daily_dose_hundredths, want->daily_dose_hundredths);
    assert_ptr_equal(got->dose_unit, want->dose_unit);
    assert_memory_equal(&got->factor, &want->factor, sizeof got->factor);
    assert_ptr_equal(got->factor_text, want->factor_text);
    assert_ptr_equal(got->factor_per, want->factor_per);
    assert_memory_equal(&got->mme_per_day, &want->mme_per_day, sizeof got->mme_per_day);
    assert_int_equal(got->mme_hundredths, want->mme_hundredths);
}

static void expect_same_total(const med_total *got, const med_total *want)
{
    assert_int_equal(got->version, want->version);
    if (isnan(want->mme_per_day))
        assert_true(isnan(got->mme_per_day));
    else
        assert_memory_equal(&got->mme_per_day, &want->mme_per_day, sizeof got->mme_per_day);
    assert_int_equal(got->mme_hundredths, want->mme_hundredths);
    assert_int_equal(got->ok, want->ok);
    assert_int_equal(got->excluded, want->excluded);
    assert_int_equal(got->not_opioid, want->not_opioid);
    assert_int_equal(got->errors, want->errors);
    assert_int_equal(got->flag_count, want->flag_count);
    assert_int_equal(got->complete, want->complete);
    assert_int_equal(got->computed_hundredths, want->computed_hundredths);
    assert_int_equal(got->coprescribed, want->coprescribed);
}

/* Every result, text and total of the computed set is what the one-call functions give. */
static void expect_set_as_one_calls(const med_table *t, const med_input *in, size_t n)
{
    med_result want[8], got = MED_RESULT_INIT;
    med_total want_total = MED_TOTAL_INIT, got_total = MED_TOTAL_INIT;
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++)
        want[i] = (med_result)MED_RESULT_INIT;
    assert_int_equal(med_compute_set(t, in, n, CL, want, &want_total), MED_OK);
    med_computed_set *set = NULL;
    assert_int_equal(med_computed_set_new(t, in, n, CL, &set), MED_OK);
    assert_int_equal(med_computed_set_count(set), n);
    assert_int_equal(med_computed_set_total(set, &got_total), MED_OK);
    expect_same_total(&got_total, &want_total);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(med_computed_set_result(set, i, &got), MED_OK);
        expect_same_result(&got, &want[i]);
        for (int w = 0; w < TEXTS; w++) {
            char a[640], b[640];
            size_t alen = 99, blen = 77;
            assert_int_equal(med_compute_set_text_checked(t, in, n, CL, i, (med_text)w, a,
                                                          sizeof a, &alen),
                             MED_OK);
            assert_int_equal(med_computed_set_text(set, i, (med_text)w, b, sizeof b, &blen),
                             MED_OK);
            assert_string_equal(b, a);
            assert_int_equal(blen, alen);
            assert_int_equal(blen, strlen(b));
        }
    }
    med_computed_set_free(set);
}

/* cdc-2016 tiers methadone by the patient's total: 20 + 10 mg/day is factor 8 for both, and
 * the set's texts say so; beside them an excluded, a not-opioid and an error input. */
static void results_texts_and_total_as_compute_set(void **state)
{
    (void)state;
    med_table *t = load("cdc-2016");
    med_input in[6] = {sched("methadone", "10", "mg", "", "2", ""),
                       sched("methadone", "5", "mg", "", "2", ""),
                       sched("oxycodone", "10", "mg", "", "", "6"),
                       sched("alprazolam", "1", "mg", "", "3", ""),
                       sched("buprenorphine", "8", "mg", "", "1", ""),
                       sched("notadrug", "10", "mg", "", "1", "")};
    expect_set_as_one_calls(t, in, 6);
    med_computed_set *set = NULL;
    assert_int_equal(med_computed_set_new(t, in, 2, CL, &set), MED_OK);
    char message[512];
    assert_int_equal(med_computed_set_text(set, 0, MED_TEXT_MESSAGE, message, sizeof message,
                                           NULL),
                     MED_OK);
    assert_non_null(strstr(message, "total"));
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_computed_set_result(set, 1, &r), MED_OK);
    assert_int_equal(r.mme_hundredths, 8000);
    med_computed_set_free(set);
    med_table_free(t);
}

/* Texts are written snprintf-style: the whole length is said, the buffer is cut and ended. */
static void texts_are_cut_to_the_buffer(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in = sched("oxycodone", "10", "mg", "", "", "6");
    med_computed_set *set = NULL;
    assert_int_equal(med_computed_set_new(t, &in, 1, CL, &set), MED_OK);
    char full[256], cut[8] = "xxxxxxx";
    size_t n = 0, m = 0;
    assert_int_equal(med_computed_set_text(set, 0, MED_TEXT_ARITHMETIC, full, sizeof full, &n),
                     MED_OK);
    assert_true(n > sizeof cut);
    assert_int_equal(med_computed_set_text(set, 0, MED_TEXT_ARITHMETIC, cut, sizeof cut, &m),
                     MED_OK);
    assert_int_equal(m, n);
    assert_int_equal(strlen(cut), sizeof cut - 1);
    assert_memory_equal(cut, full, sizeof cut - 1);
    assert_int_equal(med_computed_set_text(set, 0, MED_TEXT_ARITHMETIC, NULL, 0, &m), MED_OK);
    assert_int_equal(m, n);
    med_computed_set_free(set);
    med_table_free(t);
}

/* An index past the set, a text that is no med_text and NULL are refused with a status, and the
 * buffer is left "" (never a text that reads as rightly empty). */
static void out_of_range_is_refused(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in[2] = {sched("oxycodone", "10", "mg", "", "", "6"),
                       sched("morphine", "15", "mg", "", "2", "")};
    med_computed_set *set = NULL;
    assert_int_equal(med_computed_set_new(t, in, 2, CL, &set), MED_OK);
    char buf[64] = "stale";
    size_t len = 5;
    assert_int_equal(med_computed_set_text(set, 2, MED_TEXT_MME, buf, sizeof buf, &len),
                     MED_ERR_ARGUMENT);
    assert_string_equal(buf, "");
    assert_int_equal(len, 0);
    strcpy(buf, "stale");
    len = 5;
    assert_int_equal(med_computed_set_text(set, SIZE_MAX, MED_TEXT_MME, buf, sizeof buf, &len),
                     MED_ERR_ARGUMENT);
    assert_string_equal(buf, "");
    assert_int_equal(len, 0);
    assert_int_equal(med_computed_set_text(set, 0, (med_text)6, buf, sizeof buf, &len),
                     MED_ERR_ARGUMENT);
    assert_int_equal(med_computed_set_text(set, 0, (med_text)-1, buf, sizeof buf, &len),
                     MED_ERR_ARGUMENT);
    assert_int_equal(med_computed_set_text(NULL, 0, MED_TEXT_MME, buf, sizeof buf, &len),
                     MED_ERR_ARGUMENT);
    assert_string_equal(buf, "");
    med_result r = MED_RESULT_INIT;
    r.mme_hundredths = 42;
    assert_int_equal(med_computed_set_result(set, 2, &r), MED_ERR_ARGUMENT);
    assert_int_equal(r.mme_hundredths, 42);
    assert_int_equal(med_computed_set_result(NULL, 0, &r), MED_ERR_ARGUMENT);
    assert_int_equal(med_computed_set_result(set, 0, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_computed_set_total(NULL, &(med_total)MED_TOTAL_INIT),
                     MED_ERR_ARGUMENT);
    assert_int_equal(med_computed_set_total(set, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_computed_set_count(NULL), 0);
    med_computed_set_free(set);
    med_computed_set_free(NULL);
    med_table_free(t);
}

/* Struct versions: unknown ones are refused and nothing is written; a version 1 total gets the
 * members of version 1 only, as med_compute_set() writes them. */
static void versions(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in[2] = {sched("oxycodone", "10", "mg", "", "", "6"),
                       sched("notadrug", "10", "mg", "", "1", "")};
    med_computed_set *set = NULL;
    assert_int_equal(med_computed_set_new(t, in, 2, CL, &set), MED_OK);
    med_result r = MED_RESULT_INIT;
    r.version = MED_RESULT_VERSION + 1;
    assert_int_equal(med_computed_set_result(set, 0, &r), MED_ERR_VERSION);
    assert_int_equal(r.status, MED_RESULT_ERROR); /* as initialised: not written */
    med_total bad = MED_TOTAL_INIT;
    bad.version = 0;
    assert_int_equal(med_computed_set_total(set, &bad), MED_ERR_VERSION);
    assert_int_equal(bad.ok, 0);
    med_total v1 = MED_TOTAL_INIT, want = MED_TOTAL_INIT;
    v1.version = want.version = 1;
    v1.complete = want.complete = 7;
    med_result rs[2] = {MED_RESULT_INIT, MED_RESULT_INIT};
    assert_int_equal(med_compute_set(t, in, 2, CL, rs, &want), MED_OK);
    assert_int_equal(med_computed_set_total(set, &v1), MED_OK);
    expect_same_total(&v1, &want);
    assert_int_equal(v1.errors, 1);
    assert_int_equal(v1.complete, 7); /* not a member of version 1 */
    med_computed_set_free(set);
    med_table_free(t);
}

/* Arguments of med_computed_set_new: NULL refused (*out NULL); an empty set is a set. */
static void new_arguments(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in = sched("oxycodone", "10", "mg", "", "", "6");
    med_computed_set *set = (med_computed_set *)&in; /* not NULL: the call must set it */
    assert_int_equal(med_computed_set_new(NULL, &in, 1, CL, &set), MED_ERR_ARGUMENT);
    assert_null(set);
    set = (med_computed_set *)&in;
    assert_int_equal(med_computed_set_new(t, NULL, 1, CL, &set), MED_ERR_ARGUMENT);
    assert_null(set);
    assert_int_equal(med_computed_set_new(t, &in, 1, CL, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_computed_set_new(t, NULL, 0, CL, &set), MED_OK);
    assert_int_equal(med_computed_set_count(set), 0);
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_computed_set_total(set, &total), MED_OK);
    assert_int_equal(total.complete, 1);
    assert_int_equal(total.mme_hundredths, 0);
    char buf[8];
    assert_int_equal(med_computed_set_text(set, 0, MED_TEXT_MME, buf, sizeof buf, NULL),
                     MED_ERR_ARGUMENT);
    med_computed_set_free(set);
    med_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(results_texts_and_total_as_compute_set),
        cmocka_unit_test(texts_are_cut_to_the_buffer),
        cmocka_unit_test(out_of_range_is_refused),
        cmocka_unit_test(versions),
        cmocka_unit_test(new_arguments),
    };
    return cmocka_run_group_tests_name("set", tests, NULL, NULL);
}
