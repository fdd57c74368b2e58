/* The inside of a loaded product list (NDC or RxNorm: one format, keyed by ndc or rxcui): one sorted array of entries whose strings live in the
 * list's arena, never changed after loading (so a list can be shared between threads). Internal. */
#ifndef MED_NDC_PRIVATE_H
#define MED_NDC_PRIVATE_H
#include "common/arena.h"
#include "common/decimal.h"
#include "compute/input.h"
#include "tables/vocab.h"
#include "med.h"

typedef struct med_ndc_entry {
    char ndc[MED_NDC_SIZE];  /* the code: 11 digits (NDC), or an RxCUI's digits; NUL-padded */
    const char *ingredient;  /* the vocabulary's canonical name */
    const char *form;        /* canonical form (a static string) */
    const char *strength;    /* as the list prints it */
    const char *unit;        /* "mg", "mcg", "mcg/hr", "mg/mL" (static strings) */
    const char *product, *generic, *dose_form; /* "" when the list has no such column */
    med_q amount;            /* strength, exact, for comparing lists */
    long line;               /* line in the list file */
} med_ndc_entry;

/* What a list's codes are. */
typedef enum { MED__KEY_NDC, MED__KEY_RXCUI } med__list_key;

struct med_ndc_list {
    med_arena arena;
    med__list_key key;
    med_ndc_list_info info;
    char digest[65];
    med_ndc_entry *entries;  /* sorted by ndc; malloc'ed */
    size_t count;
};

/* Fills the public view of entry `e` of list `l`. */
void med__ndc_product(const med_ndc_list *l, const med_ndc_entry *e, med_ndc_product *out);

/* Nonzero when a caller's med_ndc_product has a version this library knows. */
int med__ndc_product_version_ok(const med_ndc_product *p);

/* An RxCUI as a list key: 1 to 10 digits, surrounding spaces ignored, leading zeros dropped,
 * NUL-padded into `out`. MED_ERR_SYNTAX (value in error->text) for anything else. */
med_status med__rxcui_normalize(const char *text, char out[MED_NDC_SIZE], med_error *error);

/* The entry for a normalised code (NUL-padded), or NULL. */
const med_ndc_entry *med__ndc_find(const med_ndc_list *l, const char *ndc);

/* Nonzero when two entries name the same product (ingredient, form, strength, unit). */
int med__ndc_same(const med_ndc_entry *a, const med_ndc_entry *b);

/* "oxycodone oral 10 mg": what an entry says, for messages. */
void med__ndc_describe(const med_ndc_product *p, char *buf, size_t cap);

/* An RxNorm drug name as the description parser reads it (rxnorm_name.c): package prefixes
 * ("72 HR", "1 ML", "Abuse-Deterrent"), "[Brand]" and "{...} Pack" taken off, MG/HR and
 * MG/ACTUAT written exactly as MCG/HR and MCG. Other text comes back unchanged. -1 when it does
 * not fit in `cap` bytes (the caller then reads `text` as it is). */
int med__rxnorm_name_clean(const char *text, char *out, size_t cap);

/* A pharmacy or PDMP description whose strength is a number of its name (pharmacy_name.c):
 * "ACETAMINOPHEN-COD #3 TABLET" -> "ACETAMINOPHEN-COD 300-30 MG TABLET", "DILAUDID-5" -> "DILAUDID
 * 5 MG/5 ML ORAL LIQUID". Returns 1 with `out` written, 0 when `text` is not one (or does not
 * fit). */
int med__pharmacy_name_clean(const char *text, char *out, size_t cap);

/* Truncated names in a description's drug words `joined` (parts split at '/' and '-'; pharmacy_name.c):
 * each part that names nothing is completed when exactly one ingredient's names begin with it,
 * into `out` joined by '/'; `note` says what was read so. 0 when one was completed; -1 when none
 * was (the caller's error stands); MED_ERR_NOT_FOUND, listing the candidates, when several
 * ingredients' names begin with a part. */
int med__complete_parts(const med_vocab *v, const char *joined, char *out, size_t cap, char *note,
                        size_t note_cap, med_error *error);

/* A claims product description into `out`'s drug, strength, unit and form (the other fields
 * are left alone): med_product_resolve() for the library's own inputs. */
med_status med__product_resolve(const med_table *table, const char *text, med__input_buf *out,
                                med_error *error);
/* The same, and truncated names ("HYDROCODON", "OXYCOD") are completed when exactly one
 * ingredient's names begin with them: `note` (note_cap bytes, "" when none was) then says what
 * was read so, for the row's message. Several candidates: MED_ERR_NOT_FOUND listing them. */
med_status med__product_resolve_noted(const med_table *table, const char *text,
                                      med__input_buf *out, char *note, size_t note_cap,
                                      med_error *error);

#endif
