/* Unit tests for lib/table.c, lib/table_read.c, lib/tablefile.c and lib/yamldoc.c through the
 * public API: embedded tables by id and version, files and buffers, the digest, refused files,
 * located errors for invalid tables, thresholds, NULL arguments, and computing with one table
 * from several threads. Run from the repository root (paths such as conversion-tables/...). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "med.h"

/* `sha256sum conversion-tables/cdc-2022.yaml`; update it together with that file. */
#define CDC_2022_FILE "conversion-tables/cdc-2022.yaml"
#define CDC_2022_SHA256 "1a19c7417d2a63459272212aed97717bdf4f0ceb2c37579f7d0b1384b0d336b9"
#define SIZE_LIMIT (16u << 20) /* documented file/buffer size limit of a table */

/* The provenance lines every valid test table starts with (6 lines). */
#define HEAD                                                                                   \
    "id: test-table\n"                                                                         \
    "version: \"1\"\n"                                                                         \
    "title: t\n"                                                                               \
    "guideline: g\n"                                                                           \
    "source: https://example.org/g\n"                                                          \
    "effective: 2022-11-04\n"
#define OXY_FACTOR "factors:\n  - {ingredient: oxycodone, unit: mg, factor: 1.5}\n"
#define THRESHOLD_90 "thresholds:\n  - {mme: 90, comparator: \">=\", level: high, summary: a, summarises: s}\n"

/* ---- helpers --------------------------------------------------------------------------------- */

static med_table *load_ok(const char *spec)
{
    med_table *t = NULL;
    med_error e;
    med_status s = med_table_load(spec, &t, &e);
    if (s != MED_OK || t == NULL)
        fail_msg("loading %s: %s: %s", spec ? spec : "(default)", med_status_string(s), e.message);
    return t;
}

static med_table *load_text(const char *yaml, const char *name)
{
    med_table *t = NULL;
    med_error e;
    med_status s = med_table_load_buffer(yaml, strlen(yaml), name, &t, &e);
    if (s != MED_OK || t == NULL)
        fail_msg("loading %s: %d:%d: %s", name, e.line, e.column, e.message);
    return t;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (needle && strstr(haystack, needle) == NULL)
        fail_msg("'%s' does not contain '%s'", haystack, needle);
}

/* The whole file, malloc'd; *size gets its length. */
static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    char *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* A new file in /tmp holding `size` bytes of `data`; its name goes to `path` (32 bytes). */
static void temp_file(char *path, const char *data, size_t size)
{
    strcpy(path, "/tmp/medtestXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, size), (ssize_t)size);
    close(fd);
}

/* A sparse file of `size` zero bytes. */
static void sparse_file(char *path, off_t size)
{
    strcpy(path, "/tmp/medtestXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, size), 0);
    close(fd);
}

static med_status load_file(const char *path, med_error *e)
{
    med_table *t = NULL;
    med_status s = med_table_load_file(path, &t, e);
    assert_true(s == MED_OK || t == NULL);
    med_table_free(t);
    return s;
}

static med_status load_buffer(const char *yaml, size_t size, const char *name, med_error *e)
{
    med_table *t = NULL;
    med_status s = med_table_load_buffer(yaml, size, name, &t, e);
    assert_true(s == MED_OK || t == NULL);
    med_table_free(t);
    return s;
}

static const med_threshold *threshold(const med_table *t, size_t i)
{
    const med_threshold *th = med_table_threshold(t, i);
    if (th == NULL)
        fail_msg("no threshold %zu", i);
    return th;
}

static const med_table_info *info_of(const med_table *t)
{
    const med_table_info *i = med_table_get_info(t);
    assert_non_null(i);
    return i;
}

/* ---- embedded tables and specs --------------------------------------------------------------- */

static void assert_filled(const char *field, const char *what, const char *id)
{
    if (field == NULL || field[0] == '\0')
        fail_msg("table %s: info.%s is empty", id, what);
}

static void assert_digest_shape(const char *digest)
{
    assert_non_null(digest);
    assert_int_equal(strlen(digest), 64);
    for (const char *p = digest; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            fail_msg("digest '%s' is not lowercase hex", digest);
}

static void check_embedded(const char *id)
{
    med_table *t = NULL;
    med_error e;
    if (med_table_load_embedded(id, &t, &e) != MED_OK)
        fail_msg("embedded %s: %s", id, e.message);
    const med_table_info *i = info_of(t);
    assert_string_equal(i->id, id);
    assert_filled(i->version, "version", id);
    assert_filled(i->title, "title", id);
    assert_filled(i->guideline, "guideline", id);
    assert_filled(i->source, "source", id);
    assert_filled(i->effective, "effective", id);
    assert_string_equal(i->origin, "embedded");
    assert_true(strcmp(i->tiers_apply_to, "total") == 0 ||
                strcmp(i->tiers_apply_to, "prescription") == 0);
    assert_digest_shape(i->digest);
    assert_true(med_table_threshold_count(t) >= 1);
    med_table_free(t);
}

static void test_embedded_ids_load(void **state)
{
    (void)state;
    const char *const *ids = med_embedded_table_ids();
    size_t n = 0;
    assert_non_null(ids);
    for (; ids[n]; n++)
        check_embedded(ids[n]);
    assert_true(n >= 5);
}

static void test_default_table(void **state)
{
    (void)state;
    assert_string_equal(med_default_table_id(), "cdc-2022");
    const char *specs[] = {NULL, ""};
    for (size_t k = 0; k < 2; k++) {
        med_table *t = NULL;
        med_error e;
        assert_int_equal(med_table_load(specs[k], &t, &e), MED_OK);
        assert_string_equal(info_of(t)->id, "cdc-2022");
        med_table_free(t);
    }
}

static void test_version_spec(void **state)
{
    (void)state;
    med_table *t = load_ok("cdc-2022@1");
    assert_string_equal(info_of(t)->version, "1");
    med_table_free(t);

    med_error e;
    t = (med_table *)&e; /* must be reset to NULL on failure */
    assert_int_equal(med_table_load("cdc-2022@9", &t, &e), MED_ERR_VERSION);
    assert_null(t);
    assert_int_equal(e.code, MED_ERR_VERSION);
    assert_contains(e.message, "cdc-2022");
    assert_contains(e.message, "version 1");
    assert_contains(e.message, "not 9");
}

static void test_unknown_id(void **state)
{
    (void)state;
    const char *bad[] = {"cdc-2023", "vocabulary", "CDC-2022", "cdc-2022x@1"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        med_table *t = NULL;
        med_error e;
        assert_int_equal(med_table_load(bad[k], &t, &e), MED_ERR_NOT_FOUND);
        assert_null(t);
        for (const char *const *id = med_embedded_table_ids(); *id; id++)
            assert_contains(e.message, *id);
    }
}

/* A value with '/' or ending .yaml/.yml is a file path: a missing one is an I/O error. */
static void test_spec_as_path(void **state)
{
    (void)state;
    const char *paths[] = {"./cdc-2022", "cdc-2022.yaml", "tables/cdc-2022", "cdc-2022.yml"};
    for (size_t k = 0; k < sizeof paths / sizeof *paths; k++) {
        med_table *t = NULL;
        med_error e;
        assert_int_equal(med_table_load(paths[k], &t, &e), MED_ERR_IO);
        assert_string_equal(e.source, paths[k]);
    }
    med_table *t = load_ok(CDC_2022_FILE);
    const med_table_info *i = info_of(t);
    assert_string_equal(i->id, "cdc-2022");
    assert_string_equal(i->origin, CDC_2022_FILE);
    med_table_free(t);
}

/* ---- digest ---------------------------------------------------------------------------------- */

static void test_digest_of_shipped_file(void **state)
{
    (void)state;
    med_table *f = load_ok(CDC_2022_FILE);
    assert_string_equal(info_of(f)->digest, CDC_2022_SHA256);
    med_table_free(f);
    /* the embedded copy is the same bytes */
    med_table *t = load_ok("cdc-2022");
    assert_string_equal(info_of(t)->digest, CDC_2022_SHA256);
    med_table_free(t);
}

static void test_digest_buffer_equals_file(void **state)
{
    (void)state;
    size_t size;
    char *bytes = read_file(CDC_2022_FILE, &size);
    med_table *b = NULL, *f = load_ok(CDC_2022_FILE);
    med_error e;
    assert_int_equal(med_table_load_buffer(bytes, size, "copy", &b, &e), MED_OK);
    const med_table_info *ib = info_of(b), *iff = info_of(f);
    assert_string_equal(ib->digest, iff->digest);
    assert_string_equal(ib->origin, "copy");
    med_table_free(b);
    med_table_free(f);
    free(bytes);
}

static void test_digest_changes_with_one_byte(void **state)
{
    (void)state;
    size_t size;
    char *bytes = read_file(CDC_2022_FILE, &size);
    assert_true(bytes[0] == '#' && bytes[2] == 'C'); /* a comment: meaning unchanged */
    bytes[2] = 'c';
    med_table *b = NULL;
    med_error e;
    assert_int_equal(med_table_load_buffer(bytes, size, "edited", &b, &e), MED_OK);
    const med_table_info *i = info_of(b);
    assert_digest_shape(i->digest);
    assert_string_not_equal(i->digest, CDC_2022_SHA256);
    med_table_free(b);
    free(bytes);
}

/* ---- refused files --------------------------------------------------------------------------- */

static void test_file_directory(void **state)
{
    (void)state;
    med_error e;
    assert_int_equal(load_file("conversion-tables", &e), MED_ERR_IO);
    assert_string_equal(e.source, "conversion-tables");
    assert_contains(e.message, "directory");
}

static void test_file_missing(void **state)
{
    (void)state;
    med_error e;
    const char *path = "/nonexistent-medtest/none.yaml";
    assert_int_equal(load_file(path, &e), MED_ERR_IO);
    assert_int_equal(e.code, MED_ERR_IO);
    assert_string_equal(e.source, path);
    assert_contains(e.message, "cannot open");
}

static void test_file_special(void **state)
{
    (void)state;
    med_error e;
    assert_int_equal(load_file("/dev/null", &e), MED_ERR_IO);
    assert_contains(e.message, "not a regular file");
    /* a FIFO with no writer must be refused, not waited on */
    char path[64];
    snprintf(path, sizeof path, "/tmp/medtest-fifo-%ld", (long)getpid());
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    med_status s = load_file(path, &e);
    unlink(path);
    assert_int_equal(s, MED_ERR_IO);
    assert_contains(e.message, "not a regular file");
}

static void test_file_empty(void **state)
{
    (void)state;
    char path[32];
    med_error e;
    temp_file(path, "", 0);
    med_status s = load_file(path, &e);
    unlink(path);
    assert_int_equal(s, MED_ERR_INVALID);
    assert_string_equal(e.source, path);
    assert_contains(e.message, "empty");
}

static void test_file_nul_byte(void **state)
{
    (void)state;
    static const char text[] = HEAD OXY_FACTOR "notes: a\0b\n" THRESHOLD_90;
    char path[32];
    med_error e;
    temp_file(path, text, sizeof text - 1);
    med_status s = load_file(path, &e);
    unlink(path);
    assert_int_equal(s, MED_ERR_SYNTAX);
    assert_contains(e.message, "NUL");
    /* and the same text without the NUL loads */
    static const char good[] = HEAD OXY_FACTOR "notes: ab\n" THRESHOLD_90;
    assert_int_equal(load_buffer(good, sizeof good - 1, "good", &e), MED_OK);
}

static void test_file_size_limit(void **state)
{
    (void)state;
    char path[32];
    med_error e;
    sparse_file(path, (off_t)SIZE_LIMIT + 1);
    med_status s = load_file(path, &e);
    unlink(path);
    assert_int_equal(s, MED_ERR_LIMIT);
    assert_string_equal(e.source, path);
    /* exactly at the limit the size is accepted (and the zero bytes are then refused) */
    sparse_file(path, (off_t)SIZE_LIMIT);
    s = load_file(path, &e);
    unlink(path);
    assert_int_equal(s, MED_ERR_SYNTAX);
}

static void test_buffer_size_limit(void **state)
{
    (void)state;
    char *big = malloc(SIZE_LIMIT + 1);
    assert_non_null(big);
    memset(big, ' ', SIZE_LIMIT + 1);
    med_error e;
    assert_int_equal(load_buffer(big, SIZE_LIMIT + 1, "big", &e), MED_ERR_LIMIT);
    assert_string_equal(e.source, "big");
    free(big);
}

/* ---- located errors for invalid tables ------------------------------------------------------- */

typedef struct bad_table {
    const char *name;  /* passed to med_table_load_buffer; must come back as error.source */
    const char *yaml;
    med_status code;
    int line, column;
    const char *text;  /* error.text, or NULL not to check */
    const char *says;  /* in the message */
    const char *also;  /* also in the message, or NULL */
} bad_table;

static const bad_table BAD[] = {
    {"dup-top", "id: a\nversion: \"1\"\nid: b\n", MED_ERR_INVALID, 3, 1, "id",
     "duplicate key 'id'", "first at line 1, column 1"},
    {"dup-flow", HEAD "factors:\n  - {unit: mg, ingredient: oxycodone, unit: mcg}\n",
     MED_ERR_INVALID, 8, 39, "unit", "duplicate key 'unit'", "first at line 8, column 6"},
    {"anchor", "id: &x a\nversion: *x\n", MED_ERR_INVALID, 1, 5, "x", "anchors", NULL},
    {"alias", "id: a\nversion: *x\n", MED_ERR_INVALID, 2, 10, "x", "aliases", NULL},
    {"laughs", "a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c]\n",
     MED_ERR_INVALID, 1, 4, "a", "anchors", NULL},
    {"tag", "id: !!str a\n", MED_ERR_INVALID, 1, 5, NULL, "tags", NULL},
    {"two-docs", "id: a\n---\nid: b\n", MED_ERR_INVALID, 2, 1, NULL, "one YAML document", NULL},
    {"syntax", "id: [a\n", MED_ERR_SYNTAX, 2, 1, NULL, "YAML syntax", NULL},
    {"unknown-key", HEAD "colour: red\n", MED_ERR_INVALID, 7, 1, "colour",
     "unknown key 'colour'", "expected one of: id, version, title, guideline, source"},
    {"unknown-factor-key", HEAD "factors:\n  - {ingredient: oxycodone, unit: mg, fctor: 1}\n",
     MED_ERR_INVALID, 8, 39, "fctor", "unknown key 'fctor'", "factor, tiers"},
    {"no-source",
     "id: t\nversion: \"1\"\ntitle: t\nguideline: g\neffective: 2022-11-04\n" OXY_FACTOR
         THRESHOLD_90,
     MED_ERR_INVALID, 1, 1, NULL, "missing required key 'source'", NULL},
    {"factor-zero", HEAD "factors:\n  - {ingredient: oxycodone, unit: mg, factor: 0}\n"
         THRESHOLD_90, MED_ERR_INVALID, 8, 47, "0", "greater than zero", NULL},
    {"factor-negative", HEAD "factors:\n  - {ingredient: oxycodone, unit: mg, factor: -1.5}\n"
         THRESHOLD_90, MED_ERR_INVALID, 8, 47, "-1.5", "plain positive decimal", NULL},
    {"factor-exponent", HEAD "factors:\n  - {ingredient: oxycodone, unit: mg, factor: 1e1}\n"
         THRESHOLD_90, MED_ERR_INVALID, 8, 47, "1e1", "plain positive decimal", NULL},
    {"factor-bare-point", HEAD "factors:\n  - {ingredient: oxycodone, unit: mg, factor: .5}\n"
         THRESHOLD_90, MED_ERR_INVALID, 8, 47, ".5", "plain positive decimal", NULL},
    {"factor-nan", HEAD "factors:\n  - {ingredient: oxycodone, unit: mg, factor: .nan}\n"
         THRESHOLD_90, MED_ERR_INVALID, 8, 47, ".nan", "plain positive decimal", NULL},
    {"factor-missing", HEAD "factors:\n  - {ingredient: oxycodone, unit: mg}\n" THRESHOLD_90,
     MED_ERR_INVALID, 8, 5, NULL, "exactly one of 'factor' or 'tiers'", NULL},
    {"bad-ingredient", HEAD "factors:\n  - {ingredient: oxycodon, unit: mg, factor: 1.5}\n"
         THRESHOLD_90, MED_ERR_INVALID, 8, 18, "oxycodon", "not an ingredient", NULL},
    {"bad-unit", HEAD "factors:\n  - {ingredient: oxycodone, unit: g, factor: 1.5}\n"
         THRESHOLD_90, MED_ERR_INVALID, 8, 35, "g", "unknown unit 'g'", NULL},
    {"second-factor", HEAD "factors:\n  - {ingredient: morphine, unit: mg, factor: 1}\n"
         "  - {ingredient: morphine, unit: mg, factor: 2}\n" THRESHOLD_90,
     MED_ERR_INVALID, 9, 5, NULL, "a second factor for morphine", NULL},
    {"bad-date",
     "id: t\nversion: \"1\"\ntitle: t\nguideline: g\nsource: s\neffective: 2022-02-30\n"
         OXY_FACTOR THRESHOLD_90,
     MED_ERR_INVALID, 6, 12, "2022-02-30", "YYYY-MM-DD", NULL},
    {"tiers-gap", HEAD "tiers_apply_to: total\nfactors:\n  - ingredient: methadone\n"
         "    unit: mg\n    tiers:\n      - {above: 0, at_most: 20, factor: 4}\n"
         "      - {above: 30, factor: 8}\n" THRESHOLD_90,
     MED_ERR_INVALID, 13, 17, "30", "leave a gap", "'at_most: 20'"},
    {"tiers-overlap", HEAD "tiers_apply_to: total\nfactors:\n  - ingredient: methadone\n"
         "    unit: mg\n    tiers:\n      - {above: 0, at_most: 20, factor: 4}\n"
         "      - {above: 10, factor: 8}\n" THRESHOLD_90,
     MED_ERR_INVALID, 13, 17, "10", "overlap", "'at_most: 20'"},
    {"tiers-not-from-zero", HEAD "tiers_apply_to: total\nfactors:\n  - ingredient: methadone\n"
         "    unit: mg\n    tiers:\n      - {above: 1, factor: 4}\n" THRESHOLD_90,
     MED_ERR_INVALID, 12, 17, "1", "first tier must start at 'above: 0'", NULL},
    {"tiers-without-apply-to", HEAD "factors:\n  - ingredient: methadone\n"
         "    unit: mg\n    tiers:\n      - {above: 0, factor: 4}\n" THRESHOLD_90,
     MED_ERR_INVALID, 11, 7, NULL, "tiers_apply_to", NULL},
    {"threshold-3-decimals", HEAD OXY_FACTOR
         "thresholds:\n  - {mme: 90.125, comparator: \">\", level: high, summary: a, summarises: s}\n",
     MED_ERR_INVALID, 10, 11, "90.125", "at most two decimals", NULL},
    {"threshold-comparator", HEAD OXY_FACTOR
         "thresholds:\n  - {mme: 90, comparator: \"=>\", level: high, summary: a, summarises: s}\n",
     MED_ERR_INVALID, 10, 27, "=>", "'comparator' must be", NULL},
    {"threshold-order", HEAD OXY_FACTOR
         "thresholds:\n  - {mme: 90, comparator: \">=\", level: high, summary: a, summarises: s}\n"
         "  - {mme: 50, comparator: \">=\", level: caution, summary: a, summarises: s}\n",
     MED_ERR_INVALID, 11, 11, "50", "ascending", NULL},
    {"threshold-no-words", HEAD OXY_FACTOR
         "thresholds:\n  - {mme: 90, comparator: \">=\", level: high}\n",
     MED_ERR_INVALID, 10, 5, NULL, "needs 'quote'", "it has neither"},
    {"threshold-advice", HEAD OXY_FACTOR
         "thresholds:\n  - {mme: 90, comparator: \">=\", level: high, advice: a}\n",
     MED_ERR_INVALID, 10, 54, "a", "'advice' is not a key any more", NULL},
    {"threshold-quote-without-location", HEAD OXY_FACTOR
         "thresholds:\n  - {mme: 90, comparator: \">=\", level: high, quote: a}\n",
     MED_ERR_INVALID, 10, 53, "a", "'quote' needs 'location'", NULL},
    {"threshold-summary-without-summarises", HEAD OXY_FACTOR
         "thresholds:\n  - {mme: 90, comparator: \">=\", level: high, summary: a}\n",
     MED_ERR_INVALID, 10, 55, "a", "'summary' needs 'summarises'", NULL},
    {"no-thresholds", HEAD OXY_FACTOR, MED_ERR_INVALID, 1, 1, NULL,
     "missing required list 'thresholds'", NULL},
};

static void check_bad(const bad_table *c)
{
    med_error e;
    med_status s = load_buffer(c->yaml, strlen(c->yaml), c->name, &e);
    if (s != c->code || e.code != c->code)
        fail_msg("%s: status %d (error.code %d), want %d: %s", c->name, s, e.code, c->code,
                 e.message);
    if (e.line != c->line || e.column != c->column)
        fail_msg("%s: at %d:%d, want %d:%d (%s)", c->name, e.line, e.column, c->line, c->column,
                 e.message);
    assert_string_equal(e.source, c->name);
    if (c->text)
        assert_string_equal(e.text, c->text);
    assert_contains(e.message, c->says);
    assert_contains(e.message, c->also);
}

static void test_located_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++)
        check_bad(&BAD[i]);
}

/* Nesting beyond the documented depth is a limit, not a crash or a syntax error. */
static void test_deep_nesting(void **state)
{
    (void)state;
    char deep[81];
    memset(deep, '[', 40);
    memset(deep + 40, ']', 40);
    deep[80] = '\0';
    med_error e;
    assert_int_equal(load_buffer(deep, 80, "deep", &e), MED_ERR_LIMIT);
    assert_int_equal(e.line, 1);
    assert_int_equal(e.column, 33); /* the 33rd opening bracket */
    assert_string_equal(e.source, "deep");
    /* 32 levels are within the limit (the tree is then not a table) */
    memset(deep, '[', 32);
    memset(deep + 32, ']', 32);
    assert_int_equal(load_buffer(deep, 64, "deep32", &e), MED_ERR_INVALID);
}

static void test_error_source_default(void **state)
{
    (void)state;
    med_error e;
    assert_int_equal(load_buffer("id: [a\n", 7, NULL, &e), MED_ERR_SYNTAX);
    assert_string_equal(e.source, "<buffer>");
    /* a failing call without an error struct still returns the status */
    med_table *t = NULL;
    assert_int_equal(med_table_load_buffer("id: [a\n", 7, "x", &t, NULL), MED_ERR_SYNTAX);
    assert_null(t);
    assert_int_equal(med_table_load("nope", &t, NULL), MED_ERR_NOT_FOUND);
    assert_int_equal(med_table_load_file("conversion-tables", &t, NULL), MED_ERR_IO);
}

/* A successful load clears whatever the error struct held before. */
static void test_error_cleared_on_success(void **state)
{
    (void)state;
    med_error e;
    memset(&e, 'x', sizeof e);
    med_table *t = NULL;
    assert_int_equal(med_table_load_embedded("cdc-2016", &t, &e), MED_OK);
    assert_int_equal(e.code, MED_OK);
    assert_string_equal(e.message, "");
    assert_string_equal(e.source, "");
    med_table_free(t);
}

/* ---- thresholds ------------------------------------------------------------------------------ */

static void test_thresholds_cdc_2022(void **state)
{
    (void)state;
    med_table *t = load_ok("cdc-2022");
    assert_int_equal(med_table_threshold_count(t), 2);
    const med_threshold *a = threshold(t, 0), *b = threshold(t, 1);
    assert_string_equal(a->mme_text, "50");
    assert_string_equal(b->mme_text, "90");
    assert_true(a->mme > 49.99 && a->mme < 50.01);
    assert_true(b->mme > 89.99 && b->mme < 90.01);
    assert_int_equal(a->mme_hundredths, 5000);
    assert_int_equal(b->mme_hundredths, 9000);
    assert_int_equal(a->comparator, MED_CMP_GE);
    assert_int_equal(b->comparator, MED_CMP_GE);
    assert_string_equal(med_comparator_string(a->comparator), ">=");
    assert_string_equal(a->level, "caution");
    assert_string_equal(b->level, "high");
    assert_true(strlen(a->advice) > 0 && strlen(b->advice) > 0);
    /* borrowed from the table: the same struct each time */
    assert_ptr_equal(threshold(t, 0), a);
    /* 50: CDC 2022's own words, with where they stand; the precautions are the table's summary */
    assert_non_null(a->quote);
    assert_ptr_equal(a->advice, a->quote);
    assert_contains(a->location, "CDC 2022, Recommendation 4");
    assert_non_null(a->summary);
    assert_non_null(a->summarises);
    assert_contains(a->summary, "naloxone and overdose prevention education");
    assert_string_equal(a->source, "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm");
    /* 90: not a CDC 2022 threshold, and it says so */
    assert_contains(b->location, "not CDC 2022");
    assert_contains(b->summary, "Not a CDC 2022 threshold");
    assert_string_equal(b->source, "https://www.cdc.gov/mmwr/volumes/65/rr/rr6501e1.htm");
    med_table_free(t);
}

/* A summary alone is the text to print; a threshold without its own source has the table's. */
static void test_threshold_summary_only(void **state)
{
    (void)state;
    med_table *t = load_text(HEAD OXY_FACTOR THRESHOLD_90, "summary-only");
    const med_threshold *th = threshold(t, 0);
    assert_null(th->quote);
    assert_null(th->location);
    assert_string_equal(th->summary, "a");
    assert_string_equal(th->summarises, "s");
    assert_ptr_equal(th->advice, th->summary);
    assert_string_equal(th->source, "https://example.org/g");
    med_table_free(t);
}

static void test_thresholds_wa(void **state)
{
    (void)state;
    med_table *t = load_ok("wa-amdg-2015");
    size_t n = med_table_threshold_count(t), found = 0;
    for (size_t i = 0; i < n; i++) {
        const med_threshold *th = threshold(t, i);
        found += strcmp(th->mme_text, "120") == 0 && th->comparator == MED_CMP_GE;
    }
    assert_int_equal(found, 1);
    med_table_free(t);
}

typedef struct crossing {
    int64_t hundredths;
    int at_50, at_90;
} crossing;

static void test_threshold_crossed_ge(void **state)
{
    (void)state;
    static const crossing C[] = {{0, 0, 0},       {4999, 0, 0}, {5000, 1, 0}, {5001, 1, 0},
                                 {8999, 1, 0},    {9000, 1, 1}, {9001, 1, 1}, {1000000, 1, 1}};
    med_table *t = load_ok("cdc-2022");
    const med_threshold *a = threshold(t, 0), *b = threshold(t, 1);
    for (size_t i = 0; i < sizeof C / sizeof *C; i++) {
        if (!med_threshold_crossed(a, C[i].hundredths) != !C[i].at_50 ||
            !med_threshold_crossed(b, C[i].hundredths) != !C[i].at_90)
            fail_msg("crossing wrong at %lld hundredths", (long long)C[i].hundredths);
    }
    med_table_free(t);
}

static void test_threshold_crossed_gt(void **state)
{
    (void)state;
    med_table *t = load_text(HEAD OXY_FACTOR "thresholds:\n"
                             "  - {mme: 12.34, comparator: \">=\", level: low, summary: a, summarises: s}\n"
                             "  - {mme: 90, comparator: \">\", level: high, summary: b, summarises: s}\n",
                             "gt");
    assert_int_equal(med_table_threshold_count(t), 2);
    const med_threshold *low = threshold(t, 0), *high = threshold(t, 1);
    assert_int_equal(high->comparator, MED_CMP_GT);
    assert_string_equal(med_comparator_string(high->comparator), ">");
    assert_int_equal(low->mme_hundredths, 1234);
    assert_false(med_threshold_crossed(high, 8999));
    assert_false(med_threshold_crossed(high, 9000));
    assert_true(med_threshold_crossed(high, 9001));
    /* two decimals are compared exactly */
    assert_false(med_threshold_crossed(low, 1233));
    assert_true(med_threshold_crossed(low, 1234));
    med_table_free(t);
}

/* Thresholds are capped at 1,000,000 MME/day, so their hundredths are exact in a double. */
static void test_huge_threshold_refused(void **state)
{
    (void)state;
    const char *text = HEAD OXY_FACTOR "thresholds:\n  - {mme: 99999999999999.99, "
                                       "comparator: \">=\", level: high, summary: a, summarises: s}\n";
    med_table *t = NULL;
    med_error e;
    assert_int_equal(med_table_load_buffer(text, strlen(text), "huge", &t, &e), MED_ERR_INVALID);
    assert_null(t);
    assert_non_null(strstr(e.message, "above 1000000"));
}

static void test_threshold_out_of_range(void **state)
{
    (void)state;
    med_table *t = load_ok("cdc-2022");
    size_t n = med_table_threshold_count(t);
    assert_true(n >= 1);
    assert_non_null(med_table_threshold(t, n - 1));
    assert_null(med_table_threshold(t, n));
    assert_null(med_table_threshold(t, (size_t)-1));
    assert_null(med_table_threshold(NULL, 0));
    assert_int_equal(med_table_threshold_count(NULL), 0);
    med_table_free(t);
}

/* A table may have MED_MAX_THRESHOLDS (16) thresholds, each reported; one more is refused by
 * the loader with a located error (new in 1.0: 0.x loaded any number and reported at most 8). */
static void test_threshold_limit(void **state)
{
    (void)state;
    assert_int_equal(MED_MAX_THRESHOLDS, 16);
    char yaml[4096];
    for (int n = MED_MAX_THRESHOLDS; n <= MED_MAX_THRESHOLDS + 1; n++) {
        size_t len = (size_t)snprintf(yaml, sizeof yaml, "%s", HEAD OXY_FACTOR "thresholds:\n");
        for (int k = 1; k <= n; k++)
            len += (size_t)snprintf(yaml + len, sizeof yaml - len,
                                    "  - {mme: %d, comparator: \">=\", level: l%c, summary: a, summarises: s}\n",
                                    10 * k, 'a' + k);
        assert_true(len < sizeof yaml);
        med_table *t = NULL;
        med_error e;
        med_status s = med_table_load_buffer(yaml, len, "many", &t, &e);
        if (n == MED_MAX_THRESHOLDS) {
            if (s != MED_OK)
                fail_msg("%d thresholds: %s", n, e.message);
            assert_int_equal(med_table_threshold_count(t), (size_t)n);
            assert_int_equal(threshold(t, (size_t)n - 1)->mme_hundredths, 100 * 10 * n);
            assert_null(med_table_threshold(t, (size_t)n));
            med_table_free(t);
        } else {
            assert_int_equal(s, MED_ERR_INVALID);
            assert_null(t);
            assert_string_equal(e.source, "many");
            assert_int_equal(e.line, 10); /* the list, after HEAD (6), factors (2), its key */
            assert_contains(e.message, "at most 16 thresholds");
        }
    }
}

/* ---- NULL arguments -------------------------------------------------------------------------- */

static void test_null_arguments(void **state)
{
    (void)state;
    med_error e;
    med_table *t = NULL;
    med_table_free(NULL);
    assert_int_equal(med_table_load_embedded("cdc-2022", NULL, &e), MED_ERR_ARGUMENT);
    assert_int_equal(e.code, MED_ERR_ARGUMENT);
    assert_int_equal(med_table_load(NULL, NULL, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_table_load(CDC_2022_FILE, NULL, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_table_load_file(CDC_2022_FILE, NULL, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_table_load_file(NULL, &t, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_table_load_buffer("id: a", 5, "x", NULL, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_table_load_buffer(NULL, 5, "x", &t, &e), MED_ERR_ARGUMENT);
    assert_null(t);
    /* NULL text of size 0 is an empty table, not a crash */
    assert_int_equal(med_table_load_buffer(NULL, 0, "x", &t, &e), MED_ERR_INVALID);
    assert_null(t);
    assert_null(med_table_get_info(NULL));
}

/* ---- computing with a loaded table ----------------------------------------------------------- */

/* The input borrows the strings: they must outlive it. */
static med_input sched(const char *drug, const char *strength, const char *unit,
                       const char *doses)
{
    med_input in = MED_INPUT_INIT;
    in.drug = drug;
    in.strength = strength;
    in.unit = unit;
    in.doses_per_day = doses;
    return in;
}

static int64_t mme_of(const med_table *t, med_input in)
{
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_compute(t, &in, MED_METHOD_CLINICAL, &r), MED_OK);
    if (r.status != MED_RESULT_OK) {
        char message[512];
        med_compute_text(t, &in, MED_METHOD_CLINICAL, MED_TEXT_MESSAGE, message, sizeof message);
        fail_msg("%s: %s", in.drug, message);
    }
    return r.mme_hundredths;
}

static void test_custom_factor_used(void **state)
{
    (void)state;
    med_table *custom = load_text(HEAD "factors:\n  - {ingredient: oxycodone, unit: mg, factor: 2}\n"
                                       THRESHOLD_90, "custom");
    med_table *cdc = load_ok("cdc-2022");
    med_input in = sched("oxycodone", "10", "mg", "4");
    assert_int_equal(mme_of(custom, in), 8000);
    assert_int_equal(mme_of(cdc, in), 6000);
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_compute(custom, &in, MED_METHOD_CLINICAL, &r), MED_OK);
    assert_string_equal(r.factor_text, "2");
    /* a drug the custom table does not list gets no factor from it */
    in = sched("morphine", "10", "mg", "4");
    assert_int_equal(med_compute(custom, &in, MED_METHOD_CLINICAL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_ERROR);
    assert_int_equal(r.mme_hundredths, 0);
    med_table_free(custom);
    med_table_free(cdc);
}

/* ---- threads --------------------------------------------------------------------------------- */

#define REGIMENS 10000
#define THREADS 4

/* What must come out the same in every thread. */
typedef struct outcome {
    med_result_status status;
    int64_t hundredths;
    char factor[32];
    char arithmetic[256];
    char message[512];
} outcome;

typedef struct drug_gen {
    const char *drug;
    const char *unit;
    int combination; /* strength written "N/325" */
    int patch;       /* strength only */
} drug_gen;

static const drug_gen GEN[] = {
    {"oxycodone", "mg", 0, 0},       {"methadone", "mg", 0, 0},     {"hydrocodone/apap", "mg", 1, 0},
    {"Percocet", "mg", 1, 0},        {"morphine", "mg", 0, 0},      {"hydromorphone", "mg", 0, 0},
    {"fentanyl patch", "mcg/hr", 0, 1}, {"codeine", "mg", 0, 0},    {"methadone hcl", "mg", 0, 0},
    {"tapentadol", "mg", 0, 0},      {"tramadol", "mg", 0, 0},      {"buprenorphine", "mg", 0, 0},
    {"alprazolam", "mg", 0, 0},      {"oxymorphone", "mg", 0, 0},   {"Dolophine", "mg", 0, 0},
};

/* The texts a generated regimen's input points to. */
typedef struct regimen_text {
    char strength[24], doses[8];
} regimen_text;

static med_input make_regimen(size_t i, regimen_text *text)
{
    static const char *const STRENGTH[] = {"2.5", "5", "7.5", "10", "15", "20", "30", "40"};
    static const char *const PATCH[] = {"12", "25", "37.5", "50", "75", "100"};
    const drug_gen *g = &GEN[i % (sizeof GEN / sizeof *GEN)];
    size_t k = i / (sizeof GEN / sizeof *GEN);
    if (g->patch)
        snprintf(text->strength, sizeof text->strength, "%s", PATCH[k % 6]);
    else if (g->combination)
        snprintf(text->strength, sizeof text->strength, "%s/325", STRENGTH[k % 4]);
    else
        snprintf(text->strength, sizeof text->strength, "%s", STRENGTH[k % 8]);
    snprintf(text->doses, sizeof text->doses, "%zu", 1 + (k / 8) % 6);
    return sched(g->drug, text->strength, g->unit, g->patch ? "" : text->doses);
}

static void compute_outcome(const med_table *t, size_t i, outcome *o)
{
    regimen_text text;
    med_input in = make_regimen(i, &text);
    med_result r = MED_RESULT_INIT;
    const med_method m = MED_METHOD_CLINICAL;
    memset(o, 0, sizeof *o);
    if (med_compute(t, &in, m, &r) != MED_OK) {
        o->status = (med_result_status)-1;
        return;
    }
    o->status = r.status;
    o->hundredths = r.mme_hundredths;
    med_compute_text(t, &in, m, MED_TEXT_FACTOR_APPLIED, o->factor, sizeof o->factor);
    med_compute_text(t, &in, m, MED_TEXT_ARITHMETIC, o->arithmetic, sizeof o->arithmetic);
    med_compute_text(t, &in, m, MED_TEXT_MESSAGE, o->message, sizeof o->message);
}

static int same_outcome(const outcome *a, const outcome *b)
{
    return a->status == b->status && a->hundredths == b->hundredths &&
           strcmp(a->factor, b->factor) == 0 && strcmp(a->arithmetic, b->arithmetic) == 0 &&
           strcmp(a->message, b->message) == 0;
}

typedef struct worker {
    const med_table *table;
    const outcome *expected;
    size_t start;      /* each thread walks the regimens from a different place */
    size_t done, mismatches;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    outcome o;
    for (size_t n = 0; n < REGIMENS; n++) {
        size_t i = (w->start + n) % REGIMENS;
        compute_outcome(w->table, i, &o);
        w->mismatches += !same_outcome(&o, &w->expected[i]);
        w->done++;
    }
    return NULL;
}

/* The reference must exercise every kind of result and every methadone tier of cdc-2016. */
static void check_reference_variety(const outcome *ref)
{
    size_t status[4] = {0, 0, 0, 0}, tiers[4] = {0, 0, 0, 0};
    static const char *const TIER_FACTORS[] = {"4", "8", "10", "12"};
    for (size_t i = 0; i < REGIMENS; i++) {
        assert_true(ref[i].status <= MED_RESULT_ERROR);
        status[ref[i].status]++;
        for (size_t k = 0; k < 4 && strstr(ref[i].message, "methadone tier"); k++)
            tiers[k] += strcmp(ref[i].factor, TIER_FACTORS[k]) == 0;
    }
    for (size_t k = 0; k < 4; k++) {
        if (status[k] == 0)
            fail_msg("no result with status %s", med_result_status_string((med_result_status)k));
        if (tiers[k] == 0)
            fail_msg("no methadone result in the tier with factor %s", TIER_FACTORS[k]);
    }
}

static void test_threads_share_a_table(void **state)
{
    (void)state;
    med_table *t = load_ok("cdc-2016");
    outcome *ref = calloc(REGIMENS, sizeof *ref);
    assert_non_null(ref);
    for (size_t i = 0; i < REGIMENS; i++)
        compute_outcome(t, i, &ref[i]);
    check_reference_variety(ref);
    pthread_t th[THREADS];
    worker w[THREADS];
    for (size_t k = 0; k < THREADS; k++) {
        w[k] = (worker){t, ref, k * (REGIMENS / THREADS), 0, 0};
        assert_int_equal(pthread_create(&th[k], NULL, work, &w[k]), 0);
    }
    for (size_t k = 0; k < THREADS; k++) {
        assert_int_equal(pthread_join(th[k], NULL), 0);
        assert_int_equal(w[k].done, REGIMENS);
        assert_int_equal(w[k].mismatches, 0);
    }
    free(ref);
    med_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embedded_ids_load),
        cmocka_unit_test(test_default_table),
        cmocka_unit_test(test_version_spec),
        cmocka_unit_test(test_unknown_id),
        cmocka_unit_test(test_spec_as_path),
        cmocka_unit_test(test_digest_of_shipped_file),
        cmocka_unit_test(test_digest_buffer_equals_file),
        cmocka_unit_test(test_digest_changes_with_one_byte),
        cmocka_unit_test(test_file_directory),
        cmocka_unit_test(test_file_missing),
        cmocka_unit_test(test_file_special),
        cmocka_unit_test(test_file_empty),
        cmocka_unit_test(test_file_nul_byte),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_buffer_size_limit),
        cmocka_unit_test(test_located_errors),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_error_source_default),
        cmocka_unit_test(test_error_cleared_on_success),
        cmocka_unit_test(test_thresholds_cdc_2022),
        cmocka_unit_test(test_thresholds_wa),
        cmocka_unit_test(test_threshold_crossed_ge),
        cmocka_unit_test(test_threshold_crossed_gt),
        cmocka_unit_test(test_threshold_out_of_range),
        cmocka_unit_test(test_threshold_summary_only),
        cmocka_unit_test(test_huge_threshold_refused),
        cmocka_unit_test(test_threshold_limit),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_custom_factor_used),
        cmocka_unit_test(test_threads_share_a_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
