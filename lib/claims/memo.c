/* See memo.h. Entries live in an arena; when the table fills up, both are emptied. */
#include "claims/memo.h"

#include <stdlib.h>
#include <string.h>

#include "common/arena.h"

struct med__memo_entry {
    uint64_t hash;
    uint64_t id;    /* the batch's name for this result (med_batch_row_result_id) */
    const char *key;
    size_t key_len;
    med_result_status status;
    med_method method;
    const char *ingredient, *drug_class, *form, *dose_unit, *factor_text, *factor_per;
    const char *factor_table; /* borrowed from the table, as the other names */
    const char *release;      /* a static string */
    double daily_dose, factor, mme_per_day;
    int64_t mme_hundredths, daily_dose_hundredths;
    char daily_dose_text[32], factor_applied[32], mme_text[32];
    const char *arithmetic, *message;
    size_t arithmetic_len, message_len;
    med_status error_code;
    int error_column;
    const char *error_source, *error_text, *error_message;
    size_t error_source_len;
    int has_error;  /* the error texts are not empty */
    int ndc_used;
    med_ndc_product ndc;
};
typedef struct med__memo_entry entry;

struct med_memo {
    entry *slots[MED_MEMO_SLOTS];
    size_t count;
    med_arena arena;
};

med_memo *med__memo_new(void)
{
    med_memo *m = calloc(1, sizeof *m);
    if (m)
        med__arena_init(&m->arena);
    return m;
}

void med__memo_free(med_memo *m)
{
    if (m == NULL)
        return;
    med__arena_free(&m->arena);
    free(m);
}

/* Eight bytes at a time, each mixed by a multiply and a shift; then the tail: in a key of eight
 * bytes or more, as the key's last eight bytes (overlapping the word before, which reads
 * nothing past the key and costs one step rather than one a byte), else byte by byte. */
uint64_t med__memo_hash(const char *key, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len, w;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, key + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    if (i < len && len >= 8) {
        memcpy(&w, key + len - 8, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        i = len;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 0x100000001B3ull;
    h ^= h >> 29;
    return h * 0xC4CEB9FE1A85EC53ull;
}

static size_t find(const med_memo *m, const char *key, size_t len, uint64_t hash)
{
    size_t mask = MED_MEMO_SLOTS - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const entry *e = m->slots[i];
        if (e == NULL || (e->hash == hash && e->key_len == len && memcmp(e->key, key, len) == 0))
            return i;
    }
}

static void copy_text(char *dst, const char *src)
{
    size_t n = strlen(src);
    memcpy(dst, src, n + 1);
}

/* A text of known length: most are short or empty, so an empty one costs no call. */
static void copy_known(char *dst, const char *src, size_t len)
{
    if (len == 0)
        dst[0] = '\0';
    else
        memcpy(dst, src, len + 1);
}

const med__memo_entry *med__memo_get(const med_memo *m, const char *key, size_t len,
                                     uint64_t hash, med__result *out, int *ndc_used,
                                     med_ndc_product *ndc)
{
    const entry *e = m->slots[find(m, key, len, hash)];
    if (e == NULL)
        return NULL;
    out->status = e->status;
    out->method = e->method;
    out->ingredient = e->ingredient;
    out->drug_class = e->drug_class;
    out->form = e->form;
    out->release = e->release;
    out->dose_unit = e->dose_unit;
    out->factor_text = e->factor_text;
    out->factor_per = e->factor_per;
    out->factor_table = e->factor_table;
    out->daily_dose = e->daily_dose;
    out->factor = e->factor;
    out->mme_per_day = e->mme_per_day;
    out->mme_hundredths = e->mme_hundredths;
    out->daily_dose_hundredths = e->daily_dose_hundredths;
    memcpy(out->daily_dose_text, e->daily_dose_text, sizeof out->daily_dose_text);
    memcpy(out->factor_applied, e->factor_applied, sizeof out->factor_applied);
    memcpy(out->mme_text, e->mme_text, sizeof out->mme_text);
    copy_known(out->message, e->message, e->message_len);
    out->arithmetic[0] = '\0'; /* on request: med__memo_arithmetic */
    out->error.code = e->error_code;
    out->error.line = 0;
    out->error.column = e->error_column;
    out->error.source[0] = out->error.text[0] = out->error.message[0] = '\0'; /* med__memo_error */
    *ndc_used = e->ndc_used;
    if (e->ndc_used) /* else not read (med_batch_row_ndc says none) */
        *ndc = e->ndc;
    return e;
}

uint64_t med__memo_id(const med__memo_entry *e)
{
    return e->id;
}

const char *med__memo_arithmetic(const med__memo_entry *e)
{
    return e->arithmetic;
}

void med__memo_error(const med__memo_entry *e, med_error *out)
{
    memcpy(out->source, e->error_source, e->error_source_len + 1);
    if (e->has_error) {
        copy_text(out->text, e->error_text);
        copy_text(out->message, e->error_message);
    } else {
        out->text[0] = out->message[0] = '\0';
    }
}

static const char *keep(med_memo *m, const char *s, int *failed)
{
    const char *copy = med__arena_strndup(&m->arena, s, strlen(s));
    *failed |= copy == NULL;
    return copy;
}

int med__memo_put(med_memo *m, const char *key, size_t len, uint64_t hash, const med__result *r,
                  int ndc_used, const med_ndc_product *ndc, uint64_t id)
{
    if (m->count * 2 >= MED_MEMO_SLOTS) {
        memset(m->slots, 0, sizeof m->slots);
        med__arena_free(&m->arena);
        m->count = 0;
    }
    entry *e = med__arena_alloc(&m->arena, sizeof *e);
    int failed = e == NULL;
    if (failed)
        return 0;
    *e = (entry){.hash = hash, .id = id, .key_len = len, .status = r->status, .method = r->method,
                 .ingredient = r->ingredient, .drug_class = r->drug_class, .form = r->form, .release = r->release,
                 .dose_unit = r->dose_unit, .factor_text = r->factor_text,
                 .factor_per = r->factor_per, .factor_table = r->factor_table,
                 .daily_dose = r->daily_dose, .factor = r->factor,
                 .mme_per_day = r->mme_per_day, .mme_hundredths = r->mme_hundredths,
                 .daily_dose_hundredths = r->daily_dose_hundredths, .error_code = r->error.code, .error_column = r->error.column,
                 .ndc_used = ndc_used, .ndc = *ndc};
    memcpy(e->daily_dose_text, r->daily_dose_text, sizeof e->daily_dose_text);
    memcpy(e->factor_applied, r->factor_applied, sizeof e->factor_applied);
    memcpy(e->mme_text, r->mme_text, sizeof e->mme_text);
    e->key = med__arena_strndup(&m->arena, key, len);
    failed |= e->key == NULL;
    e->arithmetic = keep(m, r->arithmetic, &failed);
    e->message = keep(m, r->message, &failed);
    e->arithmetic_len = strlen(r->arithmetic);
    e->message_len = strlen(r->message);
    e->has_error = r->error.text[0] || r->error.message[0];
    e->error_source = keep(m, r->error.source, &failed);
    e->error_source_len = strlen(r->error.source);
    e->error_text = keep(m, r->error.text, &failed);
    e->error_message = keep(m, r->error.message, &failed);
    if (failed)
        return 0;
    m->slots[find(m, key, len, hash)] = e;
    m->count++;
    return 1;
}
