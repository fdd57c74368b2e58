/* Reading a whole data file that a user names (a table, rules): refuses directories, devices
 * and oversized files with the reason. Internal. */
#ifndef MED_READFILE_H
#define MED_READFILE_H
#include <stddef.h>

#include "med.h"

/* The largest data file read whole: tables, rules, vocabularies and NDC lists alike. */
#define MED_FILE_MAX_BYTES (16u << 20)

/* On success *data is malloc'ed (free it) and holds *size bytes. */
med_status med__read_file(const char *path, char **data, size_t *size, med_error *error);

#endif
