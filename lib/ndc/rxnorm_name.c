/* RxNorm drug names (SCD/SBD) read as product descriptions: what RxNorm adds around the
 * ingredients, strengths and dose form is taken off or rewritten before the description parser
 * (product.c) reads them, so that one parser reads claims, pharmacy and RxNorm text:
 *   "{2 (Fentanyl 0.6 MG/ACTUAT Mucosal Spray [Subsys]) } Pack [Subsys 1200 MCG]"
 *                                      -> "Fentanyl 600 MCG Mucosal Spray"
 *   "Abuse-Deterrent 12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet [Oxycontin]"
 *                                      -> "Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet"
 *   "72 HR Fentanyl 0.025 MG/HR Transdermal System" -> "Fentanyl 25 MCG/HR Transdermal System"
 *   "1 ML Morphine Sulfate 10 MG/ML Prefilled Syringe" -> "Morphine Sulfate 10 MG/ML Prefilled Syringe"
 * The "N HR" (release period), "N ML" (volume of a syringe or vial) and "N ACTUAT" (actuations in
 * a device) prefixes describe the package, not the strength; "[Brand]" repeats a name; MG/HR and
 * MG/ACTUAT become MCG/HR and MCG by moving the decimal point, so no number is rounded (MG/HR only
 * in a Transdermal System's name: "OXYCODONE 10 MG/HR" stays the error it is). */
#include <string.h>

#include "ndc/ndc_private.h"

static int lower_is(const char *s, const char *word)
{
    for (; *word; s++, word++)
        if ((*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s) != *word)
            return 0;
    return 1;
}

static int alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of a plain number at s ("0.025"), or 0. */
static size_t number_len(const char *s)
{
    size_t n = 0;
    while (digit(s[n]))
        n++;
    if (n && s[n] == '.' && digit(s[n + 1]))
        for (n++; digit(s[n]); n++)
            ;
    return n;
}

/* The word `word` (lowercase) at s, ending at a non-letter: its length, or 0. */
static size_t word_at(const char *s, const char *word)
{
    size_t n = strlen(word);
    return lower_is(s, word) && !alnum(s[n]) ? n : 0;
}

/* A package prefix at s: "Abuse-Deterrent ", "Matrix Delivery ", "12 HR ", "1 ML ",
 * "80 ACTUAT " (bytes to skip, spaces included), or 0. */
static size_t prefix_len(const char *s)
{
    static const char *const words[] = {"abuse-deterrent", "abuse deterrent", "matrix delivery",
                                        NULL};
    size_t n = 0;
    for (const char *const *w = words; *w && n == 0; w++)
        n = word_at(s, *w);
    if (n == 0 && (n = number_len(s)) > 0) {
        size_t k = n;
        while (s[k] == ' ')
            k++;
        size_t unit = word_at(s + k, "hr");
        if (unit == 0)
            unit = word_at(s + k, "ml");
        if (unit == 0)
            unit = word_at(s + k, "actuat");
        n = unit ? k + unit : 0;
    }
    if (n == 0 || s[n] != ' ')
        return 0;
    while (s[n] == ' ')
        n++;
    return n;
}

/* Appends `len` bytes; -1 when `out` is full. */
static int put(char *out, size_t cap, size_t *k, const char *s, size_t len)
{
    if (*k + len >= cap)
        return -1;
    memcpy(out + *k, s, len);
    *k += len;
    out[*k] = '\0';
    return 0;
}

/* The number `s` (len bytes) times 1000, exactly: "0.025" -> "25", "1.5" -> "1500". */
static int thousand_times(const char *s, size_t len, char *out, size_t cap, size_t *k)
{
    char digits[48];
    size_t d = 0, point = len;
    for (size_t i = 0; i < len && d + 4 < sizeof digits; i++) {
        if (s[i] == '.')
            point = d;
        else
            digits[d++] = s[i];
    }
    point += 3;
    while (d < point)
        digits[d++] = '0';
    size_t from = 0;
    while (from + 1 < point && digits[from] == '0')
        from++;
    if (put(out, cap, k, digits + from, point - from) != 0)
        return -1;
    size_t end = d;
    while (end > point && digits[end - 1] == '0')
        end--;
    if (end > point && (put(out, cap, k, ".", 1) != 0 || put(out, cap, k, digits + point,
                                                               end - point) != 0))
        return -1;
    return 0;
}

/* "0.025 MG/HR" at s: writes "25 MCG/HR" (MG/ACTUAT: "25 MCG") and returns the bytes read. */
static size_t per_hour_or_actuation(const char *s, char before, int patch, char *out, size_t cap,
                                    size_t *k)
{
    size_t n = number_len(s), j;
    if (n == 0 || alnum(before) || before == '.')
        return 0;
    j = n;
    while (s[j] == ' ')
        j++;
    size_t unit = patch && word_at(s + j, "mg/hr") ? 5 : word_at(s + j, "mg/actuat") ? 9 : 0;
    size_t mcg = unit ? 0 : word_at(s + j, "mcg/actuat") ? 10 : 0;
    if (unit == 0 && mcg == 0)
        return 0;
    if (mcg) /* already micrograms: only "per actuation" goes */
        return put(out, cap, k, s, n) == 0 && put(out, cap, k, " MCG", 4) == 0 ? j + mcg : 0;
    if (thousand_times(s, n, out, cap, k) != 0)
        return 0;
    if (put(out, cap, k, unit == 5 ? " MCG/HR" : " MCG", unit == 5 ? 7 : 4) != 0)
        return 0;
    return j + unit;
}

/* "{2 (X) } Pack ...": X; anything else unchanged. */
static void unpack(const char **text, size_t *len)
{
    const char *s = *text;
    if (*len == 0 || s[0] != '{')
        return;
    const char *open = memchr(s, '(', *len), *close = NULL;
    for (size_t i = *len; i > 0 && close == NULL; i--)
        if (s[i - 1] == ')')
            close = s + i - 1;
    if (open && close && close > open) {
        *text = open + 1;
        *len = (size_t)(close - open - 1);
    }
}

int med__rxnorm_name_clean(const char *text, char *out, size_t cap)
{
    size_t len = strlen(text), k = 0, skip;
    if (cap == 0)
        return -1;
    out[0] = '\0';
    while (len && *text == ' ')
        text++, len--;
    unpack(&text, &len);
    const char *end = text + len;
    char before = ' ';
    int patch = 0; /* MG/HR is read as a rate only for what RxNorm calls a Transdermal System */
    for (const char *p = text; p < end && !patch; p++)
        patch = lower_is(p, "transdermal");
    while (text < end && (skip = prefix_len(text)) > 0 && text + skip < end)
        text += skip;
    while (text < end) {
        if (*text == '[') { /* "[Brand]" */
            const char *close = memchr(text, ']', (size_t)(end - text));
            text = close ? close + 1 : end;
            before = ' ';
            continue;
        }
        size_t used = per_hour_or_actuation(text, before, patch, out, cap, &k);
        if (used) {
            text += used;
            before = 'x';
            continue;
        }
        if (put(out, cap, &k, text, 1) != 0)
            return -1;
        before = *text++;
    }
    while (k && out[k - 1] == ' ')
        out[--k] = '\0';
    return 0;
}
