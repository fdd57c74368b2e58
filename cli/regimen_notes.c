/* What the regimen parser read besides the input, shown under a one-off result: the cap and
 * what decided the daily amount, and the phrases set aside (a reason, a quantity, refills, a
 * duration, a route, a brand, a checked restatement), so that nothing changes meaning unseen. */
#include "cli.h"

void cli_regimen_notes_text(FILE *out, const med_regimen *regimen)
{
    const char *kind;
    unsigned column;
    if (med_regimen_cap(regimen)[0])
        fprintf(out, "  cap: %s; schedule at most: %s; decided by: %s\n",
                med_regimen_cap(regimen), med_regimen_schedule_daily(regimen),
                med_regimen_decided_by(regimen));
    if (med_regimen_split(regimen)[0])
        fprintf(out, "  split dose, summed: %s\n", med_regimen_split(regimen));
    size_t n = med_regimen_ignored_count(regimen);
    for (size_t i = 0; i < n; i++) {
        const char *text = med_regimen_ignored(regimen, i, &kind, &column);
        fprintf(out, "%s%s \"%s\" (column %u)", i ? "; " : "  read, not counted: ", kind, text,
                column);
    }
    if (n)
        fputc('\n', out);
}

/* A member's text, or null for "". */
static void string_or_null(FILE *out, const char *s)
{
    if (s[0])
        json_string(out, s);
    else
        fputs("null", out);
}

void cli_regimen_notes_json(FILE *out, const med_regimen *regimen)
{
    const char *kind;
    unsigned column;
    fputs(",\"cap\":", out);
    string_or_null(out, med_regimen_cap(regimen));
    fputs(",\"schedule_at_most\":", out);
    string_or_null(out, med_regimen_schedule_daily(regimen));
    fputs(",\"decided_by\":", out);
    string_or_null(out, med_regimen_decided_by(regimen));
    fputs(",\"split\":", out);
    string_or_null(out, med_regimen_split(regimen));
    fputs(",\"not_counted\":[", out);
    for (size_t i = 0; i < med_regimen_ignored_count(regimen); i++) {
        const char *text = med_regimen_ignored(regimen, i, &kind, &column);
        fputs(i ? ",{\"kind\":" : "{\"kind\":", out);
        json_string(out, kind);
        fputs(",\"text\":", out);
        json_string(out, text);
        fprintf(out, ",\"column\":%u}", column);
    }
    fputc(']', out);
}
