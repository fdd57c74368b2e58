/* --ndc-list FILE: see ndclist.h. */
#include "ndclist.h"

ndc_lists ndc_lists_of(const med_batch *batch, const med_agree *agree)
{
    ndc_lists l = {{NULL}, 0};
    size_t n = batch ? med_batch_ndc_list_count(batch) : med_agree_ndc_list_count(agree);
    for (; l.count < n && l.count < sizeof l.at / sizeof l.at[0]; l.count++)
        l.at[l.count] = batch ? med_batch_ndc_list(batch, l.count)
                              : med_agree_ndc_list(agree, l.count);
    return l;
}

int ndc_site_load(const options *o, med_ndc_list **site)
{
    med_error e;
    *site = NULL;
    if (o->ndc_list == NULL)
        return 0;
    if (med_ndc_list_load_file(o->ndc_list, site, &e) != MED_OK) {
        cli_error_at(&e);
        return -1;
    }
    return 0;
}

/* Conflicts between the site's list and those before it are reported, never resolved: rows
 * with those codes become errors that name both entries. */
static void report_conflicts(const options *o, const med_ndc_list *site, const ndc_lists *lists)
{
    for (size_t i = 0; i < lists->count && lists->at[i] != site; i++) {
        med_ndc_conflict c = MED_NDC_CONFLICT_INIT;
        size_t n = med_ndc_list_conflicts(lists->at[i], site, &c);
        if (n == 0)
            continue;
        const med_ndc_list_info *a = med_ndc_list_get_info(lists->at[i]);
        cli_error("warning: %s: %zu NDC%s listed differently in %s@%s (first: %s, line %ld: %s %s "
                  "%s %s; %s@%s line %ld: %s %s %s %s); rows with %s are errors",
                  o->ndc_list, n, n == 1 ? "" : "s", a->id, a->version, c.b.ndc, c.b.line,
                  c.b.ingredient, c.b.form, c.b.strength, c.b.unit, a->id, a->version, c.a.line,
                  c.a.ingredient, c.a.form, c.a.strength, c.a.unit, n == 1 ? "it" : "them");
    }
}

int ndc_site_add(const options *o, const char *input, med_batch *batch, med_agree *agree,
                 const med_ndc_list *site, int warn)
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
    /* Loaded (and checked) whenever given, but consulted only for an ndc column. */
    if (!warn)
        return 0;
    if (lists.count == 0)
        cli_error("warning: %s has no ndc column: --ndc-list %s is not used", input, o->ndc_list);
    report_conflicts(o, site, &lists);
    return 0;
}

void ndc_lists_text(const ndc_lists *lists, const char *lead, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < lists->count && k < cap; i++) {
        const med_ndc_list_info *l = med_ndc_list_get_info(lists->at[i]);
        k += (size_t)snprintf(buf + k, cap - k, "%s%s@%s sha256:%s", i ? ", " : lead, l->id,
                              l->version, l->digest);
    }
}
