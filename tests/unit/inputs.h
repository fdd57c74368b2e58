/* What several unit tests build the same way: an embedded table that must load, and structured
 * inputs (a fill, a schedule). Include after <cmocka.h> and "med.h". */
#ifndef TEST_INPUTS_H
#define TEST_INPUTS_H

/* An embedded table by id; the test fails when it does not load. */
static inline med_table *load(const char *id)
{
    med_table *t = NULL;
    med_error e;
    if (med_table_load_embedded(id, &t, &e) != MED_OK)
        fail_msg("loading %s: %s", id, e.message);
    return t;
}

/* A fill: strength per unit, quantity, days supply (NULL is absent). */
static inline med_input fill(const char *drug, const char *form, const char *strength,
                             const char *unit, const char *qty, const char *days)
{
    med_input in = MED_INPUT_INIT;
    in.drug = drug;
    in.form = form;
    in.strength = strength;
    in.unit = unit;
    in.quantity = qty;
    in.days_supply = days;
    return in;
}

/* A schedule: strength x units per dose, doses per day or every N hours (NULL is absent). */
static inline med_input sched(const char *drug, const char *strength, const char *unit,
                              const char *per_dose, const char *doses, const char *every)
{
    med_input in = MED_INPUT_INIT;
    in.drug = drug;
    in.strength = strength;
    in.unit = unit;
    in.units_per_dose = per_dose;
    in.doses_per_day = doses;
    in.every_hours = every;
    return in;
}

#endif
