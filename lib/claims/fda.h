/* Claims columns as FDA's NDC Directory and pharmacy extracts write them, beyond drug, form,
 * strength and unit: a route column (ROUTENAME: ORAL, NASAL, SUBLINGUAL, TRANSDERMAL ...) that
 * takes part in choosing the form, and a substance column (SUBSTANCENAME, "ACETAMINOPHEN;
 * HYDROCODONE BITARTRATE") whose names the strengths go with. Internal. */
#ifndef MED_CLAIMS_FDA_H
#define MED_CLAIMS_FDA_H
#include <stddef.h>

#include "compute/input.h"
#include "med.h"

/* The form a row means, from its form text, its route text and its drug. Writes into `form`
 * (cap bytes) the canonical form when route or drug decide it ("nasal-spray" for SPRAY with
 * route NASAL; "buccal" for a fentanyl Tablet, as the NDC list knows fentanyl tablets only as
 * buccal or sublingual), "" to leave the row's form as it is; `note` says why when the drug
 * decided it. Returns -1 with `msg` the error when route and form conflict or the route is
 * unknown. */
int med__claim_form(const med_table *t, const char *drug, const char *form, const char *route,
                    char *out, size_t cap, char *note, size_t note_cap, char *msg,
                    size_t msg_cap);

/* With a substance list, the strengths go with its names: `in->drug` becomes the substance
 * text after checking that the drug column (when it names a drug) has the same opioid.
 * Returns -1 with `msg` the error when they differ or the substance is unknown. */
int med__claim_substance(const med_table *t, const char *substance, med__input_buf *in,
                         char *msg, size_t msg_cap);

#endif
