/* medcalc: what the subcommands share (options, output helpers, exit codes). */
#ifndef MEDCALC_CLI_H
#define MEDCALC_CLI_H
#include <stdio.h>

#include <med.h>

/* Exit statuses scripts can trust (also in medcalc.1). */
enum {
    EXIT_OK = 0,       /* everything computed (excluded and not_opioid results are not failures) */
    EXIT_ROWS = 1,     /* at least one regimen or row has status error */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_INPUT = 3,    /* a table or input file cannot be used at all */
    EXIT_WRITE = 4     /* output could not be written (disk full, closed pipe) */
};

/* -j N at most: more threads than this gains nothing and only costs memory. */
#define CLI_MAX_THREADS 256

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_HTML } out_format;

typedef struct options {
    const char *table;   /* --table: id, id@version or path; NULL for the default */
    med_method method;
    out_format format;
    int format_given;
    const char *output;  /* -o FILE; NULL for stdout */
    int quiet;           /* no summary on stderr */
    int threads;         /* -j N; 0: not given (the number of online cores) */
    const char *ndc_list;/* batch, patients, report, agree: --ndc-list FILE, a site's NDC list */
    const char *rxnorm_list; /* the same commands: --rxnorm-list FILE, a site's RxNorm list */
    const char *as_of;   /* patients/report: --as-of DATE */
    int window_days;     /* patients/report: --window DAYS (0: the library's default) */
    int shift_early_refills;
    const char *rules;   /* patients/report: --rules FILE (NULL: embedded) */
    int daily;           /* patients: --daily writes the per-day series */
    const char *tables;  /* compare: --tables a,b (NULL: every embedded table) */
    const char *batch;   /* compare: --batch FILE */
    const char *tolerance; /* compare, agree: --tolerance 0.5 | 1% | 0.5,1% */
    med_period period;   /* report --format html: --period month|week */
    double goal;         /* report --format html: --goal 0.1 (a share, 0..1) */
    int goal_given;
    int deidentify;      /* report --format html: --deidentify leaves patient ids out */
    int sites;           /* agree: --sites, a block per site with its fingerprint */
    const char *fallback;/* --fallback T: factors the table lacks come from T (NULL: none) */
    med_attribution attribution; /* report: --attribution primary|any */
    const char *group_by; /* patients, report: --group-by COLUMN (a clinic, a team) */
    const char *events;  /* patients, report: --events FILE (care events) */
    const char *from, *to; /* report: --from/--to, the quality measures' period */
    int long_term_only;  /* report --format html: --population long-term */
    const char *annotations[16]; /* report --format html: --annotate DATE="text" */
    int annotation_count;
    char **args;         /* operands in order (subcommand name removed) */
    int nargs;
} options;

/* Prints "medcalc: " + message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a located library error: "medcalc: SOURCE:LINE:COL: message (near 'text')". */
void cli_error_at(const med_error *e);

/* Loads the table the options name (with its --fallback table), reporting failure; NULL on
 * failure. med_table_free() releases both. */
med_table *cli_load_table(const options *o);

/* What the output says of a table's fallback, when it has one (else nothing): a text block
 * ("fallback: cms-2018@1  title" and its sha256, each line led by `indent`), JSON members
 * (",\"fallback\":{id, version, digest, source}"). */
void cli_fallback_text(FILE *out, const med_table *t, const char *indent);
void cli_fallback_json(FILE *out, const med_table *t);

/* Opens an input to read: standard input for "-", else the file; NULL with errno set on
 * failure (not reported), EISDIR for a directory. */
FILE *cli_open_input(const char *path);
/* Opens the output stream (stdout or -o FILE); NULL on failure (reported). */
FILE *cli_open_output(const options *o);
/* Flushes and closes; returns EXIT_WRITE (reported) if anything was lost. */
int cli_close_output(FILE *out, const options *o);
/* The same, when a write through the stream already failed with `write_errno` (0: none known):
 * the reason given is that write's, not whatever errno later calls left behind. */
int cli_close_output_after(FILE *out, const options *o, int write_errno);

/* The threads -j asks for, or the number of online cores (at least 1, at most
 * CLI_MAX_THREADS). */
int cli_threads(const options *o);

/* Room for one more item in an array of `count` items of `size` bytes with capacity *cap:
 * the array itself while it has room, else a copy grown by doubling (from `first` items when
 * empty) with *cap updated. NULL when memory runs out or the size would not fit in a size_t:
 * then `items` and *cap are unchanged and still the caller's. */
void *cli_room_for_one(void *items, size_t count, size_t *cap, size_t size, size_t first);

/* A med_read_fn over a FILE * (the context). */
size_t cli_read_file(void *context, char *buf, size_t capacity, int *failed);

/* Writes `s` as a JSON string (with quotes). */
void json_string(FILE *out, const char *s);
/* Writes `s` as one CSV field. */
void csv_field(FILE *out, const char *s);

/* Writes a threshold's words under its heading, each line led by `indent`: the source's quote
 * with where it stands, then the table's own summary labelled as such, then the source. */
void cli_threshold_words(FILE *out, const med_threshold *t, const char *indent);
/* Writes a threshold's words as JSON members (",\"quote\":...,\"source\":..."). */
void cli_threshold_json(FILE *out, const med_threshold *t);

/* A one-off regimen's cap, what decided and the phrases it read but did not count: as text
 * lines under its result, or as JSON members (",\"cap\":...,\"not_counted\":[...]"). */
void cli_regimen_notes_text(FILE *out, const med_regimen *regimen);
void cli_regimen_notes_json(FILE *out, const med_regimen *regimen);
/* A point-of-care flag's words, as cli_threshold_words; and as one JSON object. */
void cli_care_words(FILE *out, const med_care_flag *f, const char *indent);
void cli_care_json(FILE *out, const med_care_flag *f);
/* The total of `count` concurrent orders: text ("total: ..." or "total: incomplete (...)",
 * thresholds, point-of-care flags of `rules`), or JSON members (",\"total_mme_per_day\":...",
 * null when incomplete, "complete", "flags", "coprescribing"). */
void cli_total_text(FILE *out, const med_table *table, const med_rules *rules,
                    const med_total *total, size_t count);
void cli_total_json(FILE *out, const med_table *table, const med_rules *rules,
                    const med_total *total);
/* The rules --rules names (NULL: embedded), reporting failure; NULL on failure. */
med_rules *cli_load_rules(const options *o);

int cmd_calc(const options *o);
int cmd_batch(const options *o);
int cmd_tables(const options *o);
int cmd_patients(const options *o);
int cmd_report(const options *o);
int cmd_compare(const options *o);
int cmd_agree(const options *o);
int cmd_vectors(const options *o);
int cmd_fhir(const options *o);

#endif
