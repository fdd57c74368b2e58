/* A liquid's strength is per volume ("10 MG/5 ML"): read per unit, "MORPHINE 10 MG SOLUTION"
 * dispensed as 100 mL would count 10 mg in every mL, 5 times the drug. So the doors that take a
 * dose form's words (product descriptions, a claims form column) ask here whether the words name
 * a liquid, and refuse a strength that is not per volume. The words are those of the `forms`
 * phrases of conversion-tables/vocabulary.yaml that name an oral liquid, and the pharmacy
 * abbreviations (SOLN, SYRP, ELIX, SUSP, CONC). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "compute/liquid.h"

static int letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char low(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The word at w (len letters) is `want` (lowercase). */
static int is(const char *w, size_t len, const char *want)
{
    if (strlen(want) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (low(w[i]) != want[i])
            return 0;
    return 1;
}

static int is_any(const char *w, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (is(w, len, *list))
            return 1;
    return 0;
}

int med__names_liquid(const char *text, char *word, size_t cap)
{
    static const char *const liquids[] = {"solution", "solutions", "soln", "sol", "syrup",
                                          "syrp", "syr", "elixir", "elix", "suspension", "susp",
                                          "concentrate", "conc", "liquid", "liq", "tincture",
                                          "tinct", NULL};
    static const char *const not_before[] = {"for", "nasal", "injection", "inj", "ophthalmic",
                                             "otic", "irrigation", NULL};
    static const char *const not_after[] = {"filled", "for", NULL};
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; text[i];) {
        if (!letter(text[i])) {
            i++;
            continue;
        }
        size_t from = i;
        while (letter(text[i]))
            i++;
        size_t len = i - from;
        if (is_any(text + from, len, liquids) &&
            !(prev && is_any(prev, prev_len, not_before))) {
            size_t j = i;
            while (text[j] == ' ' || text[j] == ',')
                j++;
            size_t next = 0;
            while (letter(text[j + next]))
                next++;
            if (!(next && is_any(text + j, next, not_after))) {
                snprintf(word, cap, "%.*s", (int)len, text + from);
                return 1;
            }
        }
        if (!is(text + from, len, "oral")) { /* "FOR ORAL SUSPENSION" is "FOR SUSPENSION" */
            prev = text + from;
            prev_len = len;
        }
    }
    return 0;
}
