/* Route and substance columns; see fda.h. Routes are read through the vocabulary's form
 * phrases (NASAL is nasal-spray, SUBLINGUAL and BUCCAL buccal, TRANSDERMAL patch, INTRAVENOUS
 * injection), so form and route speak one vocabulary; what a route allows for a form is the
 * table below. */
#include "claims/fda.h"

#include <stdio.h>
#include <string.h>

#include "tables/table_private.h"

/* Form (canonical, from the form column) x route (canonical, from the route column) -> form.
 * A form column without a route word (SPRAY, TABLET) is made precise by the route; a pair not
 * listed is a conflict. "" is no form column. */
static const struct { const char *form, *route, *result; } ROUTE_FORM[] = {
    {"", "oral", "oral"},                 {"", "nasal-spray", "nasal-spray"},
    {"", "buccal", "buccal"},             {"", "patch", "patch"},
    {"", "rectal", "rectal"},             {"", "injection", "injection"},
    {"oral", "oral", "oral"},             {"oral", "buccal", "buccal"},
    {"oral-spray", "oral", "oral-spray"}, {"oral-spray", "buccal", "oral-spray"},
    {"oral-spray", "nasal-spray", "nasal-spray"},
    {"nasal-spray", "nasal-spray", "nasal-spray"},
    {"buccal", "buccal", "buccal"},       {"buccal", "oral", "buccal"},
    {"film", "buccal", "film"},           {"film", "oral", "film"},
    {"patch", "patch", "patch"},          {"rectal", "rectal", "rectal"},
    {"injection", "injection", "injection"},
};

static const char *combine(const char *form, const char *route)
{
    for (size_t i = 0; i < sizeof ROUTE_FORM / sizeof ROUTE_FORM[0]; i++)
        if (strcmp(ROUTE_FORM[i].form, form) == 0 && strcmp(ROUTE_FORM[i].route, route) == 0)
            return ROUTE_FORM[i].result;
    return NULL;
}

/* The form of each route of a list ("ORAL; SUBLINGUAL"), combined with `form`: all must agree. */
static int by_route(const med_table *t, const char *what, const char *form_text,
                    const char *form, const char *route, char *out, size_t cap, char *msg,
                    size_t msg_cap)
{
    const char *result = NULL;
    for (const char *p = route; *p;) {
        char one[64];
        size_t n = strcspn(p, ";,");
        snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), p);
        p += n + (p[n] != '\0');
        const char *r = med__vocab_form(t->vocab, one);
        if (r == NULL || n >= sizeof one) {
            snprintf(msg, msg_cap, "unknown route '%s': expected an FDA route name such as ORAL, "
                                   "NASAL, BUCCAL, SUBLINGUAL, TRANSDERMAL, RECTAL, INTRAVENOUS",
                     route);
            return -1;
        }
        if (r[0] == '\0')
            continue;
        const char *c = combine(form, r);
        if (c == NULL) {
            snprintf(msg, msg_cap, "%s '%s' (%s) cannot be given by route '%s' (%s): check "
                                   "the %s and route columns", what, form_text,
                     form[0] ? form : "none", route, r, what);
            return -1;
        }
        if (result && strcmp(result, c) != 0) {
            snprintf(msg, msg_cap, "route '%s' allows both %s and %s for %s '%s': give one "
                                   "route", route, result, c, what, form_text);
            return -1;
        }
        result = c;
    }
    snprintf(out, cap, "%s", result ? result : "");
    return 0;
}

/* Nonzero when the NDC list knows `ingredient` in `form` (per unit or per mL, alone or not). */
static int known_form(const med_table *t, const char *ingredient, const char *form)
{
    return med__vocab_strength_range(t->vocab, ingredient, form, 0, 0) != NULL ||
           med__vocab_strength_range(t->vocab, ingredient, form, 1, 0) != NULL;
}

/* Without a route, a form word that names no route (TABLET, SPRAY) for an ingredient the NDC
 * list never knows in that form but knows in the one form of the same kind: CDC's fentanyl and
 * buprenorphine Tablets are all sublingual or buccal, its butorphanol Sprays all nasal (the
 * same reading tests/tools/make-ndc-list.py gives them). */
static void by_ingredient(const med_table *t, const char *drug, const char *form,
                          const char *form_text, char *out, size_t cap, char *note,
                          size_t note_cap)
{
    static const struct { const char *form, *other; } KIND[] = {
        {"oral", "buccal"}, {"oral-spray", "nasal-spray"}};
    med_resolved r;
    if (drug[0] == '\0' || med__vocab_resolve(t->vocab, drug, &r, NULL) != MED_OK ||
        strcmp(r.drug_class, "opioid") != 0 || r.form != NULL)
        return;
    for (size_t i = 0; i < sizeof KIND / sizeof KIND[0]; i++)
        if (strcmp(form, KIND[i].form) == 0 && !known_form(t, r.ingredient, form) &&
            known_form(t, r.ingredient, KIND[i].other)) {
            snprintf(out, cap, "%s", KIND[i].other);
            snprintf(note, note_cap, "form '%s' read as %s: CDC's NDC list has %s only as %s "
                                     "in this kind of form (give a route column to say "
                                     "otherwise)", form_text, KIND[i].other, r.ingredient,
                     KIND[i].other);
            return;
        }
}

int med__claim_form(const med_table *t, const char *drug, const char *form, const char *route,
                    char *out, size_t cap, char *note, size_t note_cap, char *msg,
                    size_t msg_cap)
{
    out[0] = note[0] = '\0';
    const char *f = form[0] ? med__vocab_form(t->vocab, form) : "";
    if (f == NULL)
        return 0; /* an unknown form: computing says so */
    if (route[0]) {
        med_resolved r;
        if (f[0] == '\0' && drug[0] && med__vocab_resolve(t->vocab, drug, &r, NULL) == MED_OK &&
            r.form) /* a brand's form (Duragesic: patch) meets the route as a form column would */
            return by_route(t, "drug", drug, r.form, route, out, cap, msg, msg_cap);
        return by_route(t, "form", form, f, route, out, cap, msg, msg_cap);
    }
    if (f[0])
        by_ingredient(t, drug, f, form, out, cap, note, note_cap);
    return 0;
}

int med__claim_substance(const med_table *t, const char *substance, med__input_buf *in,
                         char *msg, size_t msg_cap)
{
    med_resolved s, d;
    med_error e;
    if (med__vocab_resolve(t->vocab, substance, &s, &e) != MED_OK) {
        snprintf(msg, msg_cap, "substance column: %s", e.message);
        return -1;
    }
    if (in->drug[0] && med__vocab_resolve(t->vocab, in->drug, &d, NULL) == MED_OK &&
        (strcmp(d.drug_class, "opioid") == 0 || strcmp(s.drug_class, "opioid") == 0) &&
        strcmp(d.ingredient, s.ingredient) != 0) {
        snprintf(msg, msg_cap, "drug '%s' is %s but substance '%s' is %s", in->drug,
                 d.ingredient, substance, s.ingredient);
        return -1;
    }
    if (strlen(substance) >= sizeof in->drug) {
        snprintf(msg, msg_cap, "column substance is longer than %d bytes",
                 (int)sizeof in->drug - 1);
        return -1;
    }
    snprintf(in->drug, sizeof in->drug, "%s", substance);
    return 0;
}
