/* --ndc-list FILE, --rxnorm-list FILE: see ndclist.h. */
#include "ndclist.h"

#include <string.h>

ndc_lists ndc_lists_of(const med_batch *batch, const med_agree *agree)
{
    ndc_lists l = {{NULL}, 0};
    size_t n = batch ? med_batch_ndc_list_count(batch) : med_agree_ndc_list_count(agree);
    for (; l.count < n && l.count < sizeof l.at / sizeof l.at[0]; l.count++)
        l.at[l.count] = batch ? med_batch_ndc_list(batch, l.count)
                              : med_agree_ndc_list(agree, l.count);
    return l;
}

int ndc_site_load(const options *o, site_lists *site)
{
    med_error e;
    site->ndc = site->rxnorm = NULL;
    if ((o->ndc_list && med_ndc_list_load_file(o->ndc_list, &site->ndc, &e) != MED_OK) ||
        (o->rxnorm_list && med_rxnorm_list_load_file(o->rxnorm_list, &site->rxnorm, &e) != MED_OK)) {
        cli_error_at(&e);
        ndc_site_free(site);
        return -1;
    }
    return 0;
}

void ndc_site_free(site_lists *site)
{
    med_ndc_list_free(site->ndc);
    med_ndc_list_free(site->rxnorm);
    site->ndc = site->rxnorm = NULL;
}

/* Conflicts between the site's list and those before it are reported, never resolved: rows
 * with those codes become errors that name both entries. */
static void report_conflicts(const char *file, const med_ndc_list *site, const ndc_lists *lists)
{
    const char *code = strcmp(med_ndc_list_get_info(site)->key, "rxcui") == 0 ? "RxCUI" : "NDC";
    for (size_t i = 0; i < lists->count && lists->at[i] != site; i++) {
        med_ndc_conflict c = MED_NDC_CONFLICT_INIT;
        size_t n = med_ndc_list_conflicts(lists->at[i], site, &c);
        if (n == 0)
            continue;
        const med_ndc_list_info *a = med_ndc_list_get_info(lists->at[i]);
        cli_error("warning: %s: %zu %s%s listed differently in %s@%s (first: %s, line %ld: %s %s "
                  "%s %s; %s@%s line %ld: %s %s %s %s); rows with %s are errors",
                  file, n, code, n == 1 ? "" : "s", a->id, a->version, c.b.ndc, c.b.line,
                  c.b.ingredient, c.b.form, c.b.strength, c.b.unit, a->id, a->version, c.a.line,
                  c.a.ingredient, c.a.form, c.a.strength, c.a.unit, n == 1 ? "it" : "them");
    }
}

/* One site list: added, then (with `warn`) checked against those before it. */
static int add_one(const char *option, const char *file, const char *input, med_batch *batch,
                   med_agree *agree, const med_ndc_list *site, int warn)
{
    med_error e;
    if (site == NULL)
        return 0;
    med_status s = batch ? med_batch_add_ndc_list(batch, site, &e)
                         : med_agree_add_ndc_list(agree, site, &e);
    if (s != MED_OK) {
        cli_error_at(&e);
        return -1;
    }
    ndc_lists lists = ndc_lists_of(batch, agree);
    /* Loaded (and checked) whenever given, but consulted only for a column of its codes. */
    if (!warn)
        return 0;
    const char *column = med_ndc_list_get_info(site)->key;
    int used = 0;
    for (size_t i = 0; i < lists.count; i++)
        used |= lists.at[i] == site;
    if (!used)
        cli_error("warning: %s has no %s column: %s %s is not used", input, column, option, file);
    else
        report_conflicts(file, site, &lists);
    return 0;
}

int ndc_site_add(const options *o, const char *input, med_batch *batch, med_agree *agree,
                 const site_lists *site, int warn)
{
    if (add_one("--ndc-list", o->ndc_list, input, batch, agree, site->ndc, warn) != 0)
        return -1;
    return add_one("--rxnorm-list", o->rxnorm_list, input, batch, agree, site->rxnorm, warn);
}

void ndc_lists_text(const ndc_lists *lists, const char *lead, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    /* NDC lists after `lead`, then RxNorm lists after the same lead with "rxnorm" for "ndc". */
    for (int rx = 0; rx < 2; rx++) {
        int first = 1;
        for (size_t i = 0; i < lists->count && k < cap; i++) {
            const med_ndc_list_info *l = med_ndc_list_get_info(lists->at[i]);
            const char *at = strstr(lead, "ndc");
            if ((strcmp(l->key, "rxcui") == 0) != rx)
                continue;
            if (first && rx && at)
                k += (size_t)snprintf(buf + k, cap - k, "%.*srxnorm%s", (int)(at - lead), lead,
                                      at + 3);
            else if (first)
                k += (size_t)snprintf(buf + k, cap - k, "%s", lead);
            if (k < cap)
                k += (size_t)snprintf(buf + k, cap - k, "%s%s@%s sha256:%s", first ? "" : ", ",
                                      l->id, l->version, l->digest);
            first = 0;
        }
    }
}
