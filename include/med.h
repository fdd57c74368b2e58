/*
 * med.h: libmed, morphine milligram equivalents (MME/day) from versioned conversion tables.
 *
 * The whole public API. Conventions:
 *  - Calls that can fail return a med_status (MED_OK is 0) and, when the caller passes a
 *    non-NULL med_error, fill it with a message a person can act on: where (source, line,
 *    column), the offending text and what was expected.
 *  - The library never prints, never exits and keeps no global mutable state.
 *  - A loaded med_table is immutable: any number of threads may compute with one table at once.
 *    Strings borrowed from a table (ingredient names, factor texts, advice) live until
 *    med_table_free() is called on it.
 *  - Numbers are computed exactly (decimal factors as printed, rational arithmetic) and the MME/day
 *    is rounded once, half up, to MED_MME_DECIMALS decimals; thresholds compare the rounded value.
 */
#ifndef MED_H
#define MED_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MED_VERSION_MAJOR 0
#define MED_VERSION_MINOR 1
#define MED_VERSION_PATCH 0
#define MED_VERSION_STRING "0.1.0"

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
    MED_ERR_VERSION = 6,   /* a table was asked for at a version it does not have */
    MED_ERR_NO_FACTOR = 7, /* a known opioid the table gives no factor for (absent, out of range) */
    MED_ERR_RANGE = 8,     /* a number outside its documented range */
    MED_ERR_ARGUMENT = 9,  /* the caller passed NULL or an impossible combination */
    MED_ERR_LIMIT = 10     /* input larger than a documented limit */
} med_status;

/* A located error. Caller-owned; every field is filled (empty strings, zero line/column when
 * not applicable). The first error found wins. */
typedef struct med_error {
    med_status code;
    char source[256]; /* file path, "<embedded:cdc-2022>", "<regimen 2>", "<row 17>" */
    int line;         /* 1-based, 0 when not applicable */
    int column;       /* 1-based, 0 when not applicable */
    char text[128];   /* the offending text, possibly shortened */
    char message[512];/* what is wrong and what was expected */
} med_error;

/* Returns a static, human-readable name for a status ("no factor", ...). Never NULL. */
MED_API const char *med_status_string(med_status status);

/* "0.1.0": the library actually linked, which may differ from MED_VERSION_STRING. */
MED_API const char *med_version_string(void);

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

/* Provenance of a table; all strings are borrowed from it. */
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

MED_API void med_table_get_info(const med_table *table, med_table_info *info);

/* The embedded tables, for listing: ids in a fixed order, NULL-terminated, static. */
MED_API const char *const *med_embedded_table_ids(void);
MED_API const char *med_default_table_id(void);

/* Risk thresholds of a table, in ascending order of MME. */
typedef enum med_comparator { MED_CMP_GE = 0, MED_CMP_GT = 1 } med_comparator;

typedef struct med_threshold {
    double mme;                /* the threshold value, e.g. 90 */
    const char *mme_text;      /* as the table prints it: "90" */
    med_comparator comparator; /* ">=" or ">" */
    const char *level;         /* short name: "caution", "high", "consult" */
    const char *advice;        /* what the guideline says to do */
} med_threshold;

MED_API size_t med_table_threshold_count(const med_table *table);
/* Fills `out` with threshold `index` (0-based); returns MED_ERR_ARGUMENT when out of range. */
MED_API MED_NODISCARD med_status med_table_threshold(const med_table *table, size_t index,
                                                     med_threshold *out);
/* Nonzero when `mme_hundredths` (an MME/day in hundredths, as in med_result) crosses `t`. */
MED_API int med_threshold_crossed(const med_threshold *t, int64_t mme_hundredths);

/* Names a comparator: ">=" or ">". */
MED_API const char *med_comparator_string(med_comparator comparator);

/* ---------------------------------------------------------------------------------------------
 * Drugs: what people type and what claims contain, mapped to ingredients
 * ------------------------------------------------------------------------------------------- */

typedef struct med_drug_info {
    const char *ingredient; /* canonical ingredient, "hydrocodone"; for a combination, the opioid */
    const char *drug_class; /* "opioid", "benzodiazepine", "gabapentinoid", "non_opioid" */
    const char *form;       /* form implied by the name ("patch" for Duragesic), or NULL */
    int component_index;    /* in a combination ("hydrocodone/apap"), the opioid's position (0-based) */
    int component_count;    /* 1 for a single ingredient */
} med_drug_info;

/* Resolves a drug name (generic, brand, salt, combination). On MED_ERR_NOT_FOUND the error
 * message suggests the nearest known name. Strings are borrowed from the table. */
MED_API MED_NODISCARD med_status med_lookup_drug(const med_table *table, const char *name,
                                                 med_drug_info *out, med_error *error);

/* ---------------------------------------------------------------------------------------------
 * Computation
 * ------------------------------------------------------------------------------------------- */

typedef enum med_method {
    MED_METHOD_AUTO = 0,     /* clinical for regimens, supply for fills */
    MED_METHOD_CLINICAL = 1, /* dose x doses/day x factor; a patch is its mcg/hr rate x factor */
    MED_METHOD_SUPPLY = 2    /* strength x quantity / days supply x factor (claims, CMS/PQA) */
} med_method;

/* "clinical" / "supply" / "auto". Parsing returns MED_ERR_ARGUMENT for anything else. */
MED_API const char *med_method_string(med_method method);
MED_API MED_NODISCARD med_status med_method_parse(const char *text, med_method *out);

#define MED_INPUT_VERSION 1
#define MED_NAME_MAX 128
#define MED_UNIT_MAX 24

/* One structured prescription: either a schedule (regimen) or a supply (claim/fill).
 * Initialise with MED_INPUT_INIT. Numbers are decimals as printed ("7.5", "0.25");
 * a number that is absent is the empty string. Exactly one basis must be given:
 *   schedule: doses_per_day or every_hours (units_per_dose defaults to 1), or for a patch
 *             nothing but strength (every_hours optional: the change interval);
 *   supply:   quantity and days_supply. */
typedef struct med_input {
    unsigned version;                /* MED_INPUT_VERSION */
    char drug[MED_NAME_MAX];         /* "oxycodone", "Percocet", "hydrocodone/apap" */
    char form[MED_UNIT_MAX];         /* "", "patch", "buccal", "film", "nasal spray", ... */
    char strength[MED_UNIT_MAX];     /* per unit; a combination may say "10/325" */
    char unit[MED_UNIT_MAX];         /* "mg", "mcg", "mcg/hr", "mg/mL", "mg/5 mL" */
    char units_per_dose[MED_UNIT_MAX];/* tablets (or mL) per dose; "" means 1 */
    char doses_per_day[MED_UNIT_MAX];/* "4" */
    char every_hours[MED_UNIT_MAX];  /* "6" for q6h; for PRN ranges the shortest interval */
    char quantity[MED_UNIT_MAX];     /* units dispensed (mL for liquids) */
    char days_supply[MED_UNIT_MAX];
    int prn;                         /* as needed: counted at its most frequent interval */
} med_input;

#define MED_INPUT_INIT {MED_INPUT_VERSION, "", "", "", "", "", "", "", "", "", 0}

/* Parses a clinician's free-text order ("oxycodone 10 mg q6h", "hydrocodone/apap 5/325 2 tabs
 * q4-6h prn", "fentanyl 25 mcg/hr patch q72h") into a med_input. Errors give the column. */
MED_API MED_NODISCARD med_status med_regimen_parse(const char *text, med_input *out,
                                                   med_error *error);

typedef enum med_result_status {
    MED_RESULT_OK = 0,
    MED_RESULT_EXCLUDED = 1,   /* the table deliberately leaves this drug out (reason given) */
    MED_RESULT_NOT_OPIOID = 2, /* a benzodiazepine, gabapentinoid, ...: classified, no MME */
    MED_RESULT_ERROR = 3       /* could not be computed; message and error say why */
} med_result_status;

/* "ok", "excluded", "not_opioid", "error". */
MED_API const char *med_result_status_string(med_result_status status);

/* The outcome for one input. Strings are borrowed from the table or held in the struct. */
typedef struct med_result {
    med_result_status status;
    med_method method;           /* the method used (for errors: the one that would be) */
    const char *ingredient;      /* NULL when the drug was not recognised */
    const char *drug_class;      /* "opioid", "benzodiazepine", "gabapentinoid",
                                  * "opioid_antagonist", "non_opioid", or NULL */
    const char *form;            /* the form the factor was chosen for ("oral" for oral and
                                  * rectal forms), or NULL when the drug was not recognised */
    double daily_dose;           /* drug per day in dose_unit (mcg/hr for a patch, clinical) */
    char daily_dose_text[32];    /* rounded to 2 decimals, e.g. "40", "23.33" */
    const char *dose_unit;       /* "mg", "mcg", "mcg/hr" */
    double factor;               /* as applied: a patch-day factor under clinical is converted */
    const char *factor_text;     /* the factor as the table prints it: "1.5", "7.2" */
    const char *factor_per;      /* what the printed factor multiplies: "mg/day", "mcg/hr", ... */
    char factor_applied[32];     /* the factor as applied, exact: "7.2" for CDC's 2.4 per mcg/hr
                                  * applied per patch-day, "0.8" for CMS's 7.2 under clinical */
    double mme_per_day;          /* rounded to MED_MME_DECIMALS; 0 unless status is OK */
    int64_t mme_hundredths;      /* the same value, exact: 6000 is 60.00 */
    char mme_text[32];           /* "60", "5.83" */
    char arithmetic[256];        /* "10 mg x 4/day = 40 mg/day x 1.5 = 60 MME/day" */
    char message[512];           /* reason for excluded/error; notes (tier, convention) for ok */
    med_error error;             /* for MED_RESULT_ERROR: the located error */
} med_result;

/* Computes one input under `table`. Returns MED_OK whenever `out` holds a result, including
 * results with status excluded, not_opioid or error (that is data, not a failure of the call);
 * returns an error status only for bad arguments. A methadone tier is chosen by this input's
 * own daily dose; use med_compute_set() for a patient's concurrent regimens. */
MED_API MED_NODISCARD med_status med_compute(const med_table *table, const med_input *input,
                                             med_method method, med_result *out);

/* The total of several concurrent inputs (one patient's regimens at one time). */
#define MED_MAX_FLAGS 8
typedef struct med_total {
    double mme_per_day;          /* sum of OK results, rounded once (see MED_MME_DECIMALS) */
    int64_t mme_hundredths;
    char mme_text[32];
    size_t ok, excluded, not_opioid, errors;
    size_t flag_count;           /* thresholds crossed by the total, ascending */
    med_threshold flags[MED_MAX_FLAGS];
} med_total;

/* Computes `count` inputs together into `results` (caller-provided, `count` long) and `total`.
 * Where the table applies methadone tiers to the patient's total, the tier is chosen by the
 * total daily methadone of all inputs. The total is the exact sum rounded once, so it can
 * differ from the sum of the rounded parts by a hundredth. */
MED_API MED_NODISCARD med_status med_compute_set(const med_table *table, const med_input *inputs,
                                                 size_t count, med_method method,
                                                 med_result *results, med_total *total);

/* ---------------------------------------------------------------------------------------------
 * Batch: claims or regimen rows (the CSV columns are data; the CLI reads the file)
 * ------------------------------------------------------------------------------------------- */

typedef struct med_batch med_batch;

/* Prepares to compute rows whose header is `columns` (count fields). Recognised columns:
 * drug, strength, unit, quantity, days_supply, form (claims), or regimen (free text); all
 * others pass through. Fails with MED_ERR_INVALID naming the missing columns. */
MED_API MED_NODISCARD med_status med_batch_new(const med_table *table, const char *const *columns,
                                               size_t count, med_method method, med_batch **out,
                                               med_error *error);
MED_API void med_batch_free(med_batch *batch);

/* Computes one data row (`count` fields, `line` its line in the file for messages). A row with
 * the wrong number of fields or bad values gives a result with status error; never skipped. */
MED_API MED_NODISCARD med_status med_batch_row(med_batch *batch, const char *const *fields,
                                               size_t count, long line, med_result *out);

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

/* Writes `text` as one CSV field into `buf`, quoted when it holds a comma, quote, CR or LF.
 * Returns the length it needs, excluding the NUL; writes nothing past `capacity` and always
 * NUL-terminates when `capacity` > 0. An empty text is written as nothing (unquoted). */
MED_API size_t med_csv_quote(const char *text, char *buf, size_t capacity);

#ifdef __cplusplus
}
#endif
#endif /* MED_H */
