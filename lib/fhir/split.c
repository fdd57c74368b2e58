/* Split doses in FHIR: several Dosage entries of one request given together, their daily
 * amounts added (see med__fhir_split in fhir_private.h). */
#include <stdio.h>
#include <string.h>

#include "fhir/fhir_private.h"

/* The order's uses a day as its buffer now says (doses_per_day, or 24 / every_hours). */
static int per_day(const med__input_buf *b, med_q *out)
{
    med_q h;
    if (b->doses_per_day[0])
        return med__q_parse(b->doses_per_day, strlen(b->doses_per_day), out);
    if (med__q_parse(b->every_hours, strlen(b->every_hours), &h) != 0 || med__q_sign(h) <= 0)
        return -1;
    return med__q_div(med__q_int(24), h, out);
}

/* One entry's daily amount of the opioid, in `unit` (set by the first entry). */
static med_status entry_daily(med__dosage_ctx *c, const med_ynode *e, char *unit, size_t cap,
                              med_q *daily)
{
    const med__input_buf *b = &c->order->buf;
    if (strstr(b->unit, "mL") || strstr(b->unit, "/hr") || strcmp(b->form, "patch") == 0)
        return med__fhir_fail(c, e, MED_ERR_INVALID, "split doses of a patch or a liquid are "
                              "not read: send one Dosage");
    if (unit[0] == '\0')
        snprintf(unit, cap, "%s", b->unit);
    if (strcmp(unit, b->unit) != 0)
        return med__fhir_fail(c, e, MED_ERR_INVALID, "split doses in %s and %s: give them in "
                              "one unit", unit, b->unit);
    med_q strength = {0, 0}, units, uses;
    if (!c->mass_dose || c->kept_strength)
        strength = med__fhir_opioid_strength(c, unit);
    else if (med__q_parse(b->strength, strlen(b->strength), &strength) != 0)
        strength.num = strength.den = 0; /* the dose itself; always a decimal we wrote */
    if (med__q_absent(strength) ||
        med__q_parse(b->units_per_dose, strlen(b->units_per_dose), &units) != 0 ||
        per_day(b, &uses) != 0 || med__q_mul(strength, units, daily) != 0 ||
        med__q_mul(*daily, uses, daily) != 0)
        return med__fhir_fail(c, e, MED_ERR_INVALID, "this dose's daily amount of the opioid "
                              "cannot be told");
    return MED_OK;
}

/* Entries taken together share their sequence number (or have none). */
static med_status same_sequence(med__dosage_ctx *c, const med_ynode *list)
{
    const med_ynode *first = med__ymap_get(list->first, "sequence");
    for (const med_ynode *e = list->first->next; e; e = e->next) {
        const med_ynode *q = e->kind == MED_Y_MAPPING ? med__ymap_get(e, "sequence") : NULL;
        if ((first == NULL) != (q == NULL) ||
            (first && (q->kind != MED_Y_SCALAR || first->kind != MED_Y_SCALAR ||
                       strcmp(first->value, q->value) != 0)))
            return med__fhir_fail(c, q ? q : e, MED_ERR_INVALID, "dosageInstruction entries with "
                                  "different sequence numbers follow one another: which is "
                                  "current is not known; send the current one");
    }
    return MED_OK;
}

/* The sum back into the buffer: units of the product a day when that is exact, else the
 * opioid's amount a day as one dose. */
static med_status set_sum(med__dosage_ctx *c, const med_ynode *list, const med__input_buf *base,
                          const char *unit, med_q sum, int prn)
{
    med__input_buf *b = &c->order->buf;
    *b = *base;
    b->prn = prn;
    c->per_unit.num = c->per_unit.den = 0;
    med_q strength = med__fhir_opioid_strength(c, unit), units;
    snprintf(b->doses_per_day, sizeof b->doses_per_day, "1");
    if (!med__q_absent(strength) && med__q_div(sum, strength, &units) == 0 &&
        med__fhir_exact(units, b->units_per_dose, sizeof b->units_per_dose) == 0) {
        c->mass_dose = 0;
        return MED_OK;
    }
    c->mass_dose = 1;
    c->kept_strength = 0;
    snprintf(b->unit, sizeof b->unit, "%s", unit);
    snprintf(b->units_per_dose, sizeof b->units_per_dose, "1");
    if (med__fhir_exact(sum, b->strength, sizeof b->strength) != 0)
        return med__fhir_fail(c, list, MED_ERR_RANGE, "the split doses' daily amount has no "
                              "exact decimal form");
    return MED_OK;
}

med_status med__fhir_split(med__dosage_ctx *c, const med_ynode *list)
{
    med__fhir_order *o = c->order;
    med__input_buf base = o->buf;
    char read[sizeof o->read] = "", unit[MED_UNIT_MAX] = "", amount[40];
    med_q sum = med__q_int(0), daily;
    int prn = 0;
    med_status s = same_sequence(c, list);
    for (const med_ynode *e = list->first; s == MED_OK && e; e = e->next) {
        o->buf = base;
        o->read[0] = '\0';
        c->mass_dose = c->kept_strength = 0;
        s = med__fhir_dosage(c, e, NULL);
        if (s == MED_OK) s = entry_daily(c, e, unit, sizeof unit, &daily);
        if (s == MED_OK && med__q_add(sum, daily, &sum) != 0)
            s = med__fhir_fail(c, e, MED_ERR_RANGE, "the split doses are out of range");
        prn |= o->buf.prn;
        size_t n = strlen(read);
        snprintf(read + n, sizeof read - n, "%s%s", n ? " + " : "", o->read);
    }
    if (s != MED_OK)
        return s;
    s = set_sum(c, list, &base, unit, sum, prn);
    med__q_format(sum, 4, amount, sizeof amount);
    snprintf(o->read, sizeof o->read, "%s = %s %s a day, taken together", read, amount, unit);
    return s;
}
