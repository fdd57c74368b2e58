/* The table's sections (factors, exclusions, thresholds): YAML tree -> arrays. Internal. */
#ifndef MED_TABLE_READ_H
#define MED_TABLE_READ_H
#include "tables/schema.h"
#include "tables/table_private.h"

med_status med__table_read_factors(const med_schema_ctx *c, const med_ynode *root, med_table *t);
med_status med__table_read_exclusions(const med_schema_ctx *c, const med_ynode *root,
                                      med_table *t);
med_status med__table_read_thresholds(const med_schema_ctx *c, const med_ynode *root,
                                      med_table *t);

#endif
