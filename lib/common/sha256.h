/* SHA-256 (FIPS 180-4), for the digests of conversion tables. Internal. */
#ifndef MED_SHA256_H
#define MED_SHA256_H
#include <stddef.h>
#include <stdint.h>

#define MED__SHA256_SIZE 32 /* bytes in a digest */

/* An incremental hash. Plain data: may be copied to fork a hash, needs no cleanup. */
typedef struct med__sha256_ctx {
    uint32_t state[8];       /* H(i) of the spec */
    uint64_t length;         /* bytes hashed so far */
    unsigned char block[64]; /* the partial block not yet compressed */
    size_t used;             /* bytes held in block */
} med__sha256_ctx;

void med__sha256_init(med__sha256_ctx *ctx);
void med__sha256_update(med__sha256_ctx *ctx, const void *data, size_t size);
/* Pads, writes the digest to `out` and leaves ctx spent (init it again to reuse it). */
void med__sha256_final(med__sha256_ctx *ctx, unsigned char out[MED__SHA256_SIZE]);

/* One-shot digest of `size` bytes at `data` (NULL is allowed when size is 0). */
void med__sha256(const void *data, size_t size, unsigned char out[MED__SHA256_SIZE]);
/* The same as 64 lowercase hex digits and a NUL. */
void med__sha256_hex(const void *data, size_t size, char out[2 * MED__SHA256_SIZE + 1]);
/* The same, but copies `known` when it is not NULL: the digest the build worked out for an
 * embedded file (tests/embed-tables.sh), so loading one does not hash it again. */
void med__sha256_hex_known(const void *data, size_t size, const char *known,
                           char out[2 * MED__SHA256_SIZE + 1]);

#endif
