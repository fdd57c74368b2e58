/* Strength units and lists of strengths; see units.h. Every spelling is one row of the tables
 * below (mass words, and what follows the '/'), so a new spelling is a new row, not new code. */
#include "tables/units.h"

#include <string.h>

#include "common/hints.h"

/* Mass spellings (lowercase, no spaces): FDA writes ug, RxNorm MG and MCG, pharmacies MCG. */
/* With its length, so a spelling of another length is passed over without reading it. */
#define SPELLING(s) s, sizeof s - 1
static const struct { const char *text; size_t len; med_unit base; } MASS[] = {
    {SPELLING("mg"), MED_UNIT_MG},          {SPELLING("mcg"), MED_UNIT_MCG},
    {SPELLING("ug"), MED_UNIT_MCG},         {SPELLING("milligram"), MED_UNIT_MG},
    {SPELLING("milligrams"), MED_UNIT_MG},  {SPELLING("microgram"), MED_UNIT_MCG},
    {SPELLING("micrograms"), MED_UNIT_MCG},
};

/* Denominators that mean "per unit dispensed": FDA's "/1", RxNorm's "/ACTUAT", CDC's "/SPRAY". */
static const char *const PER_UNIT[] = {"1", "actuat", "actuation", "spray", "dose", "unit",
                                       "tablet", "tab", "capsule", "cap", "patch", "film",
                                       "lozenge", "suppository", NULL};
/* Denominators of a rate: "ug/h" (FDA), "MG/HR" (RxNorm), "MCG/HR" (pharmacy). */
static const char *const PER_HOUR[] = {"h", "hr", "hour", NULL};

static int in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* Mass words are a few bytes: compared here, without a call, `a` lowercased as it is read.
 * `b` is all lowercase letters, so setting a byte's 0x20 bit makes it equal to b[i] exactly
 * when it is that letter in either case. */
static int same_lowered(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((char)(a[i] | 0x20) != b[i])
            return 0;
    return 1;
}

/* The mass word of `len` bytes at `w` (any case) into `out`, per nothing (scale 1, not per
 * volume): 0, or -1 when it is no mass spelling. */
static inline int read_mass(const char *w, size_t len, med_unit_read *out)
{
    for (size_t m = 0; m < sizeof MASS / sizeof MASS[0]; m++)
        if (MASS[m].len == len && same_lowered(w, MASS[m].text, len)) {
            out->base = MASS[m].base;
            out->scale = med__q_int(1);
            out->per_ml = (med_q){0, 0};
            return 0;
        }
    return -1;
}

/* "mg/5 mL" -> "mg" and "5ml" (the text after the first '/', or "" when there is none, in
 * *den); the length of the mass word, or -1 when too long. */
static int squeeze(const char *text, char *out, size_t cap, const char **den)
{
    size_t k = 0, mass = (size_t)-1;
    for (const char *p = text; *p; p++) {
        if (*p == ' ' || *p == '\t')
            continue;
        if (k + 1 >= cap)
            return -1;
        if (*p == '/' && mass == (size_t)-1) {
            out[mass = k++] = '\0';
            continue;
        }
        out[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
    }
    out[k] = '\0';
    *den = mass == (size_t)-1 ? NULL : out + mass + 1;
    return (int)(mass == (size_t)-1 ? k : mass);
}

/* The volume of "5ml", "ml", "15ml" into `per_ml`. */
static int volume(const char *s, med_q *per_ml)
{
    size_t n = strlen(s);
    if (n < 2 || strcmp(s + n - 2, "ml") != 0)
        return -1;
    if (n == 2) {
        *per_ml = med__q_int(1);
        return 0;
    }
    return med__q_parse(s, n - 2, per_ml) == 0 && med__q_sign(*per_ml) > 0 ? 0 : -1;
}

/* A unit of more than one word ("mg/5 mL", "MCG/HR"): squeezed (blanks out, lowercased) and
 * split at its '/'. Out of line: the usual unit is one word, and its reading then needs no
 * frame for the squeezed copy. */
MED__OUT_OF_LINE static int read_squeezed(const char *text, med_unit_read *out)
{
    char u[MED_UNIT_TEXT_MAX];
    const char *den;
    int len = squeeze(text, u, sizeof u, &den);
    if (len < 0 || read_mass(u, (size_t)len, out) != 0)
        return -1;
    if (den && *den == '\0')
        return -1; /* "mg/": a denominator cut off */
    if (den == NULL || in_list(den, PER_UNIT))
        return 0;
    if (in_list(den, PER_HOUR)) { /* a patch's rate, always read in mcg/hr */
        if (out->base == MED_UNIT_MG)
            out->scale = med__q_int(1000);
        out->base = MED_UNIT_MCG_HR;
        return 0;
    }
    return volume(den, &out->per_ml);
}

/* The bytes that end a unit's first word: its end, the '/' before a denominator, a blank. */
static const unsigned char ENDS_WORD[256] = {['\0'] = 1, ['/'] = 1, [' '] = 1, ['\t'] = 1};

int med__unit_read(const char *text, med_unit_read *out)
{
    if (text == NULL)
        return -1;
    /* The usual unit is one word ("mg", "MCG"): it says a mass and nothing more, and is read
     * where it is. */
    size_t word = 0;
    while (!ENDS_WORD[(unsigned char)text[word]])
        word++;
    if (text[word] == '\0')
        return read_mass(text, word, out);
    return read_squeezed(text, out);
}

/* Is s[i] a '-' between two numbers ("10-325", not "-5")? */
static int number_dash(const char *s, size_t i)
{
    if (s[i] != '-' || i == 0)
        return 0;
    size_t a = i, b = i + 1;
    while (a > 0 && s[a - 1] == ' ')
        a--;
    while (s[b] == ' ')
        b++;
    return a > 0 && ((s[a - 1] >= '0' && s[a - 1] <= '9') || s[a - 1] == '.') &&
           ((s[b] >= '0' && s[b] <= '9') || s[b] == '.');
}

static int is_sep(const char *s, size_t i, int strength)
{
    return s[i] == ';' || (strength && (s[i] == '/' || (s[i] == '-' && number_dash(s, i))));
}

static int count_parts(const char *s, int strength)
{
    int n = 1;
    for (size_t i = 0; s[i]; i++)
        n += is_sep(s, i, strength);
    return n;
}

static int part(const char *s, int want, int strength, char *buf, size_t cap)
{
    int at = 0;
    size_t i = 0, start = 0;
    for (;; i++) {
        if (s[i] != '\0' && !is_sep(s, i, strength))
            continue;
        if (at == want) {
            size_t a = start, b = i;
            while (a < b && (s[a] == ' ' || s[a] == '\t'))
                a++;
            while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
                b--;
            if (b - a >= cap)
                return -1;
            memcpy(buf, s + a, b - a);
            buf[b - a] = '\0';
            return 0;
        }
        if (s[i] == '\0')
            return -1;
        at++;
        start = i + 1;
    }
}

int med__strength_parts(const char *strength)
{
    return count_parts(strength, 1);
}

int med__strength_part(const char *strength, int i, char *buf, size_t cap)
{
    return part(strength, i, 1, buf, cap);
}

int med__unit_parts(const char *unit)
{
    return count_parts(unit, 0);
}

int med__unit_part(const char *unit, int i, char *buf, size_t cap)
{
    return part(unit, i, 0, buf, cap);
}
