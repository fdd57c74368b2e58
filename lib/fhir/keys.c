/* The keys of a FHIR object: each one read, or known not to change the number and noted as
 * set aside; anything else stops the order, since it may change the dose. */
#include <stdio.h>
#include <string.h>

#include "fhir/fhir_private.h"

int med__fhir_in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

void med__fhir_note_ignored(med__dosage_ctx *c, const char *where, const char *key)
{
    char *t = c->order->ignored, item[96];
    size_t n = strlen(t);
    snprintf(item, sizeof item, "%s%s", where, key);
    for (const char *p = strstr(t, item); p; p = strstr(p + 1, item)) {
        size_t k = strlen(item);
        if ((p == t || p[-1] == ' ') && (p[k] == '\0' || p[k] == ','))
            return; /* named once */
    }
    if (n + 1 < sizeof c->order->ignored)
        snprintf(t + n, sizeof c->order->ignored - n, "%s%s%s", n ? ", " : "", where, key);
}

med_status med__fhir_check_keys(med__dosage_ctx *c, const med_ynode *map, const char *where,
                                const char *const *used, const char *const *ignored)
{
    if (map->kind != MED_Y_MAPPING)
        return med__fhir_fail(c, map, MED_ERR_INVALID, "%s must be a JSON object", where);
    for (const med_ynode *k = map->first; k; k = k->next->next) {
        if (med__fhir_in_list(k->value, used))
            continue;
        if (med__fhir_in_list(k->value, ignored)) {
            med__fhir_note_ignored(c, where, k->value);
            continue;
        }
        if (strcmp(k->value, "modifierExtension") == 0)
            return med__fhir_fail(c, k, MED_ERR_INVALID, "%smodifierExtension: a modifier this "
                                  "reader does not understand changes what the order means",
                                  where);
        return med__fhir_fail(c, k, MED_ERR_INVALID, "%s%s is not understood here: it may change "
                              "the dose, so the order is not computed", where, k->value);
    }
    return MED_OK;
}
