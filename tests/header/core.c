/* The stable core compiles on its own: no experimental declaration is needed or visible. */
#include <med.h>
#ifdef MED_EXPERIMENTAL
#error "core.c must be compiled without MED_EXPERIMENTAL"
#endif
int main(void)
{
    med_input in = MED_INPUT_INIT;
    med_result r = MED_RESULT_INIT;
    med_total t = MED_TOTAL_INIT;
    (void)in;
    (void)r;
    (void)t;
    return med_version_string()[0] == '1' ? 0 : 1;
}
