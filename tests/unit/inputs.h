/* What several unit tests build the same way: an embedded table that must load, and structured
 * inputs (a fill, a schedule). Include after <cmocka.h> and "med.h". */
#ifndef TEST_INPUTS_H
#define TEST_INPUTS_H

#include <stdlib.h>
#include <string.h>

/* An embedded table by id; the test fails when it does not load. */
static inline med_table *load(const char *id)
{
    med_table *t = NULL;
    med_error e;
    if (med_table_load_embedded(id, &t, &e) != MED_OK)
        fail_msg("loading %s: %s", id, e.message);
    return t;
}

/* cmocka group setups: an embedded table as the state, freed by teardown_table. */
static inline int setup_table(void **state, const char *id)
{
    med_table *t = NULL;
    med_error e;
    if (med_table_load_embedded(id, &t, &e) != MED_OK)
        return -1;
    *state = t;
    return 0;
}

static inline int setup_cdc_2022(void **state)
{
    return setup_table(state, "cdc-2022");
}

static inline int setup_cms_2018(void **state)
{
    return setup_table(state, "cms-2018");
}

static inline int teardown_table(void **state)
{
    med_table_free(*state);
    return 0;
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

/* The opioid's strength in a resolved input, as a number (the component the drug names). */
static inline int opioid_strength(const med_table *t, const med_input *in, const char **ingredient,
                                  double *value)
{
    med_drug_info d = MED_DRUG_INFO_INIT;
    med_error e;
    if (med_lookup_drug(t, in->drug, &d, &e) != MED_OK)
        return -1;
    const char *s = in->strength;
    int parts = 1;
    for (const char *p = s; *p; p++)
        parts += *p == '/';
    for (int i = 0; parts > 1 && i < d.component_index; i++)
        s = strchr(s, '/') + 1;
    *ingredient = d.ingredient;
    *value = strtod(s, NULL);
    return 0;
}

/* Two strengths as printed decimals are the same number ("10" and "10.0"). */
static inline int same_number(double a, double b)
{
    double d = a > b ? a - b : b - a;
    return d <= 1e-9 * (a > b ? a : b);
}

#endif
