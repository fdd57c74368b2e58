/* A FHIR R4 Dosage (with the request's dispenseRequest) into the numbers of a med_input: dose,
 * uses a day, as needed, a daily cap, and the supply. Nothing that would change the number is
 * passed over: a field we do not understand there is an error at its line and column. */
#include <stdio.h>
#include <string.h>

#include "fhir/fhir_private.h"

/* How a dose is counted: the drug's own amount, a volume of a liquid, or units of a product. */
typedef enum { DOSE_MASS, DOSE_VOLUME, DOSE_COUNT } dose_kind;

typedef struct dose {
    med_q value;        /* in mg (mass; mcg kept as mcg), mL, or units */
    dose_kind kind;
    const char *unit;   /* "mg", "mcg", "mL", or the count unit as written */
} dose;

/* Keys of a Dosage: those that feed the number, those that do not (listed as ignored). */
static const char *const DOSAGE_USED[] = {"timing", "asNeededBoolean", "asNeededCodeableConcept",
                                          "doseAndRate", "maxDosePerPeriod",
                                          "maxDosePerAdministration", NULL};
static const char *const DOSAGE_IGNORED[] = {"id", "extension", "sequence", "text",
                                             "additionalInstruction", "patientInstruction",
                                             "site", "route", "method", "maxDosePerLifetime",
                                             NULL};

static const struct { const char *unit; dose_kind kind; const char *as; int milli; } UNITS[] = {
    {"mg", DOSE_MASS, "mg", 0}, {"milligram", DOSE_MASS, "mg", 0},
    {"mcg", DOSE_MASS, "mcg", 0}, {"ug", DOSE_MASS, "mcg", 0}, {"microgram", DOSE_MASS, "mcg", 0},
    {"g", DOSE_MASS, "mg", 1}, {"ml", DOSE_VOLUME, "mL", 0}, {"milliliter", DOSE_VOLUME, "mL", 0},
};
static const char *const COUNT_UNITS[] = {
    "1", "{tbl}", "{tablet}", "{capsule}", "{patch}", "{film}", "{lozenge}", "{suppository}",
    "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "patch", "patches",
    "film", "films", "lozenge", "lozenges", "suppository", "suppositories", "troche", "each",
    "ea", "unit", "units", "spray", "sprays", "{spray}", NULL};

/* One unit spelling as a dose kind: the UNITS row (0..), -2 for a count, -1 unknown. */
static int unit_row(const char *u)
{
    char low[40];
    size_t n = strlen(u);
    if (n >= sizeof low)
        return -1;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)((u[i] >= 'A' && u[i] <= 'Z') ? u[i] + 32 : u[i]);
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++)
        if (strcmp(low, UNITS[i].unit) == 0)
            return (int)i;
    return med__fhir_in_list(low, COUNT_UNITS) ? -2 : -1;
}

/* Two rows name the same unit: both counts, or the same mass or volume at the same scale. */
static int same_unit(int a, int b)
{
    if (a == -2 || b == -2)
        return a == b;
    return UNITS[a].kind == UNITS[b].kind && strcmp(UNITS[a].as, UNITS[b].as) == 0 &&
           UNITS[a].milli == UNITS[b].milli;
}

/* A Quantity's unit: its code (UCUM) when given, else its unit text. When both are given and
 * both name a unit we know, they must name the same one: EHRs fill them apart, and a code that
 * says {tbl} beside a unit that says mg leaves the dose unknown (taking either would be a
 * guess, 5x off for a 5 mg tablet). */
static med_status quantity_kind(med__dosage_ctx *c, const med_ynode *q, const char *where,
                                dose *d)
{
    const char *code = NULL, *unit = NULL;
    med_status s = med__fhir_string(c, q, "code", &code);
    if (s == MED_OK) s = med__fhir_string(c, q, "unit", &unit);
    if (s != MED_OK)
        return s;
    const char *u = code ? code : unit;
    if (u == NULL)
        return med__fhir_fail(c, q, MED_ERR_INVALID, "%s has no unit (code or unit): a dose "
                              "without a unit cannot be read", where);
    int row = unit_row(u);
    if (row == -1)
        return med__fhir_fail(c, q, MED_ERR_INVALID, "%s unit '%s' is not one we know: give "
                              "mg, mcg, g, mL, or a count such as tablet, capsule or patch",
                              where, u);
    int text_row = code && unit ? unit_row(unit) : row;
    if (text_row != -1 && !same_unit(row, text_row))
        return med__fhir_fail(c, med__ymap_get(q, "code"), MED_ERR_INVALID, "%s unit '%s' and "
                              "code '%s' disagree: which is meant is not clear", where, unit,
                              code);
    if (text_row == -1)
        med__fhir_note_ignored(c, where, ".unit (not a unit we know; the code decided)");
    if (row == -2) {
        d->kind = DOSE_COUNT;
        d->unit = u;
        return MED_OK;
    }
    d->kind = UNITS[row].kind;
    d->unit = UNITS[row].as;
    if (UNITS[row].milli && med__q_mul(d->value, med__q_int(1000), &d->value) != 0)
        return med__fhir_fail(c, q, MED_ERR_RANGE, "%s is too large", where);
    return MED_OK;
}

/* A Quantity: its value (required, > 0) and unit. */
static med_status read_quantity(med__dosage_ctx *c, const med_ynode *q, const char *where,
                                dose *d)
{
    int found;
    if (q->kind != MED_Y_MAPPING)
        return med__fhir_fail(c, q, MED_ERR_INVALID, "%s must be a Quantity object", where);
    med_status s = med__fhir_number(c, q, "value", 0, &d->value, &found);
    if (s == MED_OK && !found)
        return med__fhir_fail(c, q, MED_ERR_INVALID, "%s has no value", where);
    return s == MED_OK ? quantity_kind(c, q, where, d) : s;
}

/* One doseAndRate entry: doseQuantity, or doseRange whose high end counts. */
static med_status read_dose_entry(med__dosage_ctx *c, const med_ynode *dr, dose *d)
{
    static const char *const USED[] = {"doseQuantity", "doseRange", NULL};
    static const char *const IGNORED[] = {"id", "extension", "type", NULL};
    med_status s = med__fhir_check_keys(c, dr, "doseAndRate.", USED, IGNORED);
    if (s != MED_OK)
        return s;
    const med_ynode *q = med__ymap_get(dr, "doseQuantity"), *r = med__ymap_get(dr, "doseRange");
    if ((q == NULL) == (r == NULL))
        return med__fhir_fail(c, dr, MED_ERR_INVALID, "doseAndRate needs doseQuantity or "
                              "doseRange (one of them)");
    if (q)
        return read_quantity(c, q, "doseQuantity", d);
    const med_ynode *high = r->kind == MED_Y_MAPPING ? med__ymap_get(r, "high") : NULL;
    if (high == NULL)
        return med__fhir_fail(c, r, MED_ERR_INVALID, "doseRange has no high end: the most that "
                              "may be taken is not said");
    return read_quantity(c, high, "doseRange.high", d);
}

/* doseAndRate: one dose, or several entries (EHRs send the ordered, calculated and
 * administered amounts side by side) that must all say the same. */
static med_status read_dose(med__dosage_ctx *c, const med_ynode *dosage, dose *d)
{
    const med_ynode *list = med__ymap_get(dosage, "doseAndRate");
    if (list == NULL)
        return med__fhir_fail(c, dosage, MED_ERR_INVALID, "the Dosage has no doseAndRate: how "
                              "much is taken at a time is not said");
    if (list->kind != MED_Y_SEQUENCE || list->count == 0)
        return med__fhir_fail(c, list, MED_ERR_INVALID, "doseAndRate must be a non-empty list");
    med_status s = read_dose_entry(c, list->first, d);
    for (const med_ynode *e = list->first->next; s == MED_OK && e; e = e->next) {
        dose other = {{0, 0}, DOSE_COUNT, NULL};
        s = read_dose_entry(c, e, &other);
        if (s == MED_OK && (other.kind != d->kind || med__q_cmp(other.value, d->value) != 0 ||
                            (d->kind != DOSE_COUNT && strcmp(other.unit, d->unit) != 0)))
        {
            char a[40], b[40];
            med__q_format(d->value, 4, a, sizeof a);
            med__q_format(other.value, 4, b, sizeof b);
            return med__fhir_fail(c, e, MED_ERR_INVALID, "doseAndRate entries disagree (%s %s "
                                  "and %s %s): which dose is meant is not clear", a, d->unit, b,
                                  other.unit);
        }
    }
    return s;
}

/* The cap of maxDosePerPeriod, per day, in the dose's own unit. found 0 when there is none. */
static med_status read_cap(med__dosage_ctx *c, const med_ynode *dosage, const dose *d,
                           med_q *per_day, int *found)
{
    const med_ynode *m = med__ymap_get(dosage, "maxDosePerPeriod");
    *found = 0;
    if (m == NULL)
        return MED_OK;
    if (m->kind == MED_Y_SEQUENCE && m->count == 1) /* R5 writes a list */
        m = m->first;
    if (m->kind != MED_Y_MAPPING)
        return med__fhir_fail(c, m, MED_ERR_INVALID, "maxDosePerPeriod must be a Ratio object");
    const med_ynode *num = med__ymap_get(m, "numerator"), *den = med__ymap_get(m, "denominator");
    if (num == NULL || den == NULL)
        return med__fhir_fail(c, m, MED_ERR_INVALID, "maxDosePerPeriod needs a numerator and a "
                              "denominator: an empty cap cannot be read");
    dose n = {{0, 0}, DOSE_COUNT, NULL}, t = {{0, 0}, DOSE_COUNT, NULL};
    med_status s = read_quantity(c, num, "maxDosePerPeriod.numerator", &n);
    if (s != MED_OK)
        return s;
    if (n.kind != d->kind || (n.kind != DOSE_COUNT && strcmp(n.unit, d->unit) != 0))
        return med__fhir_fail(c, num, MED_ERR_INVALID, "maxDosePerPeriod is in %s but the dose in "
                              "%s: give both in the same unit", n.unit, d->unit);
    int has;
    const char *unit = NULL;
    s = med__fhir_number(c, den, "value", 0, &t.value, &has);
    if (s == MED_OK) s = med__fhir_string(c, den, "code", &unit);
    if (s == MED_OK && unit == NULL) s = med__fhir_string(c, den, "unit", &unit);
    if (s != MED_OK)
        return s;
    if (!has || unit == NULL)
        return med__fhir_fail(c, den, MED_ERR_INVALID, "maxDosePerPeriod.denominator needs a "
                              "value and a time unit (h, d)");
    med_q hours, per_hour;
    s = med__fhir_period_hours(c, den, strcmp(unit, "day") == 0 || strcmp(unit, "days") == 0 ? "d"
                     : strcmp(unit, "hour") == 0 || strcmp(unit, "hours") == 0 ? "h" : unit,
                     &hours);
    if (s != MED_OK)
        return s;
    if (med__q_mul(t.value, hours, &hours) != 0 || med__q_div(n.value, hours, &per_hour) != 0 ||
        med__q_mul(per_hour, med__q_int(24), per_day) != 0)
        return med__fhir_fail(c, m, MED_ERR_RANGE, "maxDosePerPeriod is out of range");
    *found = 1;
    return MED_OK;
}

static med_status set_number(med__dosage_ctx *c, const med_ynode *at, med_q q, char *field,
                             size_t cap, const char *what)
{
    if (med__fhir_exact(q, field, cap) != 0)
        return med__fhir_fail(c, at, MED_ERR_RANGE, "%s has no exact decimal form", what);
    return MED_OK;
}

/* Uses a day into doses_per_day, or every_hours when that is what is exact (and always for
 * one use per period, which a patch needs as its change interval). */
static med_status set_schedule(med__dosage_ctx *c, const med_ynode *at,
                               const med__fhir_schedule *sc)
{
    med__input_buf *b = &c->order->buf;
    med_q per_day, every;
    if (med__q_div(med__q_int(24), sc->hours, &per_day) != 0 ||
        med__q_mul(per_day, sc->uses, &per_day) != 0 ||
        med__q_div(sc->hours, sc->uses, &every) != 0)
        return med__fhir_fail(c, at, MED_ERR_RANGE, "the timing is out of range");
    if (med__q_cmp(sc->uses, med__q_int(1)) == 0 || med__fhir_exact(per_day, b->doses_per_day,
                                                                    sizeof b->doses_per_day) != 0)
        return set_number(c, at, every, b->every_hours, sizeof b->every_hours, "the interval");
    return MED_OK;
}

/* The opioid's strength per unit of the product read from the medication, in `unit` (mg or
 * mcg), or absent: none read, a liquid, another unit. For a combination, the opioid's part. */
med_q med__fhir_opioid_strength(const med__dosage_ctx *c, const char *unit)
{
    const med__input_buf *b = &c->order->buf;
    med_q q = {0, 0};
    if (b->strength[0] == '\0' || strcmp(b->unit, unit) != 0)
        return q;
    med_drug_info info = MED_DRUG_INFO_INIT;
    if (med_lookup_drug(c->table, b->drug, &info, NULL) != MED_OK)
        return q;
    const char *part = b->strength;
    for (int i = 0; i < info.component_index && part; i++) {
        part = strchr(part, '/');
        part = part ? part + 1 : NULL;
    }
    if (part == NULL)
        return q;
    const char *end = strchr(part, '/');
    if (med__q_parse(part, end ? (size_t)(end - part) : strlen(part), &q) != 0)
        q.num = q.den = 0;
    return q;
}

/* The dose into the input: a count or a volume is units per dose of the product; a mass is the
 * drug itself (strength = the dose, one unit per dose). */
static med_status set_dose(med__dosage_ctx *c, const med_ynode *at, const dose *d)
{
    med__input_buf *b = &c->order->buf;
    int liquid = strstr(b->unit, "mL") != NULL;
    if (d->kind == DOSE_COUNT && liquid)
        return med__fhir_fail(c, at, MED_ERR_INVALID, "'%s' is a liquid (%s %s): give its dose "
                              "in mL or mg, not in %s", b->drug, b->strength, b->unit, d->unit);
    if (d->kind == DOSE_VOLUME && !liquid && b->strength[0])
        return med__fhir_fail(c, at, MED_ERR_INVALID, "the dose is in mL but '%s' is not a "
                              "liquid (%s %s)", b->drug, b->strength, b->unit);
    if (d->kind != DOSE_MASS) {
        if (b->strength[0] == '\0')
            return med__fhir_fail(c, at, MED_ERR_INVALID, "the dose is in %s but the strength "
                                  "of '%s' is not known: give the dose in mg, or a drug with its "
                                  "strength", d->unit, b->drug);
        return set_number(c, at, d->value, b->units_per_dose, sizeof b->units_per_dose, "the dose");
    }
    c->mass_dose = 1;
    med_q strength = med__fhir_opioid_strength(c, d->unit), ratio;
    /* the product's own strength kept when the dose is a whole or decimal number of its units
     * (the supply then reads the quantity as dispensed) */
    if (!med__q_absent(strength) && med__q_div(d->value, strength, &ratio) == 0 &&
        med__fhir_exact(ratio, b->units_per_dose, sizeof b->units_per_dose) == 0) {
        c->kept_strength = 1;
        return MED_OK;
    }
    if (!med__q_absent(strength) && med__q_div(strength, d->value, &c->per_unit) != 0)
        c->per_unit.num = c->per_unit.den = 0;
    snprintf(b->unit, sizeof b->unit, "%s", d->unit);
    snprintf(b->units_per_dose, sizeof b->units_per_dose, "1");
    return set_number(c, at, d->value, b->strength, sizeof b->strength, "the dose");
}

/* The cap decides when it allows less a day than the schedule: one use a day of the cap. */
static med_status apply_cap(med__dosage_ctx *c, const med_ynode *dosage, const dose *d,
                            const med__fhir_schedule *sc)
{
    med_q cap, per_day, daily;
    int found;
    med_status s = read_cap(c, dosage, d, &cap, &found);
    if (s != MED_OK || !found)
        return s;
    if (med__q_div(med__q_int(24), sc->hours, &per_day) != 0 ||
        med__q_mul(per_day, sc->uses, &per_day) != 0 || med__q_mul(per_day, d->value, &daily) != 0)
        return med__fhir_fail(c, dosage, MED_ERR_RANGE, "the schedule is out of range");
    char a[40], b[40];
    med__q_format(cap, 4, a, sizeof a);
    med__q_format(daily, 4, b, sizeof b);
    size_t n = strlen(c->order->read);
    if (med__q_cmp(cap, daily) >= 0) {
        snprintf(c->order->read + n, sizeof c->order->read - n, "; the schedule decided (%s %s a "
                 "day; maxDosePerPeriod allows %s)", b, d->unit, a);
        return MED_OK;
    }
    snprintf(c->order->read + n, sizeof c->order->read - n, "; maxDosePerPeriod decided: %s %s a "
             "day (the schedule allows %s)", a, d->unit, b);
    dose capped = *d;
    capped.value = cap;
    med__input_buf *buf = &c->order->buf;
    buf->every_hours[0] = '\0';
    snprintf(buf->doses_per_day, sizeof buf->doses_per_day, "1");
    return set_dose(c, med__ymap_get(dosage, "maxDosePerPeriod"), &capped);
}

/* A duration unit's length in days: 1 (d, day, days), 7 (wk, week, weeks), 0 unknown. */
static int duration_days(const char *unit)
{
    static const char *const DAYS[] = {"d", "day", "days", NULL};
    static const char *const WEEKS[] = {"wk", "week", "weeks", NULL};
    char low[16];
    if (strlen(unit) >= sizeof low)
        return 0;
    snprintf(low, sizeof low, "%s", unit);
    for (char *p = low; *p; p++)
        *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    return med__fhir_in_list(low, DAYS) ? 1 : med__fhir_in_list(low, WEEKS) ? 7 : 0;
}

/* dispenseRequest.quantity (units or mL) and expectedSupplyDuration (days), both or neither. */
static med_status read_dispense(med__dosage_ctx *c, const med_ynode *disp)
{
    if (disp == NULL)
        return MED_OK;
    const med_ynode *q = med__ymap_get(disp, "quantity");
    const med_ynode *e = med__ymap_get(disp, "expectedSupplyDuration");
    if (q == NULL || e == NULL) {
        if (q || e)
            med__fhir_note_ignored(c, "dispenseRequest.", q ? "quantity (no expectedSupplyDuration)"
                                                  : "expectedSupplyDuration (no quantity)");
        return MED_OK;
    }
    dose dq = {{0, 0}, DOSE_COUNT, NULL}, de = {{0, 0}, DOSE_COUNT, NULL};
    int has;
    const char *unit = NULL;
    med_status s = read_quantity(c, q, "dispenseRequest.quantity", &dq);
    if (s != MED_OK)
        return s;
    if (dq.kind == DOSE_MASS)
        return med__fhir_fail(c, q, MED_ERR_INVALID, "dispenseRequest.quantity is in %s: give "
                              "the units or mL dispensed", dq.unit);
    const char *code = NULL, *text = NULL;
    s = med__fhir_number(c, e, "value", 0, &de.value, &has);
    if (s == MED_OK) s = med__fhir_string(c, e, "code", &code);
    if (s == MED_OK) s = med__fhir_string(c, e, "unit", &text);
    if (s != MED_OK)
        return s;
    unit = code ? code : text;
    if (!has || unit == NULL)
        return med__fhir_fail(c, e, MED_ERR_INVALID, "expectedSupplyDuration needs a value and "
                              "a unit (d)");
    int days = duration_days(unit);
    if (days == 0)
        return med__fhir_fail(c, e, MED_ERR_INVALID, "expectedSupplyDuration unit '%s' is not "
                              "days (d) or weeks (wk)", unit);
    int text_days = code && text ? duration_days(text) : days;
    if (text_days != 0 && text_days != days)
        return med__fhir_fail(c, med__ymap_get(e, "code"), MED_ERR_INVALID,
                              "expectedSupplyDuration unit '%s' and code '%s' disagree (%s and "
                              "%s): which is meant is not clear", text, code,
                              text_days == 7 ? "weeks" : "days", days == 7 ? "weeks" : "days");
    if (text_days == 0)
        med__fhir_note_ignored(c, "expectedSupplyDuration",
                               ".unit (not a unit we know; the code decided)");
    int week = days == 7;
    if (week && med__q_mul(de.value, med__q_int(7), &de.value) != 0)
        return med__fhir_fail(c, e, MED_ERR_RANGE, "expectedSupplyDuration is out of range");
    med__input_buf *b = &c->order->buf;
    if (c->mass_dose && !c->kept_strength) {
        /* the strength is the dose: the quantity counted in doses, when the product is known */
        if (med__q_absent(c->per_unit)) {
            med__fhir_note_ignored(c, "dispenseRequest.",
                                   "quantity (the product's strength is not known)");
            return MED_OK;
        }
        char was[40], doses[40];
        med__q_format(dq.value, 4, was, sizeof was);
        if (med__q_mul(dq.value, c->per_unit, &dq.value) != 0 ||
            med__fhir_exact(dq.value, b->quantity, sizeof b->quantity) != 0) {
            med__fhir_note_ignored(c, "dispenseRequest.", "quantity (not a whole number of doses)");
            return MED_OK;
        }
        med__q_format(dq.value, 4, doses, sizeof doses);
        size_t n = strlen(c->order->read);
        snprintf(c->order->read + n, sizeof c->order->read - n, "; dispensed %s %s = %s doses of "
                 "%s %s", was, dq.unit, doses, b->strength, b->unit);
    }
    s = set_number(c, q, dq.value, b->quantity, sizeof b->quantity, "the quantity");
    return s == MED_OK ? set_number(c, e, de.value, b->days_supply, sizeof b->days_supply,
                                    "the supply duration")
                       : s;
}

/* maxDosePerAdministration only bounds the dose: a dose above it is a contradiction. */
static med_status check_per_administration(med__dosage_ctx *c, const med_ynode *dosage,
                                           const dose *d)
{
    const med_ynode *m = med__ymap_get(dosage, "maxDosePerAdministration");
    if (m == NULL)
        return MED_OK;
    dose x = {{0, 0}, DOSE_COUNT, NULL};
    med_status s = read_quantity(c, m, "maxDosePerAdministration", &x);
    if (s != MED_OK)
        return s;
    if (x.kind != d->kind || (x.kind != DOSE_COUNT && strcmp(x.unit, d->unit) != 0))
        return med__fhir_fail(c, m, MED_ERR_INVALID, "maxDosePerAdministration is in %s but the "
                              "dose in %s", x.unit, d->unit);
    if (med__q_cmp(d->value, x.value) > 0)
        return med__fhir_fail(c, m, MED_ERR_INVALID, "the dose is more than "
                              "maxDosePerAdministration allows");
    med__fhir_note_ignored(c, "", "maxDosePerAdministration (the dose is within it)");
    return MED_OK;
}

med_status med__fhir_dosage(med__dosage_ctx *c, const med_ynode *dosage,
                            const med_ynode *dispense)
{
    dose d = {{0, 0}, DOSE_COUNT, NULL};
    med__fhir_schedule sc;
    char when[160], amount[40];
    med_status s = med__fhir_check_keys(c, dosage, "", DOSAGE_USED, DOSAGE_IGNORED);
    if (s == MED_OK) s = read_dose(c, dosage, &d);
    if (s == MED_OK) s = med__fhir_timing(c, dosage, &sc, when, sizeof when);
    if (s == MED_OK) s = med__fhir_prn(c, dosage, &c->order->buf.prn);
    if (s == MED_OK) s = check_per_administration(c, dosage, &d);
    if (s != MED_OK)
        return s;
    med__q_format(d.value, 4, amount, sizeof amount);
    snprintf(c->order->read, sizeof c->order->read, "%s %s, %s%s", amount, d.unit, when,
             c->order->buf.prn ? ", as needed" : "");
    s = set_dose(c, dosage, &d);
    if (s == MED_OK) s = set_schedule(c, dosage, &sc);
    if (s == MED_OK) s = apply_cap(c, dosage, &d, &sc);
    if (s == MED_OK) s = read_dispense(c, dispense);
    return s;
}
