/* Fuzz target: another calculator's values checked against ours (medcalc agree): a CSV with a
 * header to med_agree_header and each record to med_agree_row (a record the reader cannot
 * split to med_agree_record_error), then the summary and the fingerprint per site (kept for
 * every other input). Every row gets a verdict; a fingerprint accounts for every row. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_source src = {data, size, 0, 0};
    med_csv *c;
    med_agree *a = NULL;
    const char *const *f;
    size_t n;
    long line;
    med_error e;
    if (med_csv_new(fuzz_read, &src, "<fuzz>", &c) != MED_OK)
        return 0;
    if (med_csv_next(c, &f, &n, &line, &e) != MED_OK || f == NULL)
        goto out;
    if (med_agree_new(NULL, (med_method)(fuzz_hash(data, size) % 3), NULL, &a, &e) != MED_OK)
        abort();
    int fingerprints = fuzz_hash(data, size) / 3 % 2;
    if (fingerprints && med_agree_keep_fingerprints(a, &e) != MED_OK)
        abort();
    med_status s = med_agree_header(a, f, n, &e);
    if (s != MED_OK) {
        fuzz_check_error(s, &e);
        goto out;
    }
    size_t rows = 0;
    for (size_t calls = 0;; calls++) {
        FUZZ_CHECK(calls <= size + 1, "the reader makes progress");
        const med_agreement *g = NULL;
        s = med_csv_next(c, &f, &n, &line, &e);
        if (s == MED_OK && f == NULL)
            break;
        rows++;
        if (s != MED_OK)
            med_agree_record_error(a, &e, &g);
        else
            FUZZ_CHECK(med_agree_row(a, f, n, line, &g) == MED_OK, "a verdict for every row");
        FUZZ_CHECK(g != NULL, "a verdict");
        FUZZ_CHECK(g->cause < MED_CAUSE_COUNT && (g->agrees ? g->cause == MED_CAUSE_NONE : 1),
                   "a cause");
        FUZZ_CHECK(g->explanation != NULL, "explanation");
        FUZZ_CHECK(g->changes_decision == (g->crossed_count > 0) && g->thresholds_crossed,
                   "decision");
        FUZZ_CHECK(g->reported && g->difference && g->relative && g->site, "verdict texts");
        fuzz_check_result(&g->ours, med_agree_text(a, MED_TEXT_MESSAGE),
                          med_agree_text(a, MED_TEXT_ARITHMETIC), med_agree_text(a, MED_TEXT_MME));
    }
    const med_agree_site *total = med_agree_get_total(a);
    FUZZ_CHECK(total != NULL && total->rows == rows, "all rows counted");
    size_t sites = med_agree_site_count(a), sum = 0;
    for (size_t i = 0; i < sites; i++) {
        const med_agree_site *site = med_agree_get_site(a, i);
        FUZZ_CHECK(site != NULL, "site");
        sum += site->rows;
        const med_fingerprint *fp = NULL;
        if (!fingerprints)
            continue;
        FUZZ_CHECK(med_agree_fingerprint(a, i, &fp, &e) == MED_OK && fp, "a fingerprint");
        FUZZ_CHECK(fp->rows == site->rows && fp->explained + fp->left_count == fp->rows,
                   "every row explained or left");
        FUZZ_CHECK(fp->best.rows <= fp->rows && fp->part_count <= 3 &&
                   (fp->mixed ? fp->part_count >= 1 : fp->part_count == 0), "calculators");
    }
    FUZZ_CHECK(med_agree_get_site(a, sites) == NULL, "no site past the count");
    FUZZ_CHECK(sum == rows, "sites add up to the rows");
out:
    med_agree_free(a);
    med_csv_free(c);
    return 0;
}
