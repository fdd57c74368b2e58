/* Unit tests for lib/csv.c: the streaming reader (records, line numbers, errors and resuming,
 * limits, chunk boundaries) and med_csv_quote. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

/* ---- helpers --------------------------------------------------------------------------------- */

/* Bytes in memory handed out `chunk` at a time (0: as many as asked), failing at `fail_at`. */
typedef struct source {
    const char *data;
    size_t size, pos;
    size_t chunk;
    size_t fail_at; /* SIZE_MAX: never */
    int ends;       /* reads answered with 0 */
} source;

static source make_source(const char *data, size_t size, size_t chunk)
{
    source s = {data, size, 0, chunk, SIZE_MAX, 0};
    return s;
}

static size_t read_source(void *context, char *buf, size_t capacity, int *failed)
{
    source *s = context;
    if (s->pos >= s->fail_at) {
        *failed = 1;
        return 0;
    }
    size_t n = s->size - s->pos;
    if (n > capacity)
        n = capacity;
    if (s->chunk && n > s->chunk)
        n = s->chunk;
    if (s->fail_at != SIZE_MAX && n > s->fail_at - s->pos)
        n = s->fail_at - s->pos;
    if (n == 0)
        s->ends++;
    memcpy(buf, s->data + s->pos, n);
    s->pos += n;
    return n;
}

/* A growing string. */
typedef struct strbuf {
    char *s;
    size_t len, cap;
} strbuf;

static void append(strbuf *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void appendf(strbuf *t, const char *fmt, ...);

static void appendf(strbuf *t, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof tmp);
    append(t, tmp, (size_t)n);
}

/* A field, with line ends, bars and control bytes made visible. */
static void append_field(strbuf *t, const char *f, size_t len)
{
    for (const char *end = f + len; f < end; f++) {
        unsigned char ch = (unsigned char)*f;
        if (ch == '\n')
            append(t, "\\n", 2);
        else if (ch == '\r')
            append(t, "\\r", 2);
        else if (ch == '|' || ch == '\\')
            appendf(t, "\\%c", ch);
        else if (ch < 0x20)
            appendf(t, "\\x%02x", ch);
        else
            append(t, f, 1);
    }
}

/* One record's fields as the transcript shows them: from med_csv_next (fields) or, when fields
 * is NULL, from med_csv_field. */
static void append_record(strbuf *t, med_csv *csv, const char *const *fields, size_t count)
{
    for (size_t j = 0; j < count; j++) {
        if (j)
            append(t, "|", 1);
        if (fields) {
            append_field(t, fields[j], strlen(fields[j]));
            continue;
        }
        med_csv_span f = med_csv_field(csv, j);
        assert_non_null(f.text);
        assert_null(memchr(f.text, '\0', f.len));
        append_field(t, f.text, f.len);
    }
    if (fields)
        assert_null(fields[count]);
    med_csv_span past = med_csv_field(csv, count);
    assert_null(past.text);
    assert_int_equal(past.len, 0);
}

/* Reads everything, with med_csv_next or (by_record) med_csv_next_record: one line
 * "LINE:f1|f2|..." per record, "E<code> LINE:COL" per error. */
static char *transcript_by(source *s, const char *name, int by_record)
{
    med_csv *csv = NULL;
    assert_int_equal(med_csv_new(read_source, s, name, &csv), MED_OK);
    strbuf t = {NULL, 0, 0};
    append(&t, "", 0);
    for (int guard = 0; guard < 1000000; guard++) {
        const char *const *fields = NULL;
        size_t count;
        long line;
        med_error err;
        med_status st = by_record ? med_csv_next_record(csv, &count, &line, &err)
                                  : med_csv_next(csv, &fields, &count, &line, &err);
        if (st != MED_OK) {
            assert_null(fields);
            assert_int_equal(count, 0);
            assert_int_equal(err.code, st);
            appendf(&t, "E%d %d:%d\n", (int)st, err.line, err.column);
            continue;
        }
        if (by_record ? count == 0 : fields == NULL)
            break;
        appendf(&t, "%ld:", line);
        append_record(&t, csv, fields, count);
        append(&t, "\n", 1);
    }
    med_csv_free(csv);
    return t.s;
}

/* The transcript of med_csv_next, checked against med_csv_next_record's on the same input. */
static char *transcript_of(source *s, const char *name)
{
    source again = *s;
    char *got = transcript_by(s, name, 0);
    char *by_record = transcript_by(&again, name, 1);
    assert_string_equal(by_record, got);
    free(by_record);
    return got;
}

static char *transcript_n(const char *data, size_t size, size_t chunk)
{
    source s = make_source(data, size, chunk);
    return transcript_of(&s, NULL);
}

/* Checks the transcript of `data` read whole, 1 byte and 7 bytes at a time. */
static void expect_n(const char *data, size_t size, const char *expected)
{
    static const size_t chunks[] = {0, 1, 7};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        char *got = transcript_n(data, size, chunks[c]);
        if (strcmp(got, expected) != 0)
            print_error("chunk %zu:\n got: %s\nwant: %s\n", chunks[c], got, expected);
        assert_string_equal(got, expected);
        free(got);
    }
}

static void expect(const char *data, const char *expected)
{
    expect_n(data, strlen(data), expected);
}

/* The first error `data` gives (read whole), for checking its text. */
static med_error first_error(const char *data, size_t size, const char *name)
{
    source s = make_source(data, size, 0);
    med_csv *csv = NULL;
    assert_int_equal(med_csv_new(read_source, &s, name, &csv), MED_OK);
    med_error err;
    memset(&err, 0, sizeof err);
    for (;;) {
        const char *const *fields;
        size_t count;
        if (med_csv_next(csv, &fields, &count, NULL, &err) != MED_OK)
            break;
        assert_non_null(fields); /* the input was supposed to hold an error */
    }
    med_csv_free(csv);
    return err;
}

/* ---- records --------------------------------------------------------------------------------- */

static void test_simple(void **state)
{
    (void)state;
    expect("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
    expect("single\n", "1:single\n");
    expect(",\n", "1:|\n");
    expect("a,,b, c ,\n", "1:a||b| c |\n");
}

static void test_crlf(void **state)
{
    (void)state;
    expect("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n");
    expect("a,b\r\n1,\"2\"\r\nx", "1:a|b\n2:1|2\n3:x\n");
}

static void test_final_line_without_newline(void **state)
{
    (void)state;
    expect("a,b\n1,2", "1:a|b\n2:1|2\n");
    expect("a,", "1:a|\n");
    expect("\"x\"", "1:x\n");
    expect("\"\"", "1:\n");
    expect("a\r", "1:a\n");
}

static void test_empty_input(void **state)
{
    (void)state;
    expect("", "");
    expect("\n\n\r\n\r", "");
    expect("\xEF\xBB\xBF", "");
    expect("\xEF\xBB\xBF\n", "");
}

static void test_bom(void **state)
{
    (void)state;
    expect("\xEF\xBB\xBF" "a,b\n1,2\n", "1:a|b\n2:1|2\n");
    expect("\xEF\xBB\xBF\"q\",b\n", "1:q|b\n");
    /* Only at the very start: later it is data. A lone partial BOM is data too. */
    expect("x\n\xEF\xBB\xBFy\n", "1:x\n2:\xEF\xBB\xBFy\n");
    expect("\xEF\xBB", "1:\xEF\xBB\n");
    /* Columns count from the byte after the BOM. */
    expect("\xEF\xBB\xBF" "ab\"c\n", "E3 1:3\n");
}

static void test_blank_lines_skipped(void **state)
{
    (void)state;
    /* Lines 1, 2, 4, 5, 7 are empty; "b" ends with a bare CR, then line 7 is CRLF. */
    expect("\n\na\n\r\n\nb\r\r\nc\n\n", "3:a\n6:b\n8:c\n");
    /* "" and spaces are records, not blank lines. */
    expect("a\n\"\"\nb\n \n", "1:a\n2:\n3:b\n4: \n");
}

static void test_bare_cr(void **state)
{
    (void)state;
    /* A CR not followed by LF ends a line; inside quotes it is kept and counted. */
    expect("a,b\rc,d\r", "1:a|b\n2:c|d\n");
    expect("\"x\ry\",1\rz\r", "1:x\\ry|1\n3:z\n");
    expect("a\r\rb\n", "1:a\n3:b\n");
}

static void test_quoted_fields(void **state)
{
    (void)state;
    expect("\"a,b\",\"c\"\"d\",\"\",e\n", "1:a,b|c\"d||e\n");
    expect("\"\"\"\"\n", "1:\"\n");
    expect("\"\"\"a\"\"\",\"b\"\"\"\"\"\n", "1:\"a\"|b\"\"\n");
    expect("\" lead\",\"trail \"\n", "1: lead|trail \n");
}

static void test_multiline_fields_and_line_numbers(void **state)
{
    (void)state;
    expect("1,\"line1\nline2\nline3\",x\n2,y\n", "1:1|line1\\nline2\\nline3|x\n4:2|y\n");
    /* CRLF inside quotes is kept as it was and counts as one line. */
    expect("\"a\r\nb\"\r\nc\r\n", "1:a\\r\\nb\n3:c\n");
    /* Two multi-line fields in one record, then blank lines, then more. */
    expect("h\n\"a\nb\",\"c\n\nd\"\n\n\ne\n\"f\ng\"",
           "1:h\n2:a\\nb|c\\n\\nd\n8:e\n9:f\\ng\n");
}

/* ---- errors and resuming --------------------------------------------------------------------- */

static void test_nul_byte(void **state)
{
    (void)state;
    static const char data[] = "a,b\nc,x\0y,e\nf\n\"q\0\"\ng\n";
    expect_n(data, sizeof data - 1, "1:a|b\nE3 2:4\n3:f\nE3 4:3\n5:g\n");
    med_error err = first_error(data, sizeof data - 1, "nul.csv");
    assert_int_equal(err.code, MED_ERR_SYNTAX);
    assert_string_equal(err.message, "NUL byte in record");
    assert_string_equal(err.source, "nul.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
    assert_string_equal(err.text, "x\\x00y,e");
}

static void test_quote_in_unquoted_field(void **state)
{
    (void)state;
    expect("a,b\"c,d\nx\n", "E3 1:4\n2:x\n");
    expect("a,5\" tab\r\nx\r\n", "E3 1:4\n2:x\n");
    med_error err = first_error("id,drug\n1,oxy 5\" x,y\n", 21, NULL);
    assert_int_equal(err.code, MED_ERR_SYNTAX);
    assert_string_equal(err.source, "<input>");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 8);
    assert_string_equal(err.text, "oxy 5\" x,y");
    assert_non_null(strstr(err.message, "quote inside an unquoted field"));
}

static void test_after_closing_quote(void **state)
{
    (void)state;
    expect("\"ab\"c,d\nx\n", "E3 1:5\n2:x\n");
    expect("1,\"ab\" ,d\nx\n", "E3 1:7\n2:x\n");
    /* The bad byte on the closing line of a multi-line field: resume after that line. */
    expect("\"a\nb\"c\nx\n", "E3 2:3\n3:x\n");
    med_error err = first_error("\"ab\"c,d\n", 8, NULL);
    assert_int_equal(err.code, MED_ERR_SYNTAX);
    assert_string_equal(err.text, "\"ab\"c,d");
    assert_non_null(strstr(err.message, "after a closing quote: expected a comma or a line end"));
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    /* The quote opens at line 3 column 10; the reader resumes at line 4, losing nothing. */
    static const char data[] = "a,b\nc,d\n12345678,\"open,x\nline4\nline5,z";
    expect(data, "1:a|b\n2:c|d\nE3 3:10\n4:line4\n5:line5|z\n");
    med_error err = first_error(data, sizeof data - 1, "u.csv");
    assert_int_equal(err.code, MED_ERR_SYNTAX);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 10);
    assert_string_equal(err.message,
                        "unterminated quoted field opened at line 3 column 10: expected a closing \"");
    assert_string_equal(err.text, "\"open,x");
    /* On the last line, with and without a line end. */
    expect("a\n\"bc", "1:a\nE3 2:1\n");
    expect("a\n\"bc\r\n", "1:a\nE3 2:1\n");
    expect("a\n\"bc\r\nd\r\n", "1:a\nE3 2:1\n3:d\n");
}

static void test_resume_good_error_good(void **state)
{
    (void)state;
    expect("id,drug\n1,ok\n2,ba\"d\n3,ok\n", "1:id|drug\n2:1|ok\nE3 3:5\n4:3|ok\n");
    /* Several bad records in a row, each reported once and in order. */
    static const char bad[] = "1\n\"a\"b\nx\0\nc\"\n\"ok\"\n";
    expect_n(bad, sizeof bad - 1, "1:1\nE3 2:4\nE3 3:2\nE3 4:2\n5:ok\n");
}

/* ---- limits ---------------------------------------------------------------------------------- */

/* `count` bytes of `fill`, then `tail`. */
static char *repeat(char fill, size_t count, const char *head, const char *tail, size_t *size)
{
    size_t h = strlen(head), t = strlen(tail);
    char *s = malloc(h + count + t + 1);
    assert_non_null(s);
    memcpy(s, head, h);
    memset(s + h, fill, count);
    memcpy(s + h + count, tail, t + 1);
    *size = h + count + t;
    return s;
}

/* Reads data whole and 7 bytes at a time; returns the number of records, and checks that the
 * error (if any) is the n-th event with the given code. */
static void expect_limit(const char *data, size_t size, const char *events)
{
    static const size_t chunks[] = {0, 7, 1, 65539};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        source s = make_source(data, size, chunks[c]);
        char *got = transcript_of(&s, NULL);
        /* Records are huge: compare only their lines and the error lines. */
        strbuf t = {NULL, 0, 0};
        append(&t, "", 0);
        for (char *p = got; *p;) {
            char *nl = strchr(p, '\n');
            char *colon = strchr(p, ':');
            if (*p == 'E')
                append(&t, p, (size_t)(nl - p + 1));
            else
                appendf(&t, "%.*s:%zu\n", (int)(colon - p), p, (size_t)(nl - colon - 1));
            p = nl + 1;
        }
        assert_string_equal(t.s, events);
        free(t.s);
        free(got);
    }
}

static void test_record_limit(void **state)
{
    (void)state;
    size_t size;
    char *s = repeat('x', MED_CSV_MAX_RECORD, "", "\ny\n", &size);
    expect_limit(s, size, "1:1048576\n2:1\n");
    free(s);
    s = repeat('x', MED_CSV_MAX_RECORD, "", "\r\ny\r\n", &size);
    expect_limit(s, size, "1:1048576\n2:1\n");
    free(s);
    s = repeat('x', MED_CSV_MAX_RECORD + 1, "a\n", "\ny\n", &size);
    expect_limit(s, size, "1:1\nE10 2:1048577\n3:1\n");
    free(s);
    /* Far over the limit: the rest of the line is skipped without being held. */
    s = repeat('x', 3 * MED_CSV_MAX_RECORD, "a\n", "\ny", &size);
    expect_limit(s, size, "1:1\nE10 2:1048577\n3:1\n");
    free(s);
    /* A quoted field of the limit fits; the quotes count. */
    s = repeat('x', MED_CSV_MAX_RECORD - 2, "\"", "\"\nz\n", &size);
    expect_limit(s, size, "1:1048574\n2:1\n");
    free(s);
}

/* Records that reach the limit in the middle of quotes, at a closing quote, at a comma: found at
 * the same byte and in the same state however the input is split. */
static void test_record_limit_edges(void **state)
{
    (void)state;
    const size_t max = MED_CSV_MAX_RECORD;
    size_t size;
    /* The closing quote is the byte over the limit. */
    char *s = repeat('x', max - 1, "\"", "\"\nz\n", &size);
    expect_limit(s, size, "E10 1:1048577\n2:1\n");
    free(s);
    /* A quote open since line 2 runs past the limit: reported there, line 3 is read again. */
    char *head = repeat('x', 100, "h\n\"", "\n", &size);
    s = repeat('y', max, head, "\"\nnext\n", &size);
    free(head);
    expect_limit(s, size, "1:1\nE10 2:1\nE3 3:1048577\n4:4\n");
    free(s);
    /* The byte over the limit is a line end inside quotes. */
    s = repeat('x', max - 1, "\"", "\nabc\",d\nz\n", &size);
    expect_limit(s, size, "E10 1:1\nE3 2:4\n3:1\n");
    free(s);
    /* Within the limit, but a stray byte follows the closing quote. */
    s = repeat('x', max - 2, "\"", "\"q\nz\n", &size);
    expect_limit(s, size, "E3 1:1048577\n2:1\n");
    free(s);
    /* A last empty field ends exactly at the limit; one byte later it does not fit. */
    s = repeat('x', max - 1, "", ",\nz\n", &size);
    expect_limit(s, size, "1:1048576\n2:1\n");
    free(s);
    s = repeat('x', max, "", ",\nz\n", &size);
    expect_limit(s, size, "E10 1:1048577\n2:1\n");
    free(s);
    /* At the end of the input without a line end. */
    s = repeat('x', max, "", "", &size);
    expect_limit(s, size, "1:1048576\n");
    free(s);
    s = repeat('x', max + 1, "", "", &size);
    expect_limit(s, size, "E10 1:1048577\n");
    free(s);
}

static void test_record_limit_message(void **state)
{
    (void)state;
    size_t size;
    char *s = repeat('x', MED_CSV_MAX_RECORD + 10, "a,", "\n", &size);
    med_error err = first_error(s, size, "big.csv");
    free(s);
    assert_int_equal(err.code, MED_ERR_LIMIT);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.source, "big.csv");
    assert_non_null(strstr(err.message, "record longer than 1048576 bytes"));
    assert_int_equal(strncmp(err.text, "a,xxxx", 6), 0);
}

/* A stray quote in a long file: the open field passes the limit, the error points at the quote,
 * and every line after the quote's is read again. */
static void test_stray_quote_in_long_file(void **state)
{
    (void)state;
    size_t rows = MED_CSV_MAX_RECORD / 10 + 100, size = 0;
    char *data = malloc(16 * rows + 32);
    assert_non_null(data);
    size += (size_t)sprintf(data, "h\n1,\"stray\n");
    for (size_t r = 0; r < rows; r++)
        size += (size_t)sprintf(data + size, "%zu,row\n", 100000 + r);
    source s = make_source(data, size, 0);
    med_csv *csv = NULL;
    assert_int_equal(med_csv_new(read_source, &s, NULL, &csv), MED_OK);
    const char *const *fields;
    size_t count, seen = 0;
    long line;
    med_error err;
    assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_OK);
    assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_ERR_LIMIT);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    assert_non_null(strstr(err.message, "quoted field opened at line 2 column 3 is still open"));
    for (;;) {
        assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_OK);
        if (fields == NULL)
            break;
        assert_int_equal(count, 2);
        assert_int_equal(line, (long)(3 + seen));
        assert_int_equal(strtol(fields[0], NULL, 10), (long)(100000 + seen));
        seen++;
    }
    assert_int_equal(seen, rows);
    med_csv_free(csv);
    free(data);
}

static void test_field_limit(void **state)
{
    (void)state;
    size_t size = 2 * (MED_CSV_MAX_FIELDS + 1) + 8;
    char *data = malloc(size * 2);
    assert_non_null(data);
    /* Line 1: exactly MED_CSV_MAX_FIELDS fields; line 2: one more; line 3: fine. */
    size_t n = 0;
    for (int line = 0; line < 2; line++) {
        for (int f = 0; f < MED_CSV_MAX_FIELDS + line; f++) {
            data[n++] = 'a';
            data[n++] = ',';
        }
        data[n - 1] = '\n';
    }
    memcpy(data + n, "ok\n", 4);
    n += 3;
    source s = make_source(data, n, 7);
    char *got = transcript_of(&s, NULL);
    /* The 1025th field starts at column 2 * 1024 + 1. */
    char *err = strstr(got, "\nE10 2:2049\n3:ok\n");
    assert_non_null(err);
    assert_int_equal(strncmp(got, "1:a|a|", 6), 0);
    free(got);
    med_error e = first_error(data, n, NULL);
    assert_int_equal(e.code, MED_ERR_LIMIT);
    assert_non_null(strstr(e.message, "more than 1024 fields"));
    free(data);
}

/* ---- input ----------------------------------------------------------------------------------- */

static void test_io_failure(void **state)
{
    (void)state;
    static const char data[] = "a,b\nc,d\ne,f\n";
    source s = make_source(data, sizeof data - 1, 4);
    s.fail_at = 8;
    med_csv *csv = NULL;
    assert_int_equal(med_csv_new(read_source, &s, "io.csv", &csv), MED_OK);
    const char *const *fields;
    size_t count;
    long line;
    med_error err;
    assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_OK);
    assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_OK);
    assert_string_equal(fields[0], "c");
    assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_ERR_IO);
    assert_null(fields);
    assert_int_equal(err.code, MED_ERR_IO);
    assert_string_equal(err.source, "io.csv");
    assert_int_equal(err.line, 3);
    /* Afterwards: the end of the input, not the same error forever. */
    assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_OK);
    assert_null(fields);
    med_csv_free(csv);

    /* A failure in the middle of a record loses the partial record. */
    s = make_source(data, sizeof data - 1, 0);
    s.fail_at = 6;
    char *got = transcript_of(&s, NULL);
    assert_string_equal(got, "1:a|b\nE2 2:0\n");
    free(got);
}

static void test_end_is_sticky(void **state)
{
    (void)state;
    source s = make_source("a\n", 2, 0);
    med_csv *csv = NULL;
    assert_int_equal(med_csv_new(read_source, &s, NULL, &csv), MED_OK);
    const char *const *fields;
    size_t count;
    long line = -1;
    assert_int_equal(med_csv_next(csv, &fields, &count, &line, NULL), MED_OK);
    assert_int_equal(count, 1);
    assert_int_equal(line, 1);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(med_csv_next(csv, &fields, &count, &line, NULL), MED_OK);
        assert_null(fields);
        assert_int_equal(count, 0);
    }
    assert_int_equal(s.ends, 1); /* the callback is not asked again after it said "end" */
    med_csv_free(csv);
}

/* Every piece of the reader at once, through several chunk sizes: the same records. */
static void test_chunk_boundaries(void **state)
{
    (void)state;
    static const char data[] =
        "\xEF\xBB\xBF" "id,drug,sig\r\n"
        "1,oxycodone,\"10 mg q6h\"\r\n"
        "\r\n"
        "2,\"hydrocodone/apap\",\"5/325 mg\n1-2 tabs\r\nq4-6h \"\"prn\"\"\"\n"
        "3,bad\"quote,x\n"
        "4,\"\",\"\"\"\"\r"
        "5,\"x\"y,z\n"
        "6,nul\0,z\n"
        "\n"
        "7,,last";
    static const char *want = "1:id|drug|sig\n"
                              "2:1|oxycodone|10 mg q6h\n"
                              "4:2|hydrocodone/apap|5/325 mg\\n1-2 tabs\\r\\nq4-6h \"prn\"\n"
                              "E3 7:6\n"
                              "8:4||\"\n"
                              "E3 9:6\n"
                              "E3 10:6\n"
                              "12:7||last\n";
    char *whole = transcript_n(data, sizeof data - 1, 0);
    assert_string_equal(whole, want);
    for (size_t chunk = 1; chunk <= 40; chunk++) {
        char *got = transcript_n(data, sizeof data - 1, chunk);
        assert_string_equal(got, whole);
        free(got);
    }
    free(whole);
}

/* The plain records, read eight bytes at a time when the line is in the buffer, against the
 * careful scan (reads of one byte never hold a whole line): commas at every place in a word,
 * fields across words, lines of every length to 40 bytes, a tab, a CR inside, high bytes, the
 * limit on fields. */
static void test_plain_words(void **state)
{
    (void)state;
    static const char *const cells[] = {"", "a", "bc", ",", "d,e", "f\tg", "\xC3\xA9h",
                                        "ijklmnopq", "r\rs", " t "};
    size_t ncells = sizeof cells / sizeof cells[0];
    static char data[16384];
    size_t len = 0;
    for (size_t width = 1; width <= 40; width++)
        for (size_t c = 0; c < ncells; c++) {
            size_t start = len;
            for (size_t k = c; len - start < width; k += 3) {
                const char *cell = cells[k % ncells];
                size_t n = strlen(cell);
                memcpy(data + len, cell, n);
                len += n;
            }
            memcpy(data + len, width % 3 ? "\n" : "\r\n", 2);
            len += width % 3 ? 1 : 2;
            assert_true(len + 64 < sizeof data);
        }
    char *whole = transcript_n(data, len, 0);
    char *bytes = transcript_n(data, len, 1);
    assert_string_equal(whole, bytes);
    free(whole);
    free(bytes);
    /* MED_CSV_MAX_FIELDS fields fit; one more is an error, by either scan. */
    static char wide[2 * MED_CSV_MAX_FIELDS + 8];
    memset(wide, ',', sizeof wide);
    memcpy(wide + MED_CSV_MAX_FIELDS - 1, "\n", 1);
    memcpy(wide + 2 * MED_CSV_MAX_FIELDS, "\nx\n", 3);
    whole = transcript_n(wide, 2 * MED_CSV_MAX_FIELDS + 3, 0);
    bytes = transcript_n(wide, 2 * MED_CSV_MAX_FIELDS + 3, 1);
    assert_string_equal(whole, bytes);
    assert_non_null(strstr(whole, "E10 2:"));
    assert_non_null(strstr(whole, "\n3:x\n"));
    free(whole);
    free(bytes);
}

/* Quotes, NULs and CRs, looked for once and remembered, found again as the records pass them
 * and as more input arrives: a file of plain rows far larger than the reader's buffer with a
 * rare quoted row, CRLF row, bare CR or NUL, read whole, in odd chunks and a byte at a time. */
static void test_rare_specials(void **state)
{
    (void)state;
    size_t cap = 400000, len = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    for (size_t row = 0; len + 100 < cap; row++) {
        const char *tail = row % 997 == 5    ? ",\"q,\"\"x\"\"\"\n"
                           : row % 1499 == 7 ? ",crlf\r\n"
                           : row % 2003 == 9 ? ",bare\rcr\n"
                           : row % 4001 == 11 ? ",nul\0x\n"
                                              : ",plain\n";
        len += (size_t)snprintf(data + len, cap - len, "%zu,oxycodone,10,mg", row);
        size_t n = strlen(tail) + (strstr(tail, "nul") ? 3 : 0);
        memcpy(data + len, tail, n);
        len += n;
    }
    char *whole = transcript_n(data, len, 0);
    assert_non_null(strstr(whole, "|q,\"x\"\n"));
    static const size_t chunks[] = {1, 4093, 65537};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        char *got = transcript_n(data, len, chunks[c]);
        assert_string_equal(got, whole);
        free(got);
    }
    free(whole);
    free(data);
}

/* Rows made on the fly, so the input is far larger than the reader's buffer. */
typedef struct rows {
    size_t left;
    char pending[64];
    size_t plen, ppos;
    size_t made;
} rows;

static size_t read_rows(void *context, char *buf, size_t capacity, int *failed)
{
    rows *r = context;
    size_t n = 0;
    (void)failed;
    while (n < capacity) {
        if (r->ppos == r->plen) {
            if (r->left == 0)
                break;
            r->left--;
            r->plen = (size_t)snprintf(r->pending, sizeof r->pending,
                                       "%zu,oxycodone,\"10 mg, q6h\",\"a \"\"b\"\"\"\r\n", r->made++);
            r->ppos = 0;
        }
        buf[n++] = r->pending[r->ppos++];
    }
    return n;
}

static void test_long_stream(void **state)
{
    (void)state;
    rows r = {200000, "", 0, 0, 0};
    med_csv *csv = NULL;
    assert_int_equal(med_csv_new(read_rows, &r, NULL, &csv), MED_OK);
    const char *const *fields;
    size_t count, seen = 0;
    long line;
    med_error err;
    char id[32];
    for (;;) {
        assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_OK);
        if (fields == NULL)
            break;
        assert_int_equal(count, 4);
        snprintf(id, sizeof id, "%zu", seen);
        assert_string_equal(fields[0], id);
        assert_string_equal(fields[2], "10 mg, q6h");
        assert_string_equal(fields[3], "a \"b\"");
        assert_int_equal(line, (long)seen + 1);
        seen++;
    }
    assert_int_equal(seen, 200000);
    med_csv_free(csv);
}

static void test_arguments(void **state)
{
    (void)state;
    med_csv *csv = (med_csv *)&csv;
    source s = make_source("", 0, 0);
    assert_int_equal(med_csv_new(NULL, &s, NULL, &csv), MED_ERR_ARGUMENT);
    assert_null(csv);
    assert_int_equal(med_csv_new(read_source, &s, NULL, NULL), MED_ERR_ARGUMENT);
    const char *const *fields = NULL;
    size_t count;
    med_error err;
    assert_int_equal(med_csv_next(NULL, &fields, &count, NULL, &err), MED_ERR_ARGUMENT);
    assert_int_equal(err.code, MED_ERR_ARGUMENT);
    assert_int_equal(med_csv_new(read_source, &s, NULL, &csv), MED_OK);
    assert_int_equal(med_csv_next(csv, NULL, &count, NULL, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_csv_next(csv, &fields, NULL, NULL, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_csv_next_record(NULL, &count, NULL, &err), MED_ERR_ARGUMENT);
    assert_int_equal(err.code, MED_ERR_ARGUMENT);
    assert_int_equal(med_csv_next_record(csv, NULL, NULL, NULL), MED_ERR_ARGUMENT);
    assert_null(med_csv_field(NULL, 0).text);
    assert_null(med_csv_field(csv, 0).text); /* no record read yet */
    med_csv_free(csv);
    med_csv_free(NULL);
}

/* med_csv_next and med_csv_next_record on one reader: each reads the next record, and
 * med_csv_field reads the fields of whichever came last (quoted or not). */
static void test_mixed_calls(void **state)
{
    (void)state;
    static const char data[] = "h1,h2\na,b\nc,d\n\"e,\"\"f\",g\nh,i\n";
    source s = make_source(data, sizeof data - 1, 0);
    med_csv *csv = NULL;
    assert_int_equal(med_csv_new(read_source, &s, NULL, &csv), MED_OK);
    const char *const *fields;
    size_t count;
    long line;
    med_error err;
    static const char *const want[][2] = {{"h1", "h2"}, {"a", "b"}, {"c", "d"}, {"e,\"f", "g"},
                                          {"h", "i"}};
    for (size_t r = 0; r < 5; r++) {
        if (r % 2 == 0) {
            assert_int_equal(med_csv_next(csv, &fields, &count, &line, &err), MED_OK);
            assert_string_equal(fields[0], want[r][0]);
        } else {
            assert_int_equal(med_csv_next_record(csv, &count, &line, &err), MED_OK);
        }
        assert_int_equal(count, 2);
        assert_int_equal(line, (long)r + 1);
        for (size_t j = 0; j < 2; j++) {
            med_csv_span f = med_csv_field(csv, j);
            assert_int_equal(f.len, strlen(want[r][j]));
            assert_memory_equal(f.text, want[r][j], f.len);
        }
    }
    assert_int_equal(med_csv_next_record(csv, &count, &line, &err), MED_OK);
    assert_int_equal(count, 0);
    assert_null(med_csv_field(csv, 0).text);
    med_csv_free(csv);
}

/* ---- quoting --------------------------------------------------------------------------------- */

static void expect_quote(const char *in, const char *out)
{
    char buf[64];
    memset(buf, 'Z', sizeof buf);
    assert_int_equal(med_csv_quote(in, buf, sizeof buf), strlen(out));
    assert_string_equal(buf, out);
    assert_int_equal(med_csv_quote(in, NULL, 0), strlen(out));
}

static void test_quote(void **state)
{
    (void)state;
    expect_quote("plain", "plain");
    expect_quote("", "");
    expect_quote(" lead and trail ", " lead and trail ");
    expect_quote("a,b", "\"a,b\"");
    expect_quote("5\" tab", "\"5\"\" tab\"");
    expect_quote("\"", "\"\"\"\"");
    expect_quote("a\nb", "\"a\nb\"");
    expect_quote("a\rb", "\"a\rb\"");
    expect_quote(NULL, "");
}

static void test_quote_capacity(void **state)
{
    (void)state;
    char buf[10];
    /* a,"b is written "a,""b": 7 bytes. Never more than capacity is written, always a NUL. */
    for (size_t cap = 0; cap <= sizeof buf; cap++) {
        memset(buf, 'Z', sizeof buf);
        assert_int_equal(med_csv_quote("a,\"b", buf, cap), 7);
        for (size_t j = cap; j < sizeof buf; j++)
            assert_int_equal(buf[j], 'Z');
        if (cap > 0) {
            assert_int_equal(strlen(buf), cap - 1 < 7 ? cap - 1 : 7);
            assert_int_equal(strncmp(buf, "\"a,\"\"b\"", strlen(buf)), 0);
        }
    }
    char exact[8];
    assert_int_equal(med_csv_quote("a,\"b", exact, sizeof exact), 7);
    assert_string_equal(exact, "\"a,\"\"b\"");
}

/* What med_csv_quote writes, the reader reads back unchanged. */
static void test_quote_round_trip(void **state)
{
    (void)state;
    static const char *fields[] = {"plain", "", "a,b", "q\"q", "multi\nline", "cr\rlf\r\n",
                                   " sp ", "\"\"", ",", "last"};
    size_t n = sizeof fields / sizeof fields[0];
    char line[512];
    size_t len = 0;
    for (size_t j = 0; j < n; j++) {
        if (j)
            line[len++] = ',';
        len += med_csv_quote(fields[j], line + len, sizeof line - len);
        assert_true(len < sizeof line);
    }
    line[len++] = '\n';
    source s = make_source(line, len, 3);
    med_csv *csv = NULL;
    assert_int_equal(med_csv_new(read_source, &s, NULL, &csv), MED_OK);
    const char *const *got;
    size_t count;
    assert_int_equal(med_csv_next(csv, &got, &count, NULL, NULL), MED_OK);
    assert_int_equal(count, n);
    for (size_t j = 0; j < n; j++)
        assert_string_equal(got[j], fields[j]);
    med_csv_free(csv);
}

/* ---- allocation failures ---------------------------------------------------------------------
 * The reader is compiled a second time into this test, with its allocator replaced by one that
 * fails on request and counts live blocks, and with its public names changed so that it cannot
 * clash with the copy in libmed.a. */

static long fi_allow = -1; /* allocations that may still succeed; -1: all */
static long fi_live;       /* blocks allocated and not yet freed */

static int fi_refuse(void)
{
    if (fi_allow == 0)
        return 1;
    if (fi_allow > 0)
        fi_allow--;
    return 0;
}

static void *fi_malloc(size_t size)
{
    void *p = fi_refuse() ? NULL : malloc(size);
    fi_live += p != NULL;
    return p;
}

static void *fi_calloc(size_t count, size_t size)
{
    void *p = fi_refuse() ? NULL : calloc(count, size);
    fi_live += p != NULL;
    return p;
}

static void *fi_realloc(void *old, size_t size)
{
    void *p = fi_refuse() ? NULL : realloc(old, size);
    fi_live += p != NULL && old == NULL;
    return p;
}

static void fi_free(void *p)
{
    fi_live -= p != NULL;
    free(p);
}

med_status fi_csv_new(med_read_fn read, void *context, const char *name, med_csv **out);
void fi_csv_free(med_csv *csv);
med_status fi_csv_next(med_csv *csv, const char *const **fields, size_t *count, long *line,
                       med_error *error);
size_t fi_csv_quote(const char *text, char *buf, size_t capacity);
size_t fi_csv_record_text(const med_csv *csv, char *buf, size_t capacity);
med_status fi_csv_new_at(med_read_fn read, void *context, const char *name, long first_line,
                         med_csv **out);
med_status fi_csv_position(const med_csv *csv, unsigned long long *offset, long *line);
med_status fi_csv_new_in_place(char *data, size_t len, size_t capacity, const char *name,
                               long first_line, med_csv **out);
med_status fi_csv_next_record(med_csv *csv, size_t *count, long *line, med_error *error);
med_csv_span fi_csv_field(const med_csv *csv, size_t index);

#define malloc fi_malloc
#define calloc fi_calloc
#define realloc fi_realloc
#define free fi_free
#define med_csv_new fi_csv_new
#define med_csv_free fi_csv_free
#define med_csv_next fi_csv_next
#define med_csv_quote fi_csv_quote
#define med_csv_record_text fi_csv_record_text
#define med_csv_new_at fi_csv_new_at
#define med_csv_position fi_csv_position
#define med_csv_new_in_place fi_csv_new_in_place
#define med_csv_next_record fi_csv_next_record
#define med_csv_field fi_csv_field
#define med__csv_count fi__csv_count
#define med__csv_plain_span fi__csv_plain_span
#include "common/csv.c"
#undef malloc
#undef calloc
#undef realloc
#undef free
#undef med_csv_new
#undef med_csv_free
#undef med_csv_next
#undef med_csv_quote
#undef med_csv_new_at
#undef med_csv_position
#undef med_csv_new_in_place
#undef med_csv_record_text
#undef med_csv_next_record
#undef med_csv_field
#undef med__csv_count
#undef med__csv_plain_span

/* Reads everything with the failing copy, allowing `allow` allocations, then all of them again
 * after the first failure; NOMEM outcomes are retried and left out of the transcript. */
static char *fi_transcript(const char *data, size_t size, size_t chunk, long allow, int *failures)
{
    source s = make_source(data, size, chunk);
    strbuf t = {NULL, 0, 0};
    append(&t, "", 0);
    med_csv *csv = NULL;
    fi_allow = allow;
    med_status st = fi_csv_new(read_source, &s, "fi.csv", &csv);
    if (st != MED_OK) {
        assert_int_equal(st, MED_ERR_NOMEM);
        assert_null(csv);
        (*failures)++;
        fi_allow = -1;
        return t.s;
    }
    for (;;) {
        const char *const *fields;
        size_t count;
        long line;
        med_error err;
        st = fi_csv_next(csv, &fields, &count, &line, &err);
        if (st == MED_ERR_NOMEM) {
            assert_int_equal(err.code, MED_ERR_NOMEM);
            (*failures)++;
            fi_allow = -1;
            continue;
        }
        if (st != MED_OK) {
            appendf(&t, "E%d %d:%d\n", (int)st, err.line, err.column);
            continue;
        }
        if (fields == NULL)
            break;
        appendf(&t, "%ld:%zu:", line, count);
        for (size_t j = 0; j < count; j++)
            appendf(&t, "%zu,", strlen(fields[j]));
        append(&t, "\n", 1);
    }
    fi_csv_free(csv);
    fi_allow = -1;
    return t.s;
}

/* Every allocation, failed in turn: MED_ERR_NOMEM, no leak, and retrying loses nothing. */
static void test_allocation_failures(void **state)
{
    (void)state;
    size_t size;
    char *data = repeat('x', 300000, "a,\"b\"\"\"\n", "\n\"q\nr\",\"\"\nbad\"\nz", &size);
    int failures = 0;
    fi_live = 0;
    char *want = fi_transcript(data, size, 4096, -1, &failures);
    assert_int_equal(failures, 0);
    assert_int_equal(fi_live, 0);
    assert_string_equal(want, "1:2:1,2,\n2:1:300000,\n3:2:3,0,\nE3 5:4\n6:1:1,\n");
    int new_failures = 0, next_failures = 0;
    for (long allow = 0; allow < 100; allow++) {
        failures = 0;
        char *got = fi_transcript(data, size, 4096, allow, &failures);
        assert_int_equal(fi_live, 0);
        if (got[0] == '\0') { /* med_csv_new itself failed */
            assert_int_equal(failures, 1);
            new_failures++;
        } else {
            assert_string_equal(got, want);
            next_failures += failures;
        }
        free(got);
        if (failures == 0)
            break; /* every allocation has had its turn */
    }
    assert_true(new_failures > 0);
    assert_true(next_failures > 0); /* the long record made the buffer grow */
    free(want);
    free(data);
}

static size_t read_mem_for_record(void *context, char *buf, size_t cap, int *failed)
{
    struct { const char *s; size_t at; } *src = context;
    size_t left = strlen(src->s) - src->at, n = left < cap ? left : cap;
    memcpy(buf, src->s + src->at, n);
    src->at += n;
    (void)failed;
    return n;
}

/* A plain record of each length up to 80 bytes, commas in places that change with it, comes
 * back as it was read (the copy goes by blocks of 16 bytes and a last one that overlaps). */
static void test_record_text_plain_lengths(void **state)
{
    (void)state;
    for (size_t len = 1; len <= 80; len++) {
        char line[96], buf[96];
        for (size_t i = 0; i < len; i++)
            line[i] = i > 0 && i + 1 < len && (i * 7 + len) % 5 == 0 ? ',' : (char)('a' + i % 26);
        line[len] = '\n';
        line[len + 1] = '\0';
        med_csv *c = NULL;
        const char *const *f;
        size_t n;
        long at;
        med_error e;
        /* twice: the first record is read by the careful scan, the second by the plain path */
        char lines[2 * sizeof line];
        snprintf(lines, sizeof lines, "%s%s", line, line);
        for (int by_record = 0; by_record < 2; by_record++) {
            struct { const char *s; size_t at; } src = {lines, 0};
            assert_int_equal(med_csv_new(read_mem_for_record, &src, "t", &c), MED_OK);
            for (int twice = 0; twice < 2; twice++) {
                if (by_record) {
                    assert_int_equal(med_csv_next_record(c, &n, &at, &e), MED_OK);
                    assert_true(n >= 1);
                } else {
                    assert_int_equal(med_csv_next(c, &f, &n, &at, &e), MED_OK);
                    assert_non_null(f);
                }
                assert_int_equal(med_csv_record_text(c, buf, sizeof buf), len);
                assert_memory_equal(buf, line, len);
                assert_int_equal(buf[len], '\0');
            }
            med_csv_free(c);
        }
    }
}

/* A record passed through: unquoted fields as read, quoted ones quoted again only if needed. */
static void test_record_text(void **state)
{
    (void)state;
    static const char input[] = "a,\"b,1\",\"plain\",\"q\"\"x\",,z\r\n";
    med_csv *c = NULL;
    const char *const *f;
    size_t n;
    long line;
    med_error e;
    struct { const char *s; size_t at; } src = {input, 0};
    assert_int_equal(med_csv_new(read_mem_for_record, &src, "t", &c), MED_OK);
    assert_int_equal(med_csv_next(c, &f, &n, &line, &e), MED_OK);
    char buf[64];
    size_t len = med_csv_record_text(c, buf, sizeof buf);
    assert_string_equal(buf, "a,\"b,1\",plain,\"q\"\"x\",,z");
    assert_int_equal(len, strlen(buf));
    assert_int_equal(med_csv_record_text(c, buf, 4), len); /* too small: length still told */
    assert_int_equal(strlen(buf), 3);
    med_csv_free(c);
}

/* ---- reading in pieces ----------------------------------------------------------------------- */

/* The header read, med_csv_position says where the data begins; a reader started there with
 * med_csv_new_at reads the same records, with the same line numbers, and sees no BOM. */
static void test_position_and_new_at(void **state)
{
    (void)state;
    static const char data[] = "\xEF\xBB\xBFh1,h2\r\n\n\"a\nb\",1\nc,2\n";
    source s = make_source(data, sizeof data - 1, 3);
    med_csv *csv;
    const char *const *fields;
    size_t n;
    long line = 0;
    unsigned long long offset = 0;
    med_error e;
    assert_int_equal(med_csv_new(read_source, &s, "x.csv", &csv), MED_OK);
    assert_int_equal(med_csv_next(csv, &fields, &n, &line, &e), MED_OK);
    assert_string_equal(fields[0], "h1");
    assert_int_equal(med_csv_position(csv, &offset, &line), MED_OK);
    assert_int_equal(offset, 10); /* BOM, header, CRLF */
    assert_int_equal(line, 2);
    med_csv_free(csv);

    source rest = make_source(data + offset, sizeof data - 1 - offset, 2);
    assert_int_equal(med_csv_new_at(read_source, &rest, "x.csv", line, &csv), MED_OK);
    assert_int_equal(med_csv_next(csv, &fields, &n, &line, &e), MED_OK);
    assert_int_equal(n, 2);
    assert_string_equal(fields[0], "a\nb");
    assert_int_equal(line, 3);
    assert_int_equal(med_csv_next(csv, &fields, &n, &line, &e), MED_OK);
    assert_string_equal(fields[0], "c");
    assert_int_equal(line, 5);
    assert_int_equal(med_csv_position(csv, &offset, &line), MED_OK);
    assert_int_equal(offset, sizeof data - 1 - 10);
    assert_int_equal(line, 6);
    med_csv_free(csv);

    /* Bytes that look like a BOM in the middle of a file are data. */
    static const char bom[] = "\xEF\xBB\xBFx,1\n";
    source mid = make_source(bom, sizeof bom - 1, 0);
    assert_int_equal(med_csv_new_at(read_source, &mid, NULL, 7, &csv), MED_OK);
    assert_int_equal(med_csv_next(csv, &fields, &n, &line, &e), MED_OK);
    assert_string_equal(fields[0], "\xEF\xBB\xBFx");
    assert_int_equal(line, 7);
    med_csv_free(csv);
    assert_int_equal(med_csv_new_at(read_source, &mid, NULL, 0, &csv), MED_ERR_ARGUMENT);
    assert_null(csv);
    assert_int_equal(med_csv_position(NULL, &offset, &line), MED_ERR_ARGUMENT);
}

/* One record or error as text, for comparing two readers. */
static void describe_next(med_csv *csv, char *out, size_t cap, int *end)
{
    const char *const *fields;
    size_t n;
    long line = 0;
    med_error e;
    med_status st = med_csv_next(csv, &fields, &n, &line, &e);
    *end = st == MED_OK && fields == NULL;
    if (st != MED_OK) {
        snprintf(out, cap, "error %d at %d:%d: %s [%s]", (int)st, e.line, e.column, e.message,
                 e.text);
        return;
    }
    size_t k = (size_t)snprintf(out, cap, "line %ld, %zu fields:", line, n);
    for (size_t i = 0; i < n && k < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "[%s]", fields[i]);
}

/* A reader in place yields the records, line numbers and errors a reader through a callback
 * does over the same bytes, without copying them: its fields lie inside the caller's bytes. */
static void test_new_in_place(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "a,b\nc,d\n",
        "a,b\nc,d",                         /* no line end: the NUL takes the spare byte */
        "\"x\ny\",1\r\n\n\"q\"\"z\",2\rlast,\"\"",
        "a,b\"c\nok,1\n",                   /* a stray quote, then a good record */
        "\"open,1\nnext,2\nthird,3\n",      /* an unterminated quote is read again after */
        "a,\"b\"x\nn\0ul,1\nafter,2\n",     /* text after a closing quote; a NUL byte */
        "\xEF\xBB\xBFx,1\n",                /* a BOM only opens a file */
    };
    static const size_t sizes[] = {8, 7, 26, 11, 23, 22, 7};
    for (size_t t = 0; t < sizeof inputs / sizeof *inputs; t++) {
        char copy[64];
        memcpy(copy, inputs[t], sizes[t]);
        memset(copy + sizes[t], 'Z', sizeof copy - sizes[t]); /* a spare byte that is not NUL */
        /* In reads as large as it asks for: an error's excerpt shows what the buffer holds. */
        source src = make_source(inputs[t], sizes[t], 0);
        med_csv *a, *b;
        assert_int_equal(med_csv_new_at(read_source, &src, "p.csv", 4, &a), MED_OK);
        assert_int_equal(med_csv_new_in_place(copy, sizes[t], sizes[t] + 1, "p.csv", 4, &b),
                         MED_OK);
        for (int end_a = 0, end_b = 0, guard = 0; !end_a && guard < 20; guard++) {
            char da[512], db[512];
            describe_next(a, da, sizeof da, &end_a);
            describe_next(b, db, sizeof db, &end_b);
            assert_string_equal(da, db);
            assert_int_equal(end_a, end_b);
        }
        med_csv_free(a);
        med_csv_free(b);
    }

    char data[] = "k,v\n";
    const char *const *fields;
    size_t n;
    med_error e;
    med_csv *csv;
    assert_int_equal(med_csv_new_in_place(data, 4, 5, NULL, 1, &csv), MED_OK);
    assert_int_equal(med_csv_next(csv, &fields, &n, NULL, &e), MED_OK);
    assert_ptr_equal(fields[0], data); /* read where it lies */
    assert_ptr_equal(fields[1], data + 2);
    assert_int_equal(med_csv_next(csv, &fields, &n, NULL, &e), MED_OK);
    assert_null(fields);
    med_csv_free(csv);
    assert_int_equal(med_csv_new_in_place(data, 4, 4, NULL, 1, &csv), MED_ERR_ARGUMENT);
    assert_null(csv);
    assert_int_equal(med_csv_new_in_place(NULL, 0, 1, NULL, 1, &csv), MED_ERR_ARGUMENT);
    assert_int_equal(med_csv_new_in_place(data, 4, 5, NULL, 0, &csv), MED_ERR_ARGUMENT);
    assert_int_equal(med_csv_new_in_place(data, 4, 5, NULL, 1, NULL), MED_ERR_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_final_line_without_newline),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_blank_lines_skipped),
        cmocka_unit_test(test_bare_cr),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_multiline_fields_and_line_numbers),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_quote_in_unquoted_field),
        cmocka_unit_test(test_after_closing_quote),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_resume_good_error_good),
        cmocka_unit_test(test_record_text),
        cmocka_unit_test(test_record_text_plain_lengths),
        cmocka_unit_test(test_record_limit),
        cmocka_unit_test(test_record_limit_edges),
        cmocka_unit_test(test_record_limit_message),
        cmocka_unit_test(test_stray_quote_in_long_file),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_io_failure),
        cmocka_unit_test(test_end_is_sticky),
        cmocka_unit_test(test_chunk_boundaries),
        cmocka_unit_test(test_plain_words),
        cmocka_unit_test(test_rare_specials),
        cmocka_unit_test(test_long_stream),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_mixed_calls),
        cmocka_unit_test(test_quote),
        cmocka_unit_test(test_quote_capacity),
        cmocka_unit_test(test_quote_round_trip),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_position_and_new_at),
        cmocka_unit_test(test_new_in_place),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
