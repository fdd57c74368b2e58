/* Unit tests for lib/ndc.c and lib/ndc_list.c: NDC normalisation (11 digits, 4-4-2, 5-3-2,
 * 5-4-1; everything else refused with the value named), NDC list files (header, columns, every
 * row check with its line), lookups across lists and their conflicts, and a walk of the whole
 * embedded CDC list: every code resolves, through the list and through a batch row, to the
 * list's ingredient, form, strength and unit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

/* --- normalisation ------------------------------------------------------------------------- */

static void normalizes(const char *text, const char *want)
{
    char out[MED_NDC_SIZE];
    med_error e;
    if (med_ndc_normalize(text, out, &e) != MED_OK)
        fail_msg("'%s' should normalise: %s", text, e.message);
    assert_string_equal(out, want);
}

static void refuses(const char *text)
{
    char out[MED_NDC_SIZE];
    med_error e;
    assert_int_equal(med_ndc_normalize(text, out, &e), MED_ERR_SYNTAX);
    assert_int_equal(e.code, MED_ERR_SYNTAX);
    assert_non_null(strstr(e.message, "is not an NDC"));
    if (text[0] && text[0] != ' ')
        assert_non_null(strstr(e.text, text));
}

static void test_normalize_valid(void **state)
{
    (void)state;
    normalizes("00406055262", "00406055262");     /* 11 digits */
    normalizes("00406-0552-62", "00406055262");   /* 5-4-2 */
    normalizes("0406-0552-62", "00406055262");    /* 4-4-2: pad the labeler */
    normalizes("12345-678-90", "12345067890");    /* 5-3-2: pad the product */
    normalizes("12345-6789-1", "12345678901");    /* 5-4-1: pad the package */
    normalizes("  00406-0552-62 ", "00406055262"); /* spaces around */
}

static void test_normalize_invalid(void **state)
{
    (void)state;
    const char *bad[] = {"0406055262",    /* 10 digits undashed: which segment is short? */
                         "004060552621",  /* 12 digits */
                         "12345-678-9",   /* 5-3-1 */
                         "1234-5678-901", /* 4-4-3 */
                         "123-4567-89",   /* 3-4-2 */
                         "12345--6789-0", "-12345678901", "12345-6789-01-", "12345 6789 01",
                         "abcde-1234-56", "0040605526X", "", "   ", "1-2-3-4"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        refuses(bad[i]);
    char out[MED_NDC_SIZE];
    assert_int_equal(med_ndc_normalize(NULL, out, NULL), MED_ERR_ARGUMENT);
}

/* --- list files -------------------------------------------------------------------------------- */

#define HEADER                                                                                    \
    "id: site-list\n"                                                                             \
    "version: \"2\"\n"                                                                            \
    "title: A site's additions\n"                                                                 \
    "source: formulary export\n"                                                                  \
    "effective: 2025-01-01\n"                                                                     \
    "...\n"

static med_status load(const char *text, med_ndc_list **out, med_error *e)
{
    return med_ndc_list_load_buffer(text, strlen(text), "site.ndc", out, e);
}

static med_ndc_list *must_load(const char *text)
{
    med_ndc_list *l = NULL;
    med_error e;
    if (load(text, &l, &e) != MED_OK)
        fail_msg("list should load: %s:%d: %s", e.source, e.line, e.message);
    return l;
}

static void test_list_loads(void **state)
{
    (void)state;
    med_ndc_list *l = must_load(HEADER "ndc,ingredient,form,strength,unit,product\n"
                                       "99999-0002-01,oxycodone,oral,15,mg,NEWOXY 15 MG\n"
                                       "99999000101,fentanyl,patch,37.5,MCG/HR,\n"
                                       "9999-0003-01,morphine,oral,2,mg/mL,\"MORPHINE, ORAL\"\n");
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    assert_non_null(info);
    assert_string_equal(info->id, "site-list");
    assert_string_equal(info->version, "2");
    assert_string_equal(info->effective, "2025-01-01");
    assert_string_equal(info->origin, "site.ndc");
    assert_int_equal(info->count, 3);
    assert_int_equal(strlen(info->digest), 64);
    assert_null(med_ndc_list_get_info(NULL));
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    /* Sorted by code; dashed and 10-digit codes stored as 11 digits; unit spelled canonically. */
    assert_int_equal(med_ndc_list_entry(l, 0, &p), MED_OK);
    assert_string_equal(p.ndc, "09999000301");
    assert_string_equal(p.product, "MORPHINE, ORAL");
    assert_string_equal(p.unit, "mg/mL");
    assert_int_equal(p.line, 10);
    assert_int_equal(med_ndc_list_entry(l, 1, &p), MED_OK);
    assert_string_equal(p.ndc, "99999000101");
    assert_string_equal(p.unit, "mcg/hr");
    assert_string_equal(p.product, "");
    assert_string_equal(p.generic, "");
    assert_ptr_equal(p.list, l);
    assert_int_equal(med_ndc_list_entry(l, 3, &p), MED_ERR_ARGUMENT);
    med_ndc_list_free(l);
    med_ndc_list_free(NULL);
}

typedef struct bad_list {
    const char *text;
    int line;
    const char *message;
} bad_list;

static void test_list_errors(void **state)
{
    (void)state;
    const char *cols = "ndc,ingredient,form,strength,unit\n";
    char text[1024];
    const bad_list cases[] = {
        {"id: x\n", 1, "no line '...' ending the header"},
        {"id: x\nversion: \"1\"\ntitle: t\nsource: s\neffective: 2025-01-01\nextra: 1\n...\n", 6,
         "unknown key 'extra'"},
        {"id: x\nversion: \"1\"\ntitle: t\neffective: 2025-01-01\n...\n", 0, "source"},
        {"id: x\nversion: \"1\"\ntitle: t\nsource: s\neffective: 2025-02-30\n...\n", 5,
         "'effective' must be a date"},
        {"id: Bad Id\nversion: \"1\"\ntitle: t\nsource: s\neffective: 2025-01-01\n...\n", 1,
         "'id' must be lowercase"},
        {HEADER, 7, "no column header"},
        {HEADER "ndc,ingredient,form,strength\n", 7, "lacks 'unit'"},
        {HEADER "ndc,ingredient,form,strength,unit,price\n", 7, "unknown column 'price'"},
        {HEADER "ndc,ndc,ingredient,form,strength,unit\n", 7, "column 'ndc' appears twice"},
        {"%s99999000101,oxycodon,oral,5,mg\n", 8, "ingredient 'oxycodon' is not an ingredient"},
        {"%s99999000101,oxycodone,tablet,5,mg\n", 8, "form 'tablet' is not one of"},
        {"%s99999000101,oxycodone,oral,5,mg/5 mL\n", 8, "unit 'mg/5 mL' is not one of"},
        {"%s99999000101,fentanyl,patch,25,mcg\n", 8, "a patch, and only a patch"},
        {"%s99999000101,fentanyl,oral,25,mcg/hr\n", 8, "a patch, and only a patch"},
        {"%s99999000101,oxycodone,oral,0,mg\n", 8, "strength '0'"},
        {"%s99999000101,oxycodone,oral,ten,mg\n", 8, "strength 'ten'"},
        {"%s99999000101,oxycodone,oral,1e3,mg\n", 8, "strength '1e3'"},
        {"%s9999900010,oxycodone,oral,5,mg\n", 8, "'9999900010' is not an NDC"},
        {"%s99999000101,oxycodone,oral,5\n", 8, "row has 4 fields"},
        {"%s99999000101,oxycodone,oral,5,mg\n99999-0001-01,morphine,oral,5,mg\n", 9,
         "NDC 99999000101 is listed twice (lines 8 and 9)"},
        {"%s99999000101,\"oxycodone,oral,5,mg\n", 8, "quote"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char head[256];
        snprintf(head, sizeof head, HEADER "%s", cols);
        if (strncmp(cases[i].text, "%s", 2) == 0)
            snprintf(text, sizeof text, "%s%s", head, cases[i].text + 2);
        else
            snprintf(text, sizeof text, "%s", cases[i].text);
        med_ndc_list *l = (med_ndc_list *)&l; /* must be set to NULL on failure */
        med_error e;
        med_status s = load(text, &l, &e);
        if (s == MED_OK)
            fail_msg("case %zu should fail: %s", i, cases[i].message);
        assert_null(l);
        assert_string_equal(e.source, "site.ndc");
        if (cases[i].line)
            assert_int_equal(e.line, cases[i].line);
        if (strstr(e.message, cases[i].message) == NULL)
            fail_msg("case %zu: got '%s', want '%s'", i, e.message, cases[i].message);
    }
}

static void test_list_file(void **state)
{
    (void)state;
    med_ndc_list *l = NULL;
    med_error e;
    assert_int_equal(med_ndc_list_load_file("/nonexistent/site.ndc", &l, &e), MED_ERR_IO);
    assert_string_equal(e.source, "/nonexistent/site.ndc");
    assert_int_equal(med_ndc_list_load_file(".", &l, &e), MED_ERR_IO);
    assert_int_equal(med_ndc_list_load_embedded("cdc-ndc-1999", &l, &e), MED_ERR_NOT_FOUND);
    assert_int_equal(med_ndc_list_load_embedded("cdc-ndc-2018@9", &l, &e), MED_ERR_VERSION);
    assert_null(l);
    assert_int_equal(med_ndc_list_load_embedded("cdc-ndc-2018@2", &l, &e), MED_OK);
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    assert_non_null(info);
    assert_string_equal(info->origin, "embedded");
    med_ndc_list_free(l);
}

/* --- lookups and conflicts --------------------------------------------------------------------- */

static void test_lookup(void **state)
{
    (void)state;
    med_ndc_list *a = must_load(HEADER "ndc,ingredient,form,strength,unit\n"
                                       "99999000101,oxycodone,oral,5,mg\n"
                                       "99999000201,morphine,oral,15,mg\n"
                                       "99999000301,fentanyl,buccal,100,mcg\n");
    med_ndc_list *b = must_load("id: other\nversion: \"1\"\ntitle: t\nsource: s\n"
                                "effective: 2025-01-01\n...\n"
                                "ndc,ingredient,form,strength,unit\n"
                                "99999000101,oxycodone,oral,5.0,mg\n" /* the same product */
                                "99999000201,morphine,oral,30,mg\n"   /* a different one */
                                "99999000401,tramadol,oral,50,mg\n");
    const med_ndc_list *both[] = {a, b};
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    med_error e;
    assert_int_equal(med_ndc_lookup(both, 2, "99999-0001-01", &p, &e), MED_OK);
    assert_string_equal(p.ingredient, "oxycodone");
    assert_ptr_equal(p.list, a);
    assert_int_equal(med_ndc_lookup(both, 2, "99999000401", &p, &e), MED_OK);
    assert_ptr_equal(p.list, b);
    assert_int_equal(med_ndc_lookup(both, 2, "99999000201", &p, &e), MED_ERR_INVALID);
    assert_non_null(strstr(e.message, "site-list@2 (line 9) says morphine oral 15 mg"));
    assert_non_null(strstr(e.message, "other@1 (line 9) says morphine oral 30 mg"));
    assert_int_equal(med_ndc_lookup(both, 1, "99999000201", &p, &e), MED_OK);
    assert_int_equal(med_ndc_lookup(both, 2, "99999000501", &p, &e), MED_ERR_NOT_FOUND);
    assert_non_null(strstr(e.message, "99999000501"));
    assert_int_equal(med_ndc_lookup(both, 2, "9999900050", &p, &e), MED_ERR_SYNTAX);
    assert_int_equal(med_ndc_lookup(NULL, 0, "99999000501", &p, &e), MED_ERR_NOT_FOUND);
    med_ndc_conflict c = MED_NDC_CONFLICT_INIT;
    assert_int_equal(med_ndc_list_conflicts(a, b, &c), 1);
    assert_string_equal(c.a.ndc, "99999000201");
    assert_string_equal(c.a.strength, "15");
    assert_string_equal(c.b.strength, "30");
    assert_int_equal(med_ndc_list_conflicts(a, a, NULL), 0);
    assert_int_equal(med_ndc_list_conflicts(a, NULL, NULL), 0);
    med_ndc_list_free(a);
    med_ndc_list_free(b);
}

/* --- the shipped list, whole ---------------------------------------------------------------- */

static int setup_embedded(void **state)
{
    med_ndc_list *l = NULL;
    med_error e;
    if (med_ndc_list_load_embedded(NULL, &l, &e) != MED_OK)
        return -1;
    *state = l;
    return 0;
}

static int teardown_embedded(void **state)
{
    med_ndc_list_free(*state);
    return 0;
}

static void test_embedded_info(void **state)
{
    const med_ndc_list_info *info = med_ndc_list_get_info(*state);
    assert_non_null(info);
    assert_string_equal(info->id, "cdc-ndc-2018");
    assert_string_equal(info->version, "2");
    assert_non_null(strstr(info->source, "cdc.gov"));
    /* 14,549 opioid and 7,816 benzodiazepine rows, less 5 without a strength or a unit. */
    assert_int_equal(info->count, 14549 + 7816 - 5);
}

/* Every code resolves by itself to exactly what the list says. */
static void test_every_code_resolves(void **state)
{
    const med_ndc_list *l = *state;
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    assert_non_null(info);
    for (size_t i = 0; i < info->count; i++) {
        med_ndc_product want = MED_NDC_PRODUCT_INIT, got = MED_NDC_PRODUCT_INIT;
        med_error e;
        assert_int_equal(med_ndc_list_entry(l, i, &want), MED_OK);
        if (med_ndc_lookup(&l, 1, want.ndc, &got, &e) != MED_OK)
            fail_msg("%s: %s", want.ndc, e.message);
        assert_string_equal(got.ndc, want.ndc);
        assert_string_equal(got.ingredient, want.ingredient);
        assert_string_equal(got.form, want.form);
        assert_string_equal(got.strength, want.strength);
        assert_string_equal(got.unit, want.unit);
    }
}

/* The factor's form for a list form: oral and rectal share the oral factor. */
static const char *factor_form(const char *form)
{
    return strcmp(form, "rectal") == 0 ? "oral" : form;
}

/* Every code, given alone in a batch row (ndc, quantity, days_supply), is computed as the list's
 * product: the ingredient, the form, and a daily dose equal to the strength (one unit a day). */
static void test_every_code_in_a_batch(void **state)
{
    const med_ndc_list *l = *state;
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    med_table *t = NULL;
    med_batch *b = NULL;
    med_error e;
    const char *header[] = {"ndc", "quantity", "days_supply"};
    assert_non_null(info);
    assert_int_equal(med_table_load_embedded("cms-2018", &t, &e), MED_OK);
    assert_int_equal(med_batch_new(t, header, 3, MED_METHOD_SUPPLY, &b, &e), MED_OK);
    assert_int_equal(med_batch_ndc_list_count(b), 1);
    size_t ok = 0;
    for (size_t i = 0; i < info->count; i++) {
        med_ndc_product want = MED_NDC_PRODUCT_INIT, used = MED_NDC_PRODUCT_INIT;
        med_result r = MED_RESULT_INIT;
        assert_int_equal(med_ndc_list_entry(l, i, &want), MED_OK);
        const char *row[] = {want.ndc, "30", "30"};
        assert_int_equal(med_batch_row(b, row, 3, (long)i + 2, &r), MED_OK);
        if (r.ingredient == NULL || strcmp(r.ingredient, want.ingredient) != 0)
            fail_msg("%s: ingredient %s, want %s (%s)", want.ndc, r.ingredient, want.ingredient,
                     med_batch_text(b, MED_TEXT_MESSAGE));
        assert_int_equal(med_batch_row_ndc(b, &used), MED_OK);
        assert_string_equal(used.ndc, want.ndc);
        assert_string_equal(used.strength, want.strength);
        assert_string_equal(used.unit, want.unit);
        if (strcmp(r.drug_class, "opioid") != 0)
            continue;
        if (r.form == NULL || strcmp(r.form, factor_form(want.form)) != 0)
            fail_msg("%s: form %s, want %s", want.ndc, r.form, want.form);
        if (r.status != MED_RESULT_OK || strcmp(want.unit, "mcg/hr") == 0)
            continue;
        double strength = strtod(want.strength, NULL);
        if (r.daily_dose < strength * 0.999999 || r.daily_dose > strength * 1.000001)
            fail_msg("%s: daily dose %g, want %s %s", want.ndc, r.daily_dose, want.strength,
                     want.unit);
        ok++;
    }
    assert_true(ok > 12000); /* all but propoxyphene, buprenorphine and patches: checked above */
    med_batch_free(b);
    med_table_free(t);
}

/* CDC's LA NDCs (tests/data/ndc/cdc-ndc-2018-long-acting.txt, from the list's LongShortActing
 * column), sorted; returns how many. */
static size_t read_cdc_la(char (*la)[12], size_t cap)
{
    FILE *f = fopen("tests/data/ndc/cdc-ndc-2018-long-acting.txt", "r");
    char line[256];
    size_t n = 0;
    assert_non_null(f);
    while (fgets(line, sizeof line, f))
        if (line[0] != '#' && n < cap && sscanf(line, "%11s", la[n]) == 1)
            n++;
    fclose(f);
    return n;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The vocabulary's ER/LA marking (long_acting), through a batch row with the NDC alone, agrees
 * with CDC's LongShortActing for at least 99.5% of the list's opioid NDCs; every disagreement is
 * printed (README.md, "Extended-release and long-acting opioids", says why each kind differs). */
static void test_long_acting_agrees_with_cdc(void **state)
{
    const med_ndc_list *l = *state;
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    static char la[4000][12];
    med_table *t = NULL;
    med_batch *b = NULL;
    med_error e;
    const char *header[] = {"ndc", "quantity", "days_supply"};
    size_t la_count = read_cdc_la(la, 4000), opioids = 0, agree = 0, marked = 0, unjudged = 0;
    assert_int_equal(la_count, 2278);
    assert_int_equal(med_table_load_embedded("cms-2018", &t, &e), MED_OK);
    assert_int_equal(med_batch_new(t, header, 3, MED_METHOD_SUPPLY, &b, &e), MED_OK);
    for (size_t i = 0; i < info->count; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT;
        med_result r = MED_RESULT_INIT;
        assert_int_equal(med_ndc_list_entry(l, i, &p), MED_OK);
        const char *row[] = {p.ndc, "30", "30"};
        assert_int_equal(med_batch_row(b, row, 3, (long)i + 2, &r), MED_OK);
        if (r.drug_class == NULL || strcmp(r.drug_class, "opioid") != 0)
            continue;
        if (r.status == MED_RESULT_ERROR) { /* no factor in this table: nothing computed */
            unjudged++;
            continue;
        }
        opioids++;
        const char *release = med_batch_row_release(b);
        if (release == NULL)
            fail_msg("%s: no release (status %s: %s)", p.ndc, med_result_status_string(r.status),
                     med_batch_text(b, MED_TEXT_MESSAGE));
        int ours = strcmp(release, "er_la") == 0;
        int cdc = bsearch(p.ndc, la, la_count, sizeof la[0], by_text) != NULL;
        marked += ours;
        if (ours == cdc)
            agree++;
        else
            printf("long_acting: %s %s (%s, %s): ours %s, CDC %s\n", p.ndc, p.product,
                   p.dose_form, p.ingredient, release, cdc ? "LA" : "SA");
    }
    printf("long_acting: %zu of %zu opioid NDCs agree with CDC (%zu marked er_la, CDC %zu LA; "
           "%zu with no factor in cms-2018, not judged)\n", agree, opioids, marked, la_count,
           unjudged);
    assert_int_equal(opioids + unjudged, 14549 - 5);
    assert_true(opioids > 13000);
    assert_true(marked > 2000); /* not vacuous: CDC marks 2278 LA */
    assert_true(agree * 1000 >= opioids * 995);
    med_batch_free(b);
    med_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_valid),
        cmocka_unit_test(test_normalize_invalid),
        cmocka_unit_test(test_list_loads),
        cmocka_unit_test(test_list_errors),
        cmocka_unit_test(test_list_file),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test_setup_teardown(test_embedded_info, setup_embedded, teardown_embedded),
        cmocka_unit_test_setup_teardown(test_every_code_resolves, setup_embedded,
                                        teardown_embedded),
        cmocka_unit_test_setup_teardown(test_long_acting_agrees_with_cdc, setup_embedded,
                                        teardown_embedded),
        cmocka_unit_test_setup_teardown(test_every_code_in_a_batch, setup_embedded,
                                        teardown_embedded),
    };
    return cmocka_run_group_tests_name("ndc", tests, NULL, NULL);
}
