/* The public regimen parser: the texts it finds, the input that points at them, and the notes
 * of what it read besides (what it set aside, the cap and what decided). */
#include <stdlib.h>

#include "common/error.h"
#include "compute/regimen.h"
#include "compute/regimen_lex.h"

struct med_regimen {
    med__input_buf buf;
    med_input input;
    med__regimen_notes notes;
};

med_status med_regimen_new(med_regimen **out)
{
    if (out == NULL)
        return MED_ERR_ARGUMENT;
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return MED_ERR_NOMEM;
    (*out)->input = med__input_view(&(*out)->buf);
    med__regimen_notes_clear(&(*out)->notes);
    return MED_OK;
}

void med_regimen_free(med_regimen *regimen)
{
    free(regimen);
}

med_status med_regimen_parse(med_regimen *regimen, const char *text, med_error *error)
{
    if (regimen == NULL) {
        med__error_clear(error);
        return med__fail(error, MED_ERR_ARGUMENT, MED__REGIMEN_SOURCE, 0, 0, NULL,
                         "no regimen parser given");
    }
    med_status s = med__regimen_parse_notes(text, &regimen->buf, &regimen->notes, error);
    regimen->input = med__input_view(&regimen->buf);
    return s;
}

const med_input *med_regimen_input(const med_regimen *regimen)
{
    return regimen ? &regimen->input : NULL;
}

size_t med_regimen_ignored_count(const med_regimen *regimen)
{
    return regimen ? regimen->notes.count : 0;
}

const char *med_regimen_ignored(const med_regimen *regimen, size_t index, const char **kind,
                                unsigned *column)
{
    if (!regimen || index >= regimen->notes.count)
        return NULL;
    if (kind)
        *kind = regimen->notes.item[index].kind;
    if (column)
        *column = regimen->notes.item[index].column;
    return regimen->notes.text + regimen->notes.item[index].offset;
}

const char *med_regimen_cap(const med_regimen *regimen)
{
    return regimen ? regimen->notes.cap : "";
}

const char *med_regimen_schedule_daily(const med_regimen *regimen)
{
    return regimen ? regimen->notes.schedule : "";
}

const char *med_regimen_decided_by(const med_regimen *regimen)
{
    return regimen ? regimen->notes.decided_by : "";
}

const char *med_regimen_split(const med_regimen *regimen)
{
    return regimen ? regimen->notes.split : "";
}

med__input_buf *med__regimen_buf(med_regimen *regimen)
{
    return &regimen->buf;
}

void med__regimen_sync(med_regimen *regimen)
{
    regimen->input = med__input_view(&regimen->buf);
    med__regimen_notes_clear(&regimen->notes);
}
