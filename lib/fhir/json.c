/* Reading JSON values of a FHIR resource out of the YAML tree: strings must be JSON strings,
 * numbers JSON numbers (read exactly), and every failure is the order's, located. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "fhir/fhir_private.h"

med_status med__fhir_fail(const med__dosage_ctx *c, const med_ynode *node, med_status code,
                          const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *text = node && node->kind == MED_Y_SCALAR ? node->value : NULL;
    return med__fail(&c->order->error, code, c->source, node ? node->line : 0,
                     node ? node->column : 0, text, "%s", msg);
}

med_status med__fhir_string(const med__dosage_ctx *c, const med_ynode *map, const char *key,
                            const char **out)
{
    const med_ynode *v = map && map->kind == MED_Y_MAPPING ? med__ymap_get(map, key) : NULL;
    *out = NULL;
    if (v == NULL)
        return MED_OK;
    if (v->kind != MED_Y_SCALAR || !v->quoted)
        return med__fhir_fail(c, v, MED_ERR_INVALID, "%s must be a JSON string", key);
    *out = v->value;
    return MED_OK;
}

med_status med__fhir_number(const med__dosage_ctx *c, const med_ynode *map, const char *key,
                            int allow_zero, med_q *out, int *found)
{
    const med_ynode *v = map && map->kind == MED_Y_MAPPING ? med__ymap_get(map, key) : NULL;
    *found = 0;
    out->num = 0;
    out->den = 0;
    if (v == NULL)
        return MED_OK;
    if (v->kind != MED_Y_SCALAR || v->quoted)
        return med__fhir_fail(c, v, MED_ERR_INVALID, "%s must be a JSON number", key);
    int r = med__q_parse(v->value, v->length, out);
    if (r == -2)
        return med__fhir_fail(c, v, MED_ERR_RANGE, "%s '%s' has too many digits (at most 18)",
                              key, v->value);
    if (r != 0)
        return med__fhir_fail(c, v, MED_ERR_INVALID, "%s must be a plain decimal such as 10 or "
                              "2.5 (no sign or exponent), not '%s'", key, v->value);
    if (!allow_zero && med__q_sign(*out) <= 0)
        return med__fhir_fail(c, v, MED_ERR_RANGE, "%s must be greater than zero", key);
    *found = 1;
    return MED_OK;
}

int med__fhir_exact(med_q q, char *buf, size_t cap)
{
    char text[64];
    med_q back;
    med__q_format(q, 12, text, sizeof text);
    if (med__q_parse(text, strlen(text), &back) != 0 || med__q_cmp(back, q) != 0 ||
        strlen(text) >= cap)
        return -1;
    memcpy(buf, text, strlen(text) + 1);
    return 0;
}

