/* Claims product descriptions to a med_input: "HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG
 * TABLET" is hydrocodone/acetaminophen, strength 10/325, unit mg, form oral.
 *
 * A description is drug words, then a strength, then words that may name the form. The strength
 * is the first run of numbers with a mass unit ("10 MG", "10-325 MG", "7.5 MG-325 MG/15 ML",
 * "25 MCG/HR"), or failing that the first combination strength without one ("5/325": mg). A
 * description may also interleave them: "ACETAMINOPHEN 300 MG / CODEINE 30 MG". Numbers in the
 * name before the strength are not part of the drug ("LORTAB 10/325 10 MG", "PHENAPHEN-650
 * W/CODEINE 30 MG", "TYLENOL WITH CODEINE NO. 3 30 MG"). The drug words are resolved by the
 * vocabulary, first as written, then with AND, WITH, & and commas read as '/'. */
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "compute/liquid.h"
#include "compute/regimen.h"
#include "ndc/ndc_private.h"
#include "ndc/product_text.h"
#include "tables/table_private.h"

#define MAX_TEXT 256

/* The words of tokens [0, end) without the numbers in them, nor the punctuation that leads to
 * a number ("-650", "#3", "NO. 3" keeps NO): "PHENAPHEN-650 W/CODEINE" is "PHENAPHEN W / CODEINE". */
static void drug_words(const desc *d, int end, char *buf, size_t cap)
{
    size_t k = 0;
    int from = 0;
    while (from < end && d->t[from].kind == T_PUNCT)
        from++;
    buf[0] = '\0';
    for (int i = from; i < end && k + 1 < cap; i++) {
        int leads_to_number = d->t[i].kind == T_PUNCT && i + 1 < end && is_num(d, i + 1);
        /* A release period's hours go with their number: "OXYCONTIN 12HR", "ER 24 HR". */
        int period = is_num(d, i - 1) && med__desc_word_is(d, i, "HR|HRS|HOUR|HOURS");
        if (is_num(d, i) || leads_to_number || period)
            continue;
        int n = snprintf(buf + k, cap - k, "%s%.*s", k ? " " : "", (int)d->t[i].len,
                         d->text + d->t[i].at);
        k += n > 0 ? (size_t)n : 0;
    }
    if (k >= cap)
        k = cap - 1;
    /* No trailing punctuation ("DARVOCET-N 100" keeps its '-N'; "ROGESIC #" loses '#'). */
    while (k > 0 && !is_alpha(buf[k - 1]) && !is_digit(buf[k - 1]))
        buf[--k] = '\0';
}

/* After strength `s`, another drug and strength ("/ CODEINE 30 MG"): returns the next strength's
 * first token and the drug's tokens, or -1. */
static int next_interleaved(const desc *d, const strength *s, int *words_from)
{
    int j = s->end;
    /* A connector, or none: "ACETAMINOPHEN 325 MG HYDROCODONE 10 MG TAB" names two drugs as
     * surely as "325 MG / HYDROCODONE 10 MG" does; reading only the first would call it
     * not an opioid. */
    if (is_punct(d, j, "/-&+,;:") || med__desc_word_is(d, j, "AND|WITH|W"))
        j++;
    if (is_punct(d, j, "/"))
        j++;
    int from = j;
    while (j < d->n && d->t[j].kind == T_WORD && !med__desc_mass(d, j))
        j++;
    if (j == from || !is_num(d, j))
        return -1;
    strength next;
    med__desc_read_strength(d, j, &next);
    if (!next.mass)
        return -1;
    *words_from = from;
    return j;
}

/* What a description says, before the vocabulary is asked. */
typedef struct reading {
    char drug[MAX_TEXT + 1];
    strength s;             /* parts from every interleaved strength */
    int tail;               /* first token after the (last) strength */
} reading;

static med_status read_description(const desc *d, reading *r, med_error *error)
{
    memset(r, 0, sizeof *r);
    if (!med__desc_find_strength(d, &r->s))
        return med__fail(error, MED_ERR_SYNTAX, "<product>", 0, 0, d->text,
                         "no strength in product '%s': expected a strength with its unit, e.g. "
                         "10 MG, 10-325 MG, 25 MCG/HR or 5 MG/5 ML", d->text);
    drug_words(d, r->s.first, r->drug, sizeof r->drug);
    r->tail = r->s.end;
    int from, at;
    /* Each drug keeps its own strength, however many there are ("ASPIRIN 325 MG / BUTALBITAL
     * 50 MG / CAFFEINE 40 MG / CODEINE 30 MG"): stopping after two would drop the opioid. */
    int labelled = r->s.count == 1 && r->s.mass;
    char volumes[MAX_PARTS][NUM_MAX]; /* each labelled strength's volume ("" for none) */
    memcpy(volumes[0], r->s.volume, NUM_MAX);
    while (labelled && (at = next_interleaved(d, &r->s, &from)) >= 0) {
        strength next;
        med__desc_read_strength(d, at, &next);
        size_t used = strlen(r->drug);
        r->drug[used] = '/';
        med__desc_span_text(d, from, at, r->drug + used + 1, sizeof r->drug - used - 1);
        r->s.mixed |= strcmp(next.mass, r->s.mass) != 0;
        r->s.per_hour |= next.per_hour;
        memcpy(volumes[r->s.count], next.volume, NUM_MAX);
        snprintf(r->s.parts[r->s.count++], NUM_MAX, "%s", next.parts[0]);
        r->tail = next.end;
        r->s.end = next.end;
        if (r->s.count == MAX_PARTS || next.count > 1)
            break;
    }
    /* One volume for all: each says the same ("A 100 MG/5 ML B 10 MG/5 ML"), or only the last
     * says it ("A 7.5 MG / B 325 MG per 15 ML"). Anything else is refused, never guessed. */
    if (labelled && r->s.count > 1) {
        int n = r->s.count, same = 1, only_last = 1;
        for (int i = 0; i + 1 < n; i++) {
            same &= strcmp(volumes[i], volumes[n - 1]) == 0;
            only_last &= volumes[i][0] == '\0';
        }
        if (!same && !only_last)
            return med__fail(error, MED_ERR_SYNTAX, "<product>", 0, 0, d->text,
                             "the strengths of product '%s' are per different volumes (%s and "
                             "%s mL): write each per the same volume", d->text,
                             volumes[0][0] ? volumes[0] : "no",
                             volumes[n - 1][0] ? volumes[n - 1] : "no");
        memcpy(r->s.volume, volumes[n - 1], NUM_MAX);
    }
    if (labelled && r->s.count == MAX_PARTS && next_interleaved(d, &r->s, &from) >= 0)
        return med__fail(error, MED_ERR_LIMIT, "<product>", 0, 0, d->text,
                         "product '%s' names more than %d ingredients with strengths", d->text,
                         MAX_PARTS);
    if (r->drug[0] == '\0')
        return med__fail(error, MED_ERR_NOT_FOUND, "<product>", 0, 0, d->text,
                         "no drug name before the strength in product '%s'", d->text);
    /* "MORPHINE 15 MG 30 MG": which is it? Reading the first would be a guess. */
    for (int i = r->tail; i + 1 < d->n; i++)
        if (is_num(d, i) && med__desc_mass(d, i + 1))
            return med__fail(error, MED_ERR_SYNTAX, "<product>", 0, 0, d->text,
                             "product '%s' has a second strength '%.*s %.*s' after the first: "
                             "expected one strength (or one per ingredient, each after its "
                             "name)", d->text, (int)d->t[i].len, d->text + d->t[i].at,
                             (int)d->t[i + 1].len, d->text + d->t[i + 1].at);
    return MED_OK;
}

/* Two labelled salts of one ingredient ("Oxycodone Hydrochloride 4.5 MG / oxycodone
 * terephthalate 0.38 MG", RxNorm's Percodan) are one ingredient of their summed strength (4.88),
 * exactly: the vocabulary counts the ingredient once, so the parts would not match otherwise.
 * Only for a description whose every drug has its own strength; anything else is left alone. */
static void merge_salts(const med_vocab *v, reading *r)
{
    char names[MAX_PARTS][MAX_TEXT + 1], *p = r->drug;
    const char *ingredient[MAX_PARTS];
    int n = 0;
    med_resolved one;
    for (char *end; n < MAX_PARTS; n++, p = end + 1) {
        end = strchr(p, '/');
        snprintf(names[n], sizeof names[n], "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)), p);
        if (med__vocab_resolve(v, names[n], &one, NULL) != MED_OK || one.component_count != 1)
            return;
        ingredient[n] = one.ingredient;
        if (end == NULL) {
            n++;
            break;
        }
    }
    if (n != r->s.count || n < 2)
        return;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            med_q a, b, sum;
            if (strcmp(ingredient[i], ingredient[j]) != 0 ||
                med__q_parse(r->s.parts[i], strlen(r->s.parts[i]), &a) != 0 ||
                med__q_parse(r->s.parts[j], strlen(r->s.parts[j]), &b) != 0 ||
                med__q_add(a, b, &sum) != 0)
                continue;
            med__q_format(sum, 6, r->s.parts[i], NUM_MAX);
            for (int k = j; k + 1 < n; k++) { /* drop part j */
                memcpy(names[k], names[k + 1], sizeof names[k]);
                ingredient[k] = ingredient[k + 1];
                memcpy(r->s.parts[k], r->s.parts[k + 1], NUM_MAX);
            }
            n--;
            r->s.count--;
            j--;
        }
    size_t k = 0;
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(r->drug + k, k < sizeof r->drug ? sizeof r->drug - k : 0, "%s%s",
                              i ? "/" : "", names[i]);
}

/* "HYDROCODONE AND ACETAMINOPHEN" -> "HYDROCODONE / ACETAMINOPHEN": connectors as '/'. */
static void connectors_as_slash(const char *in, char *out, size_t cap)
{
    desc d;
    size_t k = 0;
    if (med__desc_tokenize(&d, in, NULL) != MED_OK) {
        snprintf(out, cap, "%s", in);
        return;
    }
    int joined = 1; /* no '/' first, nor two in a row ("ASPIRIN, CAFFEINE, AND ...") */
    for (int i = 0; i < d.n && k + 1 < cap; i++) {
        int joins = med__desc_word_is(&d, i, "AND|WITH") || is_punct(&d, i, "&+,;/");
        if (joins && joined)
            continue;
        joined = joins;
        const char *piece = joins ? "/" : d.text + d.t[i].at;
        size_t len = joins ? 1 : d.t[i].len;
        int n = snprintf(out + k, cap - k, "%s%.*s", k ? " " : "", (int)len, piece);
        k += n > 0 ? (size_t)n : 0;
    }
    if (k >= cap)
        k = cap - 1;
    out[k] = '\0';
}

/* The drug words through the vocabulary: as written, then with connectors read as '/', then
 * with truncated names completed (`note` then says so; it may be NULL: nothing is completed). */
static med_status resolve_drug(const med_vocab *v, const char *drug, med_resolved *r,
                               const char **names, char *note, size_t note_cap, med_error *error)
{
    char joined[MAX_TEXT * 2], whole[MAX_TEXT * 2];
    med_status s = med__vocab_resolve_parts(v, drug, r, names, error);
    if (s != MED_ERR_NOT_FOUND)
        return s;
    connectors_as_slash(drug, joined, sizeof joined);
    med_error second;
    if (strcmp(joined, drug) != 0 &&
        med__vocab_resolve_parts(v, joined, r, names, &second) == MED_OK) {
        med__error_clear(error);
        return MED_OK;
    }
    if (note == NULL)
        return s;
    int c = med__complete_parts(v, joined, whole, sizeof whole, note, note_cap, error);
    if (c == MED_ERR_NOT_FOUND)
        return MED_ERR_NOT_FOUND;
    if (c == 0 && med__vocab_resolve_parts(v, whole, r, names, &second) == MED_OK) {
        med__error_clear(error);
        return MED_OK;
    }
    note[0] = '\0';
    return s;
}

/* "mg", "mcg/hr", "mg/mL", "mg/5 mL". */
static med_status unit_text(const char *text, const strength *s, char *out, size_t cap,
                            med_error *error)
{
    const char *mass = s->mass ? s->mass : "mg";
    if (s->mixed)
        return med__fail(error, MED_ERR_SYNTAX, "<product>", 0, 0, text,
                         "the strength of product '%s' mixes units (mg and mcg)", text);
    if (s->per_hour && strcmp(mass, "mcg") != 0)
        return med__fail(error, MED_ERR_SYNTAX, "<product>", 0, 0, text,
                         "product '%s' is in %s per hour: only patches, in mcg/hr, are", text,
                         mass);
    if (s->per_hour)
        snprintf(out, cap, "mcg/hr");
    else if (strcmp(s->volume, "1") == 0)
        snprintf(out, cap, "%s/mL", mass);
    else if (s->volume[0])
        snprintf(out, cap, "%s/%s mL", mass, s->volume);
    else
        snprintf(out, cap, "%s", mass);
    return MED_OK;
}

/* A brand or form word in the name wins ("LAZANDA ... SPRAY" is nasal); a plain oral name gives
 * way to form words after the strength ("... 200 MCG LOZENGE" is buccal). */
static const char *choose_form(const med_vocab *v, const desc *d, const reading *r,
                               const med_resolved *drug)
{
    const char *named = drug->form;
    if (named && strcmp(named, "oral") != 0)
        return named;
    const char *tail = NULL;
    if (r->tail < d->n)
        tail = med__vocab_find_form(v, d->text + d->t[r->tail].at);
    if (tail)
        return tail;
    if (named)
        return named;
    return r->s.per_hour ? "patch" : "";
}

/* The first word of the text that the vocabulary reads as an opioid ("HYDROCODONE"), or 0:
 * a product that names one must never come out as not an opioid. */
static int opioid_word(const med_vocab *v, const desc *d, med_resolved *found)
{
    char word[MAX_TEXT + 1];
    for (int i = 0; i < d->n; i++) {
        if (d->t[i].kind != T_WORD || d->t[i].len < 4)
            continue;
        med__copy_text(word, sizeof word, d->text + d->t[i].at, d->t[i].len);
        if (med__vocab_resolve(v, word, found, NULL) == MED_OK &&
            strcmp(found->drug_class, "opioid") == 0)
            return 1;
    }
    return 0;
}

/* A liquid named with a strength that is not per volume ("MORPHINE 10 MG SOLUTION"): 100 mL
 * would count 10 mg in every mL. Refused: the volume is what was not said. */
static med_status check_liquid(const desc *d, const reading *r, const char *form,
                               med_error *error)
{
    char liquid[32];
    if (r->s.volume[0] || r->s.per_hour || (form[0] && strcmp(form, "oral") != 0) ||
        !med__names_liquid(d->text, liquid, sizeof liquid))
        return MED_OK;
    return med__fail(error, MED_ERR_INVALID, "<product>", 0, 0, d->text,
                     "product '%s' is a liquid ('%s') but its strength is not per volume: "
                     "expected e.g. 10 MG/5 ML, 7.5-325/15 ML or 5 MG PER 5 ML", d->text,
                     liquid);
}

static med_status fill(const med_vocab *v, const desc *d, const reading *r, med__input_buf *out,
                       char *note, size_t note_cap, med_error *error)
{
    med_resolved drug;
    const char *names[MED_MAX_COMPONENTS];
    char unit[MED_UNIT_MAX], joined[MED_NAME_MAX], parts[MED_UNIT_MAX];
    med_resolved seen;
    med_status s = resolve_drug(v, r->drug, &drug, names, note, note_cap, error);
    if (s == MED_OK)
        s = unit_text(d->text, &r->s, unit, sizeof unit, error);
    if (s != MED_OK)
        return s;
    if (strcmp(drug.drug_class, "opioid") != 0 && opioid_word(v, d, &seen))
        return med__fail(error, MED_ERR_INVALID, "<product>", 0, 0, d->text,
                         "product '%s' names %s, an opioid, but was read as '%s' (%s): write "
                         "each ingredient with its strength, e.g. 'HYDROCODONE 10 MG / "
                         "ACETAMINOPHEN 325 MG'", d->text, seen.ingredient, r->drug,
                         drug.drug_class);
    const char *form = choose_form(v, d, r, &drug);
    if ((s = check_liquid(d, r, form, error)) != MED_OK)
        return s;
    if (r->s.count > 1 && r->s.count != drug.component_count)
        return med__fail(error, MED_ERR_INVALID, "<product>", 0, 0, d->text,
                         "the strength of product '%s' has %d parts but '%s' names %d "
                         "ingredient%s", d->text, r->s.count, r->drug, drug.component_count,
                         drug.component_count == 1 ? "" : "s");
    size_t k = 0, p = 0;
    for (int i = 0; i < drug.component_count; i++)
        k += (size_t)snprintf(joined + k, k < sizeof joined ? sizeof joined - k : 0, "%s%s",
                              i ? "/" : "", names[i]);
    for (int i = 0; i < r->s.count; i++)
        p += (size_t)snprintf(parts + p, p < sizeof parts ? sizeof parts - p : 0, "%s%s",
                              i ? "/" : "", r->s.parts[i]);
    if (k >= sizeof joined || p >= sizeof parts)
        return med__fail(error, MED_ERR_LIMIT, "<product>", 0, 0, d->text,
                         "product '%s' names too long a drug or strength", d->text);
    snprintf(out->drug, sizeof out->drug, "%s", joined);
    snprintf(out->strength, sizeof out->strength, "%s", parts);
    snprintf(out->unit, sizeof out->unit, "%s", unit);
    snprintf(out->form, sizeof out->form, "%s", form);
    return MED_OK;
}

/* Labels' typographic punctuation as the ASCII the parser reads: U+2044 FRACTION SLASH and
 * U+2215 DIVISION SLASH as '/' ("10 MG\u20445 ML"), U+2013 EN DASH and U+2014 EM DASH as '-'. */
static void ascii_punctuation(const char *in, char *out, size_t cap)
{
    static const struct {
        const char *utf8;
        char ascii;
    } marks[] = {{"\xe2\x81\x84", '/'}, {"\xe2\x88\x95", '/'}, {"\xe2\x80\x93", '-'},
                 {"\xe2\x80\x94", '-'}};
    size_t k = 0;
    while (*in && k + 1 < cap) {
        size_t m = 0;
        while (m < sizeof marks / sizeof marks[0] && strncmp(in, marks[m].utf8, 3) != 0)
            m++;
        if (m < sizeof marks / sizeof marks[0]) {
            out[k++] = marks[m].ascii;
            in += 3;
        } else {
            out[k++] = *in++;
        }
    }
    out[k] = '\0';
}

med_status med__product_resolve(const med_table *table, const char *text, med__input_buf *out,
                                med_error *error)
{
    return med__product_resolve_noted(table, text, out, NULL, 0, error);
}

med_status med__product_resolve_noted(const med_table *table, const char *text,
                                      med__input_buf *out, char *note, size_t note_cap,
                                      med_error *error)
{
    desc d;
    reading r;
    med__error_clear(error);
    if (note && note_cap)
        note[0] = '\0';
    if (table == NULL || text == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, "<product>", 0, 0, NULL,
                         "no table, description or output given");
    size_t len = strlen(text);
    if (len > MAX_TEXT)
        return med__fail(error, MED_ERR_LIMIT, "<product>", 0, 0, text,
                         "product description is %zu bytes; at most %d", len, MAX_TEXT);
    char clean[MAX_TEXT + 64], numbered[MAX_TEXT + 64]; /* RxNorm's and pharmacies' names */
    if (med__rxnorm_name_clean(text, clean, sizeof clean) == 0)
        text = clean;
    if (med__pharmacy_name_clean(text, numbered, sizeof numbered))
        text = numbered;
    char plain[MAX_TEXT + 64];
    ascii_punctuation(text, plain, sizeof plain);
    med_status s = med__desc_tokenize(&d, plain, error);
    if (s == MED_OK)
        s = read_description(&d, &r, error);
    if (s == MED_OK)
        merge_salts(table->vocab, &r);
    if (s == MED_OK)
        s = fill(table->vocab, &d, &r, out, note, note_cap, error);
    return s;
}

med_status med_product_resolve(const med_table *table, const char *text, med_regimen *into,
                               med_error *error)
{
    if (into == NULL) {
        med__error_clear(error);
        return med__fail(error, MED_ERR_ARGUMENT, "<product>", 0, 0, NULL, "no regimen given");
    }
    med_status s = med__product_resolve(table, text, med__regimen_buf(into), error);
    med__regimen_sync(into);
    return s;
}
