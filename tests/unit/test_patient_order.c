/* Unit tests for lib/claims/patient_order.c: the quick first pass over claims lines (no quote
 * character) that says whether the patient ids never decrease, and the latest fill date. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

/* A check of patient_id (column 0) and fill_date (column 2, or none when dates < 0). */
static med_patient_order *check_of(long dates)
{
    med_patient_order *o = NULL;
    assert_int_equal(med_patient_order_new(0, dates, &o), MED_OK);
    assert_non_null(o);
    return o;
}

/* Checks the whole text in one call (as the end of the input); the status. */
static med_status check_all(med_patient_order *o, const char *text)
{
    size_t used = 99;
    med_status s = med_patient_order_lines(o, text, strlen(text), 1, &used);
    if (s == MED_OK)
        assert_int_equal(used, strlen(text));
    return s;
}

static void sorted_lines_and_their_latest_date(void **state)
{
    (void)state;
    med_patient_order *o = check_of(2);
    assert_int_equal(med_patient_order_sorted(o), 1); /* before any line */
    assert_string_equal(med_patient_order_latest(o), "");
    assert_int_equal(check_all(o, "A,x,2025-01-05,1\nA,y,2025-03-01,2\nB,z,2024-12-31,3\n"
                                  "BB,z,2025-02-01\n"),
                     MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 1);
    assert_string_equal(med_patient_order_latest(o), "2025-03-01");
    med_patient_order_free(o);
}

static void an_id_that_goes_back_is_not_sorted(void **state)
{
    (void)state;
    med_patient_order *o = check_of(2);
    assert_int_equal(check_all(o, "B,x,2025-01-05\nA,x,2025-01-06\nC,x,2025-01-04\n"), MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 0);
    assert_string_equal(med_patient_order_latest(o), "2025-01-06"); /* dates still read */
    med_patient_order_free(o);
    o = check_of(-1);
    assert_int_equal(check_all(o, "AB,1\nA,2\n"), MED_OK); /* a prefix comes first */
    assert_int_equal(med_patient_order_sorted(o), 0);
    assert_string_equal(med_patient_order_latest(o), ""); /* dates not looked at */
    med_patient_order_free(o);
}

/* Only a field of ten bytes that is a real date counts: not "2025-13-01", not a longer field. */
static void only_real_dates_count(void **state)
{
    (void)state;
    med_patient_order *o = check_of(2);
    assert_int_equal(check_all(o, "A,x,2025-01-05\nA,x,2025-13-01\nA,x,2026-01-01x\n"
                                  "A,x,2099-1-01\nA,x\nA,x,2025-02-30,9\n"),
                     MED_OK);
    assert_string_equal(med_patient_order_latest(o), "2025-01-05");
    med_patient_order_free(o);
}

/* Lines without an id (too few fields, an empty one) and empty lines do not count. */
static void lines_without_an_id_do_not_count(void **state)
{
    (void)state;
    med_patient_order *o = check_of(-1);
    assert_int_equal(check_all(o, "B,1\n\n,2\n\r\nC,3\n"), MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 1);
    med_patient_order_free(o);
    o = NULL;
    assert_int_equal(med_patient_order_new(3, -1, &o), MED_OK);
    assert_int_equal(check_all(o, "a,b,c,B\nx,y\na,b,c,C\n"), MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 1);
    assert_int_equal(check_all(o, "a,b,c,A\n"), MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 0);
    med_patient_order_free(o);
}

/* A line too short to reach its id column is a record of nobody, which the reader of the
 * records refuses whole: its fill date must not become the latest (the as-of day of every
 * patient), as it would not were the same lines read with med_csv_next. An empty id is a
 * record, whose date counts. */
static void a_line_too_short_for_its_id_has_no_date(void **state)
{
    (void)state;
    med_patient_order *o = NULL;
    assert_int_equal(med_patient_order_new(1, 0, &o), MED_OK); /* fill_date,patient_id,... */
    assert_int_equal(check_all(o, "2025-01-05,A,x\n2026-12-31\n2026-12-30,\n2025-03-01,B,x\n"),
                     MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 1);
    assert_string_equal(med_patient_order_latest(o), "2026-12-30");
    med_patient_order_free(o);
}

/* A CR before a line feed ends the line; any other CR, or a quote, stops the check at its line. */
static void crs_and_quotes(void **state)
{
    (void)state;
    med_patient_order *o = check_of(2);
    assert_int_equal(check_all(o, "A,x,2025-01-05\r\nB,x,2025-01-07\r\nC,x,2025-01-06\r"),
                     MED_OK);
    assert_string_equal(med_patient_order_latest(o), "2025-01-07");
    med_patient_order_free(o);
    const char *bad[] = {"A,x,2025-01-05\nB,x\r,2025-01-09\nC\n",
                         "A,x,2025-01-05\nB,\"x\",2025-01-09\nC\n",
                         "A,x,2025-01-05\nB,x,2025-01-09\r\r\nC\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t used = 99;
        o = check_of(2);
        assert_int_equal(med_patient_order_lines(o, bad[i], strlen(bad[i]), 1, &used),
                         MED_ERR_SYNTAX);
        assert_int_equal(used, strlen("A,x,2025-01-05\n")); /* the line before was checked */
        assert_string_equal(med_patient_order_latest(o), "2025-01-05");
        med_patient_order_free(o);
    }
}

/* A NUL byte stops the check at its line too: med_csv_next refuses that record ("NUL byte in
 * record"), so its id and date are no one's, and only the reader of the records can say so. */
static void a_nul_byte_stops_the_check(void **state)
{
    (void)state;
    static const char text[] = "A,x,2025-01-05\nB,x\0y,2026-12-31\nC,x,2025-01-06\n";
    for (long dates = -1; dates <= 2; dates += 3) {
        size_t used = 99;
        med_patient_order *o = check_of(dates);
        assert_int_equal(med_patient_order_lines(o, text, sizeof text - 1, 1, &used),
                         MED_ERR_SYNTAX);
        assert_int_equal(used, strlen("A,x,2025-01-05\n")); /* the line before was checked */
        assert_string_equal(med_patient_order_latest(o), dates < 0 ? "" : "2025-01-05");
        med_patient_order_free(o);
    }
}

/* A last line without a line feed waits for the rest, unless the text ends the input. */
static void a_last_line_waits_for_its_end(void **state)
{
    (void)state;
    const char *text = "A,x,2025-01-05\nB,x,2025-01-0";
    size_t used = 99;
    med_patient_order *o = check_of(2);
    assert_int_equal(med_patient_order_lines(o, text, strlen(text), 0, &used), MED_OK);
    assert_int_equal(used, strlen("A,x,2025-01-05\n"));
    assert_int_equal(med_patient_order_lines(o, "B,x,2025-01-09", 14, 1, &used), MED_OK);
    assert_int_equal(used, 14);
    assert_string_equal(med_patient_order_latest(o), "2025-01-09");
    med_patient_order_free(o);
}

/* Long lines and ids: the same answer whatever the lines' length (the text is read in spans of
 * 64 bytes); ids are compared on their first 1023 bytes. */
static void long_lines_and_ids(void **state)
{
    (void)state;
    size_t big = 3000;
    char *text = malloc(3 * (big + 40));
    assert_non_null(text);
    size_t n = 0;
    for (int line = 0; line < 3; line++) {
        memset(text + n, 'P', big); /* three ids of 3000 bytes, the last two past byte 1023 */
        text[n + (line == 0 ? 10 : 2000)] = line == 0 ? 'A' : (char)('A' + line);
        n += big;
        n += (size_t)sprintf(text + n, ",x,2025-0%d-01,%s\n", line + 1, line == 1 ? "y" : "");
    }
    med_patient_order *o = check_of(2);
    size_t used;
    assert_int_equal(med_patient_order_lines(o, text, n, 1, &used), MED_OK);
    assert_int_equal(used, n);
    /* A (at byte 10) < P: the first goes before, B and C lie past what is compared. */
    assert_int_equal(med_patient_order_sorted(o), 1);
    assert_string_equal(med_patient_order_latest(o), "2025-03-01");
    med_patient_order_free(o);
    free(text);
}

/* Any cut of the text into pieces, each given again from the first byte not used, gives the
 * answer of one call over the whole. */
static void pieces_give_the_answer_of_the_whole(void **state)
{
    (void)state;
    const char *text = "P1,a,2025-01-01\nP1,b,2025-01-02\r\nP10,c,2024-05-06,long field "
                       "that runs past one span of sixty-four bytes,,,\n\nP2,d,2025-04-01\n"
                       "P2,e,2025-02-30\nP3\n,,2026-01-01\nP3,f,2025-04-02";
    size_t len = strlen(text);
    for (size_t cut = 0; cut <= len; cut++) {
        med_patient_order *o = check_of(2);
        size_t used, rest;
        assert_int_equal(med_patient_order_lines(o, text, cut, cut == len, &used), MED_OK);
        assert_int_equal(med_patient_order_lines(o, text + used, len - used, 1, &rest), MED_OK);
        assert_int_equal(used + rest, len);
        assert_int_equal(med_patient_order_sorted(o), 1);
        assert_string_equal(med_patient_order_latest(o), "2026-01-01");
        med_patient_order_free(o);
    }
}

/* Pieces checked apart and merged in order give the answer of one check over the whole. */
/* The last id of a call is the check's own: the caller may write over its text, as a reader
 * does with its buffer, and the next call compares with the id as it was. Ids of more than eight
 * bytes compare word by word, the shorter one first when one is the other's start. */
static void the_last_id_outlives_the_text(void **state)
{
    (void)state;
    char buf[64];
    med_patient_order *o = check_of(-1);
    snprintf(buf, sizeof buf, "PATIENT-000002,1\n");
    assert_int_equal(check_all(o, buf), MED_OK);
    memset(buf, 'Z', sizeof buf); /* the text of the last call is gone */
    snprintf(buf, sizeof buf, "PATIENT-000002,2\nPATIENT-0000020,3\n");
    assert_int_equal(check_all(o, buf), MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 1);
    snprintf(buf, sizeof buf, "PATIENT-000001,4\n");
    assert_int_equal(check_all(o, buf), MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 0);
    med_patient_order_free(o);
    o = check_of(-1);
    snprintf(buf, sizeof buf, "PATIENT-0000020,1\n");
    assert_int_equal(check_all(o, buf), MED_OK);
    snprintf(buf, sizeof buf, "PATIENT-000002,1\n"); /* its start: an earlier id */
    assert_int_equal(check_all(o, buf), MED_OK);
    assert_int_equal(med_patient_order_sorted(o), 0);
    med_patient_order_free(o);
}

static void merged_pieces(void **state)
{
    (void)state;
    const char *pieces[][2] = {{"A,x,2025-01-05\nB,x,2025-01-02\n", "B,x,2025-01-01\nC,x\n"},
                               {"A,x,2025-01-05\nC,x,2025-01-02\n", "B,x,2025-01-09\n"},
                               {"A,x,2025-01-05\n", "\n,x,2025-01-07\n"}};
    const int sorted[] = {1, 0, 1};
    const char *latest[] = {"2025-01-05", "2025-01-09", "2025-01-07"};
    for (size_t i = 0; i < 3; i++) {
        med_patient_order *whole = check_of(2), *one = check_of(2), *two = check_of(2);
        assert_int_equal(check_all(one, pieces[i][0]), MED_OK);
        assert_int_equal(check_all(two, pieces[i][1]), MED_OK);
        assert_int_equal(med_patient_order_merge(whole, one), MED_OK);
        assert_int_equal(med_patient_order_merge(whole, two), MED_OK);
        assert_int_equal(med_patient_order_sorted(whole), sorted[i]);
        assert_string_equal(med_patient_order_latest(whole), latest[i]);
        med_patient_order_free(whole);
        med_patient_order_free(one);
        med_patient_order_free(two);
    }
}

static void arguments(void **state)
{
    (void)state;
    med_patient_order *o = (med_patient_order *)1; /* set to NULL on failure */
    size_t used;
    assert_int_equal(med_patient_order_new(-1, 2, &o), MED_ERR_ARGUMENT);
    assert_null(o);
    assert_int_equal(med_patient_order_new(0, 2, NULL), MED_ERR_ARGUMENT);
    o = check_of(2);
    assert_int_equal(med_patient_order_lines(NULL, "A\n", 2, 1, &used), MED_ERR_ARGUMENT);
    assert_int_equal(med_patient_order_lines(o, NULL, 2, 1, &used), MED_ERR_ARGUMENT);
    assert_int_equal(med_patient_order_lines(o, "A\n", 2, 1, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_patient_order_lines(o, NULL, 0, 1, &used), MED_OK);
    assert_int_equal(used, 0);
    assert_int_equal(med_patient_order_merge(o, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_patient_order_sorted(NULL), 0);
    assert_string_equal(med_patient_order_latest(NULL), "");
    med_patient_order_free(o);
    med_patient_order_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sorted_lines_and_their_latest_date),
        cmocka_unit_test(an_id_that_goes_back_is_not_sorted),
        cmocka_unit_test(only_real_dates_count),
        cmocka_unit_test(lines_without_an_id_do_not_count),
        cmocka_unit_test(a_line_too_short_for_its_id_has_no_date),
        cmocka_unit_test(crs_and_quotes),
        cmocka_unit_test(a_nul_byte_stops_the_check),
        cmocka_unit_test(a_last_line_waits_for_its_end),
        cmocka_unit_test(long_lines_and_ids),
        cmocka_unit_test(pieces_give_the_answer_of_the_whole),
        cmocka_unit_test(the_last_id_outlives_the_text),
        cmocka_unit_test(merged_pieces),
        cmocka_unit_test(arguments),
    };
    return cmocka_run_group_tests_name("patient_order", tests, NULL, NULL);
}
