/* The caller's med_input, checked once at the door: version, absent texts, lengths. */
#include <string.h>

#include "compute/input.h"

void med__input_buf_clear(med__input_buf *b)
{
    memset(b, 0, sizeof *b);
}

med_input med__input_view(const med__input_buf *b)
{
    med_input in = MED_INPUT_INIT;
    in.drug = b->drug;
    in.form = b->form;
    in.strength = b->strength;
    in.unit = b->unit;
    in.units_per_dose = b->units_per_dose;
    in.doses_per_day = b->doses_per_day;
    in.every_hours = b->every_hours;
    in.quantity = b->quantity;
    in.days_supply = b->days_supply;
    in.prn = b->prn;
    return in;
}

/* One text of the caller's: "" for NULL, else the text itself when it is at most the
 * documented limit long, its length in *len. 0, or -1 with `field` set to `name` when it is
 * longer. Empty texts (most of them) are answered without a call; the rest measured by strnlen,
 * which reads no further than the limit. */
static inline int take(const char *text, const char **to, size_t *len, const char *name,
                       const char **field)
{
    *to = text ? text : "";
    if (text == NULL || text[0] == '\0') {
        *len = 0;
        return 0;
    }
    *len = strnlen(text, MED_INPUT_MAX_TEXT + 1);
    if (*len <= MED_INPUT_MAX_TEXT)
        return 0;
    *field = name;
    return -1;
}

/* The same for a number field, parsed in the pass that measures it (med__q_parse_field, which
 * leaves `value` absent unless the text is a plain decimal); `bit` is added to *given when the
 * text is not empty. */
static inline int take_number(const char *text, const char **to, med_q *value, unsigned bit,
                              unsigned *given, const char *name, const char **field)
{
    size_t len;
    *to = text ? text : "";
    value->num = value->den = 0;
    if (text == NULL || text[0] == '\0')
        return 0;
    *given |= bit;
    (void)med__q_parse_field(text, MED_INPUT_MAX_TEXT, value, &len);
    if (len <= MED_INPUT_MAX_TEXT)
        return 0;
    *field = name;
    return -1;
}

med_status med__input_read(const med_input *in, med__fields *out, const char **field)
{
    size_t form_len, unit_len; /* measured for the limit only: no later step needs them */
    unsigned given = 0;
    *field = NULL;
    if (in->version < 1 || in->version > MED_INPUT_VERSION)
        return MED_ERR_VERSION;
    out->text.version = MED_INPUT_VERSION;
    out->text.prn = in->prn;
    /* In the order of med_input, so the first over-long field is the one named. */
    if (take(in->drug, &out->text.drug, &out->drug_len, "drug", field) ||
        take(in->form, &out->text.form, &form_len, "form", field) ||
        take_number(in->strength, &out->text.strength, &out->strength, MED__GIVEN_STRENGTH,
                    &given, "strength", field) ||
        take(in->unit, &out->text.unit, &unit_len, "unit", field) ||
        take_number(in->units_per_dose, &out->text.units_per_dose, &out->units_per_dose,
                    MED__GIVEN_UNITS_PER_DOSE, &given, "units_per_dose", field) ||
        take_number(in->doses_per_day, &out->text.doses_per_day, &out->doses_per_day,
                    MED__GIVEN_DOSES_PER_DAY, &given, "doses_per_day", field) ||
        take_number(in->every_hours, &out->text.every_hours, &out->every_hours,
                    MED__GIVEN_EVERY_HOURS, &given, "every_hours", field) ||
        take_number(in->quantity, &out->text.quantity, &out->quantity, MED__GIVEN_QUANTITY,
                    &given, "quantity", field) ||
        take_number(in->days_supply, &out->text.days_supply, &out->days_supply,
                    MED__GIVEN_DAYS_SUPPLY, &given, "days_supply", field))
        return MED_ERR_LIMIT;
    out->given = given;
    return MED_OK;
}
