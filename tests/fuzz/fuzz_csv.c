/* Fuzz target: the streaming CSV reader (med_csv_next). The same bytes are read twice, whole
 * and in reads of a few bytes chosen by the input, and must give the same records and errors:
 * where a record breaks cannot depend on how the input arrived. A third read with
 * med_csv_next_record (fields read with med_csv_field) must give them too. Every call must make
 * progress, and every field must survive med_csv_quote and a second read. The quick check of
 * patient order (med_patient_order) reads the same bytes as claims lines (ids in the first
 * column or the second): whole and in two pieces it gives one answer, it stops at a NUL byte,
 * and on text that med_csv_next reads as those lines, it gives the records' answer. */
#include "fuzz.h"

/* Everything a read produced, folded into a hash and a count. */
typedef struct trace {
    uint32_t hash;
    size_t records, errors;
} trace;

static void mix(trace *t, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        t->hash = (t->hash ^ b[i]) * 16777619u;
}

/* Quotes a field and reads it back: one record of one field, equal to it. */
static void round_trip(const char *field)
{
    size_t need = med_csv_quote(field, NULL, 0);
    char *q = malloc(need + 2);
    if (q == NULL)
        return;
    FUZZ_CHECK(med_csv_quote(field, q, need + 1) == need && strlen(q) == need, "quote length");
    if (need == 0) {
        free(q);
        return;
    }
    fuzz_source src = {(const uint8_t *)q, need, 0, 0};
    med_csv *c;
    if (med_csv_new(fuzz_read, &src, "<quoted>", &c) == MED_OK) {
        const char *const *f;
        size_t n;
        med_error e;
        /* A field that starts with a BOM or is a lone line end is read differently, by design. */
        if (med_csv_next(c, &f, &n, NULL, &e) == MED_OK && f && strncmp(field, "\xEF\xBB\xBF", 3))
            FUZZ_CHECK(n == 1 && strcmp(f[0], field) == 0, "a quoted field reads back as itself");
        med_csv_free(c);
    }
    free(q);
}

/* One record's fields into the trace, each with its NUL; by_record: from med_csv_field. */
static void mix_record(trace *t, med_csv *c, const char *const *f, size_t n, int check_fields)
{
    for (size_t i = 0; i < n; i++) {
        if (f == NULL) {
            med_csv_span s = med_csv_field(c, i);
            FUZZ_CHECK(s.text != NULL && memchr(s.text, '\0', s.len) == NULL, "a field span");
            mix(t, s.text, s.len);
            mix(t, "", 1);
            continue;
        }
        mix(t, f[i], strlen(f[i]) + 1);
        if (check_fields && i < 4 && t->records <= 16)
            round_trip(f[i]);
    }
    FUZZ_CHECK(med_csv_field(c, n).text == NULL, "no field past the count");
}

static trace read_all(const uint8_t *data, size_t size, size_t chunk, int check_fields,
                      int by_record)
{
    trace t = {2166136261u, 0, 0};
    fuzz_source src = {data, size, 0, chunk};
    med_csv *c;
    if (med_csv_new(fuzz_read, &src, "<fuzz>", &c) != MED_OK)
        return t;
    /* Each call consumes at least one byte or ends the input. */
    for (size_t calls = 0;; calls++) {
        FUZZ_CHECK(calls <= size + 1, "the reader makes progress");
        const char *const *f = NULL;
        size_t n;
        long line;
        med_error e;
        med_status s = by_record ? med_csv_next_record(c, &n, &line, &e)
                                 : med_csv_next(c, &f, &n, &line, &e);
        if (s == MED_OK && (by_record ? n == 0 : f == NULL))
            break;
        if (s != MED_OK) {
            fuzz_check_error(s, &e);
            FUZZ_CHECK(s == MED_ERR_SYNTAX || s == MED_ERR_LIMIT, "a record error");
            FUZZ_CHECK(e.line >= 1, "a record error has a line");
            t.errors++;
            mix(&t, &s, sizeof s);
            mix(&t, &e.line, sizeof e.line);
            mix(&t, &e.column, sizeof e.column);
            mix(&t, e.message, strlen(e.message));
            continue;
        }
        FUZZ_CHECK(n >= 1 && n <= MED_CSV_MAX_FIELDS && (f == NULL || f[n] == NULL),
                   "field count");
        FUZZ_CHECK(line >= 1, "a record has a line");
        t.records++;
        mix(&t, &line, sizeof line);
        mix(&t, &n, sizeof n);
        mix_record(&t, c, f, n, check_fields);
    }
    med_csv_free(c);
    return t;
}

/* The columns of the patient ids and the fill dates: ids first, as most claims have them, and
 * dates first, which leaves lines too short to hold an id but not a date. */
typedef struct order_columns {
    long id, date;
} order_columns;

/* What the quick check says of text[0..len) given in two calls, the first of `cut` bytes: the
 * status, whether sorted, the latest date. */
typedef struct order_answer {
    med_status status;
    int sorted;
    char latest[11];
} order_answer;

static order_answer quick_order(order_columns col, const char *text, size_t len, size_t cut)
{
    order_answer a = {MED_ERR_NOMEM, 0, ""};
    med_patient_order *o;
    size_t used = 0, rest = 0;
    if (med_patient_order_new(col.id, col.date, &o) != MED_OK)
        return a;
    a.status = med_patient_order_lines(o, text, cut, cut == len, &used);
    FUZZ_CHECK(used <= cut, "the check uses no more than it is given");
    if (a.status == MED_OK) {
        a.status = med_patient_order_lines(o, text + used, len - used, 1, &rest);
        FUZZ_CHECK(a.status != MED_OK || used + rest == len, "the end of the input is used");
    }
    a.sorted = med_patient_order_sorted(o);
    snprintf(a.latest, sizeof a.latest, "%s", med_patient_order_latest(o));
    FUZZ_CHECK(a.latest[0] == '\0' || med_date_parse(a.latest, NULL) == MED_OK, "a date");
    med_patient_order_free(o);
    return a;
}

/* The same answer from med_csv_next's records, for text it reads as lines (no quote, CR or NUL,
 * no byte order mark), as the patients reader takes them: a record too short to hold an id is
 * no one's, date and all. 0 when the text is not read as lines, or a record is refused. */
static int records_order(order_columns col, const char *text, size_t len, order_answer *a)
{
    fuzz_source src = {(const uint8_t *)text, len, 0, 0};
    med_csv *c;
    char last[1024];
    size_t last_len = 0;
    int ok = 1;
    if (memchr(text, '"', len) || memchr(text, '\r', len) || memchr(text, '\0', len) ||
        (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ||
        med_csv_new(fuzz_read, &src, "<fuzz>", &c) != MED_OK)
        return 0;
    *a = (order_answer){MED_OK, 1, ""};
    for (;;) {
        const char *const *f;
        size_t n;
        med_error e;
        med_status s = med_csv_next(c, &f, &n, NULL, &e);
        if (s != MED_OK || f == NULL) {
            ok = s == MED_OK;
            break;
        }
        if (n <= (size_t)col.id)
            continue;
        const char *id = f[col.id], *date = f[col.date];
        if (n > (size_t)col.date && strlen(date) == 10 && med_date_parse(date, NULL) == MED_OK &&
            strcmp(date, a->latest) > 0)
            memcpy(a->latest, date, 11);
        size_t k = strlen(id), common = k < last_len ? k : last_len;
        int cmp = memcmp(id, last, common);
        if (k == 0 || !a->sorted)
            continue;
        if (cmp < 0 || (cmp == 0 && k < last_len))
            a->sorted = 0;
        last_len = k < sizeof last ? k : sizeof last - 1;
        memcpy(last, id, last_len);
    }
    med_csv_free(c);
    return ok;
}

static void check_patient_order(order_columns col, const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    order_answer whole = quick_order(col, text, size, size), oracle;
    order_answer split = quick_order(col, text, size, size ? data[0] % (size + 1) : 0);
    FUZZ_CHECK(whole.status == split.status && whole.sorted == split.sorted &&
                   strcmp(whole.latest, split.latest) == 0,
               "the quick check gives one answer however the text is cut");
    /* med_csv_next refuses a record with a NUL byte: the quick check cannot read its line. */
    FUZZ_CHECK(whole.status != MED_OK || memchr(text, '\0', size) == NULL,
               "the quick check stops at a NUL byte");
    if (whole.status == MED_OK && records_order(col, text, size, &oracle))
        FUZZ_CHECK(whole.sorted == oracle.sorted && strcmp(whole.latest, oracle.latest) == 0,
                   "the quick check agrees with the records");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_patient_order((order_columns){0, 1}, data, size);
    check_patient_order((order_columns){1, 0}, data, size);
    trace whole = read_all(data, size, 0, 1, 0);
    size_t chunk = size ? 1 + data[size - 1] % 7 : 1;
    trace pieces = read_all(data, size, chunk, 0, 0);
    FUZZ_CHECK(whole.records == pieces.records && whole.errors == pieces.errors &&
                   whole.hash == pieces.hash,
               "the same records and errors however the input is split");
    trace by_record = read_all(data, size, chunk, 0, 1);
    FUZZ_CHECK(whole.records == by_record.records && whole.errors == by_record.errors &&
                   whole.hash == by_record.hash,
               "the same records and errors from med_csv_next_record");
    return 0;
}
