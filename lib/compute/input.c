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

/* A borrowed text, "" for NULL; NULL when longer than the documented limit. */
static const char *checked(const char *text)
{
    if (text == NULL)
        return "";
    for (size_t n = 0; n <= MED_INPUT_MAX_TEXT; n++)
        if (text[n] == '\0')
            return text;
    return NULL;
}

med_status med__input_normalize(const med_input *in, med_input *out, const char **field)
{
    static const char *const names[] = {"drug", "form", "strength", "unit", "units_per_dose",
                                        "doses_per_day", "every_hours", "quantity",
                                        "days_supply"};
    *field = NULL;
    if (in->version < 1 || in->version > MED_INPUT_VERSION)
        return MED_ERR_VERSION;
    const char *from[] = {in->drug, in->form, in->strength, in->unit, in->units_per_dose,
                          in->doses_per_day, in->every_hours, in->quantity, in->days_supply};
    const char **to[] = {&out->drug, &out->form, &out->strength, &out->unit,
                         &out->units_per_dose, &out->doses_per_day, &out->every_hours,
                         &out->quantity, &out->days_supply};
    out->version = MED_INPUT_VERSION;
    out->prn = in->prn;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        *to[i] = checked(from[i]);
        if (*to[i] == NULL) {
            *field = names[i];
            return MED_ERR_LIMIT;
        }
    }
    return MED_OK;
}
