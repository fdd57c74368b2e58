/* Joining strings into a fixed buffer without printf's format parsing: the arithmetic line is
 * built for every computation, so it is on the hot path. Internal. */
#ifndef MED_TEXT_H
#define MED_TEXT_H
#include <stddef.h>

/* Writes the concatenation of the strings (the list ends with NULL) into buf, truncating to
 * cap - 1 bytes; always NUL-terminates when cap > 0. */
void med__join(char *buf, size_t cap, ...);

#endif
