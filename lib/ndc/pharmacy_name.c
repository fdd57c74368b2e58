/* Pharmacy and PDMP descriptions that name a strength without writing it: the codeine number of
 * an acetaminophen/codeine tablet ("ACETAMINOPHEN-COD #3 TABLET" is 300 mg with 30 mg codeine;
 * #1 7.5 mg, #2 15 mg, #3 30 mg, #4 60 mg of codeine, all with 300 mg acetaminophen, as the
 * Tylenol with Codeine numbers were sold), and brands whose number is their strength
 * ("DILAUDID-5": hydromorphone oral liquid 5 mg/5 mL, CDC's NDC list's DILAUDID-5). They are
 * written out as the description parser (product.c) reads strengths; a description that writes
 * its strength (a mass unit) is left alone, and so is a number without both ingredients.
 * Truncated names ("HYDROCODON", "OXYCOD") are completed here too, for product.c to ask. */
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "ndc/ndc_private.h"
#include "tables/vocab.h"

static char low(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int letter(char c)
{
    c = low(c);
    return c >= 'a' && c <= 'z';
}

/* Where a word beginning with `stem` (lowercase) starts in `text`, or -1. */
static long word_from(const char *text, const char *stem)
{
    size_t n = strlen(stem);
    for (size_t i = 0; text[i]; i++) {
        if (i > 0 && letter(text[i - 1]))
            continue;
        size_t k = 0;
        while (k < n && low(text[i + k]) == stem[k])
            k++;
        if (k == n)
            return (long)i;
    }
    return -1;
}

/* A mass or volume unit written anywhere ("10 MG", "5MG", "MCG", "ML"): the strength is there. */
static int has_unit(const char *text)
{
    static const char *const units[] = {"mg", "mcg", "ml", "gm", NULL};
    for (size_t i = 0; text[i]; i++)
        for (const char *const *u = units; *u; u++) {
            size_t n = strlen(*u), k = 0;
            while (k < n && low(text[i + k]) == (*u)[k])
                k++;
            if (k == n && !letter(text[i + n]) && (i == 0 || !letter(text[i - 1])))
                return 1;
        }
    return 0;
}

/* "#3" -> "300-30 MG" (acetaminophen named first) or "30-300 MG"; 0 when not such a text. */
static int codeine_number(const char *text, char *out, size_t cap)
{
    static const char *const mg[] = {NULL, "7.5", "15", "30", "60"};
    const char *hash = strchr(text, '#');
    long cod = word_from(text, "cod"), apap = word_from(text, "apap");
    static const char *const other[] = {"acetam", "tylenol", NULL};
    for (const char *const *o = other; *o && apap < 0; o++)
        apap = word_from(text, *o);
    if (hash == NULL || cod < 0 || apap < 0 || has_unit(text))
        return 0;
    size_t at = (size_t)(hash - text) + 1;
    while (text[at] == ' ')
        at++;
    int n = text[at] - '0';
    if (n < 1 || n > 4 || (text[at + 1] >= '0' && text[at + 1] <= '9') || text[at + 1] == '.')
        return 0;
    int w = snprintf(out, cap, "%.*s%s%s%s MG%s", (int)(hash - text), text,
                     apap < cod ? "300-" : mg[n], apap < cod ? mg[n] : "-", apap < cod ? "" : "300",
                     text + at + 1);
    return w > 0 && (size_t)w < cap;
}

/* Brands whose name carries their strength. */
static int numbered_brand(const char *text, char *out, size_t cap)
{
    static const struct {
        const char *name, *as;
    } brands[] = {{"dilaudid-5", "DILAUDID 5 MG/5 ML ORAL LIQUID"},
                  {"dilaudid 5", "DILAUDID 5 MG/5 ML ORAL LIQUID"}};
    for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++) {
        size_t n = strlen(brands[i].name), k = 0;
        while (k < n && low(text[k]) == brands[i].name[k])
            k++;
        if (k == n && (text[n] == '\0' || text[n] == ' ') && !has_unit(text)) {
            int w = snprintf(out, cap, "%s%s", brands[i].as, text + n);
            return w > 0 && (size_t)w < cap;
        }
    }
    return 0;
}

int med__pharmacy_name_clean(const char *text, char *out, size_t cap)
{
    while (*text == ' ')
        text++;
    return codeine_number(text, out, cap) || numbered_brand(text, out, cap);
}

/* Truncated names ("HYDROCODON-ACETAMINOPHN", "OXYCOD/APAP"): each part of `joined` (split at
 * '/' and '-') that names nothing is completed when exactly one ingredient's names begin with
 * it; `note` says what was read so. MED_ERR_NOT_FOUND listing the candidates when several do,
 * -1 (nothing completed: the caller's error stands) when none does. */
int med__complete_parts(const med_vocab *v, const char *joined, char *out, size_t cap, char *note,
                        size_t note_cap, med_error *error)
{
    char part[256], list[200];
    size_t k = 0, nk = 0;
    int completed = 0;
    med_resolved r;
    out[0] = '\0';
    for (const char *p = joined; *p;) {
        size_t len = strcspn(p, "/-"), from = 0, to = len;
        while (from < to && p[from] == ' ')
            from++;
        while (to > from && p[to - 1] == ' ')
            to--;
        snprintf(part, sizeof part, "%.*s", (int)(to - from), p + from);
        const char *first = NULL, *use = part;
        if (med__vocab_resolve(v, part, &r, NULL) != MED_OK) {
            int n = med__vocab_complete(v, part, &first, list, sizeof list);
            if (n > 1) {
                med__fail(error, MED_ERR_NOT_FOUND, "<product>", 0, 0, part,
                          "'%s' is the start of several drug names (%s): write more of it",
                          part, list);
                return MED_ERR_NOT_FOUND;
            }
            if (n == 1) {
                use = first;
                completed = 1;
                nk += (size_t)snprintf(note + nk, nk < note_cap ? note_cap - nk : 0,
                                       "%s'%s' read as %s", nk ? ", " : "", part, first);
            }
        }
        k += (size_t)snprintf(out + k, k < cap ? cap - k : 0, "%s%s", k ? "/" : "", use);
        p += len + (p[len] != '\0');
    }
    return completed && k < cap ? 0 : -1;
}
