/* Day numbers <-> ISO dates, by the civil-calendar arithmetic (proleptic Gregorian). */
#include "common/dates.h"
#include "common/digits.h"

#include <stddef.h>
#include <string.h>

/* Unsigned: the years parse takes are positive, and each remainder is then a multiply. */
static int leap(unsigned y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* Days of the year before each month (and the year's length at [12]), in a common year and in
 * a leap year: a fill date's day number is a table look-up and a few adds. */
static const unsigned short BEFORE_MONTH[2][13] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
};

/* The digit c stands for, or 10 or more when c is not a digit (one compare tells). */
static unsigned digit_value(char c)
{
    return (unsigned)(unsigned char)c - '0';
}

/* Days from 1970-01-01 to y-m-d: counts whole eras of 400 years (146097 days) from March. */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned long yoe = (unsigned long)(y - era * 400); /* 0 to 399: divides unsigned */
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = (long)(yoe * 365 + yoe / 4 - yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}

/* Days from 1970-01-01 to January 1st of year y, for the years parse takes (1900-2199): the
 * leap days before y, counted from year 1, are positive, so they divide unsigned. */
static long days_to_year(unsigned y)
{
    unsigned before = y - 1;
    long leaps = (long)(before / 4 - before / 100 + before / 400) - 477; /* 477 before 1970 */
    return ((long)y - 1970) * 365 + leaps;
}

/* The bounds fold to constants: the summary asks this of every patient's as-of day. */
int med__date_readable(long day)
{
    return day >= days_to_year(1900) && day < days_to_year(2200);
}

int med__date_parse(const char *s, long *day)
{
    /* The shape, byte by byte (every fill's date comes through here): each digit's value is
     * checked as it is taken. && stops at a NUL, which is neither a digit nor '-', so a short
     * text is never read past its end. */
    unsigned y0, y1, y2, y3, m0, m1, d0, d1;
    if (s == NULL || (y0 = digit_value(s[0])) > 9 || (y1 = digit_value(s[1])) > 9 ||
        (y2 = digit_value(s[2])) > 9 || (y3 = digit_value(s[3])) > 9 || s[4] != '-' ||
        (m0 = digit_value(s[5])) > 9 || (m1 = digit_value(s[6])) > 9 || s[7] != '-' ||
        (d0 = digit_value(s[8])) > 9 || (d1 = digit_value(s[9])) > 9 || s[10] != '\0')
        return -1;
    unsigned y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, m = m0 * 10 + m1, d = d0 * 10 + d1;
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return -1;
    const unsigned short *before = BEFORE_MONTH[leap(y)];
    if (d > (unsigned)(before[m] - before[m - 1]))
        return -1; /* no such day in that month (2023-02-29, 2024-04-31) */
    *day = days_to_year(y) + before[m - 1] + (long)d - 1;
    return 0;
}

/* Writes year-month-day as "YYYY-MM-DD" (the last four digits of the year). */
static void write_date(unsigned year, unsigned m, unsigned d, char buf[11])
{
    med__two_digits(buf, year / 100);
    med__two_digits(buf + 2, year % 100);
    buf[4] = '-';
    med__two_digits(buf + 5, m);
    buf[7] = '-';
    med__two_digits(buf + 8, d);
    buf[10] = '\0';
}

/* Day numbers of 1900-03-01 and 2100-02-28: between them every fourth year from March is one
 * with a February 29th at its end (1900 and 2100 are not leap years, 2000 is), so a year is
 * 1461 / 4 days and the 400-year eras need not be counted. */
#define MARCH_1900 (-25508L)
#define FEBRUARY_2100 47540L

void med__date_format(long day, char buf[11])
{
    if (day >= MARCH_1900 && day <= FEBRUARY_2100) { /* every date a claim has: fewer steps */
        unsigned long since = (unsigned long)(day - MARCH_1900);
        unsigned long years = (4 * since + 3) / 1461; /* from March 1900 */
        unsigned long doy = since - 1461 * years / 4; /* from March 1st */
        unsigned long mp = (5 * doy + 2) / 153;
        unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
        write_date((unsigned)(1900 + years + (m <= 2)), m,
                   (unsigned)(doy - (153 * mp + 2) / 5 + 1), buf);
        return;
    }
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    /* The day of the era, year of the era, day of the year and month from March are never
     * negative, whatever the era: unsigned, their divisions are a multiply each (this runs
     * a few times for every patient). */
    unsigned long doe = (unsigned long)(z - era * 146097);
    unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned long mp = (5 * doy + 2) / 153;
    unsigned d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    long y = (long)yoe + era * 400 + (m <= 2);
    /* The last four digits of the year, unsigned (so each division is a multiply): a year
     * outside 0-9999, which no date parse takes ever reaches, keeps only those. */
    write_date((unsigned)((unsigned long)(y < 0 ? -y : y) % 10000), m, d, buf);
}

long med__date_from_civil(long y, int m, int d)
{
    return days_from_civil(y, m, d);
}
