/* Day numbers <-> ISO dates, by the civil-calendar arithmetic (proleptic Gregorian). */
#include "common/dates.h"

#include <stddef.h>


static int leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && leap(y));
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
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

int med__date_parse(const char *s, long *day)
{
    /* The shape, byte by byte (unrolled: every fill's date comes through here). && stops at
     * a NUL, which is neither a digit nor '-', so a short text is never read past its end. */
    if (s == NULL || !(digit(s[0]) && digit(s[1]) && digit(s[2]) && digit(s[3]) && s[4] == '-' &&
                       digit(s[5]) && digit(s[6]) && s[7] == '-' && digit(s[8]) &&
                       digit(s[9]) && s[10] == '\0'))
        return -1;
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
        return -1;
    *day = days_from_civil(y, m, d);
    return 0;
}

void med__date_format(long day, char buf[11])
{
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
    y %= 10000;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

long med__date_from_civil(long y, int m, int d)
{
    return days_from_civil(y, m, d);
}
