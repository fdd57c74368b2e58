/*
 * med.h: libmed 1.x, morphine milligram equivalents (MME/day) from versioned conversion tables.
 *
 * The whole public API. Conventions:
 *  - Calls that can fail return a med_status (MED_OK is 0) and, when the caller passes a
 *    non-NULL med_error, fill it with a message a person can act on: where (source, line,
 *    column), the offending text and what was expected.
 *  - The library never prints, never exits and keeps no global mutable state.
 *  - A loaded med_table is immutable: any number of threads may compute with one table at once.
 *    Strings and structs borrowed from a table (ingredient names, factor texts, thresholds) live
 *    until med_table_free() is called on it.
 *  - Numbers are computed exactly (decimal factors as printed, rational arithmetic) and the MME/day
 *    is rounded once, half up, to MED_MME_DECIMALS decimals; thresholds compare the rounded value.
 *
 * How the structs can grow without breaking a program built against an older 1.x:
 *  - Inputs and options the caller fills (med_input, med_*_options) start with a `version`, set
 *    by their MED_*_INIT macro. The library reads only the members that version has and
 *    accepts every version from 1 to the one it was built with; anything else is refused with
 *    MED_ERR_VERSION and a message.
 *  - Results the library writes into the caller's memory (med_result, med_total, med_drug_info)
 *    start with a `version` too: the library writes only the members that version has.
 *  - What the library holds (a table's info and thresholds, ...) is handed out as a const
 *    pointer; those structs only ever gain members at their end.
 *  - Everything else is opaque (med_table, med_regimen, med_batch, med_csv, ...).
 *  - med_error is the one caller-allocated struct without a version: its layout is fixed for
 *    all of 1.x (as jansson's json_error_t is); its texts are bounded and said to be shortened.
 * No input or result holds a fixed-size text field: inputs borrow the caller's strings, and text
 * the library makes (the arithmetic line, messages) is produced on request, snprintf-style.
 *
 * Stable and experimental: everything above the MED_EXPERIMENTAL section is the stable core
 * (tables, drug lookup, computation, batch rows, CSV). Patients, practice reports, the
 * dashboard, NDC lists and product descriptions, and agreement are declared only when the
 * including file defines MED_EXPERIMENTAL first (as zstd's ZSTD_STATIC_LINKING_ONLY): they may
 * still change between minor releases.
 */
#ifndef MED_H
#define MED_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MED_VERSION_MAJOR 1
#define MED_VERSION_MINOR 0
#define MED_VERSION_PATCH 0
#define MED_VERSION_STRING "1.0.0"

#if defined(__GNUC__) || defined(__clang__)
#define MED_API __attribute__((visibility("default")))
#define MED_NODISCARD __attribute__((warn_unused_result))
#else
#define MED_API
#define MED_NODISCARD
#endif

/* The MME/day is rounded to this many decimals (half up) before it is reported or compared. */
#define MED_MME_DECIMALS 2

/* Status codes. Stable: within a major version codes are added, never renumbered. */
typedef enum med_status {
    MED_OK = 0,
    MED_ERR_NOMEM = 1,     /* an allocation failed */
    MED_ERR_IO = 2,        /* a file could not be opened or read */
    MED_ERR_SYNTAX = 3,    /* malformed text: YAML, CSV, a regimen, a number */
    MED_ERR_INVALID = 4,   /* well-formed but not valid: unknown key, bad factor, gapped tiers */
    MED_ERR_NOT_FOUND = 5, /* unknown table id or drug name */
    MED_ERR_VERSION = 6,   /* a table asked for at a version it does not have; a struct version
                            * this library does not know */
    MED_ERR_NO_FACTOR = 7, /* a known opioid the table gives no factor for (absent, out of range) */
    MED_ERR_RANGE = 8,     /* a number outside its documented range */
    MED_ERR_ARGUMENT = 9,  /* the caller passed NULL or an impossible combination */
    MED_ERR_LIMIT = 10     /* input larger than a documented limit */
} med_status;

/* A located error. Caller-owned; every field is filled (empty strings, zero line/column when
 * not applicable). The first error found wins. Fixed layout for all of 1.x. */
typedef struct med_error {
    med_status code;
    char source[256]; /* file path, "<embedded:cdc-2022>", "<regimen 2>", "<row 17>" */
    int line;         /* 1-based, 0 when not applicable */
    int column;       /* 1-based, 0 when not applicable */
    char text[128];   /* the offending text, possibly shortened */
    char message[512];/* what is wrong and what was expected, possibly shortened */
} med_error;

/* Returns a static, human-readable name for a status ("no factor", ...). Never NULL. */
MED_API const char *med_status_string(med_status status);

/* "1.0.0": the library actually linked, which may differ from MED_VERSION_STRING. */
MED_API const char *med_version_string(void);

/* Writes a number of hundredths (an MME/day as in med_result) as a decimal without trailing
 * zeros: 6000 is "60", 583 is "5.83", -50 is "-0.5". snprintf-style: returns the length it
 * needs (excluding the NUL), writes nothing past `capacity`, NUL-terminates when capacity > 0. */
MED_API size_t med_hundredths_format(int64_t hundredths, char *buf, size_t capacity);

/* ---------------------------------------------------------------------------------------------
 * Conversion tables
 * ------------------------------------------------------------------------------------------- */

typedef struct med_table med_table;

/* Loads a table embedded in the library. `spec` is an id ("cdc-2022"), an id with a required
 * version ("cdc-2022@1"), or NULL for the default table. Fails with MED_ERR_NOT_FOUND for
 * an unknown id and MED_ERR_VERSION when the embedded version differs. */
MED_API MED_NODISCARD med_status med_table_load_embedded(const char *spec, med_table **out,
                                                         med_error *error);

/* Loads a table from a YAML file. Directories, special files and files over the size limit
 * are refused. Errors carry the path, line and column. */
MED_API MED_NODISCARD med_status med_table_load_file(const char *path, med_table **out,
                                                     med_error *error);

/* Loads a table from YAML text in memory; `name` is used in error messages (may be NULL). */
MED_API MED_NODISCARD med_status med_table_load_buffer(const char *yaml, size_t size,
                                                       const char *name, med_table **out,
                                                       med_error *error);

/* Loads whatever a command line names: an embedded id or id@version, else a file path (a value
 * containing '/' or ending in .yaml/.yml). NULL means the default table. */
MED_API MED_NODISCARD med_status med_table_load(const char *spec, med_table **out,
                                                med_error *error);

/* Releases a table. Accepts NULL. */
MED_API void med_table_free(med_table *table);

/* Provenance of a table; all strings are borrowed from it. Gains members only at its end. */
typedef struct med_table_info {
    const char *id;          /* "cdc-2022" */
    const char *version;     /* revision of the table file, "1" */
    const char *title;
    const char *guideline;   /* the guideline or document the factors come from */
    const char *source;      /* address of that document */
    const char *effective;   /* ISO date the table takes effect */
    const char *digest;      /* lowercase hex SHA-256 of the table's YAML bytes */
    const char *tiers_apply_to; /* "total" (patient's daily total) or "prescription" */
    const char *origin;      /* "embedded" or the file path */
} med_table_info;

/* The table's provenance, borrowed from it (NULL for a NULL table). */
MED_API const med_table_info *med_table_get_info(const med_table *table);

/* The embedded tables, for listing: ids in a fixed order, NULL-terminated, static. */
MED_API const char *const *med_embedded_table_ids(void);
MED_API const char *med_default_table_id(void);

/* Risk thresholds of a table, in ascending order of MME. A table may have up to
 * MED_MAX_THRESHOLDS; the loader refuses more with a located error, so every threshold a
 * loaded table has is reported wherever it is crossed. */
#define MED_MAX_THRESHOLDS 16
typedef enum med_comparator { MED_CMP_GE = 0, MED_CMP_GT = 1 } med_comparator;

/* A threshold, borrowed from its table. Gains members only at its end. */
typedef struct med_threshold {
    double mme;                /* the threshold value, e.g. 90 */
    const char *mme_text;      /* as the table prints it: "90" */
    med_comparator comparator; /* ">=" or ">" */
    const char *level;         /* short name: "caution", "high", "consult" */
    const char *advice;        /* the text to print: the quote when there is one, else the
                                * summary; never NULL */
    int64_t mme_hundredths;    /* the threshold in hundredths: 9000 */
    const char *quote;         /* the source's own words, verbatim, or NULL */
    const char *location;      /* where the quote stands: recommendation or section (NULL
                                * when there is no quote) */
    const char *summary;       /* the table's own words, not the source's, or NULL; print it
                                * labelled as the table's summary */
    const char *summarises;    /* what the summary summarises (NULL when there is none) */
    const char *source;        /* the document quoted or summarised: an address or a named
                                * document; the table's source unless the threshold names its
                                * own; never NULL */
} med_threshold;

MED_API size_t med_table_threshold_count(const med_table *table);
/* Threshold `index` (0-based), borrowed from the table; NULL when out of range. */
MED_API const med_threshold *med_table_threshold(const med_table *table, size_t index);
/* Nonzero when `mme_hundredths` (an MME/day in hundredths, as in med_result) crosses `t`. */
MED_API int med_threshold_crossed(const med_threshold *t, int64_t mme_hundredths);

/* Names a comparator: ">=" or ">". */
MED_API const char *med_comparator_string(med_comparator comparator);

/* ---------------------------------------------------------------------------------------------
 * Drugs: what people type and what claims contain, mapped to ingredients
 * ------------------------------------------------------------------------------------------- */

#define MED_DRUG_INFO_VERSION 1
typedef struct med_drug_info {
    unsigned version;       /* MED_DRUG_INFO_VERSION (MED_DRUG_INFO_INIT) */
    const char *ingredient; /* canonical ingredient, "hydrocodone"; for a combination, the opioid */
    const char *drug_class; /* "opioid", "benzodiazepine", "gabapentinoid", "non_opioid" */
    const char *form;       /* form implied by the name ("patch" for Duragesic), or NULL */
    int component_index;    /* in a combination ("hydrocodone/apap"), the opioid's position (0-based) */
    int component_count;    /* 1 for a single ingredient */
} med_drug_info;
#define MED_DRUG_INFO_INIT {MED_DRUG_INFO_VERSION, NULL, NULL, NULL, 0, 0}

/* Resolves a drug name (generic, brand, salt, combination). On MED_ERR_NOT_FOUND the error
 * message suggests the nearest known name. Strings are borrowed from the table. */
MED_API MED_NODISCARD med_status med_lookup_drug(const med_table *table, const char *name,
                                                 med_drug_info *out, med_error *error);

/* ---------------------------------------------------------------------------------------------
 * Computation
 * ------------------------------------------------------------------------------------------- */

typedef enum med_method {
    MED_METHOD_AUTO = 0,     /* the supply when quantity and days supply are given, else the
                              * schedule; clinical for a schedule, supply for a supply */
    MED_METHOD_CLINICAL = 1, /* dose x doses/day x factor; a patch is its mcg/hr rate x factor */
    MED_METHOD_SUPPLY = 2    /* strength x quantity / days supply x factor (claims, CMS/PQA) */
} med_method;

/* "clinical" / "supply" / "auto". Parsing returns MED_ERR_ARGUMENT for anything else. */
MED_API const char *med_method_string(med_method method);
MED_API MED_NODISCARD med_status med_method_parse(const char *text, med_method *out);

#define MED_INPUT_VERSION 1
/* The longest text a field of med_input may hold, in bytes. A longer field is refused with
 * an error naming the field and this limit; nothing is ever truncated. RxNorm names run past
 * 120 characters and FDA dosage forms past 40: this leaves room for every real vocabulary. */
#define MED_INPUT_MAX_TEXT 1024

/* One structured prescription: a schedule (regimen), a supply (claim/fill), or both (an EHR
 * order). Initialise with MED_INPUT_INIT. Every text member is borrowed: the library reads it
 * during the call and keeps no pointer to it. NULL and "" both mean absent. Numbers are
 * decimals as printed ("7.5", "0.25").
 *   schedule: doses_per_day or every_hours (units_per_dose defaults to 1), or for a patch
 *             nothing but strength (every_hours optional: the change interval);
 *   supply:   quantity and days_supply.
 * Which basis is used: the method's (clinical: the schedule; supply: the supply), or the one
 * given when only one is. MED_METHOD_AUTO takes the supply when both are given. */
typedef struct med_input {
    unsigned version;           /* MED_INPUT_VERSION */
    const char *drug;           /* "oxycodone", "Percocet", "hydrocodone/apap" */
    const char *form;           /* "", "patch", "buccal", "film", "nasal spray", ... */
    const char *strength;       /* per unit; a combination may say "10/325" */
    const char *unit;           /* "mg", "mcg", "mcg/hr", "mg/mL", "mg/5 mL" */
    const char *units_per_dose; /* tablets (or mL) per dose; absent means 1 */
    const char *doses_per_day;  /* "4" */
    const char *every_hours;    /* "6" for q6h; for PRN ranges the shortest interval */
    const char *quantity;       /* units dispensed (mL for liquids) */
    const char *days_supply;
    int prn;                    /* as needed: counted at its most frequent interval */
} med_input;

#define MED_INPUT_INIT {MED_INPUT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}

/* A clinician's free-text order ("oxycodone 10 mg q6h", "hydrocodone/apap 5/325 2 tabs q4-6h
 * prn", "fentanyl 25 mcg/hr patch q72h") parsed into a med_input. The parser is an object so
 * that it can hold the texts the input points to; reuse it for the next order. Not shared
 * between threads (one per thread). */
typedef struct med_regimen med_regimen;

/* The longest regimen text, in bytes; a longer one is refused with MED_ERR_LIMIT. */
#define MED_REGIMEN_MAX_TEXT 1000

MED_API MED_NODISCARD med_status med_regimen_new(med_regimen **out);
MED_API void med_regimen_free(med_regimen *regimen);
/* Parses `text`. On MED_OK the input is ready (med_regimen_input); otherwise `error` has the
 * column and what was expected. */
MED_API MED_NODISCARD med_status med_regimen_parse(med_regimen *regimen, const char *text,
                                                   med_error *error);
/* The input of the last successful parse, borrowed from the regimen: valid until the next
 * parse or med_regimen_free(). Before any, or after a failed parse, an input with no drug. */
MED_API const med_input *med_regimen_input(const med_regimen *regimen);

typedef enum med_result_status {
    MED_RESULT_OK = 0,
    MED_RESULT_EXCLUDED = 1,   /* the table deliberately leaves this drug out (reason given) */
    MED_RESULT_NOT_OPIOID = 2, /* a benzodiazepine, gabapentinoid, ...: classified, no MME */
    MED_RESULT_ERROR = 3       /* could not be computed; the message says why */
} med_result_status;

/* "ok", "excluded", "not_opioid", "error". */
MED_API const char *med_result_status_string(med_result_status status);

#define MED_RESULT_VERSION 1
/* The outcome for one input: numbers, enums and strings borrowed from the table. Initialise
 * with MED_RESULT_INIT (the library writes only the members of the caller's version). The text
 * that explains it is made on request: med_compute_text(). */
typedef struct med_result {
    unsigned version;            /* MED_RESULT_VERSION */
    med_result_status status;
    med_method method;           /* the method used (for errors: the one that would be) */
    med_status error;            /* for MED_RESULT_ERROR: what kind of error; MED_OK otherwise */
    const char *ingredient;      /* NULL when the drug was not recognised */
    const char *drug_class;      /* "opioid", "benzodiazepine", "gabapentinoid",
                                  * "opioid_antagonist", "non_opioid", or NULL */
    const char *form;            /* the form the factor was chosen for ("oral" for oral and
                                  * rectal forms), or NULL when the drug was not recognised */
    double daily_dose;           /* drug per day in dose_unit (mcg/hr for a patch, clinical) */
    int64_t daily_dose_hundredths; /* the same, rounded half up to hundredths */
    const char *dose_unit;       /* "mg", "mcg", "mcg/hr" */
    double factor;               /* as applied: a patch-day factor under clinical is converted */
    const char *factor_text;     /* the factor as the table prints it: "1.5", "7.2" */
    const char *factor_per;      /* what the printed factor multiplies: "mg/day", "mcg/hr", ... */
    double mme_per_day;          /* rounded to MED_MME_DECIMALS; 0 unless status is OK */
    int64_t mme_hundredths;      /* the same value, exact: 6000 is 60.00 */
} med_result;

#define MED_RESULT_INIT {MED_RESULT_VERSION, MED_RESULT_ERROR, MED_METHOD_AUTO, MED_OK, NULL, \
                         NULL, NULL, 0.0, 0, NULL, 0.0, NULL, NULL, 0.0, 0}

/* Computes one input under `table`. Returns MED_OK whenever `out` holds a result, including
 * results with status excluded, not_opioid or error (that is data, not a failure of the call);
 * returns MED_ERR_ARGUMENT for NULL arguments and MED_ERR_VERSION for an input or result
 * version this library does not know. A methadone tier is chosen by this input's own daily
 * dose; use med_compute_set() for a patient's concurrent regimens. Makes no text. */
MED_API MED_NODISCARD med_status med_compute(const med_table *table, const med_input *input,
                                             med_method method, med_result *out);

/* The texts that explain a result, made on request. */
typedef enum med_text {
    MED_TEXT_MESSAGE = 0,       /* the reason for excluded, not_opioid and error; notes (tier,
                                 * PRN, convention) for ok; "" when there are none */
    MED_TEXT_ARITHMETIC = 1,    /* "10 mg x 4/day = 40 mg/day x 1.5 = 60 MME/day"; "" unless ok */
    MED_TEXT_MME = 2,           /* "60", "5.83"; "" unless ok */
    MED_TEXT_DAILY_DOSE = 3,    /* "40", "23.33"; "" unless ok */
    MED_TEXT_FACTOR_APPLIED = 4, /* the factor as applied, exact: "7.2" for CDC's 2.4 per mcg/hr
                                  * applied per patch-day, "0.8" for CMS's 7.2 under clinical */
    MED_TEXT_FACTOR_TABLE = 5   /* "cdc-2022@1": id@version of the table the factor came from,
                                 * the fallback's for a table with one (med_table_with_fallback)
                                 * when it supplied the factor; "" unless ok */
} med_text;

/* Writes text `what` of med_compute(table, input, method) into `buf`, snprintf-style: returns
 * the length it needs (excluding the NUL), writes nothing past `capacity` and NUL-terminates
 * when capacity > 0. The same input, table and method give the same text every time. Returns 0
 * with "" for NULL arguments. */
MED_API size_t med_compute_text(const med_table *table, const med_input *input, med_method method,
                                med_text what, char *buf, size_t capacity);

/* The total of several concurrent inputs (one patient's regimens at one time). */
#define MED_TOTAL_VERSION 3
/* Bits of med_total.coprescribed (version 2): classes found in the same set as an opioid. */
#define MED_COPRESCRIBED_BENZODIAZEPINE 1u /* an opioid and a benzodiazepine */
#define MED_COPRESCRIBED_GABAPENTINOID 2u  /* an opioid and a gabapentinoid */
/* med_total.mme_hundredths of an incomplete total (version 2): there is no number. */
#define MED_TOTAL_NONE (-1)
typedef struct med_total {
    unsigned version;            /* MED_TOTAL_VERSION (MED_TOTAL_INIT) */
    double mme_per_day;          /* sum of OK results, rounded once (see MED_MME_DECIMALS);
                                  * version 2: NaN when the total is incomplete */
    int64_t mme_hundredths;      /* version 2: MED_TOTAL_NONE when the total is incomplete */
    size_t ok, excluded, not_opioid, errors;
    size_t flag_count;           /* thresholds of the table crossed by the total (when it is
                                  * incomplete: by computed_hundredths, which the total, whatever
                                  * the rest is, crosses too) */
    /* version 2 */
    int complete;                /* 1 when every input was computed (errors is 0); 0: the
                                  * patient's total is not known and must not be shown as a
                                  * number (with errors 0: every input was computed but their
                                  * sum passes what int64_t hundredths hold; version 1 counts
                                  * that in errors) */
    int64_t computed_hundredths; /* sum of the OK results, complete or not: when incomplete, a
                                  * lower bound of the total, never the total */
    unsigned coprescribed;       /* MED_COPRESCRIBED_* bits: a recognised opioid (whatever its
                                  * result) in the same set as a benzodiazepine, a gabapentinoid;
                                  * the guideline's words are in the risk rules
                                  * (med_rules_care_flag(), experimental) */
    /* version 3 */
    int too_large;               /* 1 when the OK results' sum passes what int64_t hundredths
                                  * hold, whether or not an input is in error: the results
                                  * that would pass it are left out of computed_hundredths,
                                  * which then is not the sum of every OK result; 0 otherwise.
                                  * With errors > 0 only this says so (complete is 0 either
                                  * way) */
} med_total;
#define MED_TOTAL_INIT {MED_TOTAL_VERSION, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0u, 0}

/* Flag `index` (0-based, ascending) of a total computed under `table`: the threshold, borrowed
 * from the table; NULL when out of range. */
MED_API const med_threshold *med_total_flag(const med_table *table, const med_total *total,
                                            size_t index);

/* Computes `count` inputs together into `results` (caller-provided, `count` long, each
 * initialised with MED_RESULT_INIT) and `total`. Where the table applies methadone tiers to the
 * patient's total, the tier is chosen by the total daily methadone of all inputs. The total is
 * the exact sum rounded once, so it can differ from the sum of the rounded parts by a
 * hundredth. A set with an error result has no total: for a version 1 total, mme_per_day is
 * the sum of the results that were computed (as before; check errors); for version 2, complete
 * is 0, mme_per_day NaN and mme_hundredths MED_TOTAL_NONE, and the sum of what was computed is
 * in computed_hundredths. An OK result that would take the sum past what 64-bit hundredths
 * hold is left out of it (never a wrapped total): version 1 counts it in errors, version 2
 * leaves complete 0, version 3 also sets too_large (with an input in error or not). Returns
 * MED_ERR_ARGUMENT, MED_ERR_VERSION or MED_ERR_NOMEM, else MED_OK. */
MED_API MED_NODISCARD med_status med_compute_set(const med_table *table, const med_input *inputs,
                                                 size_t count, med_method method,
                                                 med_result *results, med_total *total);

/* Text `what` of input `index` of a set computed with med_compute_set(), as med_compute_text()
 * (a tier chosen by the set's total says so). It computes the set again, so it allocates: out of
 * memory, or an index out of range, gives 0 and "". */
MED_API size_t med_compute_set_text(const med_table *table, const med_input *inputs, size_t count,
                                    med_method method, size_t index, med_text what, char *buf,
                                    size_t capacity);

/* ---------------------------------------------------------------------------------------------
 * Batch: claims or regimen rows (the CSV columns are data; the CLI reads the file)
 * ------------------------------------------------------------------------------------------- */

typedef struct med_batch med_batch;

/* Prepares to compute rows whose header is `columns` (count fields). Recognised columns:
 * drug, strength, unit, quantity, days_supply, form (claims; ndc and product too, see the NDC
 * section; route, FDA's ROUTENAME, makes the form precise: SPRAY by NASAL is a nasal spray; and
 * substance, FDA's SUBSTANCENAME list, names what the strengths go with), the order's schedule
 * beside them (units_per_dose, doses_per_day, every_hours, prn:
 * the method then picks the basis, see med_input), or regimen (free text); all others pass
 * through. A field may hold MED_INPUT_MAX_TEXT bytes (numbers and units 63); a longer one makes
 * the row an error that says so. Fails with MED_ERR_INVALID naming the missing columns. */
MED_API MED_NODISCARD med_status med_batch_new(const med_table *table, const char *const *columns,
                                               size_t count, med_method method, med_batch **out,
                                               med_error *error);
MED_API void med_batch_free(med_batch *batch);

/* Computes one data row (`count` fields, `line` its line in the file for messages). A row with
 * the wrong number of fields or bad values gives a result with status error; never skipped. */
MED_API MED_NODISCARD med_status med_batch_row(med_batch *batch, const char *const *fields,
                                               size_t count, long line, med_result *out);

/* Text `what` of the row last given to med_batch_row(), borrowed from the batch: valid until
 * the next row or med_batch_free(). "" before any row. */
MED_API const char *med_batch_text(const med_batch *batch, med_text what);

/* The located error of the last row when its status is error (line, column, message):
 * MED_OK with `out` filled, or MED_ERR_NOT_FOUND when the last row has none. */
MED_API MED_NODISCARD med_status med_batch_error(const med_batch *batch, med_error *out);

/* ---------------------------------------------------------------------------------------------
 * CSV (RFC 4180) reading, for callers who feed files in-process
 * ------------------------------------------------------------------------------------------- */

typedef struct med_csv med_csv;

/* A source of bytes: returns how many were read into buf (0 at end); sets *failed on error. */
typedef size_t (*med_read_fn)(void *context, char *buf, size_t capacity, int *failed);

#define MED_CSV_MAX_RECORD (1u << 20) /* bytes in one record */
#define MED_CSV_MAX_FIELDS 1024

MED_API MED_NODISCARD med_status med_csv_new(med_read_fn read, void *context, const char *name,
                                             med_csv **out);
MED_API void med_csv_free(med_csv *csv);

/* Reads the next record. On MED_OK, *fields and *count describe it (valid until the next call)
 * and *line (which may be NULL) is the line it starts on; at end of input *fields is NULL.
 * A UTF-8 BOM at the start is skipped; LF, CRLF and a bare CR end a line; a line that is exactly
 * empty is skipped (write "" for a one-column record holding an empty value). A malformed record
 * (unterminated quote, stray quote, NUL byte, over MED_CSV_MAX_RECORD raw bytes, over
 * MED_CSV_MAX_FIELDS fields) returns MED_ERR_SYNTAX or MED_ERR_LIMIT with a located error, and
 * reading resumes at the line after the one the error points to (for an unterminated quote, the
 * line where it opened), so a caller can report the record and go on: nothing is lost.
 * MED_ERR_IO (the read callback failed) is followed by end of input; MED_ERR_NOMEM may be
 * retried. `error` is left untouched on MED_OK. */
MED_API MED_NODISCARD med_status med_csv_next(med_csv *csv, const char *const **fields,
                                              size_t *count, long *line, med_error *error);

/* Writes the record the last med_csv_next() returned back as one CSV line (no line end) into
 * `buf`: fields are copied as read, quoted only where needed. Returns the length it needs,
 * excluding the NUL; writes nothing past `capacity` and NUL-terminates when `capacity` > 0.
 * Meant for tools that pass records through with columns added. */
MED_API size_t med_csv_record_text(const med_csv *csv, char *buf, size_t capacity);

/* Writes `text` as one CSV field into `buf`, quoted when it holds a comma, quote, CR or LF.
 * Returns the length it needs, excluding the NUL; writes nothing past `capacity` and always
 * NUL-terminates when `capacity` > 0. An empty text is written as nothing (unquoted). */
MED_API size_t med_csv_quote(const char *text, char *buf, size_t capacity);

/* =============================================================================================
 * Experimental: declared only when MED_EXPERIMENTAL is defined before med.h is included.
 * These calls and structs may change between minor releases while they settle.
 * ============================================================================================= */
#ifdef MED_EXPERIMENTAL

/* ---------------------------------------------------------------------------------------------
 * CSV in pieces: a file split at record boundaries and read by several readers (threads)
 * ------------------------------------------------------------------------------------------- */

/* A reader for input that continues a file at the start of line `first_line` (>= 1), such as
 * the part of a file after a record boundary: line numbers in records and errors count from
 * there, and no byte order mark is looked for (one only opens a file). Otherwise as
 * med_csv_new(). MED_ERR_ARGUMENT for a NULL read or out, or first_line < 1. */
MED_API MED_NODISCARD med_status med_csv_new_at(med_read_fn read, void *context,
                                                const char *name, long first_line,
                                                med_csv **out);

/* Where reading goes on: *offset, the input bytes consumed so far (counting a byte order mark
 * and skipped lines), always at the start of a line, and *line, that line's number. After the
 * header has been read, this says where the data begins: a reader from med_csv_new_at() given
 * the input from there reads the same records as this one would. MED_ERR_NOT_FOUND when the reader is skipping the rest of a
 * malformed record's line, or after a read failure (the next start is not known);
 * MED_ERR_ARGUMENT for a NULL argument. */
MED_API MED_NODISCARD med_status med_csv_position(const med_csv *csv, unsigned long long *offset,
                                                  long *line);

/* A reader over input already in memory, read where it lies: data[0..len) is the whole input,
 * from the start of line `first_line` (>= 1; no byte order mark is looked for, as with
 * med_csv_new_at()). Nothing is copied: fields are NUL-terminated and unescaped inside data
 * itself, so its bytes change, and `capacity` (> len) is how many bytes of data may be written
 * (the byte after the input takes the last field's NUL when the input ends without a line end).
 * data stays the caller's: it must outlive the reader, which never frees or grows it. Records
 * and errors are otherwise exactly those of med_csv_new_at() over the same bytes.
 * MED_ERR_ARGUMENT for a NULL data or out, capacity <= len or first_line < 1; MED_ERR_NOMEM.
 * Thread safety: as every med_csv, one reader is used by one thread at a time. */
MED_API MED_NODISCARD med_status med_csv_new_in_place(char *data, size_t len, size_t capacity,
                                                      const char *name, long first_line,
                                                      med_csv **out);

/* ---- Records read without their fields made C strings ------------------------------------- */

/* A field of a record as it lies in the reader's buffer: `len` bytes from `text`, unescaped
 * ("" read as one quote). Not NUL-terminated: the byte after it may be a comma, a line end or
 * anything else. A field holds no NUL byte: the reader refuses records with one. */
typedef struct med_csv_span {
    const char *text;
    size_t len;
} med_csv_span;

/* Reads the next record as med_csv_next() does (the same records, line numbers, errors and
 * recovery) and sets *count to its number of fields, read with med_csv_field(); at end of input
 * *count is 0 (a record has at least one field). A record with no quoted field is only split,
 * not written: no NUL is put after each field, which saves a pass over it, and its bytes stay
 * as read, so med_csv_record_text() copies them as they are. Calls to med_csv_next() and
 * med_csv_next_record() may be mixed on one reader; each reads the next record. Returns as
 * med_csv_next(); MED_ERR_ARGUMENT for a NULL csv or count. */
MED_API MED_NODISCARD med_status med_csv_next_record(med_csv *csv, size_t *count, long *line,
                                                     med_error *error);

/* Field `index` of the record med_csv_next() or med_csv_next_record() last returned, valid
 * until the next call on the reader; {NULL, 0} when index is not below its count, or that call
 * returned no record. */
MED_API med_csv_span med_csv_field(const med_csv *csv, size_t index);

/* ---------------------------------------------------------------------------------------------
 * A set's texts, with a status
 * ------------------------------------------------------------------------------------------- */

/* As med_compute_set_text(), which allocates and gives "" when memory runs out, a text that may
 * also rightly be empty (the message of an ok result without notes): this says which. MED_OK
 * with text `what` of input `index` in `buf` (snprintf-style, as med_compute_set_text()) and the
 * length it needs in *length (when `length` is not NULL); MED_ERR_NOMEM, or MED_ERR_ARGUMENT for
 * an index out of range or a NULL table or inputs: then `buf` holds "" (capacity > 0) and
 * *length is 0. Thread-safe with a shared table, as med_compute_set_text(). */
MED_API MED_NODISCARD med_status med_compute_set_text_checked(const med_table *table,
                                                              const med_input *inputs,
                                                              size_t count, med_method method,
                                                              size_t index, med_text what,
                                                              char *buf, size_t capacity,
                                                              size_t *length);

/* ---------------------------------------------------------------------------------------------
 * A set computed once, read many times
 * ------------------------------------------------------------------------------------------- */

/* One patient's concurrent inputs computed together once, as med_compute_set() computes them,
 * kept with every input's texts: a caller that shows every text of every input reads them here
 * instead of calling med_compute_set_text() for each, which computes the whole set again on
 * every call (for N inputs, N times the work of the set). */
typedef struct med_computed_set med_computed_set;

/* Computes `count` inputs under `table` and `method` together into a new *out (free with
 * med_computed_set_free()): the results, tiers and total med_compute_set() gives, and each
 * result's texts. The inputs' strings are read during the call and not kept; the table must
 * outlive *out (results borrow its strings). count may be 0. Returns MED_OK; MED_ERR_ARGUMENT
 * for a NULL table or out, or NULL inputs with count > 0; MED_ERR_NOMEM. On failure *out is
 * NULL (when out is not NULL). Thread-safe with a shared table; the set made belongs to the
 * calling thread until it shares it. */
MED_API MED_NODISCARD med_status med_computed_set_new(const med_table *table,
                                                      const med_input *inputs, size_t count,
                                                      med_method method,
                                                      med_computed_set **out);
/* Frees a computed set; NULL is allowed. */
MED_API void med_computed_set_free(med_computed_set *set);
/* The number of inputs of the set (0 for NULL). */
MED_API size_t med_computed_set_count(const med_computed_set *set);
/* Writes the result of input `index` (out initialised with MED_RESULT_INIT): what
 * med_compute_set() writes into results[index]. MED_ERR_ARGUMENT for NULL or an index out of
 * range; MED_ERR_VERSION for out's version (nothing written). */
MED_API MED_NODISCARD med_status med_computed_set_result(const med_computed_set *set,
                                                         size_t index, med_result *out);
/* Writes the set's total (out initialised with MED_TOTAL_INIT; the members of its version), as
 * med_compute_set() writes it. MED_ERR_ARGUMENT for NULL; MED_ERR_VERSION for out's version
 * (nothing written). */
MED_API MED_NODISCARD med_status med_computed_set_total(const med_computed_set *set,
                                                        med_total *out);
/* Writes text `what` of input `index` into `buf`, snprintf-style: the text
 * med_compute_set_text() writes, and the length it needs in *length (when `length` is not NULL).
 * Allocates nothing. MED_OK, or MED_ERR_ARGUMENT for a NULL set, an index out of range or a
 * `what` that is no med_text: then `buf` holds "" (capacity > 0) and *length is 0.
 * Thread safety: reading calls (count, result, total, text) do not change the set, so any
 * number of threads may read one set at once; it must not be freed while in use. */
MED_API MED_NODISCARD med_status med_computed_set_text(const med_computed_set *set, size_t index,
                                                       med_text what, char *buf,
                                                       size_t capacity, size_t *length);

/* ---------------------------------------------------------------------------------------------
 * Tables with a fallback: drugs a table leaves out, filled from another table on request
 *
 * CDC 2022's table lists ten opioids; meperidine, levorphanol, pentazocine, butorphanol, opium,
 * dihydrocodeine and transmucosal fentanyl get "no factor" under it. A table with a fallback
 * computes exactly as its table does, except where that table has no factor for a drug and form
 * (it lists the drug as absent, or does not list it or that form): there the fallback table's
 * listing decides: its factor (the result's message says "factor from the fallback table ...",
 * and MED_TEXT_FACTOR_TABLE names it) or its exclusion. A drug the table itself excludes stays
 * excluded, and a result the table computes is never changed. Without a fallback (the default)
 * nothing falls back.
 * ------------------------------------------------------------------------------------------- */

/* Joins `table` and `fallback` into a new table, valid wherever a table is taken (med_compute,
 * med_compute_set, med_batch_new, med_patient_new, med_agree_new, ...). Its info, entries,
 * exclusions, thresholds, vocabulary and tier rule are `table`'s: med_table_get_info() gives
 * `table`'s provenance, med_table_get_fallback() the fallback, and a report names both. Borrows
 * both (they must outlive it); med_table_free() releases it and leaves them alone. Immutable:
 * thread-safe as any table. MED_ERR_ARGUMENT (error says why): a NULL argument, a fallback with
 * the table's own id, or a table that already has a fallback on either side (one level only);
 * MED_ERR_NOMEM. */
MED_API MED_NODISCARD med_status med_table_with_fallback(const med_table *table,
                                                         const med_table *fallback,
                                                         med_table **out, med_error *error);
/* Loads `spec` and `fallback_spec` as med_table_load() does and joins them as
 * med_table_with_fallback(); the result owns both and med_table_free() releases all three.
 * fallback_spec NULL or "": the table alone, as med_table_load(spec). Errors as those calls. */
MED_API MED_NODISCARD med_status med_table_load_with_fallback(const char *spec,
                                                              const char *fallback_spec,
                                                              med_table **out, med_error *error);
/* The fallback of a table made by the calls above, borrowed from it; NULL for any other table
 * (and for NULL). */
MED_API const med_table *med_table_get_fallback(const med_table *table);

/* ---------------------------------------------------------------------------------------------
 * Patients: daily MME over time, risk flags, practice measures
 * ------------------------------------------------------------------------------------------- */

/* Risk rules: flags, risk tiers and review intervals, kept in YAML (conversion-tables/
 * risk-rules.yaml) so a clinic can change them without code. Immutable once loaded. */
typedef struct med_rules med_rules;

/* Loads rules the way tables load: embedded by id or id@version (NULL: "risk-rules"), from a
 * file, or from YAML in memory (`name` is used in messages, may be NULL). med_rules_load()
 * takes what a command line names: "risk-rules[@version]" (or NULL) for the embedded rules,
 * anything else as a path. */
MED_API MED_NODISCARD med_status med_rules_load_embedded(const char *spec, med_rules **out,
                                                         med_error *error);
MED_API MED_NODISCARD med_status med_rules_load_file(const char *path, med_rules **out,
                                                     med_error *error);
MED_API MED_NODISCARD med_status med_rules_load_buffer(const char *yaml, size_t size,
                                                       const char *name, med_rules **out,
                                                       med_error *error);
MED_API MED_NODISCARD med_status med_rules_load(const char *spec, med_rules **out,
                                                med_error *error);
MED_API void med_rules_free(med_rules *rules);
/* id, version and SHA-256 of the rules' YAML; borrowed from the rules. */
MED_API void med_rules_get_info(const med_rules *rules, const char **id, const char **version,
                                const char **digest);

/* A point-of-care flag of the rules (their `point_of_care:` list): raised by one set of
 * concurrent orders (med_compute_set()), such as an opioid with a benzodiazepine, an opioid
 * with a gabapentinoid, or naloxone advice at a total MME/day. Borrowed from the rules (valid
 * until med_rules_free()); gains members only at its end. */
typedef struct med_care_flag {
    const char *name;        /* "opioid_benzodiazepine", "opioid_gabapentinoid", "naloxone" */
    const char *description; /* what raises it, in the rules' words */
    const char *quote;       /* the source's own words, verbatim, or NULL */
    const char *location;    /* where the quote stands (NULL without a quote) */
    const char *summary;     /* the rules' own words, or NULL; print it labelled as such */
    const char *summarises;  /* what the summary restates (NULL without one) */
    const char *source;      /* the document: an address or a named document; never NULL */
} med_care_flag;

/* The point-of-care flags `total` (version 2 or later, from med_compute_set()) raises under
 * `rules`, in the rules' order: how many, and flag `index` (NULL when out of range). A flag
 * measured on the total MME/day reads computed_hundredths, so an incomplete total raises it
 * only when what was computed already reaches it. 0 / NULL for NULL arguments or a version 1
 * total. Thread-safe: reads only. */
MED_API size_t med_rules_care_count(const med_rules *rules, const med_total *total);
MED_API const med_care_flag *med_rules_care_flag(const med_rules *rules, const med_total *total,
                                                 size_t index);

#define MED_PATIENT_OPTIONS_VERSION 2
typedef struct med_patient_options {
    unsigned version;        /* MED_PATIENT_OPTIONS_VERSION */
    int shift_early_refills; /* 1: a refill of the same ingredient before the previous fill
                              * ends starts the day after it ends (PQA/HEDIS covered-days rule);
                              * 0 (default): fills overlap and their MME adds on shared days */
    int window_days;         /* prescribers and pharmacies are counted over the window_days
                              * days ending on the as-of day; default 180 */
    const char *as_of;       /* "YYYY-MM-DD", or NULL / "" for each patient's last covered day;
                              * borrowed during med_patient_new() only */
    /* version 2 */
    int with_events;         /* 1: care events are given (med_patient_add_event): a care gap
                              * with no event is a gap; 0 (default): only the gaps the claims
                              * can show (naloxone) are judged, the others are unknown */
} med_patient_options;
#define MED_PATIENT_OPTIONS_INIT {MED_PATIENT_OPTIONS_VERSION, 0, 180, NULL, 0}

/* One patient's fills, accumulated and then summarised. Not shared between threads (one per
 * thread); the table and rules it uses may be. Reuse it for the next patient with
 * med_patient_reset(). */
typedef struct med_patient med_patient;

MED_API MED_NODISCARD med_status med_patient_new(const med_table *table, const med_rules *rules,
                                                 const med_patient_options *options,
                                                 med_patient **out, med_error *error);
MED_API void med_patient_free(med_patient *patient);
/* Forgets all fills and starts patient `patient_id` (copied; at most 255 bytes: a longer id is
 * refused by med_patient_add with the reason). */
MED_API void med_patient_reset(med_patient *patient, const char *patient_id);

/* Adds one fill already computed (by med_compute or med_batch_row): it covers fill_date ..
 * fill_date + days_supply - 1 at result->mme_per_day. Rows that cannot be used (status error, a
 * bad date or days supply) are counted as rejected; `why` (may be NULL, 256 bytes) says why.
 * Returns MED_OK when the fill was used, MED_ERR_INVALID when it was rejected. */
MED_API med_status med_patient_add(med_patient *patient, const med_result *result,
                                   const char *fill_date, const char *days_supply,
                                   const char *prescriber, const char *pharmacy, char *why);

/* A fill with everything med_patient_add() takes and what later versions add; initialise with
 * MED_FILL_INIT. Strings are copied or read during the call only. */
#define MED_FILL_VERSION 2
typedef struct med_fill {
    unsigned version;           /* MED_FILL_VERSION */
    const med_result *result;   /* from med_compute() or med_batch_row() */
    const char *fill_date;      /* "YYYY-MM-DD" */
    const char *days_supply;    /* whole days, 1 to 3660 */
    const char *prescriber, *pharmacy; /* ids, NULL or "" when unknown */
    const char *group;          /* the fill's value of a grouping column (a clinic, a team), NULL
                                 * or "" when none: the patient's group (summary's group) */
    /* version 2: */
    const char *release;        /* the product's release, as med_batch_row_release() or
                                 * med_compute_release() give it: "er_la" (extended-release or
                                 * long-acting: counted by the quality measure new_start_er_la),
                                 * "ir", or NULL (not known: not counted as ER/LA) */
} med_fill;
#define MED_FILL_INIT {MED_FILL_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/* Care events: an event the rules know ("review", "uds", "pdmp", "agreement", "naloxone",
 * "function", or one a care gap of the rules names) on `date` ("YYYY-MM-DD"). Returns
 * MED_ERR_INVALID (counted in events_rejected; `why`, 256 bytes, may be NULL, says why) for a bad
 * date or an unknown event, or past MED_PATIENT_MAX_EVENTS events; MED_ERR_NOMEM. */
#define MED_PATIENT_MAX_EVENTS 100000
MED_API med_status med_patient_add_event(med_patient *patient, const char *date,
                                         const char *event, char *why);
/* Checks an event as med_patient_add_event() would, without a patient (for reading a file with
 * line numbers first); *day (may be NULL) receives the date as days since 1970-01-01. */
MED_API MED_NODISCARD med_status med_rules_check_event(const med_rules *rules, const char *date,
                                                       const char *event, long *day, char *why);

/* As med_patient_add(), from a med_fill. MED_ERR_VERSION for a version this library does not
 * know, MED_ERR_ARGUMENT for a NULL patient, fill or result. */
MED_API med_status med_patient_add_fill(med_patient *patient, const med_fill *fill, char *why);

/* The summary of a patient's fills. Strings are borrowed from the patient and live until its
 * next summary, reset or free. Dates are "YYYY-MM-DD" ("" when there is none); MME/day values
 * are hundredths (format them with med_hundredths_format). */
#define MED_PATIENT_SUMMARY_VERSION 2
typedef struct med_patient_summary {
    unsigned version;                 /* MED_PATIENT_SUMMARY_VERSION (..._INIT) */
    const char *patient_id;
    const char *first_day, *last_day; /* first and last day covered by an opioid fill */
    long treatment_days;              /* first_day .. last_day inclusive */
    long days_covered;                /* days with at least one opioid fill giving MME */
    int64_t peak_hundredths;          /* highest daily total */
    const char *peak_date;            /* first day it was reached */
    int64_t average_hundredths;       /* total MME over the treatment period / its days (gaps 0) */
    int64_t average_covered_hundredths; /* total MME / days covered */
    size_t threshold_count;           /* the table's thresholds: med_patient_days_at_or_above() */
    long longest_run_at_highest;      /* longest run of consecutive days crossing the highest */
    const char *as_of;                /* the as-of day used */
    int64_t as_of_hundredths;         /* daily total on the as-of day */
    long benzodiazepine_overlap_days; /* days with an opioid (MME) and a benzodiazepine both */
    long prescribers, pharmacies;     /* distinct, on opioid fills within the window */
    size_t flag_count;                /* rule flags raised: med_patient_flag() */
    const char *risk_tier;            /* "low", "moderate", "high" (borrowed from the rules) */
    int review_months;
    int long_term;                    /* meets the rules' long-term therapy definition */
    long rows, rows_rejected;         /* fills given; fills that could not be used */
    long opioid_fills, benzodiazepine_fills;
    /* version 2: the patient now, on the as-of day */
    int active;                       /* MME on a day of the rules' active_days ending on as_of */
    long recent_days_covered;         /* MME days in the rules' long-term window ending on as_of
                                       * (long_term is judged on these) */
    const char *primary_prescriber;   /* the prescriber of the most MME-days over the window
                                       * ending on as_of (ties: the most recent fill, then the
                                       * smaller id; with no fill in the window, over all
                                       * fills); "" when no fill giving MME names one */
    const char *group;                /* the group (med_fill's group) of the primary
                                       * prescriber's latest fill that has one, else of the
                                       * latest opioid fill that has one; "" for none */
    /* care: events up to as_of (naloxone: rescue fills in the claims too); "" for none */
    const char *naloxone_last;
    long naloxone_fills;              /* naloxone rescue fills (the rules' naloxone products) */
    const char *last_review, *last_uds, *last_pdmp, *last_agreement, *last_function;
    const char *review_due;           /* last review + the tier's review_months; with no review
                                       * on record, as_of */
    int review_overdue;               /* 1 review_due is before as_of, 0 not, -1 unknown (no
                                       * events given: with_events 0) */
    size_t care_gap_count;            /* the rules' care gaps open: med_patient_care_gap() */
    size_t care_gap_unknown_count;    /* not judged for want of events:
                                       * med_patient_care_gap_unknown() */
    long events, events_rejected;     /* care events given; refused (med_patient_add_event) */
} med_patient_summary;
#define MED_PATIENT_SUMMARY_INIT {MED_PATIENT_SUMMARY_VERSION, NULL, NULL, NULL, 0, 0, 0, NULL, \
                                  0, 0, 0, 0, NULL, 0, 0, 0, 0, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0, \
                                  NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, -1,   \
                                  0, 0, 0, 0}

/* The longest day series a patient may have: from the first day a fill covers to the last. Dates
 * run from 1900 to 2199 (109573 days), so only early refills shifted forward
 * (shift_early_refills) can reach it. */
#define MED_PATIENT_MAX_DAYS 120000

/* Builds the day-by-day series and the summary of the fills added so far. Returns
 * MED_ERR_LIMIT when the fills span more than MED_PATIENT_MAX_DAYS days (the patient cannot be
 * summarised; the next may), MED_ERR_RANGE when a day's total MME/day is too large to hold in
 * 64-bit hundredths (the same: never a wrapped total), MED_ERR_VERSION for a summary version
 * this library does not know, MED_ERR_NOMEM. */
MED_API MED_NODISCARD med_status med_patient_summarize(med_patient *patient,
                                                       med_patient_summary *out);
/* Of the last summary: days whose total crosses the table's threshold `index`
 * (med_table_threshold()), -1 when out of range; the name of rule flag `index` raised (in the
 * rules' order, borrowed from the rules), NULL when out of range. */
MED_API long med_patient_days_at_or_above(const med_patient *patient, size_t index);
MED_API const char *med_patient_flag(const med_patient *patient, size_t index);
/* Of the last summary: open care gap `index` and gap `index` not judged for want of events (the
 * rules' names, in their order; NULL out of range), and the date of the latest event named
 * `event` up to the as-of day ("" for none, NULL for an event the rules do not know). */
MED_API const char *med_patient_care_gap(const med_patient *patient, size_t index);
MED_API const char *med_patient_care_gap_unknown(const med_patient *patient, size_t index);
MED_API const char *med_patient_last_event(const med_patient *patient, const char *event);

/* The daily series built by the last med_patient_summarize(): day 0 is first_day. The caller's
 * struct is initialised with MED_PATIENT_DAY_INIT. */
#define MED_PATIENT_DAY_VERSION 1
typedef struct med_patient_day {
    unsigned version;        /* MED_PATIENT_DAY_VERSION */
    long day;                /* days since 1970-01-01: med_date_format() writes it */
    int64_t mme_hundredths;
    int opioid_fills;        /* active opioid fills giving MME that day */
    int benzodiazepine;      /* a benzodiazepine fill is active */
} med_patient_day;
#define MED_PATIENT_DAY_INIT {MED_PATIENT_DAY_VERSION, 0, 0, 0, 0}

/* Writes day `day` (days since 1970-01-01) as "YYYY-MM-DD", snprintf-style. */
MED_API size_t med_date_format(long day, char *buf, size_t capacity);
/* Reads "YYYY-MM-DD" (a real day, 1900 to 2199) into days since 1970-01-01 (`day` may be NULL).
 * MED_ERR_INVALID for anything else. Thread-safe. */
MED_API MED_NODISCARD med_status med_date_parse(const char *text, long *day);

MED_API size_t med_patient_day_count(const med_patient *patient);
/* Day `index`: MED_ERR_ARGUMENT out of range, MED_ERR_VERSION for an unknown struct version. */
MED_API MED_NODISCARD med_status med_patient_get_day(const med_patient *patient, size_t index,
                                                 med_patient_day *out);
/* Distinct prescribers of the patient's opioid fills (all dates), for practice reports. */
MED_API size_t med_patient_prescriber_count(const med_patient *patient);
MED_API const char *med_patient_prescriber(const med_patient *patient, size_t index);

/* Practice measures: patients added one by one (in any order), then the report. */
typedef struct med_practice med_practice;

MED_API MED_NODISCARD med_status med_practice_new(const med_rules *rules, med_practice **out,
                                                  med_error *error);
MED_API void med_practice_free(med_practice *practice);
/* Adds a patient as its last med_patient_summarize() left it: its summary and the prescribers
 * of its opioid fills. MED_ERR_ARGUMENT when it was not summarised. */
MED_API MED_NODISCARD med_status med_practice_add(med_practice *practice,
                                                  const med_patient *patient);
/* Adds every patient of `from` to `into`, as if each had been added to `into` itself: the
 * counts add up and the peaks are kept, so medians and percentiles are those of all the patients
 * together, whatever the order of the merges. For several threads, each with its own practice
 * over the same rules and options; `from` is left as it was (free it after). MED_ERR_ARGUMENT
 * when either is finished, has the dashboard on, or the two have different rules or options;
 * MED_ERR_NOMEM (`into` may then hold part of `from`). */
MED_API MED_NODISCARD med_status med_practice_merge(med_practice *into,
                                                    const med_practice *from);

/* Whom a patient counts for in the prescribers' groups. */
typedef enum med_attribution {
    MED_ATTRIBUTION_PRIMARY = 0, /* the patient's primary prescriber only (summary's
                                  * primary_prescriber): each patient counted once, so the
                                  * prescribers' shares average to the practice's (default) */
    MED_ATTRIBUTION_ANY = 1      /* every prescriber of one of the patient's opioid fills */
} med_attribution;

/* "primary" / "any"; parsing returns MED_ERR_ARGUMENT for anything else. */
MED_API const char *med_attribution_string(med_attribution attribution);
MED_API MED_NODISCARD med_status med_attribution_parse(const char *text, med_attribution *out);

#define MED_PRACTICE_OPTIONS_VERSION 1
typedef struct med_practice_options {
    unsigned version;            /* MED_PRACTICE_OPTIONS_VERSION */
    med_attribution attribution; /* default MED_ATTRIBUTION_PRIMARY */
    int by_group;                /* 1: also a group for each value of the patients' summary
                                  * group (med_fill's group: a clinic, a team) */
    const char *from, *to;       /* the quality measures' period, "YYYY-MM-DD" (read during
                                  * med_practice_set_options() only); NULL: the 12 months
                                  * ending on the patients' as-of day */
} med_practice_options;
#define MED_PRACTICE_OPTIONS_INIT {MED_PRACTICE_OPTIONS_VERSION, MED_ATTRIBUTION_PRIMARY, 0, \
                                   NULL, NULL}

/* Sets the practice's options (NULL: the defaults). Call before the first med_practice_add().
 * MED_ERR_ARGUMENT (error says why) once a patient was added, the practice is finished, or for
 * an attribution out of range; MED_ERR_VERSION for an options version this library does not
 * know. */
MED_API MED_NODISCARD med_status med_practice_set_options(med_practice *practice,
                                                          const med_practice_options *options,
                                                          med_error *error);

/* A group of the practice, borrowed from it (valid until med_practice_free()). */
typedef struct med_practice_group {
    const char *name;               /* prescriber id, or "practice" for the whole */
    long patients;                  /* patients with an opioid fill giving MME */
    long long_term;                 /* on long-term therapy (rules' definition) */
    size_t threshold_count;         /* the table's thresholds */
    const long *at_or_above;        /* [threshold_count]: patients whose peak crosses each */
    long high_dose;                 /* peak at or above the rules' high_dose_mme */
    long coprescribed;              /* any day with an opioid and a benzodiazepine */
    size_t flag_count;              /* the rules' flags, in their order */
    const char *const *flag_names;  /* [flag_count] */
    const long *flag_patients;      /* [flag_count]: patients with each flag raised */
    int64_t median_peak_hundredths, p90_peak_hundredths; /* of the patients' peak daily MME
                                                           * (nearest rank) */
    long active;                    /* on opioids now: MME on a day of the rules' active_days
                                     * ending on the as-of day */
    long active_long_term;          /* active and on long-term therapy */
    const char *level;              /* "practice", "prescriber", or "group" (by_group) */
} med_practice_group;

/* Group 0 is the whole practice; groups 1.. are prescribers in order of id (each patient counted
 * for its primary prescriber, or with MED_ATTRIBUTION_ANY for each prescriber), then with
 * by_group the patients' groups in order of name (level "group"; patients with no group are in
 * none). Valid after
 * med_practice_finish(); NULL when out of range or not finished. The thresholds are the table's
 * of the first patient added (med_practice_threshold). med_practice_finish() returns
 * MED_ERR_NOMEM when memory runs out: the practice is then not finished, and calling it again
 * finishes it. Once it was called, no patient may be added or merged in (MED_ERR_ARGUMENT). */
MED_API MED_NODISCARD med_status med_practice_finish(med_practice *practice);
MED_API size_t med_practice_group_count(const med_practice *practice);
MED_API const med_practice_group *med_practice_get_group(const med_practice *practice,
                                                         size_t index);
/* Quality measures (after CDC's 2018 "Quality Improvement and Care Coordination" measures for
 * its opioid guideline) of each group, over the measurement period: new starts with 3 and 7
 * days' supply or less, long-term patients at 50 and 90 MME/day and with a benzodiazepine, then
 * one per care gap of the rules (naloxone among them). Borrowed from the practice after
 * med_practice_finish(). */
typedef struct med_quality_measure {
    const char *key;        /* "new_start_3_days", ..., or a care gap's name */
    const char *label, *definition, *source;
    long numerator, denominator;
    const char *percent;    /* numerator / denominator to one decimal, "" when denominator 0 */
} med_quality_measure;

MED_API size_t med_practice_measure_count(const med_practice *practice);
/* Measure `index` of group `group` (0: the practice); NULL out of range or before finishing. */
MED_API const med_quality_measure *med_practice_get_measure(const med_practice *practice,
                                                            size_t group, size_t index);
/* The measurement period as "YYYY-MM-DD" (borrowed): the options' from/to, by default the 12
 * months ending on the as-of day. MED_ERR_NOT_FOUND before a patient was added. */
MED_API MED_NODISCARD med_status med_practice_measurement_period(const med_practice *practice,
                                                                 const char **from,
                                                                 const char **to);

/* Threshold `index` of the table the practice's patients were computed with (borrowed from the
 * table), NULL when out of range or before a patient was added. */
MED_API const med_threshold *med_practice_threshold(const med_practice *practice, size_t index);
/* The high-dose level and the long-term therapy definition, for reports. */
MED_API const char *med_rules_high_dose_text(const med_rules *rules);
MED_API const char *med_rules_long_term_text(const med_rules *rules);
/* The rules' active_days (a patient with MME on a day of the active_days ending on the as-of day
 * is active; default 90) and long_term window_days (default 180); 0 for NULL rules. */
MED_API long med_rules_active_days(const med_rules *rules);
MED_API long med_rules_long_term_window_days(const med_rules *rules);

/* ---------------------------------------------------------------------------------------------
 * NDC codes and product descriptions
 *
 * Pharmacy claims name what was dispensed by an NDC (National Drug Code) and a description such
 * as "HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG TABLET". An NDC product list maps a code to
 * an ingredient, form, strength per unit and unit; the factor always comes from the table. The
 * library embeds CDC's 2018 list (id "cdc-ndc-2018"); a site adds its own lists in the same
 * format (conversion-tables/README.md). A loaded list is immutable and may be shared between
 * threads; lookups borrow strings from it.
 * ------------------------------------------------------------------------------------------- */

#define MED_NDC_SIZE 12 /* an NDC as 11 digits, and the NUL */

/* Normalises an NDC as claims write it into 11 digits: 11 digits with or without dashes
 * ("00406-0552-62"), or the 10-digit dashed forms 4-4-2, 5-3-2 and 5-4-1, padded with a zero to
 * 5-4-2. Anything else (an undashed 10-digit code is ambiguous) is MED_ERR_SYNTAX, with the value
 * in error->text. Surrounding spaces are ignored. */
MED_API MED_NODISCARD med_status med_ndc_normalize(const char *text, char out[MED_NDC_SIZE],
                                                   med_error *error);

typedef struct med_ndc_list med_ndc_list;

/* Loads an NDC list embedded in the library: `spec` is an id, id@version, or NULL for
 * "cdc-ndc-2018". Parsing it takes some milliseconds; callers load it only when they need it. */
MED_API MED_NODISCARD med_status med_ndc_list_load_embedded(const char *spec, med_ndc_list **out,
                                                            med_error *error);
/* Loads a list from a file, or from text in memory (`name` is used in messages, may be NULL).
 * Errors carry the source and line: an unknown ingredient or form, a bad strength, unit or NDC,
 * an NDC listed twice. */
MED_API MED_NODISCARD med_status med_ndc_list_load_file(const char *path, med_ndc_list **out,
                                                        med_error *error);
MED_API MED_NODISCARD med_status med_ndc_list_load_buffer(const char *data, size_t size,
                                                          const char *name, med_ndc_list **out,
                                                          med_error *error);
/* Releases a list. Accepts NULL. */
MED_API void med_ndc_list_free(med_ndc_list *list);

/* Provenance of a list; strings are borrowed from it. */
typedef struct med_ndc_list_info {
    const char *id;        /* "cdc-ndc-2018" */
    const char *version;   /* "1" */
    const char *title;
    const char *source;    /* address of the data it was built from */
    const char *effective; /* ISO date */
    const char *digest;    /* lowercase hex SHA-256 of the list file's bytes */
    const char *origin;    /* "embedded" or the file path */
    size_t count;          /* products listed */
    const char *key;       /* what its codes are: "ndc" (an NDC list) or "rxcui" (RxNorm) */
} med_ndc_list_info;

/* The list's provenance, borrowed from it (NULL for a NULL list). */
MED_API const med_ndc_list_info *med_ndc_list_get_info(const med_ndc_list *list);

/* One product of a list. Strings are borrowed from `list` and live until it is freed. The
 * caller's struct is initialised with MED_NDC_PRODUCT_INIT; the library writes the members of
 * its version. */
#define MED_NDC_PRODUCT_VERSION 1
typedef struct med_ndc_product {
    unsigned version;       /* MED_NDC_PRODUCT_VERSION */
    const char *ndc;        /* 11 digits */
    const char *ingredient; /* the vocabulary's name: "hydrocodone" (the opioid of a combination) */
    const char *form;       /* oral, patch, buccal, film, oral-spray, nasal-spray, injection,
                             * rectal */
    const char *strength;   /* per unit dispensed, as the list prints it: "10", "0.25" */
    const char *unit;       /* "mg", "mcg", "mcg/hr" (patches) or "mg/mL" (liquids) */
    const char *product;    /* the product name the list gives ("" if none): "NORCO" */
    const char *generic;    /* the generic name it gives ("" if none) */
    const char *dose_form;  /* the dose form as its source wrote it ("" if none) */
    const med_ndc_list *list; /* the list it comes from */
    long line;              /* its line in that list's file */
} med_ndc_product;
#define MED_NDC_PRODUCT_INIT {MED_NDC_PRODUCT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
                              NULL, NULL, 0}

/* Product `index` (0-based, in NDC order) of a list, for walking it; MED_ERR_ARGUMENT past the
 * end. */
MED_API MED_NODISCARD med_status med_ndc_list_entry(const med_ndc_list *list, size_t index,
                                                    med_ndc_product *out);

/* Looks an NDC (any form med_ndc_normalize accepts) up in `count` lists. MED_OK fills `out`;
 * MED_ERR_SYNTAX: not an NDC; MED_ERR_NOT_FOUND: in none of the lists; MED_ERR_INVALID: two
 * lists give it different products (ingredient, form, strength or unit): the error names both,
 * and nothing is chosen. Lists that agree are not a conflict; `out` is then the first list's. */
MED_API MED_NODISCARD med_status med_ndc_lookup(const med_ndc_list *const *lists, size_t count,
                                                const char *ndc, med_ndc_product *out,
                                                med_error *error);

/* The codes two lists both give, with different products: returns how many, and fills `first`
 * (may be NULL) with the first in NDC order: first->a from `a`, first->b from `b`. */
typedef struct med_ndc_conflict {
    med_ndc_product a, b;
} med_ndc_conflict;
#define MED_NDC_CONFLICT_INIT {MED_NDC_PRODUCT_INIT, MED_NDC_PRODUCT_INIT}
MED_API size_t med_ndc_list_conflicts(const med_ndc_list *a, const med_ndc_list *b,
                                      med_ndc_conflict *first);

/* What the last successful med_regimen_parse() read besides the input, so that nothing in an
 * order silently changes meaning. All texts are borrowed from the regimen: valid until its
 * next parse or med_regimen_free(). Before any parse, after a failed one, and after the
 * regimen is filled some other way (med_product_resolve(), med_batch_row()): no items and "".
 * Not shared between threads, as the regimen itself. */
/* The number of phrases read and set aside because they do not change the dose per day. */
MED_API size_t med_regimen_ignored_count(const med_regimen *regimen);
/* Phrase `index` (0-based, in the order of the text) as written, e.g. "as needed for pain",
 * "Qty: 120", "0 Refill(s)", "(ROXICODONE)"; NULL when out of range. `kind` (when not NULL)
 * gets one of "reason", "quantity", "refills", "duration", "route", "brand", "instruction"
 * ("swallow whole", "with food") or "restatement" (a restatement such as "(four)" or "(5 mg
 * total)" was checked against what it restates), and
 * `column` (when not NULL) its 1-based column. */
MED_API const char *med_regimen_ignored(const med_regimen *regimen, size_t index,
                                        const char **kind, unsigned *column);
/* The order's daily cap as read ("30 mg/day", "8 units/day", "4/day" for a bare count), or ""
 * when it has none. */
MED_API const char *med_regimen_cap(const med_regimen *regimen);
/* With a cap: the schedule's most frequent use in the cap's unit ("45 mg/day"), else "". */
MED_API const char *med_regimen_schedule_daily(const med_regimen *regimen);
/* With a cap: "cap" when the cap is below the schedule's most frequent use (the input then
 * holds the cap's units taken once a day), else "schedule"; "" without a cap. Split doses ("10
 * mg every morning and 20 mg at bedtime") are summed the same way: the input holds the day's
 * units taken once a day. */
MED_API const char *med_regimen_decided_by(const med_regimen *regimen);
/* For a split dose, its parts as written with their doses a day ("10 mg x 1/day + 20 mg x
 * 1/day"), summed in the input; "" for an order of one dose. */
MED_API const char *med_regimen_split(const med_regimen *regimen);

/* RxNorm lists: the same format and type as NDC lists, keyed by RxCUI (a column `rxcui` where
 * an NDC list has `ndc`; conversion-tables/README.md). The library embeds "rxnorm-omtk", the
 * RxNorm products of CDC's OMTK (742 RxCUIs, generated by tests/tools/make-rxnorm-list.py, which
 * also converts a site's larger extract in the same CSV shape). A med_ndc_product from one has
 * the RxCUI in `ndc` (info->key says "rxcui"). Loaded lists are immutable and may be shared
 * between threads; med_ndc_list_free releases them; med_ndc_list_entry walks them;
 * med_ndc_list_conflicts compares two RxNorm lists (0 for lists of different keys).
 * `spec`: an id, id@version, or NULL for "rxnorm-omtk". */
MED_API MED_NODISCARD med_status med_rxnorm_list_load_embedded(const char *spec,
                                                               med_ndc_list **out,
                                                               med_error *error);
MED_API MED_NODISCARD med_status med_rxnorm_list_load_file(const char *path, med_ndc_list **out,
                                                           med_error *error);
MED_API MED_NODISCARD med_status med_rxnorm_list_load_buffer(const char *data, size_t size,
                                                             const char *name,
                                                             med_ndc_list **out,
                                                             med_error *error);

/* Looks an RxCUI (1 to 10 digits, surrounding spaces ignored) up in the RxNorm lists among
 * `lists` (NDC lists there are skipped), as med_ndc_lookup does for NDCs: MED_OK fills `out`;
 * MED_ERR_SYNTAX: not an RxCUI; MED_ERR_NOT_FOUND: in none of them; MED_ERR_INVALID: two lists
 * give it different products (the error names both). Thread-safe on shared lists. */
MED_API MED_NODISCARD med_status med_rxcui_lookup(const med_ndc_list *const *lists, size_t count,
                                                  const char *rxcui, med_ndc_product *out,
                                                  med_error *error);

/* Resolves a claims product description into the drug, strength, unit and form of the input
 * `into` holds (med_regimen_input(); its other fields are left alone). A med_regimen holds the
 * inputs the library reads from text, orders and product descriptions alike. Accepts the usual claims spellings: salts, HCL, ER/SA/CR, brand names,
 * "10-325", "10 MG-325 MG", "MCG/HR", "5 MG/5 ML", "TAB"/"CAP"/"SOLN", words after the strength.
 * On MED_OK, drug holds the canonical ingredients joined by '/' in the description's order
 * ("hydrocodone/acetaminophen"), strength the amounts joined by '/' ("10/325"), unit one of mg,
 * mcg, mcg/hr, mg/mL, mg/N mL, and form a canonical form or "" (none named). The vocabulary of
 * `table` names the drugs. Errors: MED_ERR_NOT_FOUND (no known drug; the nearest name is
 * suggested), MED_ERR_SYNTAX (no strength with a unit, e.g. "OXYCODONE HCL TABLET"),
 * MED_ERR_INVALID (parts of a strength that do not match its ingredients), MED_ERR_LIMIT. */
MED_API MED_NODISCARD med_status med_product_resolve(const med_table *table, const char *text,
                                                     med_regimen *into, med_error *error);

/* Batch rows with an `ndc` column consult the embedded list, loaded by med_batch_new only when
 * the header has that column, and any lists added here (borrowed: each must outlive the batch;
 * at most 8 in all). A list added to a batch without an ndc column is not consulted. */
MED_API MED_NODISCARD med_status med_batch_add_ndc_list(med_batch *batch, const med_ndc_list *list,
                                                        med_error *error);
/* The lists the batch consults, in order (0 when its header has no ndc column). */
MED_API size_t med_batch_ndc_list_count(const med_batch *batch);
MED_API const med_ndc_list *med_batch_ndc_list(const med_batch *batch, size_t index);
/* The product that decided the row last given to med_batch_row(): MED_OK and `out` filled when
 * its NDC was found in a list and used, MED_ERR_NOT_FOUND otherwise. */
MED_API MED_NODISCARD med_status med_batch_row_ndc(const med_batch *batch, med_ndc_product *out);

/* ---------------------------------------------------------------------------------------------
 * Agreement between tables and calculators
 *
 * What a table holds, what changed between two tables, one input under several tables and both
 * methods side by side, another calculator's MME/day checked against ours with the cause of any
 * difference, and conformance vectors. Everything is computed from loaded tables; nothing is
 * printed. Strings borrowed from a table live until it is freed; those borrowed from a checker
 * (med_agree) until it is freed.
 * ------------------------------------------------------------------------------------------- */

/* One factor entry of a table, as the YAML prints it. Strings are borrowed from the table. */
typedef struct med_factor_info {
    const char *ingredient;  /* "methadone" */
    const char *form;        /* "oral" (oral and rectal forms), "patch", "buccal", "film",
                              * "oral-spray", "nasal-spray", "injection" */
    const char *unit;        /* what the factor multiplies: "mg", "mcg" or "mcg/hr" */
    const char *per;         /* "dose" (the daily dose in unit), "rate" (MME/day = mcg/hr x
                              * factor) or "patch-day" (mcg/hr x patches per day x factor) */
    const char *factor_text; /* "1.5" as printed; NULL for a tiered entry */
    double factor;           /* 0 for a tiered entry */
    const char *patch_hours; /* how long one patch is worn, "72"; "" unless unit is mcg/hr */
    size_t tier_count;       /* 0 unless tiered (see med_table_tier) */
    const char *note;        /* why the factor reads as it does, or NULL */
} med_factor_info;

/* A tier of a tiered entry: daily doses d with above < d <= at_most take `factor`. */
typedef struct med_tier_info {
    const char *above;       /* "20" */
    const char *at_most;     /* "40", or NULL: no upper bound */
    const char *factor_text; /* "8" */
    double factor;
    const char *note;        /* or NULL */
} med_tier_info;

/* A drug the table deliberately leaves out (results get status excluded). */
typedef struct med_exclusion_info {
    const char *ingredient;
    const char *form;        /* NULL: every form */
    const char *reason;
} med_exclusion_info;

/* An opioid the table's source does not list (results are "no factor" errors). */
typedef struct med_absence_info {
    const char *ingredient;
    const char *note;
} med_absence_info;

/* Entries in file order, borrowed from the table (they gain members only at their end); NULL
 * for a NULL table or an index out of range. Thread-safe (the table is immutable). */
MED_API size_t med_table_factor_count(const med_table *table);
MED_API const med_factor_info *med_table_factor(const med_table *table, size_t index);
MED_API const med_tier_info *med_table_tier(const med_table *table, size_t factor_index,
                                            size_t tier_index);
MED_API size_t med_table_exclusion_count(const med_table *table);
MED_API const med_exclusion_info *med_table_exclusion(const med_table *table, size_t index);
MED_API size_t med_table_absence_count(const med_table *table);
MED_API const med_absence_info *med_table_absence(const med_table *table, size_t index);
/* The table's free-text notes (borrowed), or NULL when it has none. */
MED_API const char *med_table_notes(const med_table *table);

/* How one ingredient and form is listed by two tables. */
typedef enum med_diff_kind {
    MED_DIFF_SAME = 0,    /* the same numbers (notes and reasons are not compared) */
    MED_DIFF_CHANGED = 1, /* listed by both, differently (a factor, tiers, excluded, absent) */
    MED_DIFF_ADDED = 2,   /* listed by the second table only */
    MED_DIFF_REMOVED = 3  /* listed by the first table only */
} med_diff_kind;

/* "same", "changed", "added", "removed". */
MED_API const char *med_diff_kind_string(med_diff_kind kind);

typedef struct med_table_change {
    med_diff_kind kind;
    const char *ingredient; /* borrowed from one of the tables */
    const char *form;       /* "oral", "patch", ...; "all" for an exclusion or absence that
                             * covers every form */
    const char *before;     /* how the first table lists it: "4 per mg/day", "tiers (0, 20] 4;
                             * (20, 40] 8; ... per mg/day", "2.4 per mcg/hr, patch worn 72 h",
                             * "excluded", "absent (no factor)", "not listed" */
    const char *after;      /* the same for the second table */
    int equivalent;         /* a patch factor written another way that gives the same MME/day
                             * under both methods (2.4 per mcg/hr vs 7.2 per patch-day, 72 h) */
} med_table_change;

/* What changed between table `a` and table `b`, ingredient by ingredient and form by form,
 * sorted by ingredient then form (oral first). With include_same 0, entries listed alike are
 * left out. The changes and their texts are held by the diff (freed with
 * med_table_diff_free(), which accepts NULL); the tables must outlive it. Returns
 * MED_ERR_ARGUMENT for NULL tables or out, MED_ERR_NOMEM, else MED_OK. */
typedef struct med_table_diff med_table_diff;
MED_API MED_NODISCARD med_status med_table_diff_new(const med_table *a, const med_table *b,
                                                    int include_same, med_table_diff **out);
MED_API void med_table_diff_free(med_table_diff *diff);
MED_API size_t med_table_diff_count(const med_table_diff *diff);
/* Change `index`, borrowed from the diff; NULL when out of range. */
MED_API const med_table_change *med_table_diff_get(const med_table_diff *diff, size_t index);

/* Why two MME/day values (or statuses) differ. Stable numbers. */
typedef enum med_cause {
    MED_CAUSE_NONE = 0,        /* no difference beyond the tolerance */
    MED_CAUSE_FACTOR = 1,      /* a different factor for this drug and form */
    MED_CAUSE_TIER = 2,        /* a different dose tier (methadone bands), or bands against a
                                * single factor */
    MED_CAUSE_PATCH = 3,       /* patch convention: by the mcg/hr rate, or per patch dispensed
                                * or changed; a patch-day factor applied to a rate */
    MED_CAUSE_EXCLUDED = 4,    /* one side excludes the drug (or reports 0 for it) */
    MED_CAUSE_NO_FACTOR = 5,   /* one side has no factor for the drug or form */
    MED_CAUSE_ROUNDING = 6,    /* the daily dose or the result was rounded */
    MED_CAUSE_INPUT = 7,       /* the input or the reported value cannot be used */
    MED_CAUSE_UNEXPLAINED = 8  /* nothing shipped or known reproduces the difference */
} med_cause;
#define MED_CAUSE_COUNT 9

/* "none", "factor", "tier", "patch", "excluded", "no_factor", "rounding", "input",
 * "unexplained". */
MED_API const char *med_cause_string(med_cause cause);

/* How far apart two MME/day values may be and still agree: within `absolute` MME/day, OR within
 * `relative` (a fraction: 0.001 is 0.1%) of the reference value (ours). The defaults accept a
 * value printed to one decimal and binary floating-point noise, and catch every difference of
 * factor, tier, patch convention, daily-dose rounding, and whole-number rounding of results up
 * to 500 MME/day. */
#define MED_TOLERANCE_VERSION 1
typedef struct med_tolerance {
    unsigned version; /* MED_TOLERANCE_VERSION (MED_TOLERANCE_INIT; med_tolerance_parse sets it) */
    double absolute;
    double relative;
} med_tolerance;

#define MED_TOLERANCE_ABSOLUTE 0.05
#define MED_TOLERANCE_RELATIVE 0.001
#define MED_TOLERANCE_INIT {MED_TOLERANCE_VERSION, MED_TOLERANCE_ABSOLUTE, MED_TOLERANCE_RELATIVE}

/* Parses "0.5" (absolute MME/day), "1%" (relative) or "0.5,1%" (either). A tolerance given
 * with one part sets the other to 0. Limits: 100000 MME/day, 100%. MED_ERR_SYNTAX or
 * MED_ERR_RANGE with a message otherwise. */
MED_API MED_NODISCARD med_status med_tolerance_parse(const char *text, med_tolerance *out,
                                                     med_error *error);
/* Nonzero when `other` agrees with `reference` (both MME/day in hundredths). NULL: defaults. */
MED_API int med_tolerance_agrees(const med_tolerance *tolerance, int64_t reference_hundredths,
                                 int64_t other_hundredths);

/* One input under one table and method, in a comparison. */
typedef struct med_compare_row {
    const med_table *table; /* as given */
    med_method method;      /* clinical or supply */
    med_result result;
    int differs;            /* differs from row 0 (the reference) beyond the tolerance or in
                             * status */
    med_cause cause;        /* why it differs from row 0; MED_CAUSE_NONE when it does not */
} med_compare_row;

/* One input under several tables and methods: an object holding the rows and their texts. */
typedef struct med_comparison med_comparison;

typedef struct med_comparison_summary {
    size_t rows;                            /* rows made */
    size_t ok;                              /* rows with status ok */
    int64_t min_hundredths, max_hundredths; /* over the ok rows (0 when none) */
    int64_t ratio_hundredths;               /* max / min, half up; -1 unless 2 ok rows and
                                             * min > 0 */
    int disagree;         /* some two rows differ beyond the tolerance or in status */
    unsigned causes;      /* bit (1u << cause) for each cause found between any two rows */
} med_comparison_summary;

/* Computes `input` under each of the `count` tables, under both methods (method AUTO: clinical
 * then supply for each table) or only `method`. Row 0 is the reference each row's `differs`
 * and `cause` are taken against. A methadone tier is chosen by this input's own daily dose (as
 * med_compute does). tolerance NULL: the defaults. The tables must outlive the comparison;
 * the input is read during the call only. Returns MED_ERR_ARGUMENT for NULL arguments,
 * MED_ERR_NOMEM; MED_OK otherwise (rows with status error are data). */
MED_API MED_NODISCARD med_status med_compare(const med_table *const *tables, size_t count,
                                             const med_input *input, med_method method,
                                             const med_tolerance *tolerance,
                                             med_comparison **out);
MED_API void med_comparison_free(med_comparison *comparison);
MED_API const med_comparison_summary *med_comparison_get_summary(const med_comparison *c);
/* Row `index` (0-based), borrowed; NULL when out of range. */
MED_API const med_compare_row *med_comparison_row(const med_comparison *c, size_t index);
/* Text `what` of row `index`, borrowed from the comparison ("" when out of range). */
MED_API const char *med_comparison_text(const med_comparison *c, size_t index, med_text what);

/* CSV columns to inputs, for agreement and comparison files. Recognised (without regard to
 * case and surrounding spaces): regimen (free text), or drug, strength, unit with any of form,
 * quantity, days_supply, units_per_dose, doses_per_day, every_hours, prn (yes/no, 1/0). */
typedef struct med_columns med_columns;

/* Fails with MED_ERR_INVALID when the header names no input or a recognised column twice. */
MED_API MED_NODISCARD med_status med_columns_new(const char *const *header, size_t count,
                                                 med_columns **out, med_error *error);
MED_API void med_columns_free(med_columns *columns);
/* Fills the input `into` holds (med_regimen_input()) from a row: the regimen when its field is
 * not empty, else the structured columns. Errors (wrong field count, an empty drug, an
 * unparseable regimen, a field longer than it may be) are located with `line` and the field. */
MED_API MED_NODISCARD med_status med_columns_input(const med_columns *columns,
                                                   const char *const *fields, size_t count,
                                                   long line, med_regimen *into,
                                                   med_error *error);
/* The field of the column named `name` (lowercase) in a row of the header's width, or NULL. */
MED_API const char *med_columns_value(const med_columns *columns, const char *const *fields,
                                      size_t count, const char *name);

/* A checker of another calculator's values, with a summary per site. Not shared between
 * threads (one per thread); the tables it uses may be. */
typedef struct med_agree med_agree;

/* `table`: ours, or NULL to use each row's own table (an embedded id or id@version, as a
 * vectors file gives it) and the default table where a row names none. `method`: AUTO uses a
 * row's own method, else clinical for schedules and supply for fills. `tolerance` NULL: the
 * defaults. Loads the embedded tables, to find which reproduces a reported value; the caller's
 * table must outlive the checker. */
MED_API MED_NODISCARD med_status med_agree_new(const med_table *table, med_method method,
                                               const med_tolerance *tolerance, med_agree **out,
                                               med_error *error);
MED_API void med_agree_free(med_agree *agree);

typedef struct med_agreement {
    med_result ours;             /* our result for the input (texts: med_agree_text()) */
    const char *table_id;        /* the table it was computed under (NULL if none could be) */
    const char *table_version;
    const char *reported;        /* the reported value as given (trimmed, perhaps shortened) */
    int reported_value;          /* 1 when `reported` is a number */
    int64_t reported_hundredths; /* that number, rounded half up to hundredths */
    const char *difference;      /* reported - ours: "+12", "-0.5", "0"; "" unless both numbers */
    const char *relative;        /* the difference as a percentage of ours, "+25%"; or "" */
    int agrees;
    med_cause cause;             /* MED_CAUSE_NONE when it agrees */
    const char *explanation;     /* for a disagreement: what reproduces the reported value (a
                                  * table and method, a convention), or what is known */
    const char *site;            /* the row's site, "" for none */
    /* Whether the difference changes a clinical decision: thresholds of the reference table
     * (the checker's, else the row's) that one of the two values crosses and the other does
     * not, even within the tolerance (89.99 reported as 90). A status giving no MME (excluded,
     * not_opioid, nothing reported) counts as 0; an error on either side changes nothing. A
     * rounding difference that crosses no threshold is no decision change; one that does
     * (89.55 reported as 90 against a threshold of 90) is. */
    int changes_decision;               /* 1 when crossed_count > 0 */
    size_t crossed_count;
    const med_threshold *const *crossed; /* [crossed_count] ascending, borrowed from the table */
    const char *thresholds_crossed;      /* ">=50 caution; >=90 high", "" for none */
} med_agreement;
/* Every member of a med_agreement the checker hands out is borrowed from it and valid until
 * its next check or row, or med_agree_free(). */

/* Checks one input. `reported` is the other calculator's MME/day: a plain decimal; "excluded",
 * "not_opioid" or "error"; or "", "none", "n/a", "-" for no value. A number agrees with our
 * value within the tolerance; no value agrees with any status but ok; a status word agrees with
 * the same status; 0 agrees with not_opioid (never with excluded: an exclusion is not a zero).
 * `site` (may be NULL) is counted in the summary; `table` and `method` are the row's own
 * (see med_agree_new; NULL and AUTO when none). Returns MED_OK with a verdict for every input,
 * MED_ERR_ARGUMENT for NULL arguments. */
MED_API MED_NODISCARD med_status med_agree_check(med_agree *agree, const med_input *input,
                                                 const char *reported, const char *site,
                                                 const char *table, med_method method,
                                                 const med_agreement **out);
/* Text `what` of our result in the last agreement made, borrowed from the checker. */
MED_API const char *med_agree_text(const med_agree *agree, med_text what);

/* Rows of a file: the header (the input columns of med_columns_new, and reported_mme, or
 * expected_mme as in a vectors file; optional site, table, method), then each data row. A row
 * that cannot be read is a disagreement with cause input, never skipped. Claims columns are
 * read as med_batch reads them: an `ndc` column (the NDC lists decide the product), a `product`
 * column or a `drug` column holding descriptions; with one of those the header needs only
 * quantity and days_supply (or a schedule) besides. Our result's message then says which list
 * decided, or that an unknown NDC fell back to the other columns. med_agree_row returns
 * MED_ERR_ARGUMENT for NULL arguments and MED_ERR_NOMEM when memory runs out (the row is then
 * counted in the total but not in its site's: stop there); MED_OK otherwise. */
MED_API MED_NODISCARD med_status med_agree_header(med_agree *agree, const char *const *columns,
                                                  size_t count, med_error *error);
MED_API MED_NODISCARD med_status med_agree_row(med_agree *agree, const char *const *fields,
                                               size_t count, long line,
                                               const med_agreement **out);
/* Counts a record the CSV reader could not split (its error) as a disagreement. Out of memory
 * leaves the row counted in the total but not in its site's, unsaid: use
 * med_agree_record_error_checked(), which says so. */
MED_API void med_agree_record_error(med_agree *agree, const med_error *error,
                                    const med_agreement **out);
/* The same, with a status: MED_ERR_NOMEM when memory runs out (the row is then counted in the
 * total but not in its site's, and *out is still set: stop there, as after med_agree_row()),
 * MED_ERR_ARGUMENT for NULL arguments, MED_OK otherwise. */
MED_API MED_NODISCARD med_status med_agree_record_error_checked(med_agree *agree,
                                                                const med_error *error,
                                                                const med_agreement **out);
/* Rows with an `ndc` column consult the embedded cdc-ndc-2018 list (loaded by med_agree_header
 * only when the header has one), then the lists added here, in order (borrowed: each must
 * outlive the checker; at most 7). As with a batch, a code two lists give differently makes its
 * rows errors, and a list is not consulted for a header without an ndc column. */
MED_API MED_NODISCARD med_status med_agree_add_ndc_list(med_agree *agree, const med_ndc_list *list,
                                                        med_error *error);
/* The lists the checker consults, in order (0 when its header has no ndc column). */
MED_API size_t med_agree_ndc_list_count(const med_agree *agree);
MED_API const med_ndc_list *med_agree_ndc_list(const med_agree *agree, size_t index);

/* Per site, in order of first appearance (rows without a site are the site ""; past 100000
 * sites the rest count together as "(other sites)"), and all rows together. */
typedef struct med_agree_site {
    const char *site;                  /* borrowed from the checker */
    size_t rows, agree;
    const char *rate;                  /* agree / rows as a percentage to 1 decimal, "97.5" */
    med_cause common_cause;            /* the most frequent cause of its disagreements (the
                                        * lower number on a tie); NONE when all agree */
    size_t common_cause_rows;
    const size_t *by_cause;            /* [MED_CAUSE_COUNT] disagreements by cause */
    size_t decision_changes;           /* rows that change a decision (changes_decision) */
} med_agree_site;

MED_API size_t med_agree_site_count(const med_agree *agree);
/* Site `index` and all rows together, borrowed from the checker and valid until its next check
 * or row; NULL when out of range. */
MED_API const med_agree_site *med_agree_get_site(const med_agree *agree, size_t index);
MED_API const med_agree_site *med_agree_get_total(const med_agree *agree);
/* Adds the rows `from` has counted to `into`'s sites and total, as if `into` had counted them
 * after its own: sites new to `into` follow its own, in their order of first appearance in
 * `from`. For checkers made alike (same table, method, tolerance, header and lists) that each
 * count one consecutive piece of a file on their own thread, merged in the file's order: the
 * summary is then the one a single checker gives. `from` is not changed. MED_ERR_ARGUMENT when
 * either keeps fingerprints (they cannot be merged) or both are the same; MED_ERR_LIMIT when
 * `from` alone counted more distinct sites than are kept apart (its rows past them cannot be
 * told apart again); MED_ERR_NOMEM (`into` may then hold part of `from`). */
MED_API MED_NODISCARD med_status med_agree_merge(med_agree *into, const med_agree *from,
                                                 med_error *error);
/* Forgets the rows counted (sites and total), keeping the header, lists and settings, so that
 * the checker counts a next piece from zero. */
MED_API void med_agree_clear(med_agree *agree);

/* Site fingerprints: which calculator each site runs. A combination (a "calculator") is one of
 * the checker's tables (the embedded ones and the caller's own), a method (clinical, supply, or
 * auto: clinical for orders and supply for fills), a rounding (of the result, or of the daily
 * dose before the factor), a methadone tier convention and a patch convention; it reproduces a
 * row when its value
 * agrees with the reported one within the tolerance (or gives the same status: no value, a status
 * word; 0 for not_opioid). */
typedef enum med_rounding {
    MED_ROUNDING_NONE = 0,        /* the result as computed (to the hundredth) */
    MED_ROUNDING_ONE_DECIMAL = 1, /* to one decimal, half up */
    MED_ROUNDING_WHOLE = 2,       /* to a whole number, half up */
    MED_ROUNDING_TRUNCATE = 3,    /* cut to a whole number */
    MED_ROUNDING_DOSE_WHOLE = 4,  /* the daily dose rounded to a whole number (half up) before
                                   * the factor, a tier chosen by it; the result as computed */
    MED_ROUNDING_DOSE_ONE_DECIMAL = 5 /* the daily dose rounded to one decimal, likewise */
} med_rounding;
/* "none", "one_decimal", "whole", "truncate", "dose_whole", "dose_one_decimal". */
MED_API const char *med_rounding_string(med_rounding rounding);

typedef struct med_calculator {
    const char *table_id, *table_version; /* borrowed from the checker's table */
    med_method method;                    /* clinical or supply for every row, or AUTO: clinical
                                           * for orders, supply for fills */
    med_rounding rounding;
    int tier_by_whole_dose;  /* 1: a methadone tier chosen by the daily dose cut to whole mg
                              * (integer bands read 1-20, 21-40), applied to the whole dose */
    int patch_day_on_rate;   /* 1: a patch-day factor (7.2) applied to the mcg/hr rate */
    size_t rows;             /* rows it reproduces (in a mixed site's parts: of the rows the
                              * parts before it left) */
    size_t exact;            /* of them, to the hundredth */
    const char *text;        /* "cms-2018@1 supply, rounded to a whole number" */
    size_t part;             /* a part: its index; a tie: the part it ties with (0: best) */
    int tier_by_total;       /* 1: a methadone tier chosen by the patient's total daily
                              * methadone rather than the prescription's: the prescription's own
                              * tier or any above it (the total holds this dose), applied to
                              * this dose; 0 with tier_by_whole_dose 0: by the prescription */
    const char *fallback_id, *fallback_version; /* the table falls back to this one for the
                              * drugs it has no factor for ("cdc-2022 falling back to cms-2018",
                              * as peer calculators fill CDC 2022's gaps); NULL when it does not.
                              * The checker tries its reference table (or the default) falling
                              * back to each embedded table that fills one of its gaps. */
} med_calculator;

/* A row the fingerprint leaves: not reproduced by its calculator (or, mixed, by any part). */
typedef struct med_left_row {
    size_t row;           /* 1-based, among all rows the checker has counted */
    long line;            /* the line med_agree_row() was given; 0 for med_agree_check() */
    med_cause cause;      /* its own cause: a rounding, tier or patch convention the
                           * fingerprint's calculator does not use when one reproduces it, else
                           * the row's cause against the reference table (factor when it agreed
                           * with the reference but not with the fingerprint), input when it
                           * could not be read */
    int changes_decision; /* as the row's med_agreement said */
} med_left_row;

typedef struct med_fingerprint {
    const char *site;
    size_t rows, agree;        /* as med_agree_site: agree is with the reference table */
    size_t decision_changes;
    med_calculator best;       /* reproduces the most rows, then the most exactly, then the
                                * simplest (table order, clinical first, no rounding, standard
                                * conventions); rows 0 when nothing reproduces any row */
    size_t tie_count;          /* other calculators reproducing as many rows as exactly as best
                                * (part 0) or, mixed, as a later part does of the rows the parts
                                * before it left (a variant of the same table reproducing the
                                * very same rows is not a tie: the rows cannot tell its method,
                                * rounding or convention apart, and the simplest is named); part
                                * says which */
    const med_calculator *ties;
    int mixed;                 /* 1 when best reproduces no more than half the rows */
    size_t part_count;         /* mixed: the 2 or 3 calculators that together reproduce the most
                                * (each taken greedily); 0 otherwise */
    const med_calculator *parts;
    size_t explained;          /* rows best (mixed: the parts together) reproduces */
    size_t left_count;         /* rows - explained */
    const med_left_row *left;
} med_fingerprint;

/* Keeps what the fingerprints need (for each row, which calculators reproduce it; about 500
 * bytes a row). Call before the first check or row: MED_ERR_ARGUMENT after. */
MED_API MED_NODISCARD med_status med_agree_keep_fingerprints(med_agree *agree, med_error *error);
/* The fingerprint of site `index` (as med_agree_get_site()), searched when asked. Borrowed from
 * the checker until its next check, row or fingerprint, or med_agree_free(). MED_ERR_ARGUMENT
 * for an index out of range or fingerprints not kept; MED_ERR_NOMEM. */
MED_API MED_NODISCARD med_status med_agree_fingerprint(med_agree *agree, size_t index,
                                                       const med_fingerprint **out,
                                                       med_error *error);

/* One conformance vector: an input, the method, and what it covers; borrowed from its list. */
typedef struct med_vector {
    const char *name;   /* unique within a table and method: "methadone-oral-20.5mg-day" */
    const char *covers; /* what it tests */
    med_method method;  /* clinical (schedules) or supply (fills) */
    med_input input;    /* its texts are held by the list */
} med_vector;

/* The conformance vectors of `table`: every factor entry (drug and form) with combination
 * products, liquids and PRN ranges for oral entries, patches at several change intervals and
 * strengths, methadone and every tier boundary (b, b + 0.01, b + 0.5, b + 1, and 20, 20.5, 21,
 * 40, 40.01, 60, 61, 80, 81 mg/day), morphine at each threshold and a hundredth below,
 * excluded and absent drugs and a non-opioid. method AUTO gives the clinical vectors then the
 * supply ones. The same table always gives the same vectors in the same order; the expected
 * value of each is med_compute(table, &v->input, v->method). The list holds them (freed with
 * med_vectors_free(), which accepts NULL). */
typedef struct med_vector_list med_vector_list;
MED_API MED_NODISCARD med_status med_vectors_new(const med_table *table, med_method method,
                                                 med_vector_list **out);
MED_API void med_vectors_free(med_vector_list *list);
MED_API size_t med_vectors_count(const med_vector_list *list);
/* Vector `index`, borrowed from the list; NULL when out of range. */
MED_API const med_vector *med_vectors_get(const med_vector_list *list, size_t index);

/* ---------------------------------------------------------------------------------------------
 * Practice dashboard
 *
 * What the charts of `medcalc report --format html` draw, computed here so every caller gets the
 * same numbers: headline figures with their definitions, a run chart by month or week, the
 * distribution of patients' current and peak daily MME, variation between prescribers, and the
 * patients needing attention. Turn it on with med_practice_dashboard() before the first
 * med_practice_add(); med_practice_add() then also reads the patient's day series (the one
 * med_patient_summarize() built for the summary it is given). Results are valid after
 * med_practice_finish(); strings are borrowed from the practice or its rules and live until
 * med_practice_free(). As for the practice itself: one thread at a time.
 * ------------------------------------------------------------------------------------------- */

typedef enum med_period {
    MED_PERIOD_MONTH = 0, /* calendar months */
    MED_PERIOD_WEEK = 1,  /* weeks from Monday to Sunday */
    MED_PERIOD_QUARTER = 2 /* calendar quarters (January to March, ...), labelled "2025-Q1" */
} med_period;

/* "month" / "week" / "quarter". Parsing returns MED_ERR_ARGUMENT for anything else. */
MED_API const char *med_period_string(med_period period);
MED_API MED_NODISCARD med_status med_period_parse(const char *text, med_period *out);

#define MED_DASHBOARD_OPTIONS_VERSION 2
typedef struct med_dashboard_options {
    unsigned version;     /* MED_DASHBOARD_OPTIONS_VERSION */
    med_period period;    /* of the run chart; default months */
    const char *until;    /* "YYYY-MM-DD": the run chart's last day (the as-of day of a report);
                           * NULL or "" for the latest fill date of an opioid giving MME */
    long small_number;    /* prescribers with fewer patients are marked small; default 10 */
    size_t attention_max; /* patients kept in the attention list, most urgent first; default
                           * 200, at most 100000; 0 keeps none (they are still counted) */
    int deidentify;       /* 1: the attention list never holds patient ids */
    /* version 2 */
    int long_term_only;   /* 1: the run chart counts patients on long-term therapy (on the
                           * as-of day) only */
} med_dashboard_options;
#define MED_DASHBOARD_OPTIONS_INIT {MED_DASHBOARD_OPTIONS_VERSION, MED_PERIOD_MONTH, NULL, 10, \
                                    200, 0, 0}

/* Turns the dashboard measures on (options NULL: the defaults). Call once, before the first
 * med_practice_add(). Returns MED_ERR_ARGUMENT (error says why) when patients were already added
 * or the practice is finished, or a value out of range; MED_ERR_VERSION for an options version
 * this library does not know; MED_ERR_NOMEM. */
MED_API MED_NODISCARD med_status med_practice_dashboard(med_practice *practice,
                                                        const med_dashboard_options *options,
                                                        med_error *error);

/* Run chart signals (the usual run chart rules; a point on the median neither makes nor breaks
 * a shift, a repeated value neither makes nor breaks a trend). */
#define MED_SIGNAL_SHIFT 1u /* one of 6 or more consecutive points on one side of the median */
#define MED_SIGNAL_TREND 2u /* one of 5 or more consecutive points all rising or all falling */

/* Everything below is borrowed from the practice (valid until med_practice_free()) and gains
 * members only at the end of each struct. Percentages are texts to one decimal, half up
 * ("12.5"); MME/day values are texts as med_hundredths_format writes them. */

/* The whole dashboard's figures; the lists are read item by item with the getters below. */
typedef struct med_dashboard {
    size_t headlines;                /* med_practice_get_headline() items */
    /* run chart: share of the patients with MME in each period who reached the rules'
     * high_dose_mme on a day of it, and who had an opioid and a benzodiazepine on one day */
    med_period period;
    size_t periods;                  /* med_practice_get_run_point() items, oldest first */
    const char *high_dose_text;      /* the rules' high_dose_mme: "90" */
    double high_dose_median, benzodiazepine_median; /* median of the periods' shares (periods
                                      * with no patient left out) */
    const char *high_dose_median_percent, *benzodiazepine_median_percent;
    /* distribution of patients' daily MME on their as-of day (current) and at its peak */
    size_t bins;                     /* med_practice_get_mme_bin() items */
    int64_t bin_width_hundredths;    /* 1000: bins of 10 MME/day; the last is open-ended */
    long patients;                   /* patients on opioids (with MME on some day) */
    long current_none;               /* of them, no opioid MME on the as-of day: in no bin */
    const char *median_current, *p90_current; /* over patients with current MME (nearest rank) */
    const char *median_peak, *p90_peak;
    size_t threshold_count;          /* the table's thresholds (med_practice_threshold()) */
    const long *current_at_or_above; /* [threshold_count] patients whose current MME crosses */
    const long *peak_at_or_above;    /* [threshold_count] whose peak crosses each */
    /* variation: prescribers' shares of high-dose patients (peak at or above high_dose_mme) */
    size_t prescribers;              /* med_practice_get_variation() items */
    double practice_share;           /* the whole practice's share */
    const char *practice_percent;
    long small_number;               /* the option: prescribers with fewer patients are small */
    size_t small_prescribers;        /* how many are */
    size_t above, below;             /* not small and outside the 99.8% range of the practice */
    /* attention: patients in any tier of the rules above the last (default) tier */
    long attention_patients;         /* how many there are */
    size_t attention_shown;          /* med_practice_get_attention() items: the most urgent,
                                      * at most options.attention_max */
    int deidentified;
    size_t tier_count;               /* the rules' tiers, highest first */
    const char *const *tiers;        /* [tier_count] names */
    const int *tier_review_months;   /* [tier_count] */
    const long *tier_patients;       /* [tier_count] patients on opioids in each tier */
} med_dashboard;

/* The dashboard, borrowed; NULL when it is not on or the practice not finished. */
MED_API const med_dashboard *med_practice_get_dashboard(const med_practice *practice);

/* A headline figure: patients on opioids, on long-term therapy, whose peak crosses each of the
 * table's thresholds, with any opioid and benzodiazepine overlap, then each flag of the rules. */
typedef struct med_headline {
    const char *key;        /* stable: "patients", "long_term", "peak_at_or_above_90" (the
                             * threshold as the table prints it), "coprescribed", or a flag name */
    const char *label;      /* "At or above 90 MME/day" */
    const char *definition; /* how it is counted, from the rules and the table */
    long count;
    long of;                /* patients on opioids (for "patients", itself) */
    double share;           /* count / of, 0 when of is 0 */
    const char *percent;    /* the share as a percentage: "12.5" */
} med_headline;

/* One period of the run chart. */
typedef struct med_run_point {
    const char *label;      /* "2025-03" for a month; a week's Monday, "2025-03-03"; "2025-Q1" */
    const char *first_day, *last_day; /* the period's first and last day */
    long patients;          /* patients with MME on a day of the period: the denominator */
    long high_dose;         /* of them, a day whose total reached high_dose_mme */
    long benzodiazepine;    /* of them, a day with an opioid giving MME and a benzodiazepine */
    double high_dose_share, benzodiazepine_share; /* 0 when patients is 0 */
    const char *high_dose_percent, *benzodiazepine_percent;
    unsigned high_dose_signals, benzodiazepine_signals; /* MED_SIGNAL_* bits */
} med_run_point;

/* One bin of the MME distribution: from <= MME/day < to. */
typedef struct med_mme_bin {
    int64_t from_hundredths;
    int64_t to_hundredths;  /* -1 for the last bin, which has no upper end */
    const char *label;      /* "0-10", "300+" */
    long current, peak;     /* patients whose current / peak daily MME falls in it */
} med_mme_bin;

/* One prescriber's share of high-dose patients beside the practice's. A share outside the
 * range that the practice's own share would give this many patients by chance (normal
 * approximation, clamped to 0..1) is a signal worth a conversation, unless the number is small. */
typedef struct med_variation {
    const char *name;       /* prescriber id */
    long patients, high_dose;
    double share;
    const char *percent;
    double lower95, upper95, lower998, upper998; /* the 95% and 99.8% ranges */
    int small;              /* fewer patients than small_number: shown as such, never a signal */
    int signal;             /* 1 above the 99.8% range, -1 below it, 0 within (or small) */
} med_variation;

/* A patient needing attention. */
typedef struct med_attention {
    size_t rank;            /* 1 is the most urgent: highest tier, then MME on the as-of day,
                             * peak, overlap days, then input order */
    const char *patient_id; /* "" when de-identified */
    const char *risk_tier;  /* borrowed from the rules */
    int review_months;
    const char *as_of;
    const char *review_due; /* the last review + review_months (the month's last day when
                             * shorter); with no review on record, the as-of day */
    const char *mme_as_of, *peak_mme, *average_mme;
    long benzodiazepine_overlap_days;
    long prescribers, pharmacies; /* within the window, as in the patient's summary */
    size_t flag_count;
    const char *const *flags; /* [flag_count], borrowed from the rules */
    /* the registry: whose patient, what now, what care is missing */
    const char *primary_prescriber, *group; /* "" for none */
    const char *drugs;      /* opioids covering the as-of day: "oxycodone;morphine" */
    const char *last_fill;  /* the latest opioid fill date */
    int review_overdue;     /* review_due is before the as-of day: 1, 0, -1 unknown (no events) */
    const char *care_gaps;  /* open care gaps: "review;naloxone" */
} med_attention;

/* Items in the order described above, borrowed from the practice; NULL for an index out of
 * range, a dashboard not on or a practice not finished. Prescribers come most patients first
 * (then by id). */
MED_API const med_headline *med_practice_get_headline(const med_practice *practice, size_t index);
MED_API const med_run_point *med_practice_get_run_point(const med_practice *practice,
                                                        size_t index);
MED_API const med_mme_bin *med_practice_get_mme_bin(const med_practice *practice, size_t index);
MED_API const med_variation *med_practice_get_variation(const med_practice *practice,
                                                        size_t index);
MED_API const med_attention *med_practice_get_attention(const med_practice *practice,
                                                        size_t index);

/* ---------------------------------------------------------------------------------------------
 * FHIR R4: MedicationRequest orders as EHRs send them
 *
 * A JSON document holding a MedicationRequest, a Bundle of them (other resources in the Bundle
 * are passed over), or a bare Dosage (the drug then given apart) is read into one med_input per
 * request. JSON is read as YAML by the library's strict reader (duplicate keys refused; errors
 * carry line and column). What feeds the number:
 *   drug:    medicationCodeableConcept: the RxNorm coding's display, else text, else another
 *            coding's display, resolved as a product description ("12 HR Oxycodone
 *            Hydrochloride 60 MG Extended Release Oral Tablet"); the RxNorm code is kept;
 *   dose:    dosageInstruction[0].doseAndRate[0].doseQuantity, or doseRange (its high end); in
 *            mg, mcg or g (the drug's own amount), mL (of a liquid) or a count of units
 *            (tablet, capsule, patch, ...);
 *   timing:  timing.repeat frequency (frequencyMax when given: the most frequent use), period
 *            (the shortest, not periodMax) and periodUnit (s, min, h, d, wk), or as many uses a
 *            day as timeOfDay and when name;
 *   split:   several dosageInstruction entries with the same (or no) sequence: their daily
 *            amounts of the opioid add (not for patches or liquids);
 *            or, without a repeat, a GTSAbbreviation timing.code (BID, Q6H, ...);
 *   prn:     asNeededBoolean true or asNeededCodeableConcept;
 *   cap:     maxDosePerPeriod: the daily amount is the smaller of the schedule and the cap (the
 *            order's `read` text says which decided);
 *   supply:  dispenseRequest.quantity and expectedSupplyDuration (days), for the supply method.
 * Which requests count: status active only; any other status (on-hold, cancelled, completed,
 * entered-in-error, stopped, draft, unknown) or doNotPerform true leaves the request out of the
 * total with a reason (`not_counted`). A request without status (FHIR requires one) is read as
 * active and says so in `ignored`. Two requests of a Bundle with the same id: the second is an
 * error naming the first's line, never summed. A Quantity whose unit and code both name a unit
 * must name the same one (unit "mg" with code "{tbl}" is an error).
 * Anything that would change the number and is not understood (modifierExtension, rateQuantity,
 * dayOfWeek, a month period, sequential doses) makes that order an error with its line and
 * column; the other orders are still read. Fields read that do not change the number are named
 * in the order's `ignored` text.
 * ------------------------------------------------------------------------------------------- */

typedef struct med_fhir med_fhir;

/* The most orders one document may hold; more is refused with MED_ERR_LIMIT. */
#define MED_FHIR_MAX_ORDERS 10000

/* One order of a document, borrowed from it (valid until med_fhir_free()). Gains members only at
 * its end. */
typedef struct med_fhir_order {
    const char *id;          /* the resource's id, "" when it has none */
    const char *drug_text;   /* the words the drug was read from, "" when none */
    const char *rxnorm;      /* the RxNorm code (RxCUI) of the medication, or NULL */
    med_status status;       /* MED_OK: input is ready; else why the order could not be read */
    const med_error *error;  /* where and why, when status is not MED_OK; never NULL */
    med_input input;         /* the order as an input (no drug when status is not MED_OK) */
    const char *read;        /* how the dosage was read, in words: "10 mg, 1 per 12 h" */
    const char *ignored;     /* fields present that do not change the number, "" when none */
    const char *rxnorm_list; /* the RxNorm list whose entry for `rxnorm` decided the drug
                              * ("rxnorm-omtk"), or NULL when the words did (no code, or a code
                              * the list does not know) */
    const char *not_counted; /* why the request is not counted (its status is not active, or
                              * doNotPerform is true): "status 'cancelled': not an active
                              * order, not counted"; NULL when it is counted. Such an order has
                              * status MED_OK, an input with no drug and an empty `read`;
                              * med_fhir_compute() gives it an excluded result outside the
                              * total */
} med_fhir_order;

/* Reads `size` bytes of JSON. `name` names the input in messages (may be NULL). `drug` (may be
 * NULL) is the drug of a bare Dosage, and is refused for a MedicationRequest or Bundle. Drugs are
 * resolved with `table`'s vocabulary. Returns MED_ERR_SYNTAX (not JSON we can read; line and
 * column), MED_ERR_INVALID (not a MedicationRequest, Bundle or Dosage; no order at all),
 * MED_ERR_LIMIT, MED_ERR_NOMEM, MED_ERR_ARGUMENT; on MED_OK each order says whether it was read.
 * Free with med_fhir_free() (accepts NULL). The document is not shared between threads while
 * read; once read, any number of threads may read its orders. */
MED_API MED_NODISCARD med_status med_fhir_read(const med_table *table, const char *json,
                                               size_t size, const char *name, const char *drug,
                                               med_fhir **out, med_error *error);
MED_API void med_fhir_free(med_fhir *fhir);
MED_API size_t med_fhir_count(const med_fhir *fhir);
/* Order `index` (0-based, in document order); NULL when out of range. */
MED_API const med_fhir_order *med_fhir_get(const med_fhir *fhir, size_t index);

/* Computes every order of `fhir` together, as med_compute_set() (one patient's concurrent
 * orders: the total, its flags, co-prescribing), into `results` (med_fhir_count() long, each
 * MED_RESULT_INIT) and `total`. An order that could not be read is an error result whose
 * `error` is its status, and makes the total incomplete. An order that is not counted
 * (`not_counted`) is an excluded result, counted in total->excluded, and adds nothing to the
 * total, which is of the counted orders only. Returns as med_compute_set(). */
MED_API MED_NODISCARD med_status med_fhir_compute(const med_table *table, const med_fhir *fhir,
                                                  med_method method, med_result *results,
                                                  med_total *total);

/* Extended-release and long-acting opioids (issue 14): whether a product is ER/LA, by the
 * vocabulary's long_acting section (release words such as ER, XR, 24 HR or TB24, brands such as
 * OxyContin, transdermal patches, methadone, levorphanol, buprenorphine). "er_la" or "ir" for an
 * opioid; NULL for another drug, an unknown one, or an input that cannot be computed. Strings are
 * static. Thread-safe (tables are read-only). */
/* For one input, as med_compute(table, input, AUTO) reads it (its drug and form texts). */
MED_API const char *med_compute_release(const med_table *table, const med_input *input);
/* For the row last given to med_batch_row(): also reads its product description and, when an
 * NDC decided it, the list's product name and dose form ("Tablet, Extended Release"). */
MED_API const char *med_batch_row_release(const med_batch *batch);

/* ---------------------------------------------------------------------------------------------
 * A prepared input: its texts read once, computed many times
 * ------------------------------------------------------------------------------------------- */

/* One input with its texts already read: the drug resolved, the form, unit and the table's
 * factor entry chosen, the strength and the units per day as exact numbers. For a caller that
 * computes the same order again and again (a screen redrawn, a what-if loop): med_compute()
 * reads the texts on every call, which is most of its cost. */
typedef struct med_prepared med_prepared;

/* Reads `input` under `table` and `method` into a new *out (free with med_prepared_free()).
 * The input's texts are read during the call and not kept; the table must outlive *out. An
 * input that cannot be computed (unknown drug, a bad number, no factor, ...) is still prepared:
 * med_compute_prepared() then gives the same error, excluded or not_opioid result med_compute()
 * gives. Returns MED_OK, MED_ERR_ARGUMENT (a NULL argument), MED_ERR_VERSION (an input version
 * this library does not know; nothing made) or MED_ERR_NOMEM. Thread-safe (the table is
 * read-only). */
MED_API MED_NODISCARD med_status med_input_prepare(const med_table *table,
                                                   const med_input *input, med_method method,
                                                   med_prepared **out);
/* Writes the result med_compute(table, input, method, out) writes for the prepared input,
 * byte for byte the same numbers and statuses; its texts come from med_compute_text() on the
 * input. Returns MED_OK, MED_ERR_ARGUMENT or MED_ERR_VERSION (out's version; nothing written).
 * Thread-safe: a prepared input is not changed by computing it, so threads may share one. */
MED_API MED_NODISCARD med_status med_compute_prepared(const med_prepared *prepared,
                                                      med_result *out);
/* Frees a prepared input; NULL is allowed. */
MED_API void med_prepared_free(med_prepared *prepared);

/* ---- Batch rows straight from a CSV reader ---------------------------------------------------- */

/* Computes the record `csv` last returned from med_csv_next() or med_csv_next_record(), as
 * med_batch_row() would with its fields and count (the same result, texts and errors), but
 * faster: the reader knows where each field ends, so a row of the same claims as an earlier one
 * is found without copying its fields. `line`: the record's line, as the reader gave it.
 * MED_ERR_ARGUMENT when that call returned no record (an error, the end of the input) or none
 * was made; MED_ERR_VERSION for out's version. A call on the batch and the reader (one thread
 * at a time), as med_batch_row(). */
MED_API MED_NODISCARD med_status med_batch_row_csv(med_batch *batch, const med_csv *csv,
                                                   long line, med_result *out);

/* A name for the result of the row last given to med_batch_row() or med_batch_row_csv(): a
 * later row of the same batch with the same nonzero name has the same result, texts, NDC
 * product and release (its error's line aside), so a caller that formats rows may reuse what it
 * wrote for the first. 0 when the batch does not remember the row's result (a regimen row, a row
 * of the wrong width, a field too long, out of memory), and before any row. A batch never gives
 * one name to two different results. */
MED_API uint64_t med_batch_row_result_id(const med_batch *batch);

/* ---- Claims in patient order: a quick first pass ---------------------------------------------- */

/* Whether the records of claims come in patient order (the patient ids never decrease, compared
 * byte by byte on their first 1023 bytes), and their latest fill date: the pass a reader of
 * patients makes before it reads the records, to know whether it may take them patient by
 * patient as they come. It reads CSV text with no quote character, in which each line is a
 * record, and looks at the line feeds and at the commas of each line up to its two columns only
 * (sixteen bytes at a time): far less than med_csv_next() does for a record. */
typedef struct med_patient_order med_patient_order;

/* A new check of lines whose patient id is column id_column (0 for the first) and fill date
 * column date_column (< 0: dates are not looked at). MED_ERR_ARGUMENT for a NULL out or
 * id_column < 0; MED_ERR_NOMEM. Free with med_patient_order_free(). */
MED_API MED_NODISCARD med_status med_patient_order_new(long id_column, long date_column,
                                                       med_patient_order **out);
/* Frees a check; NULL is allowed. */
MED_API void med_patient_order_free(med_patient_order *order);

/* Checks the data lines (no header) of text[0..len): each ends at a line feed, a CR just before
 * it left out. at_end nonzero: the text ends the input, and a last line without a line feed is
 * checked too; else it is left, for the next call to be given again with what follows it.
 * *used is set to the bytes of the lines checked. An empty line is skipped, and so is a line
 * with too few fields to hold an id, date and all (a reader refuses that record); a line with an
 * empty id counts for the order as no line; a fill date is one when its field is a date written
 * YYYY-MM-DD (med_date_parse()). Returns MED_OK, or MED_ERR_SYNTAX at a line with a quote
 * character or a CR not just before its line feed, whose records are not its lines, or with a
 * NUL byte, whose record med_csv_next() refuses (read them with med_csv_next()): the lines
 * before it are checked and counted in *used. MED_ERR_ARGUMENT for a NULL order or used, or
 * NULL text with len > 0. */
MED_API MED_NODISCARD med_status med_patient_order_lines(med_patient_order *order,
                                                         const char *text, size_t len,
                                                         int at_end, size_t *used);
/* 1 while the ids of the lines checked never decreased (also before any line), else 0. */
MED_API int med_patient_order_sorted(const med_patient_order *order);
/* The latest fill date of the lines checked ("YYYY-MM-DD"), or "" when none had one. Borrowed
 * from the check: valid until its next call. */
MED_API const char *med_patient_order_latest(const med_patient_order *order);
/* Adds `next`, the check of the text that comes just after order's (a piece of the same input
 * checked apart, by another thread), to `order`: as if one check had read both texts.
 * MED_ERR_ARGUMENT for NULL. Thread safety: a check is used by one thread at a time; checks of
 * different pieces may run at once. */
MED_API MED_NODISCARD med_status med_patient_order_merge(med_patient_order *order,
                                                         const med_patient_order *next);

#endif /* MED_EXPERIMENTAL */

#ifdef __cplusplus
}
#endif
#endif /* MED_H */
