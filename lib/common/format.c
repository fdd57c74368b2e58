/* Numbers and dates as text for callers: snprintf-style, so a caller can ask for the length
 * first. */
#include <string.h>

#include "common/dates.h"
#include "common/decimal.h"
#include "common/format.h"
#include "med.h"

size_t med__text_out(const char *text, char *buf, size_t capacity)
{
    size_t n = strlen(text);
    if (capacity > 0 && buf) {
        size_t k = n < capacity - 1 ? n : capacity - 1;
        memcpy(buf, text, k);
        buf[k] = '\0';
    }
    return n;
}

size_t med_hundredths_format(int64_t hundredths, char *buf, size_t capacity)
{
    char text[32];
    if (buf && capacity >= sizeof text) /* room for any value (the usual buffer): no copy */
        return med__hundredths_format(hundredths, buf, capacity);
    med__hundredths_format(hundredths, text, sizeof text);
    return med__text_out(text, buf, capacity);
}

size_t med_date_format(long day, char *buf, size_t capacity)
{
    char text[11];
    med__date_format(day, text);
    return med__text_out(text, buf, capacity);
}

med_status med_date_parse(const char *text, long *day)
{
    long d;
    if (text == NULL || med__date_parse(text, &d) != 0)
        return MED_ERR_INVALID;
    if (day)
        *day = d;
    return MED_OK;
}
