/* Error values and status names. */
#include "common/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void med__copy_text(char *dst, size_t cap, const char *src, size_t len)
{
    if (cap == 0)
        return;
    if (src == NULL)
        len = 0;
    if (len < cap) {
        if (len)
            memcpy(dst, src, len);
        dst[len] = '\0';
        return;
    }
    /* Too long: keep the start, mark the cut. */
    size_t keep = cap > 4 ? cap - 4 : cap - 1;
    memcpy(dst, src, keep);
    strcpy(dst + keep, cap > 4 ? "..." : "");
}

void med__error_clear(med_error *e)
{
    if (e == NULL)
        return;
    memset(e, 0, sizeof *e);
    e->code = MED_OK;
}

med_status med__fail(med_error *e, med_status code, const char *source, int line, int column,
                     const char *text, const char *fmt, ...)
{
    if (e == NULL)
        return code;
    med__error_clear(e);
    e->code = code;
    e->line = line;
    e->column = column;
    if (source)
        med__copy_text(e->source, sizeof e->source, source, strlen(source));
    if (text)
        med__copy_text(e->text, sizeof e->text, text, strlen(text));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return code;
}

const char *med_status_string(med_status status)
{
    switch (status) {
    case MED_OK: return "ok";
    case MED_ERR_NOMEM: return "out of memory";
    case MED_ERR_IO: return "input/output error";
    case MED_ERR_SYNTAX: return "syntax error";
    case MED_ERR_INVALID: return "invalid";
    case MED_ERR_NOT_FOUND: return "not found";
    case MED_ERR_VERSION: return "version mismatch";
    case MED_ERR_NO_FACTOR: return "no factor";
    case MED_ERR_RANGE: return "out of range";
    case MED_ERR_ARGUMENT: return "bad argument";
    case MED_ERR_LIMIT: return "over limit";
    }
    return "unknown status";
}

const char *med_version_string(void)
{
    return MED_VERSION_STRING;
}
