/* The checker's sites, by name; see sites.h. */
#include <stdlib.h>
#include <string.h>

#include "agree/sites.h"
#include "common/decimal.h"
#include "common/grow.h"

static const size_t no_causes[MED_CAUSE_COUNT];
static const med_agree_site empty_total = {"", 0, 0, "", MED_CAUSE_NONE, 0, no_causes, 0};

static med__site *new_site(med__sites *a, const char *name)
{
    med__site **all = med__grow(a->all, a->count, &a->capacity, sizeof *all, 16);
    if (all == NULL)
        return NULL;
    a->all = all;
    med__site *s = calloc(1, sizeof *s);
    if (s == NULL || (s->name = malloc(strlen(name) + 1)) == NULL) {
        free(s);
        return NULL;
    }
    strcpy(s->name, name);
    if (med__strmap_put(&a->by_name, s->name, a->count) != 0) {
        free(s->name);
        free(s);
        return NULL;
    }
    a->all[a->count++] = s;
    return s;
}

static med__site *lookup_site(const med__sites *a, const char *name)
{
    size_t i;
    return med__strmap_get(&a->by_name, name, &i) == 0 ? a->all[i] : NULL;
}

med__site *med__sites_find(med__sites *a, const char *name)
{
    med__site *s = lookup_site(a, name);
    if (s || a->count < MED__MAX_SITES)
        return s ? s : new_site(a, name);
    a->overflowed = 1;
    s = lookup_site(a, MED__OTHER_SITES);
    return s ? s : new_site(a, MED__OTHER_SITES);
}

/* The site as med_agree_get_site() shows it, from its counts. */
static void summarize(med__site *s, const char *name)
{
    med_agree_site *out = &s->pub;
    memset(out, 0, sizeof *out);
    out->site = name;
    out->rows = s->rows;
    out->agree = s->agree;
    out->by_cause = s->by_cause;
    out->decision_changes = s->decision_changes;
    for (int c = 1; c < MED_CAUSE_COUNT; c++)
        if (s->by_cause[c] > out->common_cause_rows) {
            out->common_cause = (med_cause)c;
            out->common_cause_rows = s->by_cause[c];
        }
    s->rate[0] = '\0';
    if (s->rows) {
        med_q rate = {(med_i128)s->agree * 100, (med_i128)s->rows};
        med__q_format(rate, 1, s->rate, sizeof s->rate);
    }
    out->rate = s->rate;
}

void med__site_count(med__site *s, const char *name, const med__agreement *r)
{
    s->rows++;
    if (r->agrees)
        s->agree++;
    else
        s->by_cause[r->cause]++;
    if (r->changes_decision)
        s->decision_changes++;
    summarize(s, name);
}

/* Adds one site's counts to another's. */
static void add_counts(med__site *into, const med__site *from)
{
    into->rows += from->rows;
    into->agree += from->agree;
    into->decision_changes += from->decision_changes;
    for (int c = 0; c < MED_CAUSE_COUNT; c++)
        into->by_cause[c] += from->by_cause[c];
    summarize(into, into->name ? into->name : "");
}

/* Sites in `from`'s order of first appearance are found (or made) in `into` in that order, so
 * they take the places, and past the limit the shared "(other sites)", that counting the rows
 * one by one would have given them. Rows `from` itself sent to "(other sites)" have lost their
 * names, so that cannot be merged exactly. */
med_status med__sites_merge(med__sites *into, const med__sites *from)
{
    if (from->overflowed)
        return MED_ERR_LIMIT;
    for (size_t i = 0; i < from->count; i++) {
        med__site *s = med__sites_find(into, from->all[i]->name);
        if (s == NULL)
            return MED_ERR_NOMEM;
        add_counts(s, from->all[i]);
    }
    add_counts(&into->total, &from->total);
    return MED_OK;
}

const med_agree_site *med__sites_total(const med__sites *sites)
{
    return sites->total.rows ? &sites->total.pub : &empty_total;
}

void med__sites_free(med__sites *sites)
{
    for (size_t i = 0; i < sites->count; i++) {
        free(sites->all[i]->name);
        med__fp_free(sites->all[i]->fp);
        free(sites->all[i]);
    }
    free(sites->all);
    med__strmap_free(&sites->by_name);
}
