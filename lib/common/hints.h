/* Hints to the compiler about where code should lie. Internal. */
#ifndef MED_HINTS_H
#define MED_HINTS_H

/* A function kept out of its callers, so that their usual path needs no stack frame for it
 * (a check or a product that is seldom needed). MED__COLD also says it is seldom run (an
 * error's message): the compiler lays it apart from the hot code. */
#if defined(__GNUC__) || defined(__clang__)
#define MED__OUT_OF_LINE __attribute__((noinline))
#define MED__COLD __attribute__((cold, noinline))
#else
#define MED__OUT_OF_LINE
#define MED__COLD
#endif

/* A function made part of each caller, so that a caller passing a constant gets a copy of
 * its own with the branches on that constant gone (a loop shared by two callers, say). */
#if defined(__GNUC__) || defined(__clang__)
#define MED__INLINE __attribute__((always_inline)) inline
#else
#define MED__INLINE inline
#endif

/* Asks for the cache line holding `address` to be fetched now, for a read soon after (a hint:
 * it does nothing else, and nothing on a compiler without it). */
#if defined(__GNUC__) || defined(__clang__)
#define MED__PREFETCH(address) __builtin_prefetch(address)
#else
#define MED__PREFETCH(address) ((void)(address))
#endif

#endif
