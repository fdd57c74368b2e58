/* Filling med_error values: one place, so every message has the same shape. Internal. */
#ifndef MED_ERROR_H
#define MED_ERROR_H
#include "med.h"

/* Fills `e` (which may be NULL) and returns `code`, so callers can `return med__fail(...)`.
 * `source` and `text` may be NULL; `text` is shortened to fit. */
med_status med__fail(med_error *e, med_status code, const char *source, int line, int column,
                     const char *text, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Clears `e` (which may be NULL) to "no error". */
void med__error_clear(med_error *e);

/* Copies `src` into `dst` (capacity `cap`), truncating with "..." when it does not fit. */
void med__copy_text(char *dst, size_t cap, const char *src, size_t len);

#endif
