/* A product description as tokens (words, numbers, punctuation) and the strength in it: the
 * numbers with their mass unit and what they are per ("10-325 MG", "25 MCG/HR",
 * "7.5 MG-325 MG/15 ML"). product.c reads the drug and form around it. */
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "ndc/product_text.h"

static char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Words are letters then letters or digits ("HCL", "B12"); numbers are digits with at most one
 * decimal point ("7.5", ".5" when not glued to a word: "NO.3" is NO, '.', 3); any other
 * non-space character is one punctuation token. "10MG" is 10 and MG. */
med_status med__desc_tokenize(desc *d, const char *text, med_error *error)
{
    size_t i = 0, len = strlen(text);
    d->text = text;
    d->n = 0;
    while (i < len) {
        char c = text[i];
        if (c == ' ' || c == '\t') {
            i++;
            continue;
        }
        token tk = {T_PUNCT, i, 0};
        int glued = i > 0 && (is_alpha(text[i - 1]) || is_digit(text[i - 1]));
        if (is_digit(c) || (c == '.' && is_digit(text[i + 1]) && !glued)) {
            tk.kind = T_NUM;
            while (is_digit(text[i]))
                i++;
            if (text[i] == '.' && is_digit(text[i + 1]))
                for (i++; is_digit(text[i]); i++)
                    ;
        } else if (is_alpha(c)) {
            tk.kind = T_WORD;
            while (is_alpha(text[i]) || is_digit(text[i]))
                i++;
        } else {
            i++;
        }
        tk.len = i - tk.at;
        if (d->n == MAX_TOKENS)
            return med__fail(error, MED_ERR_LIMIT, "<product>", 0, 0, text,
                             "product description has too many words and numbers (at most %d)",
                             MAX_TOKENS);
        d->t[d->n++] = tk;
    }
    return MED_OK;
}

/* Token i is a word equal (case aside) to one of the '|'-separated alternatives. */
int med__desc_word_is(const desc *d, int i, const char *alternatives)
{
    if (i < 0 || i >= d->n || d->t[i].kind != T_WORD)
        return 0;
    const char *w = d->text + d->t[i].at;
    size_t len = d->t[i].len;
    for (const char *a = alternatives; *a;) {
        const char *end = strchr(a, '|');
        size_t alen = end ? (size_t)(end - a) : strlen(a);
        size_t k = 0;
        while (k < len && k < alen && upper(w[k]) == a[k])
            k++;
        if (k == len && k == alen)
            return 1;
        a += alen + (end != NULL);
    }
    return 0;
}

const char *med__desc_mass(const desc *d, int i)
{
    if (med__desc_word_is(d, i, "MG|MGS|MILLIGRAM|MILLIGRAMS"))
        return "mg";
    if (med__desc_word_is(d, i, "MCG|MCGS|MICROGRAM|MICROGRAMS|UG"))
        return "mcg";
    return NULL;
}

static int is_ml(const desc *d, int i)
{
    return med__desc_word_is(d, i, "ML|MLS|MILLILITER|MILLILITERS|MILLILITRE|MILLILITRES");
}

/* A number's text as a plain decimal: ".5" becomes "0.5". */
static void number_text(const desc *d, int i, char *out)
{
    const token *t = &d->t[i];
    const char *s = d->text + t->at;
    size_t len = t->len < NUM_MAX - 2 ? t->len : NUM_MAX - 2;
    snprintf(out, NUM_MAX, "%s%.*s", s[0] == '.' ? "0" : "", (int)len, s);
}

/* A teaspoon (5 mL) or tablespoon (15 mL), as labels write "10 MG/TSP": its mL, or NULL. */
static const char *spoon_ml(const desc *d, int i)
{
    if (med__desc_word_is(d, i, "TSP|TSPS|TEASPOON|TEASPOONS|TEASPOONFUL"))
        return "5";
    if (med__desc_word_is(d, i, "TBSP|TBSPS|TABLESPOON|TABLESPOONS|TABLESPOONFUL"))
        return "15";
    return NULL;
}

/* A volume at j after '/', PER, IN or '-' ("/5 ML", "PER 15 ML", "IN 5 ML", "-5ML", "/ML",
 * "/TSP"): sets s->volume and returns the token after it, or j. */
static int read_volume(const desc *d, int j, strength *s)
{
    int slash = is_punct(d, j, "/") || med__desc_word_is(d, j, "PER");
    if (!(slash || med__desc_word_is(d, j, "IN") || is_punct(d, j, "-")))
        return j;
    int k = j + 1;
    if (is_num(d, k) && is_ml(d, k + 1)) {
        number_text(d, k, s->volume);
        return k + 2;
    }
    if (slash && is_ml(d, k)) {
        snprintf(s->volume, sizeof s->volume, "1");
        return k + 1;
    }
    if (slash && spoon_ml(d, k)) {
        snprintf(s->volume, sizeof s->volume, "%s", spoon_ml(d, k));
        return k + 1;
    }
    return j;
}

/* What follows a mass unit: "/HR", "/ML", "/5 ML", "PER 5 ML", "IN 5 ML", "/ACT", "/SPRAY". */
static int read_per(const desc *d, int j, strength *s)
{
    int v = read_volume(d, j, s);
    if (v != j)
        return v;
    if (!(is_punct(d, j, "/") || med__desc_word_is(d, j, "PER")))
        return j;
    int k = j + 1;
    if (med__desc_word_is(d, k, "HR|HRS|H|HOUR")) {
        s->per_hour = 1;
        return k + 1;
    }
    if (med__desc_word_is(d, k, "ACT|ACTUATION|SPRAY|DOSE|UNIT|EA|EACH"))
        return k + 1;
    return j;
}

/* Reads the numbers starting at token i: "10", "10-325", "10 MG-325 MG", "5/325 MG/15 ML". */
void med__desc_read_strength(const desc *d, int i, strength *s)
{
    memset(s, 0, sizeof *s);
    s->first = i;
    int j = i;
    for (;;) {
        number_text(d, j, s->parts[s->count++]);
        j++;
        const char *m = med__desc_mass(d, j);
        if (m) {
            s->mixed |= s->mass && strcmp(s->mass, m) != 0;
            s->mass = m;
            j++;
        }
        /* Another part follows a '-' or '/' unless it is a volume ("10 MG/5 ML", "5MG-5ML"). */
        if (s->count < MAX_PARTS && is_punct(d, j, "-/") && is_num(d, j + 1) &&
            !is_ml(d, j + 2) && !spoon_ml(d, j + 2))
            j++;
        else
            break;
    }
    /* Joined parts without a mass unit may still be per volume: "7.5-325/15 ML" (mg assumed,
     * as for "5/325"). Dropping the "/15 ML" would count 15 times the drug. */
    s->end = s->mass ? read_per(d, j, s) : s->count > 1 ? read_volume(d, j, s) : j;
}

/* The strength: the first with a unit, else the first with several parts (mg assumed). */
int med__desc_find_strength(const desc *d, strength *out)
{
    strength s, fallback;
    int have_fallback = 0;
    for (int i = 0; i < d->n; i++) {
        if (!is_num(d, i))
            continue;
        med__desc_read_strength(d, i, &s);
        if (s.mass) {
            *out = s;
            return 1;
        }
        if (s.count > 1 && !have_fallback) {
            fallback = s;
            have_fallback = 1;
        }
        i = s.end - 1;
    }
    if (have_fallback)
        *out = fallback;
    return have_fallback;
}

/* Text of tokens [from, to) as written, without leading or trailing punctuation. */
void med__desc_span_text(const desc *d, int from, int to, char *buf, size_t cap)
{
    while (from < to && d->t[from].kind == T_PUNCT)
        from++;
    while (to > from && d->t[to - 1].kind == T_PUNCT)
        to--;
    buf[0] = '\0';
    if (from >= to)
        return;
    size_t a = d->t[from].at, b = d->t[to - 1].at + d->t[to - 1].len;
    med__copy_text(buf, cap, d->text + a, b - a);
}
