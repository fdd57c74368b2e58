/* Calendar dates as day numbers, so a fill's days are plain integers. Internal. */
#ifndef MED_DATES_H
#define MED_DATES_H

/* Parses "YYYY-MM-DD" (a real day, years 1900-2199) into days since 1970-01-01.
 * Returns 0, or -1 when the text is not such a date. */
int med__date_parse(const char *text, long *day);

/* Writes day number `day` as "YYYY-MM-DD" into buf (11 bytes). */
void med__date_format(long day, char buf[11]);

/* Whether day number `day` is one med__date_parse gives (a day of the years 1900-2199). */
int med__date_readable(long day);

/* Days since 1970-01-01 of year y, month m (1-12), day d (1-31), without range checks. */
long med__date_from_civil(long y, int m, int d);

#endif
