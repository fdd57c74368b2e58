/* Is a combination's opioid strength one that exists? Strengths are matched to the names by
 * position ("hydrocodone/acetaminophen 10/325"); written in another order ("325/10", as FDA
 * lists strengths in alphabetical substance order) the opioid would silently get 325 mg. So in a
 * product of several ingredients the opioid's strength per unit (per mL for liquids) must lie
 * in the range CDC's NDC list knows for that ingredient and form (vocabulary.yaml,
 * strength_ranges), with slack: from half the smallest to twice the largest. Outside, the row
 * is an error that names the strength and, when another part would fit, the one it looks
 * swapped with. A single ingredient is checked only on a claims row (quantity and days supply,
 * strength per unit dispensed), within ten times either way (check_single): in a regimen its
 * "strength" is often the dose ("methadone 120 mg daily"). Ingredients and forms the list does
 * not know are not checked. */
#include <stdio.h>
#include <string.h>

#include "common/hints.h"
#include "compute/calc_private.h"
#include "tables/units.h"

/* The checks are kept out of med__dose_check_strength, so that the usual dose (one
 * ingredient, not a claims row) is answered without a frame for their messages. */

#define SLACK 2
#define SINGLE_SLACK 10

/* `q` (per unit, in `unit`, divided by `per_ml` when present) in the range's unit. */
static int in_range_unit(med_q q, med_unit unit, med_q per_ml, const med_strength_range *r,
                         med_q *out)
{
    int rc = 0;
    if (!med__q_absent(per_ml))
        rc = med__q_div(q, per_ml, &q);
    int want_hr = strcmp(r->unit, "mcg/hr") == 0;
    if ((unit == MED_UNIT_MCG_HR) != want_hr)
        return -1;
    if (rc == 0 && unit == MED_UNIT_MCG && strcmp(r->unit, "mg") == 0)
        rc = med__q_div(q, med__q_int(1000), &q);
    if (rc == 0 && unit == MED_UNIT_MG && strcmp(r->unit, "mcg") == 0)
        rc = med__q_mul(q, med__q_int(1000), &q);
    *out = q;
    return rc;
}

/* Accepted bounds: [min / SLACK, max x SLACK]. */
static int bounds(const med_strength_range *r, med_q *lo, med_q *hi)
{
    return med__q_div(r->min, med__q_int(SLACK), lo) || med__q_mul(r->max, med__q_int(SLACK), hi);
}

static int fits(med_q v, med_q lo, med_q hi)
{
    return med__q_cmp(v, lo) >= 0 && med__q_cmp(v, hi) <= 0;
}

/* The part of "325/10" or "325; 10" (other than `skip`) whose value would fit, or -1. */
static int fitting_part(const char *strength, int skip, med_unit unit, med_q per_ml,
                        const med_strength_range *r, med_q lo, med_q hi, char *text, size_t cap)
{
    int n = med__strength_parts(strength);
    for (int i = 0; i < n; i++) {
        char p[32];
        med_q q, v;
        if (i != skip && med__strength_part(strength, i, p, sizeof p) == 0 &&
            med__q_parse(p, strlen(p), &q) == 0 && med__q_sign(q) > 0 &&
            in_range_unit(q, unit, per_ml, r, &v) == 0 && fits(v, lo, hi)) {
            snprintf(text, cap, "%s", p);
            return i;
        }
    }
    return -1;
}

static void swapped(const med_table *t, const med_input *in, const med_dose *d, med_q per_ml,
                    const med_strength_range *r, med_q lo, med_q hi, const char *said,
                    char *msg, size_t cap)
{
    const char *names[MED_MAX_COMPONENTS] = {0};
    med_resolved parts;
    med_error ignored;
    char other[32];
    int k = fitting_part(in->strength, d->drug.component_index, d->unit, per_ml, r, lo, hi,
                         other, sizeof other);
    if (k >= 0 && med__vocab_resolve_parts(t->vocab, in->drug, &parts, names, &ignored) == MED_OK
        && k < parts.component_count) {
        snprintf(msg, cap, "%s; the strengths look swapped: %s (given for %s) would fit. Write "
                           "them in the order of the names in '%s'", said, other, names[k],
                 in->drug);
        return;
    }
    snprintf(msg, cap, "%s; check the strength, its unit and the order of the strengths "
                       "against the names in '%s'", said, in->drug);
}


/* Which unit a single ingredient's strength `v` (in the range's unit) looks to be wrong by:
 * a thousand times off is mg written for mcg or mcg for mg. */
static const char *unit_hint(med_q v, med_q lo, med_q hi)
{
    med_q k;
    if (med__q_div(v, med__q_int(1000), &k) == 0 && fits(k, lo, hi))
        return "; the unit looks wrong: read as micrograms (mcg) rather than milligrams it "
               "would fit";
    if (med__q_mul(v, med__q_int(1000), &k) == 0 && fits(k, lo, hi))
        return "; the unit looks wrong: read as milligrams (mg) rather than micrograms it "
               "would fit";
    return "; check the strength and its unit";
}

/* One ingredient on a claims row (strength per unit dispensed): beyond ten times the largest or
 * below a tenth of the smallest strength CDC's 2018 NDC list has for the ingredient and form is
 * not a product that exists ("fentanyl 25 mg/hr" patch, "oxycodone 5 mcg" tablet: 1000 times
 * off). Wider than a combination's slack: a single ingredient cannot be swapped, only
 * mis-united, and newer products may lie outside 2018's range. */
MED__OUT_OF_LINE static int check_single(const med_table *t, const med_input *in,
                                          const med_dose *d, med_q per_ml, char *msg,
                                          size_t cap)
{
    const char *form = d->form ? d->form : "oral";
    const med_strength_range *r = med__vocab_strength_range(t->vocab, d->drug.ingredient, form,
                                                            !med__q_absent(per_ml), 0);
    med_q v, lo, hi;
    if (r == NULL || in_range_unit(d->strength, d->unit, per_ml, r, &v) != 0 ||
        med__q_div(r->min, med__q_int(SINGLE_SLACK), &lo) != 0 ||
        med__q_mul(r->max, med__q_int(SINGLE_SLACK), &hi) != 0 || fits(v, lo, hi))
        return 0;
    char value[32], low[32], high[32];
    med__q_format(v, 4, value, sizeof value);
    med__q_format(lo, 4, low, sizeof low);
    med__q_format(hi, 4, high, sizeof high);
    const char *per = r->per_ml                         ? "/mL"
                      : strcmp(r->unit, "mcg/hr") == 0 ? " per patch"
                                                       : " per unit";
    snprintf(msg, cap, "strength '%s %s' gives %s %s %s%s, outside %s-%s %s%s (a tenth to ten "
                       "times the %s-%s %s that CDC's 2018 NDC list has for %s %s)%s",
             in->strength, in->unit, d->drug.ingredient, value, r->unit, per, low, high,
             r->unit, per, r->min_text, r->max_text, r->unit, d->drug.ingredient, form,
             unit_hint(v, lo, hi));
    return -1;
}

/* A combination's opioid strength against the range for the ingredient in combinations. */
MED__OUT_OF_LINE static int check_combination(const med_table *t, const med_input *in,
                                               const med_dose *d, med_q per_ml, char *msg,
                                               size_t cap)
{
    const char *form = d->form ? d->form : "oral";
    const med_strength_range *r = med__vocab_strength_range(t->vocab, d->drug.ingredient, form,
                                                            !med__q_absent(per_ml), 1);
    med_q v, lo, hi;
    if (r == NULL || in_range_unit(d->strength, d->unit, per_ml, r, &v) != 0 ||
        bounds(r, &lo, &hi) != 0 || fits(v, lo, hi))
        return 0;
    char value[32], low[32], high[32], said[400];
    med__q_format(v, 4, value, sizeof value);
    med__q_format(lo, 4, low, sizeof low);
    med__q_format(hi, 4, high, sizeof high);
    const char *per = r->per_ml                         ? "/mL"
                      : strcmp(r->unit, "mcg/hr") == 0 ? " per patch"
                                                       : " per unit";
    snprintf(said, sizeof said,
             "strength '%s' gives %s %s %s%s, outside %s-%s %s%s (half to twice the %s-%s %s "
             "that CDC's 2018 NDC list has for %s %s %s)", in->strength, d->drug.ingredient,
             value, r->unit, per, low, high, r->unit, per, r->min_text, r->max_text, r->unit,
             d->drug.ingredient, form, r->combination ? "in combinations" : "alone");
    if (med__strength_parts(in->strength) > 1)
        swapped(t, in, d, per_ml, r, lo, hi, said, msg, cap);
    else
        snprintf(msg, cap, "%s; check the strength and its unit", said);
    return -1;
}

int med__dose_check_strength(const med_table *t, const med__fields *f, const med_dose *d,
                             med_q per_ml, char *msg, size_t cap)
{
    if (d->drug.component_count >= 2)
        return check_combination(t, &f->text, d, per_ml, msg, cap);
    return med__dose_strength_checked(f, d) ? check_single(t, &f->text, d, per_ml, msg, cap) : 0;
}
