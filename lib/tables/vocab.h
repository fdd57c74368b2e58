/* The vocabulary: names people type and claims contain, mapped to ingredients, classes and
 * forms. Loaded from conversion-tables/vocabulary.yaml (embedded). Internal. */
#ifndef MED_VOCAB_H
#define MED_VOCAB_H
#include "med.h"
#include "common/decimal.h"
#include "tables/embedded.h"

typedef struct med_vocab med_vocab;

#define MED_MAX_COMPONENTS 4

/* What a drug name resolves to. Strings are borrowed from the vocabulary. */
typedef struct med_resolved {
    const char *ingredient;  /* the opioid, or the first component of a non-opioid */
    const char *drug_class;
    const char *form;        /* canonical form named in the text or implied by a brand; or NULL */
    int component_index;
    int component_count;
    int opioid;              /* drug_class is "opioid" (said once here, not compared again) */
} med_resolved;

/* `known`: the embedded file the bytes are (its digest and tree are used), else NULL. */
med_status med__vocab_load(const char *data, size_t size, const char *source,
                           const med_embedded_file *known, med_vocab **out, med_error *error);
med_status med__vocab_load_embedded(med_vocab **out, med_error *error);
void med__vocab_free(med_vocab *vocab);

const char *med__vocab_digest(const med_vocab *vocab);
const char *med__vocab_version(const med_vocab *vocab);

/* Resolves a name; unknown names fail with MED_ERR_NOT_FOUND and suggest the nearest name.
 * `error` may be NULL when only the status is wanted (which spares that search). */
med_status med__vocab_resolve(const med_vocab *vocab, const char *text, med_resolved *out,
                              med_error *error);

/* The same for a text of `len` bytes (its strlen, measured by the caller). *entry is the index
 * of the vocabulary's name (below med__vocab_entry_count()) the text is written as, when that
 * is how it resolved (the usual name: "oxycodone", "OxyContin"), else MED_VOCAB_NO_ENTRY: a
 * table keeps what it lists for each such name (med_table.entry_rows). */
#define MED_VOCAB_NO_ENTRY ((size_t)-1)
med_status med__vocab_resolve_len(const med_vocab *vocab, const char *text, size_t len,
                                  med_resolved *out, size_t *entry, med_error *error);

/* How many names med__vocab_resolve_len may give as *entry, and the ingredient a text written
 * as name `entry` resolves to (the vocabulary's copy of its canonical name), NULL when it does
 * not resolve to one. */
size_t med__vocab_entry_count(const med_vocab *vocab);
const char *med__vocab_entry_ingredient(const med_vocab *vocab, size_t entry);

/* The canonical form for a form column's text ("TAB", "patch 72hr", "nasal spray"), "" for an
 * empty text, or NULL when not recognised. */
const char *med__vocab_form(const med_vocab *vocab, const char *text);

/* The same, and the canonical names of all the ingredients, in print order (`names` holds
 * MED_MAX_COMPONENTS pointers, out->component_count of them set). */
med_status med__vocab_resolve_parts(const med_vocab *vocab, const char *text, med_resolved *out,
                                    const char **names, med_error *error);

/* A truncated name's completion (names.h, med__names_complete). */
int med__vocab_complete(const med_vocab *vocab, const char *text, const char **first, char *list,
                        size_t cap);

/* The form named by the first form phrase anywhere in `text` (other words ignored), or NULL. */
const char *med__vocab_find_form(const med_vocab *vocab, const char *text);

/* The class of canonical ingredient `ingredient` (any class), or NULL when it is not one. */
const char *med__vocab_ingredient_class(const med_vocab *vocab, const char *ingredient);
/* The vocabulary's own copy of an ingredient's canonical name (the text a resolved name
 * points to), or NULL when `ingredient` is not one. */
const char *med__vocab_ingredient_name(const med_vocab *vocab, const char *ingredient);

/* The strengths per unit (or per mL) CDC's NDC list knows for an opioid in a form, alone or in a
 * combination (vocabulary.yaml, strength_ranges, generated from the shipped list). */
typedef struct med_strength_range {
    const char *ingredient, *form; /* form: canonical ("oral", "patch", ...) */
    int per_ml, combination;
    const char *unit;              /* "mg", "mcg" or "mcg/hr" */
    med_q min, max;
    const char *min_text, *max_text;
} med_strength_range;
/* The range for that key, else for the same ingredient, form and per with the other kind
 * (combination or alone); NULL when the list knows none. */
const med_strength_range *med__vocab_strength_range(const med_vocab *vocab, const char *ingredient,
                                                    const char *form, int per_ml,
                                                    int combination);
/* Nonzero when `ingredient` is a known ingredient of class opioid. */
int med__vocab_is_ingredient(const med_vocab *vocab, const char *ingredient);

/* Nonzero when an opioid product is extended-release or long-acting by the vocabulary's
 * long_acting section: a word or phrase of it in one of `texts` (NULL entries skipped; any case,
 * whole words), its canonical `ingredient` or its canonical `form` (either may be NULL). */
int med__vocab_long_acting(const med_vocab *vocab, const char *const *texts, size_t count,
                           const char *ingredient, const char *form);

#endif
