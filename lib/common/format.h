/* Text handed to a caller's buffer, snprintf-style. Internal. */
#ifndef MED_FORMAT_H
#define MED_FORMAT_H
#include <stddef.h>

/* Copies `text` into buf: returns strlen(text), writes nothing past `capacity` and
 * NUL-terminates when capacity > 0 (buf may be NULL when capacity is 0). */
size_t med__text_out(const char *text, char *buf, size_t capacity);

#endif
