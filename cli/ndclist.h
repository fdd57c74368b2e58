/* medcalc: --ndc-list FILE and --rxnorm-list FILE, a site's NDC and RxNorm product lists, for
 * batch, patients, report and agree: loaded once per run, handed to the library, and the same
 * warnings whichever command reads them. */
#ifndef MEDCALC_NDCLIST_H
#define MEDCALC_NDCLIST_H
#include "cli.h"

/* The lists a batch or checker consults, in order (the site's last). */
typedef struct ndc_lists {
    const med_ndc_list *at[8];
    size_t count;
} ndc_lists;

/* Room for ndc_lists_text of 8 lists. */
#define NDC_LISTS_TEXT 1024

/* Of a batch, or (batch NULL) of a checker (either may be NULL: no lists). */
ndc_lists ndc_lists_of(const med_batch *batch, const med_agree *agree);

/* A site's lists: --ndc-list and --rxnorm-list (NULL when not given). */
typedef struct site_lists {
    med_ndc_list *ndc, *rxnorm;
} site_lists;

/* Loads o->ndc_list and o->rxnorm_list into *site. -1 when a file cannot be used (reported with
 * its file and line; nothing is left loaded). */
int ndc_site_load(const options *o, site_lists *site);
void ndc_site_free(site_lists *site);

/* Adds the site lists (those there are) to a batch, or (batch NULL) a checker; with `warn`,
 * says when `input` has no column for a list (ndc, rxcui: the list is not used) and which codes
 * a list gives differently from the lists before it. -1 when the library refuses a list. */
int ndc_site_add(const options *o, const char *input, med_batch *batch, med_agree *agree,
                 const site_lists *site, int warn);

/* `lead` and "id@version sha256:digest" of each list, comma-separated, into buf (cap bytes);
 * "" when there are none. For the summaries: the digests say exactly which lists were used. */
void ndc_lists_text(const ndc_lists *lists, const char *lead, char *buf, size_t cap);

#endif
