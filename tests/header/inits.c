/* Every _INIT macro of med.h initialises its struct completely: warning-free under -Wextra
 * -pedantic in C11 and C++ (tests/check-header.sh). */
#define MED_EXPERIMENTAL
#include <med.h>
int main(void)
{
    med_input a = MED_INPUT_INIT; med_result b = MED_RESULT_INIT; med_total c = MED_TOTAL_INIT;
    med_drug_info d = MED_DRUG_INFO_INIT; med_patient_options e = MED_PATIENT_OPTIONS_INIT;
    med_patient_summary f = MED_PATIENT_SUMMARY_INIT; med_dashboard_options g = MED_DASHBOARD_OPTIONS_INIT;
    med_ndc_product h = MED_NDC_PRODUCT_INIT; med_ndc_conflict i = MED_NDC_CONFLICT_INIT; med_tolerance j = MED_TOLERANCE_INIT;
    (void)a;(void)b;(void)c;(void)d;(void)e;(void)f;(void)g;(void)h;(void)i;(void)j;
    return 0;
}
