/* Fuzz target: a claims or regimen CSV file through med_batch, as `medcalc batch` reads it: the
 * header to med_batch_new, each record to med_batch_row (a record the reader cannot split is an
 * error row too). Nothing is lost: one result per record, each a valid result. The table and
 * method are chosen by a hash of the input. A header with an ndc column loads the shipped NDC
 * list, which takes milliseconds, so that column is kept for one input in eight and otherwise
 * renamed to pass through (fuzz_ndc covers the codes themselves). A second batch computes
 * each record with med_batch_row_csv, straight from the reader, and must agree row by row. A
 * second reader of the same bytes reads each record with med_csv_next_record (as `medcalc batch`
 * does: split, not written), whose fields (med_csv_field), line and errors must be those of
 * med_csv_next, and a third batch computes it from that reader: the same rows again. */
#include "fuzz.h"

#define TABLES 5

static const med_table *table(size_t i)
{
    static med_table *t[TABLES];
    med_error e;
    if (t[i] == NULL && med_table_load_embedded(med_embedded_table_ids()[i], &t[i], &e) != MED_OK)
        abort();
    return t[i];
}

/* "ndc" as med_batch reads a header name: without case and surrounding spaces. */
static int is_ndc(const char *name)
{
    while (*name == ' ')
        name++;
    if ((name[0] | 32) != 'n' || (name[1] | 32) != 'd' || (name[2] | 32) != 'c')
        return 0;
    for (name += 3; *name == ' '; name++)
        ;
    return *name == '\0';
}

/* The record `by_record` last read with med_csv_next_record (status s, count, line, error e) is
 * the one med_csv_next gave (status want, fields f, n, want_line, error want_e). */
static void same_record(med_status s, const med_csv *by_record, size_t count, long line,
                        const med_error *e, med_status want, const char *const *f, size_t n,
                        long want_line, const med_error *want_e)
{
    FUZZ_CHECK(s == want, "the record reader gives the same status");
    if (s != MED_OK) {
        FUZZ_CHECK(e->line == want_e->line && e->column == want_e->column &&
                       strcmp(e->message, want_e->message) == 0,
                   "the record reader gives the same error");
        return;
    }
    FUZZ_CHECK(count == (f ? n : 0), "the record reader gives the same fields");
    if (f == NULL)
        return;
    FUZZ_CHECK(line == want_line, "the record reader gives the same line");
    for (size_t i = 0; i < n; i++) {
        med_csv_span field = med_csv_field(by_record, i);
        FUZZ_CHECK(field.text != NULL && field.len == strlen(f[i]) &&
                       memcmp(field.text, f[i], field.len) == 0,
                   "the record reader gives the same field");
    }
    FUZZ_CHECK(med_csv_field(by_record, n).text == NULL, "no field past the count");
}

/* Texts and error of the row just computed by `b` are those of `one`'s. */
static void same_row(med_batch *b, med_batch *one, med_status found, const med_error *row_error)
{
    static const med_text texts[] = {MED_TEXT_MESSAGE, MED_TEXT_ARITHMETIC, MED_TEXT_MME,
                                     MED_TEXT_FACTOR_APPLIED};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        FUZZ_CHECK(strcmp(med_batch_text(b, texts[i]), med_batch_text(one, texts[i])) == 0,
                   "the same texts from the reader");
    med_error same_error;
    if (found == MED_OK)
        FUZZ_CHECK(med_batch_error(b, &same_error) == MED_OK &&
                       strcmp(same_error.message, row_error->message) == 0 &&
                       same_error.line == row_error->line,
                   "the same error from the reader");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_source src = {data, size, 0, 0}, src2 = {data, size, 0, 0};
    med_csv *c, *rc = NULL;
    const char *const *f;
    size_t n;
    long line;
    med_error e;
    size_t count;
    long rline;
    med_error re;
    if (med_csv_new(fuzz_read, &src, "<fuzz>", &c) != MED_OK)
        return 0;
    med_batch *one = NULL, *by_reader = NULL, *by_record = NULL;
    uint32_t h = fuzz_hash(data, size);
    if (med_csv_new(fuzz_read, &src2, "<fuzz>", &rc) != MED_OK)
        goto out;
    med_status first = med_csv_next(c, &f, &n, &line, &e);
    med_status got = med_csv_next_record(rc, &count, &rline, &re);
    same_record(got, rc, count, rline, &re, first, f, n, line, &e);
    if (first != MED_OK || f == NULL)
        goto out;
    const char **header = malloc(n * sizeof *header);
    if (header == NULL)
        goto out;
    for (size_t i = 0; i < n; i++)
        header[i] = h % 8 != 0 && is_ndc(f[i]) ? "ndc (passed through)" : f[i];
    med_status s = med_batch_new(table(h % TABLES), header, n, (med_method)(h / TABLES % 3), &one,
                                 &e);
    if (s == MED_OK)
        s = med_batch_new(table(h % TABLES), header, n, (med_method)(h / TABLES % 3), &by_reader,
                          &e);
    if (s == MED_OK)
        s = med_batch_new(table(h % TABLES), header, n, (med_method)(h / TABLES % 3), &by_record,
                          &e);
    free(header);
    if (s != MED_OK) {
        fuzz_check_error(s, &e);
        goto out;
    }
    size_t lists = med_batch_ndc_list_count(one);
    FUZZ_CHECK(lists == 0 || med_batch_ndc_list(one, lists - 1) != NULL, "lists listed");
    for (size_t calls = 0;; calls++) {
        FUZZ_CHECK(calls <= size + 1, "the reader makes progress");
        s = med_csv_next(c, &f, &n, &line, &e);
        got = med_csv_next_record(rc, &count, &rline, &re);
        same_record(got, rc, count, rline, &re, s, f, n, line, &e);
        if (s == MED_OK && f == NULL)
            break;
        med_result r = MED_RESULT_INIT;
        if (s != MED_OK) {
            fuzz_check_error(s, &e); /* the CLI writes this as the record's error row */
            continue;
        }
        FUZZ_CHECK(med_batch_row(one, f, n, line, &r) == MED_OK, "every row gives a result");
        fuzz_check_result(&r, med_batch_text(one, MED_TEXT_MESSAGE),
                          med_batch_text(one, MED_TEXT_ARITHMETIC),
                          med_batch_text(one, MED_TEXT_MME));
        /* an error row, and only one, has a located error of its kind */
        med_error row_error;
        med_status found = med_batch_error(one, &row_error);
        if (r.status == MED_RESULT_ERROR) {
            FUZZ_CHECK(found == MED_OK, "an error row has its error");
            fuzz_check_error(r.error, &row_error);
        } else {
            FUZZ_CHECK(found == MED_ERR_NOT_FOUND, "no error for a row that is not one");
        }
        med_result same = MED_RESULT_INIT;
        FUZZ_CHECK(med_batch_row_csv(by_reader, c, line, &same) == MED_OK, "a row from the reader");
        FUZZ_CHECK(same.status == r.status && same.error == r.error &&
                       same.mme_hundredths == r.mme_hundredths,
                   "the same result from the reader");
        same_row(by_reader, one, found, &row_error);
        med_result rec = MED_RESULT_INIT;
        FUZZ_CHECK(med_batch_row_csv(by_record, rc, rline, &rec) == MED_OK, "a row of a record");
        FUZZ_CHECK(rec.status == r.status && rec.error == r.error &&
                       rec.mme_hundredths == r.mme_hundredths,
                   "the same result from the record reader");
        same_row(by_record, one, found, &row_error);
        med_ndc_product p = MED_NDC_PRODUCT_INIT;
        if (med_batch_row_ndc(one, &p) == MED_OK) { /* an NDC, or an RxCUI of an RxNorm list */
            int rx = strcmp(med_ndc_list_get_info(p.list)->key, "rxcui") == 0;
            size_t digits = p.ndc ? strlen(p.ndc) : 0;
            FUZZ_CHECK(rx ? digits >= 1 && digits <= 10 : digits == 11, "the deciding code");
        }
    }
out:
    med_batch_free(one);
    med_batch_free(by_reader);
    med_batch_free(by_record);
    med_csv_free(c);
    med_csv_free(rc);
    return 0;
}
