/* Fuzz target: NDC codes, RxCUIs and product descriptions. The first byte chooses what the rest
 * is:
 *   0: an NDC product list file (med_ndc_list_load_buffer), then looked up with the shipped list
 *   1: an NDC (med_ndc_normalize, med_ndc_lookup in the shipped list)
 *   2: a product description (med_product_resolve: claims, RxNorm and pharmacy spellings), then
 *      computed
 *   3: an RxNorm list file (med_rxnorm_list_load_buffer), then looked up with the shipped one
 *   4: an RxCUI (med_rxcui_lookup in the shipped RxNorm list and the NDC list) */
#include "fuzz.h"

static const med_table *table(void)
{
    static med_table *t;
    med_error e;
    if (t == NULL && med_table_load_embedded("cms-2018", &t, &e) != MED_OK)
        abort();
    return t;
}

static const med_ndc_list *shipped(void)
{
    static med_ndc_list *l;
    med_error e;
    if (l == NULL && med_ndc_list_load_embedded(NULL, &l, &e) != MED_OK)
        abort();
    return l;
}

static const med_ndc_list *shipped_rxnorm(void)
{
    static med_ndc_list *l;
    med_error e;
    if (l == NULL && med_rxnorm_list_load_embedded(NULL, &l, &e) != MED_OK)
        abort();
    return l;
}

static void rxnorm_list_file(const uint8_t *data, size_t size)
{
    med_ndc_list *l = NULL;
    med_error e;
    med_status s = med_rxnorm_list_load_buffer((const char *)data, size, "<fuzz>", &l, &e);
    if (s != MED_OK) {
        FUZZ_CHECK(l == NULL, "no list on failure");
        fuzz_check_error(s, &e);
        return;
    }
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    FUZZ_CHECK(info != NULL && strcmp(info->key, "rxcui") == 0, "an RxNorm list's key");
    med_ndc_conflict first = MED_NDC_CONFLICT_INIT;
    (void)med_ndc_list_conflicts(shipped_rxnorm(), l, &first);
    FUZZ_CHECK(med_ndc_list_conflicts(shipped(), l, &first) == 0, "kinds never conflict");
    const med_ndc_list *both[2] = {shipped_rxnorm(), l};
    for (size_t i = 0; i < info->count && i < 64; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT, q = MED_NDC_PRODUCT_INIT;
        FUZZ_CHECK(med_ndc_list_entry(l, i, &p) == MED_OK, "entry in range");
        size_t n = strlen(p.ndc);
        FUZZ_CHECK(n >= 1 && n <= 10 && strspn(p.ndc, "0123456789") == n, "1 to 10 digits");
        s = med_rxcui_lookup(both, 2, p.ndc, &q, &e);
        FUZZ_CHECK(s == MED_OK || s == MED_ERR_INVALID, "a listed code is found or conflicts");
        FUZZ_CHECK(med_ndc_lookup(both, 2, p.ndc, &q, &e) != MED_OK, "never an NDC");
    }
    med_ndc_list_free(l);
}

static void rxcui(const char *text)
{
    const med_ndc_list *lists[2] = {shipped(), shipped_rxnorm()};
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    med_error e;
    med_status s = med_rxcui_lookup(lists, 2, text, &p, &e);
    if (s == MED_OK)
        FUZZ_CHECK(p.list == lists[1], "found in the RxNorm list");
    else
        fuzz_check_error(s, &e);
}

static void list_file(const uint8_t *data, size_t size)
{
    med_ndc_list *l = NULL;
    med_error e;
    med_status s = med_ndc_list_load_buffer((const char *)data, size, "<fuzz>", &l, &e);
    if (s != MED_OK) {
        FUZZ_CHECK(l == NULL, "no list on failure");
        fuzz_check_error(s, &e);
        return;
    }
    const med_ndc_list_info *info = med_ndc_list_get_info(l);
    FUZZ_CHECK(info != NULL, "a loaded list has its info");
    med_ndc_conflict first = MED_NDC_CONFLICT_INIT;
    (void)med_ndc_list_conflicts(shipped(), l, &first);
    const med_ndc_list *both[2] = {shipped(), l};
    for (size_t i = 0; i < info->count && i < 64; i++) {
        med_ndc_product p = MED_NDC_PRODUCT_INIT, q = MED_NDC_PRODUCT_INIT;
        FUZZ_CHECK(med_ndc_list_entry(l, i, &p) == MED_OK, "entry in range");
        FUZZ_CHECK(p.ndc && strlen(p.ndc) == 11, "11 digits");
        s = med_ndc_lookup(both, 2, p.ndc, &q, &e);
        FUZZ_CHECK(s == MED_OK || s == MED_ERR_INVALID, "a listed code is found or conflicts");
    }
    med_ndc_list_free(l);
}

static void code(const char *text)
{
    char ndc[MED_NDC_SIZE];
    med_error e;
    med_status s = med_ndc_normalize(text, ndc, &e);
    if (s == MED_OK)
        FUZZ_CHECK(strlen(ndc) == 11 && strspn(ndc, "0123456789") == 11, "normal form");
    else
        fuzz_check_error(s, &e);
    const med_ndc_list *l = shipped();
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    s = med_ndc_lookup(&l, 1, text, &p, &e);
    if (s != MED_OK)
        fuzz_check_error(s, &e);
}

/* The parser a description is resolved into (reused, as the library intends). */
static med_regimen *regimen(void)
{
    static med_regimen *r;
    if (r == NULL && med_regimen_new(&r) != MED_OK)
        abort();
    return r;
}

static void description(const char *text)
{
    med_error e;
    med_status s = med_product_resolve(table(), text, regimen(), &e);
    if (s != MED_OK) {
        fuzz_check_error(s, &e);
        return;
    }
    med_input in = *med_regimen_input(regimen());
    in.quantity = "60";
    in.days_supply = "30";
    med_result r = MED_RESULT_INIT;
    FUZZ_CHECK(med_compute(table(), &in, MED_METHOD_SUPPLY, &r) == MED_OK, "compute");
    fuzz_check_computed(table(), &in, 0, 0, MED_METHOD_SUPPLY, &r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int mode = data[0] % 5;
    if (mode == 0 || mode == 3) {
        (mode == 0 ? list_file : rxnorm_list_file)(data + 1, size - 1);
        return 0;
    }
    char *text = fuzz_strdup(data + 1, size - 1);
    if (text == NULL)
        return 0;
    if (mode == 1)
        code(text);
    else if (mode == 4)
        rxcui(text);
    else
        description(text);
    free(text);
    return 0;
}
