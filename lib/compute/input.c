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
 * documented limit long. 0, or -1 with `field` set to `name` when it is longer. Every
 * computation passes here nine times, so empty texts (most of them) are answered without a
 * call and the rest measured by strnlen, which reads no further than the limit. */
static int take(const char *text, const char **to, const char *name, const char **field)
{
    if (text == NULL || text[0] == '\0') {
        *to = text ? text : "";
        return 0;
    }
    if (strnlen(text, MED_INPUT_MAX_TEXT + 1) > MED_INPUT_MAX_TEXT) {
        *field = name;
        return -1;
    }
    *to = text;
    return 0;
}

med_status med__input_normalize(const med_input *in, med_input *out, const char **field)
{
    *field = NULL;
    if (in->version < 1 || in->version > MED_INPUT_VERSION)
        return MED_ERR_VERSION;
    out->version = MED_INPUT_VERSION;
    out->prn = in->prn;
    /* In the order of med_input, so the first over-long field is the one named. */
    if (take(in->drug, &out->drug, "drug", field) ||
        take(in->form, &out->form, "form", field) ||
        take(in->strength, &out->strength, "strength", field) ||
        take(in->unit, &out->unit, "unit", field) ||
        take(in->units_per_dose, &out->units_per_dose, "units_per_dose", field) ||
        take(in->doses_per_day, &out->doses_per_day, "doses_per_day", field) ||
        take(in->every_hours, &out->every_hours, "every_hours", field) ||
        take(in->quantity, &out->quantity, "quantity", field) ||
        take(in->days_supply, &out->days_supply, "days_supply", field))
        return MED_ERR_LIMIT;
    return MED_OK;
}
