/* Reading a whole data file that a user names (a table, rules): refuses directories, devices
 * and oversized files with the reason. Internal. */
#ifndef MED_TABLEFILE_H
#define MED_TABLEFILE_H
#include <stddef.h>

#include "med.h"

/* On success *data is malloc'ed (free it) and holds *size bytes. */
med_status med__read_file(const char *path, char **data, size_t *size, med_error *error);

#endif
