/* FHIR R4 orders inside the library: the document, its orders and the texts they point to.
 * Internal. */
#ifndef MED_FHIR_PRIVATE_H
#define MED_FHIR_PRIVATE_H
#include "common/arena.h"
#include "common/decimal.h"
#include "compute/input.h"
#include "med.h"
#include "tables/yamldoc.h"

/* An order as read: the public struct and the texts its pointers borrow. */
typedef struct med__fhir_order {
    med_fhir_order pub;
    med__input_buf buf;
    med_error error;
    char read[320];
    char ignored[320];
    char not_counted[96];    /* why it is left out of the total, "" when counted */
    int line, column;        /* the request's place, for a later request with the same id */
} med__fhir_order;

struct med_fhir {
    med_arena arena;         /* the parsed tree and the orders' ids and codes */
    med__fhir_order *orders; /* malloc'd, count long */
    size_t count, cap;
    const char *source;      /* the input's name for messages */
    med_ndc_list *rxnorm;    /* the embedded RxNorm list, loaded at the first RxNorm code */
};

/* What reading one Dosage needs: where it is, whose drug, and the order it fills. */
typedef struct med__dosage_ctx {
    const char *source;
    med__fhir_order *order;
    const med_table *table;
    int mass_dose;           /* set by the reader: the dose is in mg (the drug's own amount) */
    int kept_strength;       /* with mass_dose: the product's strength kept (units per dose) */
    med_q per_unit;          /* with mass_dose: doses in one dispensed unit (strength / dose),
                              * for the supply; absent when the strength is not known */
} med__dosage_ctx;

/* Fails the order at `node` (its line and column) with `code` and a message. */
med_status med__fhir_fail(const med__dosage_ctx *c, const med_ynode *node, med_status code,
                          const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A JSON number under `key` of `map` as an exact decimal (positive unless allow_zero); *found
 * is 0 when the key is absent (then MED_OK). */
med_status med__fhir_number(const med__dosage_ctx *c, const med_ynode *map, const char *key,
                            int allow_zero, med_q *out, int *found);

/* A JSON string under `key`, or NULL when absent; an error when it is not a string. */
med_status med__fhir_string(const med__dosage_ctx *c, const med_ynode *map, const char *key,
                            const char **out);

/* Writes `q` as an exact decimal (no rounding) into `buf`: 0 on success, -1 when it has no
 * finite decimal form within 12 decimals or does not fit. */
int med__fhir_exact(med_q q, char *buf, size_t cap);

/* `s` is one of the NULL-ended `list`. */
int med__fhir_in_list(const char *s, const char *const *list);

/* Adds "where.key" to the order's list of fields read and set aside (each named once). */
void med__fhir_note_ignored(med__dosage_ctx *c, const char *where, const char *key);

/* Every key of the JSON object `map` must be in `used` or in `ignored` (noted as set aside);
 * any other key, modifierExtension above all, is an error at its line and column. */
med_status med__fhir_check_keys(med__dosage_ctx *c, const med_ynode *map, const char *where,
                                const char *const *used, const char *const *ignored);

/* How often, as a Dosage's timing says: uses per period, the period in hours. */
typedef struct med__fhir_schedule {
    med_q uses;
    med_q hours;
} med__fhir_schedule;

/* A FHIR period unit (s, min, h, d, wk) in hours; an error at `unit_node` for any other (a
 * month or a year has no fixed length). */
med_status med__fhir_period_hours(med__dosage_ctx *c, const med_ynode *unit_node,
                                  const char *unit, med_q *hours);

/* A Dosage's timing (repeat, or a GTSAbbreviation code, or both when they agree) into `sc`,
 * with how often in words ("4 times a day") in `words`. */
med_status med__fhir_timing(med__dosage_ctx *c, const med_ynode *dosage, med__fhir_schedule *sc,
                            char *words, size_t cap);

/* asNeededBoolean or asNeededCodeableConcept into `prn` (0 or 1). */
med_status med__fhir_prn(med__dosage_ctx *c, const med_ynode *dosage, int *prn);

/* Reads one Dosage and the dispense request `dispense` (may be NULL) into the order's input.
 * The drug, strength, unit and form are already in the order's buffer (without a strength the
 * dose must be in mg); sets `mass_dose` when the dose is the drug's own amount. */
med_status med__fhir_dosage(med__dosage_ctx *c, const med_ynode *dosage,
                            const med_ynode *dispense);

/* The opioid's amount in one unit of the product in the order's buffer, in `unit` (mg or
 * mcg); absent when there is none in that unit (no strength read, a liquid, a patch). */
med_q med__fhir_opioid_strength(const med__dosage_ctx *c, const char *unit);

/* Several Dosage entries of one request taken together (a split dose: "10 mg every morning
 * and 20 mg at bedtime"): each is read as one Dosage, and their daily amounts of the opioid
 * add into one daily amount taken once a day. Patches and liquids are refused, as are entries
 * with different sequence numbers (one after another, not together). */
med_status med__fhir_split(med__dosage_ctx *c, const med_ynode *list);

/* The words to read a request's drug from, in its medicationCodeableConcept `cc`: the RxNorm
 * coding's display, else the text, else any display; `rxnorm` is the RxNorm code, if any. */
med_status med__fhir_drug_words(med__dosage_ctx *c, const med_ynode *cc, const char **rxnorm,
                                const char **words);

/* A request's drug into the order's buffer (medication.c): by RxCUI when the embedded list
 * knows it, else its words as a product description, else as a bare drug name (its dose must
 * then be in mg). `given`, when not NULL, is a bare Dosage's drug (words or an RxNorm code). */
med_status med__fhir_read_drug(med__dosage_ctx *c, med_fhir *f, const med_table *table,
                               const med_ynode *req, const char *given);

/* A dose in mg of a combination product is the opioid's own amount: the buffer's drug becomes
 * that opioid. */
void med__fhir_mass_dose_drug(const med_table *table, med__input_buf *b);

#endif
