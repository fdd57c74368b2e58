/* A request's drug: from its RxNorm code through the embedded RxNorm list, else from its words
 * read as a product description (RxNorm display names, a brand in parentheses), else as a bare
 * drug name. A code whose product the words contradict is an error, never a choice. */
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "fhir/fhir_private.h"
#include "ndc/ndc_private.h"

#define RXNORM_SYSTEM "http://www.nlm.nih.gov/research/umls/rxnorm"

/* An RxNorm code (RxCUI) to the product it names, through the embedded RxNorm list
 * (rxnorm-omtk, the library's own), loaded when a document first carries a code. MED_OK fills
 * drug, strength, unit and form and names the list in `list`; MED_ERR_NOT_FOUND when the list
 * does not know the code (the words then decide, and the order says so); other errors are the
 * list's. */
static med_status rxcui_lookup(med_fhir *f, const char *rxcui, med__input_buf *out,
                               const char **list, med_error *e)
{
    med_status s = MED_OK;
    if (f->rxnorm == NULL)
        s = med_rxnorm_list_load_embedded(NULL, &f->rxnorm, e);
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    const med_ndc_list *lists[1] = {f->rxnorm};
    if (s == MED_OK)
        s = med_rxcui_lookup(lists, 1, rxcui, &p, e);
    if (s != MED_OK)
        return s;
    med__input_buf_clear(out);
    snprintf(out->drug, sizeof out->drug, "%s", p.ingredient);
    snprintf(out->strength, sizeof out->strength, "%s", p.strength);
    snprintf(out->unit, sizeof out->unit, "%s", p.unit);
    snprintf(out->form, sizeof out->form, "%s", p.form);
    *list = med_ndc_list_get_info(f->rxnorm)->id;
    return MED_OK;
}

/* The opioid's strength in a strength list ("325/5", the opioid at `index`): 0, or -1 when the
 * list has no such part or it is not a number. */
static int opioid_strength(const char *strength, int index, med_q *out)
{
    const char *p = strength;
    for (int i = 0; i < index && p; i++)
        if ((p = strchr(p, '/')) != NULL)
            p++;
    return p ? med__q_parse(p, strcspn(p, "/"), out) : -1;
}

/* The code decided; the words, when they name a product, must name the same one: the same
 * opioid, form and opioid strength. 0 when they agree or say too little to
 * compare; -1 with `why` written when they disagree (a code that names another product than
 * its display is a data error that must not pass as either). */
static int words_disagree(const med_table *table, const med__input_buf *by_code,
                          const char *display, char *why, size_t cap)
{
    med__input_buf w;
    med_error e;
    med_drug_info a = MED_DRUG_INFO_INIT, b = MED_DRUG_INFO_INIT;
    if (med__product_resolve(table, display, &w, &e) != MED_OK ||
        med_lookup_drug(table, by_code->drug, &a, NULL) != MED_OK ||
        med_lookup_drug(table, w.drug, &b, NULL) != MED_OK || a.ingredient == NULL ||
        b.ingredient == NULL)
        return 0;
    med_q x, y;
    int strength_differs = strcmp(w.unit, by_code->unit) == 0 &&
                           opioid_strength(w.strength, b.component_index, &x) == 0 &&
                           med__q_parse(by_code->strength, strlen(by_code->strength), &y) == 0 &&
                           med__q_cmp(x, y) != 0;
    int form_differs = w.form[0] && by_code->form[0] && strcmp(w.form, by_code->form) != 0;
    if (strcmp(a.ingredient, b.ingredient) == 0 && !strength_differs && !form_differs)
        return 0;
    snprintf(why, cap, "%s %s %s (%s), but the medication's words say %s %s %s (%s)",
             a.ingredient, by_code->strength, by_code->unit, by_code->form, w.drug,
             w.strength, w.unit, w.form[0] ? w.form : "no form");
    return -1;
}

/* RxNorm display names lead with a release duration ("12 HR ") and give patch rates in MG/HR
 * ("0.075 MG/HR"); the product reader wants the ingredient first and MCG/HR. */
static void rxnorm_display(const char *in, char *out, size_t cap)
{
    const char *p = in;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p > in && strncmp(p, " HR ", 4) == 0)
        in = p + 4;
    else if (p > in && strncmp(p, " DAY ", 5) == 0)
        in = p + 5;
    snprintf(out, cap, "%s", in);
    char *rate = strstr(out, " MG/HR");
    if (rate == NULL)
        return;
    char *start = rate;
    while (start > out && ((start[-1] >= '0' && start[-1] <= '9') || start[-1] == '.'))
        start--;
    med_q q, mcg;
    char num[40];
    if (med__q_parse(start, (size_t)(rate - start), &q) != 0 ||
        med__q_mul(q, med__q_int(1000), &mcg) != 0 || med__fhir_exact(mcg, num, sizeof num) != 0)
        return;
    char rest[MED_INPUT_MAX_TEXT + 1];
    snprintf(rest, sizeof rest, "%s", rate + 6); /* no longer than `out`: fits */
    snprintf(start, cap - (size_t)(start - out), "%s MCG/HR%s", num, rest);
}

/* The words to read a drug from: the RxNorm coding's display, else text, else a display. */
med_status med__fhir_drug_words(med__dosage_ctx *c, const med_ynode *cc, const char **rxnorm,
                                 const char **words)
{
    const char *text = NULL, *any = NULL, *rx_display = NULL;
    *rxnorm = NULL;
    med_status s = med__fhir_string(c, cc, "text", &text);
    const med_ynode *coding = med__ymap_get(cc, "coding");
    if (s == MED_OK && coding && coding->kind != MED_Y_SEQUENCE)
        return med__fhir_fail(c, coding, MED_ERR_INVALID, "coding must be a list");
    for (const med_ynode *e = coding ? coding->first : NULL; s == MED_OK && e; e = e->next) {
        const char *system = NULL, *code = NULL, *display = NULL;
        s = med__fhir_string(c, e, "system", &system);
        if (s == MED_OK) s = med__fhir_string(c, e, "code", &code);
        if (s == MED_OK) s = med__fhir_string(c, e, "display", &display);
        if (s == MED_OK && system && strcmp(system, RXNORM_SYSTEM) == 0 && *rxnorm == NULL) {
            *rxnorm = code;
            rx_display = display;
        } else if (s == MED_OK && any == NULL) {
            any = display;
        }
    }
    *words = rx_display ? rx_display : text ? text : any;
    return s;
}

/* Epic writes "HYDROcodone-acetaminophen (NORCO) 10-325 MG per tablet": the brand in
 * parentheses after the generic name. `out` gets the words without a parenthesized group that
 * holds no digit (a strength is never dropped); 0 when there was one, -1 otherwise. */
static int without_brand(const char *in, char *out, size_t cap, char *brand, size_t brand_cap)
{
    const char *open = strchr(in, '('), *close = open ? strchr(open, ')') : NULL;
    if (close == NULL || open == in || strpbrk(open, "0123456789") < close)
        return -1;
    if (strpbrk(open, "0123456789") == NULL)
        return -1; /* no strength after it: nothing to read anyway */
    snprintf(brand, brand_cap, "%.*s", (int)(close - open + 1), open);
    const char *rest = close + 1;
    while (*rest == ' ')
        rest++;
    snprintf(out, cap, "%.*s%s", (int)(open - in), in, rest);
    return 0;
}

/* The drug of a request into the order: by RxCUI when the lookup knows it, else its words as
 * a product description, else as a bare drug name (its dose must then be in mg). */
med_status med__fhir_read_drug(med__dosage_ctx *c, med_fhir *f, const med_table *table,
                                const med_ynode *req, const char *given)
{
    med__fhir_order *o = c->order;
    const char *rxnorm = NULL, *words = given;
    if (given && given[0] && strspn(given, "0123456789") == strlen(given)) {
        rxnorm = given; /* a bare Dosage's drug given as an RxNorm code */
        words = NULL;
    } else if (given == NULL) {
        const med_ynode *cc = med__ymap_get(req, "medicationCodeableConcept");
        if (cc == NULL)
            return med__fhir_fail(c, med__ymap_get(req, "medicationReference") ?
                                  med__ymap_get(req, "medicationReference") : req,
                                  MED_ERR_INVALID, "no medicationCodeableConcept (a "
                                  "medicationReference is not followed): the drug is not known");
        med_status s = med__fhir_drug_words(c, cc, &rxnorm, &words);
        if (s != MED_OK)
            return s;
        if (words == NULL && rxnorm == NULL)
            return med__fhir_fail(c, cc, MED_ERR_INVALID, "the medication has neither text nor "
                                  "a coding display nor an RxNorm code");
    }
    o->pub.rxnorm = rxnorm;
    o->pub.drug_text = words ? words : "";
    if (rxnorm) {
        const char *list = NULL;
        char why[400];
        med_error e;
        med_status s = rxcui_lookup(f, rxnorm, &o->buf, &list, &e);
        o->pub.rxnorm_list = s == MED_OK ? list : NULL;
        if (s == MED_OK && words && words_disagree(table, &o->buf, words, why, sizeof why) != 0)
            return med__fhir_fail(c, req, MED_ERR_INVALID, "RxNorm code %s is %s", rxnorm, why);
        if (s == MED_OK)
            return MED_OK;
        if (s != MED_ERR_NOT_FOUND)
            return med__fhir_fail(c, req, s, "RxNorm code %s: %s", rxnorm, e.message);
    }
    if (words == NULL)
        return med__fhir_fail(c, req, MED_ERR_NOT_FOUND, "RxNorm code %s is not one we know and "
                              "the medication has no text or display to read", rxnorm);
    char display[MED_INPUT_MAX_TEXT + 32]; /* room for MG/HR written as MCG/HR */
    med_error e;
    if (strlen(words) > MED_INPUT_MAX_TEXT)
        return med__fhir_fail(c, given ? req : med__ymap_get(req, "medicationCodeableConcept"),
                              MED_ERR_LIMIT, "the medication's words are %zu bytes; at most %d",
                              strlen(words), MED_INPUT_MAX_TEXT);
    rxnorm_display(words, display, sizeof display);
    if (med__product_resolve(table, display, &o->buf, &e) == MED_OK)
        return MED_OK;
    char generic[sizeof display], brand[64];
    med_error e2;
    if (without_brand(display, generic, sizeof generic, brand, sizeof brand) == 0 &&
        med__product_resolve(table, generic, &o->buf, &e2) == MED_OK) {
        size_t n = strlen(o->ignored);
        snprintf(o->ignored + n, sizeof o->ignored - n, "%smedication words %s (a brand in "
                 "parentheses: the generic name and strength decided)", n ? ", " : "", brand);
        return MED_OK;
    }
    if (e.code == MED_ERR_SYNTAX || e.code == MED_ERR_NOT_FOUND) {
        /* no strength in the words: the drug alone, for a dose given in mg */
        med_drug_info info = MED_DRUG_INFO_INIT;
        if (med_lookup_drug(table, display, &info, NULL) == MED_OK) {
            med__input_buf_clear(&o->buf);
            snprintf(o->buf.drug, sizeof o->buf.drug, "%s", display);
            return MED_OK;
        }
    }
    const med_ynode *at = given ? req : med__ymap_get(req, "medicationCodeableConcept");
    return med__fail(&o->error, e.code, c->source, at->line, at->column, words,
                     "medication '%s': %s", words, e.message);
}

/* A dose in mg of a combination product is the opioid's own amount. */
void med__fhir_mass_dose_drug(const med_table *table, med__input_buf *b)
{
    med_drug_info info = MED_DRUG_INFO_INIT;
    if (med_lookup_drug(table, b->drug, &info, NULL) == MED_OK && info.component_count > 1)
        snprintf(b->drug, sizeof b->drug, "%s", info.ingredient);
}
