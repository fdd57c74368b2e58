/* NDC codes and RxCUIs: normalising the ways claims write them, and looking them up in loaded
 * lists (NDC lists for NDCs, RxNorm lists for RxCUIs: one lookup, one conflict rule). */
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "ndc/ndc_private.h"

/* The dashed 10-digit layouts (segment lengths) and the segment that takes the padding zero. */
static const struct layout {
    int a, b, c, pad;
} LAYOUTS[] = {{5, 4, 2, -1}, {4, 4, 2, 0}, {5, 3, 2, 1}, {5, 4, 1, 2}};

static med_status not_ndc(const char *text, med_error *error)
{
    return med__fail(error, MED_ERR_SYNTAX, "<ndc>", 0, 0, text,
                     "'%.40s' is not an NDC: expected 11 digits (with or without dashes, "
                     "5-4-2), or 10 digits dashed 4-4-2, 5-3-2 or 5-4-1", text);
}

/* Splits "dddd-dddd-dd" into at most three digit runs; returns how many, or -1. */
static int segments(const char *s, size_t len, const char *seg[3], int seglen[3])
{
    int n = 0;
    for (size_t i = 0; i <= len; i++) {
        size_t start = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start || n == 3 || (i < len && s[i] != '-'))
            return -1;
        seg[n] = s + start;
        seglen[n++] = (int)(i - start);
    }
    return n;
}

med_status med_ndc_normalize(const char *text, char out[MED_NDC_SIZE], med_error *error)
{
    med__error_clear(error);
    if (text == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, "<ndc>", 0, 0, NULL, "no NDC given");
    out[0] = '\0';
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen(text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    const char *seg[3];
    int seglen[3];
    int n = len <= 13 ? segments(text, len, seg, seglen) : -1;
    if (n == 1 && seglen[0] == 11) {
        memcpy(out, text, 11);
        out[11] = '\0';
        return MED_OK;
    }
    for (size_t k = 0; n == 3 && k < sizeof LAYOUTS / sizeof LAYOUTS[0]; k++) {
        const struct layout *l = &LAYOUTS[k];
        if (seglen[0] != l->a || seglen[1] != l->b || seglen[2] != l->c)
            continue;
        size_t o = 0;
        for (int i = 0; i < 3; i++) {
            if (i == l->pad)
                out[o++] = '0';
            memcpy(out + o, seg[i], (size_t)seglen[i]);
            o += (size_t)seglen[i];
        }
        out[o] = '\0';
        return MED_OK;
    }
    char shown[64];
    med__copy_text(shown, sizeof shown, text, len);
    return not_ndc(shown, error);
}

med_status med__rxcui_normalize(const char *text, char out[MED_NDC_SIZE], med_error *error)
{
    med__error_clear(error);
    if (text == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, "<rxcui>", 0, 0, NULL, "no RxCUI given");
    memset(out, 0, MED_NDC_SIZE);
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen(text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    size_t zeros = 0;
    while (zeros + 1 < len && text[zeros] == '0')
        zeros++;
    int digits = len > 0 && len - zeros <= 10;
    for (size_t i = 0; digits && i < len; i++)
        digits = text[i] >= '0' && text[i] <= '9';
    if (!digits) {
        char shown[64];
        med__copy_text(shown, sizeof shown, text, len);
        return med__fail(error, MED_ERR_SYNTAX, "<rxcui>", 0, 0, shown,
                         "'%.40s' is not an RxCUI: expected 1 to 10 digits", shown);
    }
    memcpy(out, text + zeros, len - zeros);
    return MED_OK;
}

const med_ndc_entry *med__ndc_find(const med_ndc_list *l, const char *ndc)
{
    size_t lo = 0, hi = l->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(l->entries[mid].ndc, ndc, 11);
        if (c == 0)
            return &l->entries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int med__ndc_same(const med_ndc_entry *a, const med_ndc_entry *b)
{
    return strcmp(a->ingredient, b->ingredient) == 0 && strcmp(a->form, b->form) == 0 &&
           strcmp(a->unit, b->unit) == 0 && med__q_cmp(a->amount, b->amount) == 0;
}

void med__ndc_product(const med_ndc_list *l, const med_ndc_entry *e, med_ndc_product *out)
{
    out->version = MED_NDC_PRODUCT_VERSION;
    out->ndc = e->ndc;
    out->ingredient = e->ingredient;
    out->form = e->form;
    out->strength = e->strength;
    out->unit = e->unit;
    out->product = e->product;
    out->generic = e->generic;
    out->dose_form = e->dose_form;
    out->list = l;
    out->line = e->line;
}

void med__ndc_describe(const med_ndc_product *p, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s %s %s %s", p->ingredient, p->form, p->strength, p->unit);
}

const med_ndc_list_info *med_ndc_list_get_info(const med_ndc_list *list)
{
    return list ? &list->info : NULL;
}

int med__ndc_product_version_ok(const med_ndc_product *p)
{
    return p->version >= 1 && p->version <= MED_NDC_PRODUCT_VERSION;
}

med_status med_ndc_list_entry(const med_ndc_list *list, size_t index, med_ndc_product *out)
{
    if (list == NULL || out == NULL || index >= list->count)
        return MED_ERR_ARGUMENT;
    if (!med__ndc_product_version_ok(out))
        return MED_ERR_VERSION;
    med__ndc_product(list, &list->entries[index], out);
    return MED_OK;
}

/* "cdc-ndc-2018@1 (line 12) says oxycodone oral 10 mg" */
static void says(const med_ndc_product *p, char *buf, size_t cap)
{
    char what[160];
    med__ndc_describe(p, what, sizeof what);
    snprintf(buf, cap, "%s@%s (line %ld) says %s", p->list->info.id, p->list->info.version,
             p->line, what);
}

/* The lookup of both kinds of code: `code` normalised, lists of another kind skipped. */
static med_status lookup(med__list_key key, const med_ndc_list *const *lists, size_t count,
                         const char *text, med_ndc_product *out, med_error *error)
{
    char code[MED_NDC_SIZE] = {0};
    const char *where = key == MED__KEY_RXCUI ? "<rxcui>" : "<ndc>";
    const char *name = key == MED__KEY_RXCUI ? "RxCUI" : "NDC";
    if (out == NULL || (count && lists == NULL))
        return med__fail(error, MED_ERR_ARGUMENT, where, 0, 0, NULL, "no lists or output given");
    if (!med__ndc_product_version_ok(out))
        return med__fail(error, MED_ERR_VERSION, where, 0, 0, NULL,
                         "med_ndc_product version %u is not one this library knows: initialise "
                         "it with MED_NDC_PRODUCT_INIT", out->version);
    med_status s = key == MED__KEY_RXCUI ? med__rxcui_normalize(text, code, error)
                                         : med_ndc_normalize(text, code, error);
    if (s != MED_OK)
        return s;
    const med_ndc_entry *found = NULL;
    const med_ndc_list *from = NULL;
    for (size_t i = 0; i < count; i++) {
        const med_ndc_entry *e = lists[i] && lists[i]->key == key ? med__ndc_find(lists[i], code)
                                                                   : NULL;
        if (e == NULL)
            continue;
        if (found && !med__ndc_same(found, e)) {
            med_ndc_product a, b;
            char sa[300], sb[300];
            med__ndc_product(from, found, &a);
            med__ndc_product(lists[i], e, &b);
            says(&a, sa, sizeof sa);
            says(&b, sb, sizeof sb);
            return med__fail(error, MED_ERR_INVALID, where, 0, 0, code,
                             "%s %s is listed differently: %s, %s", name, code, sa, sb);
        }
        if (found == NULL) {
            found = e;
            from = lists[i];
        }
    }
    if (found == NULL)
        return med__fail(error, MED_ERR_NOT_FOUND, where, 0, 0, code,
                         "%s %s is in none of the %s lists", name, code,
                         key == MED__KEY_RXCUI ? "RxNorm" : "NDC");
    med__ndc_product(from, found, out);
    return MED_OK;
}

med_status med_ndc_lookup(const med_ndc_list *const *lists, size_t count, const char *ndc,
                          med_ndc_product *out, med_error *error)
{
    return lookup(MED__KEY_NDC, lists, count, ndc, out, error);
}

med_status med_rxcui_lookup(const med_ndc_list *const *lists, size_t count, const char *rxcui,
                            med_ndc_product *out, med_error *error)
{
    return lookup(MED__KEY_RXCUI, lists, count, rxcui, out, error);
}

size_t med_ndc_list_conflicts(const med_ndc_list *a, const med_ndc_list *b,
                              med_ndc_conflict *first)
{
    size_t n = 0, i = 0, j = 0;
    if (a == NULL || b == NULL || a->key != b->key ||
        (first && (!med__ndc_product_version_ok(&first->a) ||
                   !med__ndc_product_version_ok(&first->b))))
        return 0;
    /* Both are sorted by code: one merge pass. */
    while (i < a->count && j < b->count) {
        int c = memcmp(a->entries[i].ndc, b->entries[j].ndc, 11);
        if (c == 0 && !med__ndc_same(&a->entries[i], &b->entries[j])) {
            if (n == 0 && first) {
                med__ndc_product(a, &a->entries[i], &first->a);
                med__ndc_product(b, &b->entries[j], &first->b);
            }
            n++;
        }
        i += c <= 0;
        j += c >= 0;
    }
    return n;
}
