/* Whether a disagreement changes a clinical decision: the reference table's thresholds that lie
 * between the reported and our value (one side crosses, the other does not). A difference that
 * crosses no threshold, however large, leaves every threshold-driven decision (naloxone,
 * review, consult) as it was; one that crosses a threshold changes it, whatever its cause. */
#include <stdio.h>
#include <string.h>

#include "agree/agree_private.h"

void med__decision(const med_table *t, int both_valued, int64_t ours, int64_t reported,
                   med__agreement *out)
{
    out->changes_decision = 0;
    out->crossed_count = 0;
    out->thresholds_crossed[0] = '\0';
    if (t == NULL || !both_valued)
        return;
    size_t n = med_table_threshold_count(t), used = 0;
    for (size_t i = 0; i < n && out->crossed_count < MED_MAX_THRESHOLDS; i++) {
        const med_threshold *th = med_table_threshold(t, i);
        if (th == NULL || med_threshold_crossed(th, ours) == med_threshold_crossed(th, reported))
            continue;
        out->crossed[out->crossed_count++] = th;
        int w = snprintf(out->thresholds_crossed + used, sizeof out->thresholds_crossed - used,
                         "%s%s%s %s", used ? "; " : "", med_comparator_string(th->comparator),
                         th->mme_text, th->level);
        if (w > 0 && (size_t)w < sizeof out->thresholds_crossed - used)
            used += (size_t)w;
    }
    out->changes_decision = out->crossed_count > 0;
}
