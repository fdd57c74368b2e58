/* Linked into every unit test program: CMOCKA_FILTER='pattern' in the environment runs only the
 * cmocka tests whose names match it (cmocka's own * and ? wildcards), e.g.
 *   CMOCKA_FILTER='*tramadol*' build/tests/test_calc     or     make test-unit T=calc TEST='*tramadol*'
 * The filter is set before main, so the test files need no change. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

__attribute__((constructor)) static void filter_from_environment(void)
{
    const char *pattern = getenv("CMOCKA_FILTER");
    if (pattern != NULL && *pattern != '\0')
        cmocka_set_test_filter(pattern);
}
