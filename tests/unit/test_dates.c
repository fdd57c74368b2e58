/* Unit tests for lib/common/dates.c: ISO dates <-> day numbers (days since 1970-01-01).
 * Only real days of years 1900-2199 written exactly YYYY-MM-DD parse; every such day survives a
 * round trip and consecutive days are consecutive numbers. Expected day numbers were computed
 * independently (Python's datetime.date). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/dates.h"

static long parse_ok(const char *text)
{
    long day = -999999;
    if (med__date_parse(text, &day) != 0)
        fail_msg("'%s' should parse", text);
    return day;
}

static void known_days(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("1970-01-01"), 0);
    assert_int_equal(parse_ok("1970-01-02"), 1);
    assert_int_equal(parse_ok("1969-12-31"), -1);
    assert_int_equal(parse_ok("2024-02-29"), 19782);
    assert_int_equal(parse_ok("1900-01-01"), -25567);
    assert_int_equal(parse_ok("2199-12-31"), 84005);
    assert_int_equal(parse_ok("2000-03-01") - parse_ok("2000-02-28"), 2); /* 2000 is leap */
    assert_int_equal(parse_ok("2100-03-01") - parse_ok("2100-02-28"), 1); /* 2100 is not */
    assert_int_equal(parse_ok("2025-01-01") - parse_ok("2024-01-01"), 366);
    assert_int_equal(parse_ok("2024-01-01") - parse_ok("2023-12-31"), 1);
}

/* Readable days are exactly those parse gives: 1900-01-01 to 2199-12-31. */
static void readable_days_are_the_parsed_ones(void **state)
{
    (void)state;
    assert_true(med__date_readable(-25567));
    assert_true(med__date_readable(84005));
    assert_true(med__date_readable(0));
    assert_false(med__date_readable(-25568));
    assert_false(med__date_readable(84006));
}

static void rejects_what_is_not_a_real_day(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2023-02-29", "1900-02-29", "2100-02-29", "2024-04-31", "2024-06-31", "2024-13-01",
        "2024-00-10", "2024-01-00", "2024-01-32", "1899-12-31", "2200-01-01", "0000-01-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long day = 42;
        if (med__date_parse(bad[i], &day) != -1)
            fail_msg("'%s' should be refused", bad[i]);
        assert_int_equal(day, 42); /* left untouched */
    }
}

static void rejects_other_spellings(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",           "2024-4-01",   "2024-04-1",   "2024/04/01", "20240401",   "2024-04-01x",
        "2024-04-01 ", " 2024-04-01", "2024-04-0",  "24-04-01",   "2024-O4-01", "2024--4-01",
        "04/01/2024", "2024-04-01T00:00", "+2024-04-01", "2024-04",
    };
    long day = 42;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (med__date_parse(bad[i], &day) != -1)
            fail_msg("'%s' should be refused", bad[i]);
    assert_int_equal(med__date_parse(NULL, &day), -1);
    assert_int_equal(day, 42);
}

/* Every byte of the shape is checked: one wrong byte anywhere, including the neighbours of
 * '0' and '9' ('/' and ':'), is refused. */
static void rejects_one_wrong_byte_anywhere(void **state)
{
    (void)state;
    static const char wrong[] = {'/', ':', '-', 'x', ' ', '0'};
    for (int at = 0; at < 10; at++)
        for (size_t w = 0; w < sizeof wrong; w++) {
            char text[] = "2024-11-11"; /* "2024-1/-11" would read as month 9 */
            int dash_place = at == 4 || at == 7;
            if (wrong[w] == (dash_place ? '-' : '0'))
                continue; /* the right kind of byte for that place */
            text[at] = wrong[w];
            long day = 42;
            if (med__date_parse(text, &day) != -1)
                fail_msg("'%s' should be refused", text);
            assert_int_equal(day, 42);
        }
}

/* Every byte that is not a digit, at every digit place, is refused (a byte above 0x7f, negative
 * as a char, too); "2024-11-11" itself parses. */
static void only_digits_at_digit_places(void **state)
{
    (void)state;
    static const int places[] = {0, 1, 2, 3, 5, 6, 8, 9};
    parse_ok("2024-11-11");
    for (size_t p = 0; p < sizeof places / sizeof places[0]; p++)
        for (int b = 1; b < 256; b++) {
            char text[] = "2024-11-11";
            long day = 42;
            if (b >= '0' && b <= '9')
                continue;
            text[places[p]] = (char)b;
            if (med__date_parse(text, &day) != -1 || day != 42)
                fail_msg("byte %d at %d should be refused", b, places[p]);
        }
}

/* Parse agrees with the general era arithmetic (med__date_from_civil) on every day of every
 * month of 1900-2199, written by a plain calendar walk; the day after each month's last is
 * refused. */
static void parse_agrees_with_civil_arithmetic(void **state)
{
    (void)state;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int y = 1900; y <= 2199; y++) {
        int is_leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        for (int m = 1; m <= 12; m++) {
            int last = days[m - 1] + (m == 2 && is_leap);
            for (int d = 1; d <= last + 1; d++) {
                char text[32];
                long day = 42;
                snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
                int rc = med__date_parse(text, &day);
                if (d > last && rc != -1)
                    fail_msg("'%s' should be refused", text);
                if (d <= last && (rc != 0 || day != med__date_from_civil(y, m, d)))
                    fail_msg("'%s' parses as %ld, not %ld", text, day,
                             med__date_from_civil(y, m, d));
            }
        }
    }
}

static void format_known_days(void **state)
{
    (void)state;
    char buf[11];
    med__date_format(0, buf);
    assert_string_equal(buf, "1970-01-01");
    med__date_format(19782, buf);
    assert_string_equal(buf, "2024-02-29");
    med__date_format(-25567, buf);
    assert_string_equal(buf, "1900-01-01");
    med__date_format(84005, buf);
    assert_string_equal(buf, "2199-12-31");
    med__date_format(-1, buf);
    assert_string_equal(buf, "1969-12-31");
}

/* Every day of the supported range: format then parse gives the day back, and the text is the
 * one the previous day's text is followed by. */
static void every_day_round_trips(void **state)
{
    (void)state;
    long first = parse_ok("1900-01-01"), last = parse_ok("2199-12-31");
    char buf[11], prev[11] = "";
    for (long d = first; d <= last; d++) {
        med__date_format(d, buf);
        long back = -1;
        if (med__date_parse(buf, &back) != 0 || back != d)
            fail_msg("day %ld formats as '%s', which parses as %ld", d, buf, back);
        if (prev[0] && strcmp(prev, buf) >= 0)
            fail_msg("'%s' follows '%s'", buf, prev);
        memcpy(prev, buf, sizeof buf);
    }
    assert_int_equal(last - first + 1, 109573); /* 300 years, 73 of them leap */
}

static void from_civil_matches_parse(void **state)
{
    (void)state;
    assert_int_equal(med__date_from_civil(1970, 1, 1), 0);
    assert_int_equal(med__date_from_civil(2024, 2, 29), 19782);
    assert_int_equal(med__date_from_civil(2024, 3, 1) - med__date_from_civil(2024, 2, 28), 2);
    assert_int_equal(med__date_from_civil(1900, 1, 1), parse_ok("1900-01-01"));
    /* No range checks: years outside 1900-2199 still count days. */
    assert_int_equal(med__date_from_civil(1600, 1, 1), -135140);
    assert_int_equal(med__date_from_civil(2400, 1, 1), 157054);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_days),
        cmocka_unit_test(readable_days_are_the_parsed_ones),
        cmocka_unit_test(rejects_what_is_not_a_real_day),
        cmocka_unit_test(rejects_other_spellings),
        cmocka_unit_test(rejects_one_wrong_byte_anywhere),
        cmocka_unit_test(only_digits_at_digit_places),
        cmocka_unit_test(parse_agrees_with_civil_arithmetic),
        cmocka_unit_test(format_known_days),
        cmocka_unit_test(every_day_round_trips),
        cmocka_unit_test(from_civil_matches_parse),
    };
    return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
