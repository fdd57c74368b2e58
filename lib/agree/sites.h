/* The checker's sites: each site's counts kept by name, and what med_agree_get_site() hands
 * out about it, kept up to date as rows are counted. Internal. */
#ifndef MED_SITES_H
#define MED_SITES_H
#include <stddef.h>

#include "agree/agree_private.h"
#include "agree/fingerprint.h"
#include "common/strmap.h"

/* Distinct sites kept apart; the rows of more count together as "(other sites)". */
#define MED__MAX_SITES 100000
#define MED__OTHER_SITES "(other sites)"

/* One site; each is allocated on its own, so pointers to it (and into it) stay put. */
typedef struct med__site {
    char *name;
    size_t rows, agree, decision_changes;
    size_t by_cause[MED_CAUSE_COUNT];
    char rate[16];
    med_agree_site pub;
    med__fp_site *fp; /* its rows' fingerprint bits, when kept */
} med__site;

typedef struct med__sites {
    med__site **all;
    size_t count, capacity;
    med__strmap by_name; /* site name -> index into all */
    med__site total;     /* every row */
    int overflowed;      /* a row went to "(other sites)" for want of room */
} med__sites;

/* The site named `name`, made on first sight; past MED__MAX_SITES the shared "(other sites)";
 * NULL when out of memory. */
med__site *med__sites_find(med__sites *sites, const char *name);

/* Counts a verdict in a site (and updates what the site hands out). */
void med__site_count(med__site *site, const char *name, const med__agreement *verdict);

/* The totals as med_agree_get_total() hands them out (an empty summary before any row). */
const med_agree_site *med__sites_total(const med__sites *sites);

/* Counts `from`'s rows in `into` as if `into` had counted them after its own (see
 * med_agree_merge); neither may keep fingerprints. MED_ERR_LIMIT when `from` overflowed,
 * MED_ERR_NOMEM. */
med_status med__sites_merge(med__sites *into, const med__sites *from);

void med__sites_free(med__sites *sites);

#endif
