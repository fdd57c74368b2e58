/* From a med_input (text fields) to a checked med_dose: drug, form, factor entry, strength in
 * the factor's unit, and units per day. Every refusal says what was expected. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compute/calc_private.h"
#include "compute/liquid.h"
#include "common/error.h"
#include "common/hints.h"
#include "tables/units.h"

/* Documented input ranges: anything outside is a located error, never a guess. */
#define MAX_STRENGTH 100000
#define MAX_QUANTITY 100000
#define MAX_DAYS 3660
#define MAX_DOSES_PER_DAY 96
#define MAX_UNITS_PER_DOSE 1000
#define MAX_EVERY_HOURS 2160
/* The shortest interval: a quarter hour is MAX_DOSES_PER_DAY doses a day. A shorter one is
 * the same implausible schedule as "100 times a day", written as an interval. */
#define MIN_EVERY_HOURS ((med_q){1, 4})

void med__result_error(med__result *out, med_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
    out->status = MED_RESULT_ERROR;
    out->error.code = code;
    snprintf(out->error.message, sizeof out->error.message, "%s", out->message);
}

/* The errors of a number field, kept out of line: the usual numbers need neither, and their
 * readers then need no stack frame for the message. */
MED__COLD static int not_a_number(med__result *out, const char *name, const char *text)
{
    med__result_error(out, MED_ERR_SYNTAX,
                      "%s '%s' is not a plain number (expected digits such as 30 or 7.5)", name,
                      text);
    return -1;
}

MED__COLD static int out_of_range(med__result *out, const char *name, const char *text,
                                  int64_t max)
{
    med__result_error(out, MED_ERR_RANGE, "%s '%s' is out of range: expected more than 0 "
                                          "and at most %lld", name, text, (long long)max);
    return -1;
}

MED__COLD static int interval_too_short(med__result *out, const char *text)
{
    med__result_error(out, MED_ERR_RANGE, "interval (hours) '%s' is out of range: expected at "
                                          "least 0.25 (at most %d doses a day) and at most %d",
                      text, MAX_DOSES_PER_DAY, MAX_EVERY_HOURS);
    return -1;
}

/* An interval given under a quarter hour is refused. Whole hours are at least 1, so only a
 * fraction needs the comparison. */
static inline int check_interval(med__result *out, const char *text, med_q every_hours)
{
    if (med__q_absent(every_hours) || every_hours.den == 1 ||
        med__q_cmp(every_hours, MIN_EVERY_HOURS) >= 0)
        return 0;
    return interval_too_short(out, text);
}

/* check_range for a fraction ("7.5"): compared with the bound as fractions. */
static int fraction_in_range(med__result *out, const char *name, const char *text, int64_t max,
                             const med_q *q)
{
    if (med__q_sign(*q) > 0 && med__q_cmp(*q, med__q_int(max)) <= 0)
        return 0;
    return out_of_range(out, name, text, max);
}

/* `q`, read from the field `text`, in (0, max]; else -1 with the range error. Most fields are
 * whole numbers: those compare with the bound as integers, here, without a call. */
static inline int check_range(med__result *out, const char *name, const char *text,
                              int64_t max, const med_q *q)
{
    if (q->den != 1)
        return fraction_in_range(out, name, text, max, q);
    return q->num > 0 && q->num <= max ? 0 : out_of_range(out, name, text, max);
}

/* A decimal field, as the door read it (`value`, absent unless a plain decimal), into
 * (0, max]; a field not `given` (empty) stays absent. */
static inline int number(med__result *out, const char *name, const char *text, med_q value,
                         int given, int64_t max, med_q *q)
{
    *q = value;
    if (!given)
        return 0;
    if (med__q_absent(value))
        return not_a_number(out, name, text);
    return check_range(out, name, text, max, q);
}

/* The same for a text the door did not read (a part of a list of strengths). */
static int read_number(med__result *out, const char *name, const char *text, int64_t max,
                       med_q *q)
{
    med_q value = {0, 0};
    (void)med__q_parse(text, strlen(text), &value);
    return number(out, name, text, value, text[0] != '\0', max, q);
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The form: from the form column, from words in the drug name, or from a mcg/hr unit. */
static int choose_form(const med_table *t, const med_input *in, med_dose *d, med__result *out)
{
    const char *named = d->drug.form, *column = NULL;
    if (in->form[0]) {
        column = med__vocab_form(t->vocab, in->form);
        if (column == NULL) {
            med__result_error(out, MED_ERR_INVALID,
                              "unknown form '%s': expected e.g. tablet, patch, buccal, film, "
                              "nasal spray, oral solution", in->form);
            return -1;
        }
        if (column[0] == '\0')
            column = NULL;
    }
    if (named && column && !same(named, column) && !same(column, "oral")) {
        med__result_error(out, MED_ERR_INVALID, "the drug '%s' says %s but the form says %s",
                          in->drug, named, column);
        return -1;
    }
    const char *form = named ? named : column;
    d->form = same(form, "oral") || same(form, "rectal") ? NULL : form;
    return 0;
}

/* A unit list beside a list of strengths ("mg/1; mg/1"): the opioid's unit by its position,
 * into `r`. 0; 1 when it is no unit we know; -1 with the error in `out` when the list does not
 * fit the drug's ingredients. */
MED__OUT_OF_LINE static int read_unit_list(const med_input *in, const med_dose *d, int parts,
                                           med_unit_read *r, med__result *out)
{
    char one[MED_UNIT_TEXT_MAX], first[MED_UNIT_TEXT_MAX];
    int want = parts == d->drug.component_count ? d->drug.component_index : 0;
    med_unit_read a, b;
    if (med__unit_part(in->unit, want, one, sizeof one) != 0)
        return 1;
    for (int i = 0; parts != d->drug.component_count && i < parts; i++)
        if (med__unit_part(in->unit, i, first, sizeof first) != 0 ||
            med__unit_read(first, &a) != 0 || med__unit_read(one, &b) != 0 ||
            a.base != b.base || med__q_cmp(a.scale, b.scale) != 0 ||
            med__q_absent(a.per_ml) != med__q_absent(b.per_ml) ||
            (!med__q_absent(a.per_ml) && med__q_cmp(a.per_ml, b.per_ml) != 0)) {
            med__result_error(out, MED_ERR_INVALID,
                              "unit list '%s' has %d parts but '%s' has %d ingredients, and "
                              "its units differ: give one unit per ingredient", in->unit,
                              parts, in->drug, d->drug.component_count);
            return -1;
        }
    return med__unit_read(one, r) != 0;
}

/* The unit that goes with the opioid: one unit ("mg/1", "MG/HR", "MCG/SPRAY", "mg/5 mL"), or
 * a list of them beside a list of strengths ("mg/1; mg/1"), the opioid's taken by position. The
 * scale takes a strength into d->unit (1000 for MG/HR, read as mcg/hr). See tables/units.c.
 * Most units are one ("mg") and are read at once: a text that reads as one unit is no list,
 * since no unit holds the ';' that separates a list's parts. */
static int read_unit(const med_input *in, med_dose *d, med_q *per_ml, med_q *scale,
                     med__result *out)
{
    med_unit_read r;
    if (med__unit_read(in->unit, &r) != 0) {
        int parts = med__unit_parts(in->unit);
        int rc = parts > 1 ? read_unit_list(in, d, parts, &r, out) : 1;
        if (rc < 0)
            return -1;
        if (rc > 0)
            goto bad;
    }
    d->unit = r.base;
    *scale = r.scale;
    *per_ml = r.per_ml;
    if (d->unit == MED_UNIT_MCG_HR && !med__q_absent(*per_ml))
        goto bad;
    return 0;
bad:
    med__result_error(out, MED_ERR_INVALID,
                      "unknown unit '%s': expected mg, mcg (ug), mcg/hr (ug/h, MG/HR), mg/mL, "
                      "mg/5 mL, or per unit (mg/1, MCG/SPRAY, MG/ACTUAT)", in->unit);
    return -1;
}

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A strength of one part that med__strength_part would copy unchanged (no blanks to trim, short
 * enough to fit), so it can be read where it is: the usual "10". */
static int whole_part(const char *strength)
{
    size_t len = strlen(strength);
    return len > 0 && len < MED_UNIT_MAX && !blank(strength[0]) && !blank(strength[len - 1]);
}

/* Picks the opioid's strength out of "10/325" or "325; 10" by the component's position in the
 * name it is written beside (a substance list "ACETAMINOPHEN; HYDROCODONE BITARTRATE" puts the
 * hydrocodone second, as FDA lists strengths). */
static int read_strength(const med__fields *f, med_dose *d, med__result *out)
{
    const med_input *in = &f->text;
    /* A plain number (the usual "10") is one part with nothing to trim: read at the door. */
    if (!med__q_absent(f->strength))
        return number(out, "strength", in->strength, f->strength, 1, MAX_STRENGTH, &d->strength);
    int parts = med__strength_parts(in->strength);
    if (parts > 1 && parts != d->drug.component_count) {
        med__result_error(out, MED_ERR_INVALID,
                          "strength '%s' has %d parts but '%s' has %d ingredients", in->strength,
                          parts, in->drug, d->drug.component_count);
        return -1;
    }
    if (parts == 1 && whole_part(in->strength))
        return read_number(out, "strength", in->strength, MAX_STRENGTH, &d->strength);
    int want = parts > 1 ? d->drug.component_index : 0;
    char one[MED_UNIT_MAX];
    if (med__strength_part(in->strength, want, one, sizeof one) != 0) {
        med__result_error(out, MED_ERR_LIMIT, "strength '%.40s...' is longer than %d characters",
                          in->strength, MED_UNIT_MAX - 1);
        return -1;
    }
    if (one[0] == '\0') {
        med__result_error(out, MED_ERR_INVALID, "no strength given for %s", in->drug);
        return -1;
    }
    return read_number(out, "strength", one, MAX_STRENGTH, &d->strength);
}

/* Which basis the method asks for, when the input gives both: the clinical method reads the
 * schedule, the supply method the supply; AUTO the supply. With one basis, that one. */
static int use_supply(med_method method, int has_supply, int has_schedule)
{
    if (!has_supply || !has_schedule)
        return has_supply;
    return method != MED_METHOD_CLINICAL;
}

/* Units per day from the supply (quantity / days) or the schedule (per dose x doses a day). */
static int read_basis(const med__fields *f, med_method method, med_dose *d, med__result *out)
{
    const med_input *in = &f->text;
    med_q per_dose, doses;
    /* The members of the basis a schedule or a supply leaves unsaid stay absent. */
    d->supply = 0;
    d->units_per_day = d->per_dose = d->doses = (med_q){0, 0};
    unsigned given = f->given;
    if (number(out, "quantity", in->quantity, f->quantity, given & MED__GIVEN_QUANTITY,
               MAX_QUANTITY, &d->quantity) ||
        number(out, "days_supply", in->days_supply, f->days_supply,
               given & MED__GIVEN_DAYS_SUPPLY, MAX_DAYS, &d->days) ||
        number(out, "units per dose", in->units_per_dose, f->units_per_dose,
               given & MED__GIVEN_UNITS_PER_DOSE, MAX_UNITS_PER_DOSE, &per_dose) ||
        number(out, "doses per day", in->doses_per_day, f->doses_per_day,
               given & MED__GIVEN_DOSES_PER_DAY, MAX_DOSES_PER_DAY, &doses) ||
        number(out, "interval (hours)", in->every_hours, f->every_hours,
               given & MED__GIVEN_EVERY_HOURS, MAX_EVERY_HOURS, &d->every_hours) ||
        check_interval(out, in->every_hours, d->every_hours))
        return -1;
    d->prn = in->prn != 0;
    int has_supply = !med__q_absent(d->quantity) || !med__q_absent(d->days);
    int has_schedule = !med__q_absent(doses) || !med__q_absent(d->every_hours);
    if (use_supply(method, has_supply, has_schedule)) {
        if (med__q_absent(d->quantity) || med__q_absent(d->days)) {
            med__result_error(out, MED_ERR_INVALID, "a supply needs both quantity and "
                                                    "days_supply");
            return -1;
        }
        d->supply = 1;
        return med__q_div(d->quantity, d->days, &d->units_per_day);
    }
    if (med__q_absent(per_dose))
        per_dose = med__q_int(1);
    if (!med__q_absent(doses) && !med__q_absent(d->every_hours) && d->unit != MED_UNIT_MCG_HR) {
        med__result_error(out, MED_ERR_INVALID, "give doses per day or an interval, not both");
        return -1;
    }
    if (med__q_absent(doses) && !med__q_absent(d->every_hours) &&
        med__q_div(med__q_int(24), d->every_hours, &doses) != 0)
        return -1;
    if (med__q_absent(doses)) {
        if (d->unit == MED_UNIT_MCG_HR) {
            d->per_dose = per_dose; /* patches worn together count under any method */
            return 0; /* a patch needs no schedule under the clinical method */
        }
        med__result_error(out, MED_ERR_INVALID,
                          "no frequency: give doses per day or an interval (q6h, bid), or a "
                          "quantity and days supply");
        return -1;
    }
    d->per_dose = per_dose;
    d->doses = doses;
    return med__q_mul(per_dose, doses, &d->units_per_day);
}

/* Names the forms a table does list for an ingredient, for the error message. */
static void listed_forms(const med_table *t, const char *ingredient, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->factor_count && used < cap; i++)
        if (strcmp(t->factors[i].ingredient, ingredient) == 0)
            used += (size_t)snprintf(buf + used, cap - used, "%s%s", used ? ", " : "",
                                     t->factors[i].form ? t->factors[i].form : "oral");
}

/* Where `t` lists the dose's ingredient and form: its factor entry, exclusion or absence.
 * `rows` are the ingredient's rows in `t` when the name's look-up found them, else NULL. An
 * oral dose's listing was found when the table loaded. */
static inline med_listing look_up(const med_table *t, const med_dose *d,
                                  const med_ingredient_rows *rows)
{
    if (rows == NULL)
        rows = med__table_rows(t, d->drug.ingredient);
    if (d->form == NULL)
        return rows->oral;
    return med__table_listing(t, rows, d->drug.ingredient, d->form);
}

/* The "no factor" error for a table that lists the drug as absent or not at all; `also` ends
 * it (what the fallback said, or ""). */
static void no_factor(const med_table *t, const med_dose *d, med_listing k, const char *also,
                      med__result *out)
{
    const char *ing = d->drug.ingredient;
    char forms[160];
    if (k.kind == MED_ABSENT) {
        med__result_error(out, MED_ERR_NO_FACTOR, "table %s has no factor for %s: %s%s", t->name,
                          ing, ((const med_absence *)k.what)->note, also);
        return;
    }
    listed_forms(t, ing, forms, sizeof forms);
    if (forms[0])
        med__result_error(out, MED_ERR_NO_FACTOR,
                          "table %s has no factor for %s in form %s (it lists: %s)%s", t->name,
                          ing, d->form ? d->form : "oral", forms, also);
    else
        med__result_error(out, MED_ERR_NO_FACTOR, "table %s has no factor for %s%s", t->name, ing,
                          also);
}

/* The result of a dose whose factor `t` (and its fallback) does not list: excluded, or the
 * "no factor" error. Out of line: most doses are listed, and need none of its texts. */
MED__OUT_OF_LINE static int not_listed(const med_table *t, const med_dose *d, med_listing k,
                                       med__result *out)
{
    if (k.kind == MED_EXCLUDED) {
        const med_exclusion *x = k.what;
        out->status = MED_RESULT_EXCLUDED;
        out->factor_table = d->source->name; /* which table excluded it (not a public text) */
        if (d->source == t)
            snprintf(out->message, sizeof out->message, "%s excludes %s: %s", t->name,
                     d->drug.ingredient, x->reason);
        else
            snprintf(out->message, sizeof out->message, "%s has no factor for %s and its "
                     "fallback %s excludes it: %s", t->name, d->drug.ingredient,
                     t->fallback->name, x->reason);
        return -1;
    }
    char also[200] = "";
    if (t->fallback)
        snprintf(also, sizeof also, "; nor does its fallback table %s", t->fallback->name);
    no_factor(t, d, k, also, out);
    return -1;
}

/* Excluded (status excluded), absent (error quoting the table's note), or the factor entry.
 * Where `t` has no factor and a fallback, the fallback's listing decides (a drug `t` excludes
 * stays excluded): its factor, its exclusion, or the error naming both tables. `rows`: as
 * look_up's, in `t`. */
static int find_factor(const med_table *t, med_dose *d, const med_ingredient_rows *rows,
                       med__result *out)
{
    med_listing k = look_up(t, d, rows);
    d->source = t;
    if ((k.kind == MED_ABSENT || k.kind == MED_UNLISTED) && t->fallback) {
        med_listing fk = look_up(t->fallback, d, NULL);
        if (fk.kind == MED_LISTED || fk.kind == MED_EXCLUDED) {
            d->source = t->fallback;
            k = fk;
        }
    }
    if (k.kind == MED_LISTED) {
        d->factor = k.what;
        return 0;
    }
    return not_listed(t, d, k, out);
}

/* Converts the strength into the factor's unit: mg <-> mcg, a liquid's per-volume amount. */
static int convert_strength(med_dose *d, med_q per_ml, const med_input *in, med__result *out)
{
    med_unit want = d->factor->unit;
    if ((want == MED_UNIT_MCG_HR) != (d->unit == MED_UNIT_MCG_HR)) {
        med__result_error(out, MED_ERR_INVALID, "%s %s is given in %s but the table's factor "
                                                "is per %s",
                          d->drug.ingredient, d->form ? d->form : "oral", in->unit,
                          med__unit_name(want));
        return -1;
    }
    int rc = 0;
    if (!med__q_absent(per_ml))
        rc = med__q_div(d->strength, per_ml, &d->strength);
    if (rc == 0 && want == MED_UNIT_MG && d->unit == MED_UNIT_MCG)
        rc = med__q_div(d->strength, med__q_int(1000), &d->strength);
    if (rc == 0 && want == MED_UNIT_MCG && d->unit == MED_UNIT_MG)
        rc = med__q_mul(d->strength, med__q_int(1000), &d->strength);
    d->unit = want;
    return rc;
}

/* The drug's name, resolved in `t`'s vocabulary; *rows its ingredient's rows in `t` when the
 * name was one the table has them for, else NULL. */
static int resolve(const med_table *t, const med__fields *f, med_dose *d,
                   const med_ingredient_rows **rows, med__result *out)
{
    size_t entry;
    if (med__vocab_resolve_len(t->vocab, f->text.drug, f->drug_len, &d->drug, &entry,
                               &out->error) != MED_OK) {
        out->status = MED_RESULT_ERROR;
        snprintf(out->message, sizeof out->message, "%s", out->error.message);
        return -1;
    }
    *rows = entry != MED_VOCAB_NO_ENTRY ? t->entry_rows[entry] : NULL;
    out->ingredient = d->drug.ingredient;
    out->drug_class = d->drug.drug_class;
    if (!d->drug.opioid) {
        out->status = MED_RESULT_NOT_OPIOID;
        snprintf(out->message, sizeof out->message, "%s is classified %s, not an opioid: no MME",
                 d->drug.ingredient, d->drug.drug_class);
        return -1;
    }
    return 0;
}

/* A claims row (quantity and days supply) whose form column names an oral liquid must give a
 * strength per volume: "oxycodone,5,mg,solution,100,10" read per unit would count 5 mg in each
 * of 100 mL. (A regimen's "10 mg" of a solution is a dose, so regimens are not asked.) */
static int liquid_not_per_volume(const med__fields *f, const med_dose *d, med_q per_ml,
                                 med__result *out)
{
    const med_input *in = &f->text;
    char liquid[32];
    unsigned basis = f->given & (MED__GIVEN_QUANTITY | MED__GIVEN_DAYS_SUPPLY |
                                 MED__GIVEN_DOSES_PER_DAY | MED__GIVEN_EVERY_HOURS);
    int claims = basis == (MED__GIVEN_QUANTITY | MED__GIVEN_DAYS_SUPPLY);
    if (!claims || d->form != NULL || !med__q_absent(per_ml) || d->unit == MED_UNIT_MCG_HR ||
        !med__names_liquid(in->form, liquid, sizeof liquid))
        return 0;
    med__result_error(out, MED_ERR_INVALID, "the form '%s' is a liquid but the unit '%s' is not "
                                            "per volume: expected e.g. mg/mL or mg/5 mL",
                      in->form, in->unit);
    return -1;
}

int med__dose_prepare(const med_table *t, const med__fields *f, med_method method,
                      med_dose *d, med__result *out)
{
    const med_input *in = &f->text;
    const med_ingredient_rows *rows;
    med_q per_ml, scale;
    /* No memset of `d`: each step below sets the members it reads, and a dose is used only
     * when every step has succeeded. */
    if (resolve(t, f, d, &rows, out) || choose_form(t, in, d, out))
        return -1;
    if (in->unit[0] == '\0') {
        med__result_error(out, MED_ERR_INVALID, "no unit given: expected mg, mcg, mcg/hr or mg/mL");
        return -1;
    }
    if (read_unit(in, d, &per_ml, &scale, out))
        return -1;
    if (liquid_not_per_volume(f, d, per_ml, out))
        return -1;
    if (d->unit == MED_UNIT_MCG_HR && d->form == NULL)
        d->form = "patch";
    out->form = d->form ? d->form : "oral";
    if (find_factor(t, d, rows, out) || read_strength(f, d, out))
        return -1;
    /* Most units ("mg", "mcg") scale by 1: nothing to multiply */
    if ((scale.num != 1 || scale.den != 1) && med__q_mul(d->strength, scale, &d->strength) != 0) {
        med__result_error(out, MED_ERR_RANGE, "numbers too large to compute exactly");
        return -1;
    }
    char implausible[600];
    if (med__dose_strength_checked(f, d) &&
        med__dose_check_strength(t, f, d, per_ml, implausible, sizeof implausible)) {
        med__result_error(out, MED_ERR_RANGE, "%s", implausible);
        return -1;
    }
    if (convert_strength(d, per_ml, in, out))
        return -1;
    if (read_basis(f, method, d, out) != 0) {
        if (out->status != MED_RESULT_ERROR)
            med__result_error(out, MED_ERR_RANGE, "numbers too large to compute exactly");
        return -1;
    }
    return 0;
}
