/* Does a text name an oral liquid? Internal. */
#ifndef MED_LIQUID_H
#define MED_LIQUID_H

/* The liquid word in `text` ("SOLUTION", "SYRP", "elixir", ...) as written, copied into `word`
 * (at most `cap` bytes), and 1; 0 when it names none. Not a liquid: "FOR [ORAL] SOLUTION" (a
 * powder or tablet), "NASAL SOLUTION" (a spray, dosed per spray), "INJECTION, SOLUTION" (asked
 * only for oral forms anyway), "LIQUID FILLED" (a capsule). See liquid.c. */
int med__names_liquid(const char *text, char *word, size_t cap);

#endif
