/* Allocation failure: every allocation the library makes may fail, and then the call reports it
 * (MED_ERR_NOMEM, or a result with status error and that code) and leaks nothing; or, where an
 * allocation only speeds things up, the call gives exactly what it gives with memory to spare.
 *
 * This program is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,
 * --wrap=strdup,--wrap=strndup (see the Makefile), so every call the library's own objects make
 * comes here. Each scenario runs once to count its allocations and record what it computes, then
 * once per allocation with that one failing. Pointers handed out are tracked, so a leak shows as
 * a pointer still live when the scenario has freed everything. (libyaml's own allocations are
 * made inside the shared libyaml and are not wrapped.) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

/* ---- the wrapper: fail the Nth allocation, track live pointers ------------------------------- */

#define LIVE_SLOTS (1u << 18)
static void *live[LIVE_SLOTS]; /* open addressing; (void *)1 marks a removed entry */
static long live_count;
static long allocations; /* attempts since armed */
static long fail_at;     /* 1-based attempt to fail; 0: none */
static int armed;

static size_t slot_of(const void *p)
{
    return (size_t)(((uintptr_t)p >> 4) * 2654435761u) & (LIVE_SLOTS - 1);
}

static void track(void *p)
{
    size_t i = slot_of(p);
    while (live[i] != NULL && live[i] != (void *)1)
        i = (i + 1) & (LIVE_SLOTS - 1);
    live[i] = p;
    live_count++;
}

/* Forgets p; 0 when it was not handed out while armed. */
static int untrack(const void *p)
{
    for (size_t i = slot_of(p), n = 0; live[i] != NULL && n < LIVE_SLOTS;
         i = (i + 1) & (LIVE_SLOTS - 1), n++)
        if (live[i] == p) {
            live[i] = (void *)1;
            live_count--;
            return 1;
        }
    return 0;
}

/* Counts an attempt; nonzero when this one is to fail. */
static int should_fail(void)
{
    if (!armed)
        return 0;
    return ++allocations == fail_at;
}

void *__wrap_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    void *p = __real_malloc(size);
    if (p && armed)
        track(p);
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    void *p = __real_calloc(n, size);
    if (p && armed)
        track(p);
    return p;
}

void *__wrap_realloc(void *old, size_t size)
{
    if (should_fail())
        return NULL;
    int was_live = old && untrack(old);
    void *p = __real_realloc(old, size);
    if (p == NULL && was_live)
        track(old);
    else if (p && (armed || was_live))
        track(p);
    return p;
}

void __wrap_free(void *p)
{
    if (p)
        untrack(p);
    __real_free(p);
}

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = __wrap_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = __wrap_malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static void arm(long n)
{
    memset(live, 0, sizeof live);
    live_count = 0;
    allocations = 0;
    fail_at = n;
    armed = 1;
}

static void disarm(void)
{
    armed = 0;
}

/* ---- running a scenario under every failure -------------------------------------------------- */

/* A scenario does its work and frees everything it made. It returns OK with a signature of what
 * it computed, NOMEM when a call reported running out of memory, or FAILED (never expected). */
enum { OK = 0, NOMEM = 1, FAILED = 2 };
typedef int (*scenario)(void *context, char *sig, size_t cap);

/* Appends to a signature. */
static void add_sig(char *sig, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_sig(char *sig, size_t cap, const char *fmt, ...)
{
    size_t n = strlen(sig);
    va_list ap;
    va_start(ap, fmt);
    if (n < cap)
        vsnprintf(sig + n, cap - n, fmt, ap);
    va_end(ap);
}

#define SIG_MAX 8192

/* Runs `fn` with no failure, then with allocation k failing for every k (all of the first 600,
 * then a spread of 400 when there are more). Returns the allocations one run makes. */
static long run_failing(const char *name, scenario fn, void *context)
{
    static char want[SIG_MAX], got[SIG_MAX];
    want[0] = '\0';
    arm(0);
    int rc = fn(context, want, sizeof want);
    long total = allocations;
    disarm();
    if (rc != OK)
        fail_msg("%s: fails with memory to spare (%d): %s", name, rc, want);
    if (live_count != 0)
        fail_msg("%s: %ld allocations live after a clean run", name, live_count);
    long step = total > 1000 ? (total - 600) / 400 + 1 : 1;
    for (long k = 1; k <= total; k += k < 600 ? 1 : step) {
        got[0] = '\0';
        arm(k);
        rc = fn(context, got, sizeof got);
        disarm();
        if (live_count != 0)
            fail_msg("%s: allocation %ld of %ld failed: %ld allocations leaked", name, k, total,
                     live_count);
        if (rc == FAILED)
            fail_msg("%s: allocation %ld of %ld failed: wrong error: %s", name, k, total, got);
        if (rc == OK && strcmp(got, want) != 0)
            fail_msg("%s: allocation %ld of %ld failed: computed something else:\n%s\nnot\n%s",
                     name, k, total, got, want);
    }
    return total;
}

/* NOMEM for that status, else FAILED with the message kept in the signature. */
static int classify(med_status s, const med_error *e, char *sig, size_t cap)
{
    if (s == MED_ERR_NOMEM)
        return NOMEM;
    add_sig(sig, cap, " [status %d: %s]", (int)s, e ? e->message : "");
    return FAILED;
}

/* A result's outcome: NOMEM when it is an out-of-memory error, else OK with it and its message
 * in the signature. */
static int result_sig(const med_result *r, const char *message, char *sig, size_t cap)
{
    if (r->status == MED_RESULT_ERROR && r->error == MED_ERR_NOMEM)
        return NOMEM;
    add_sig(sig, cap, "%d:%lld:%s|", (int)r->status, (long long)r->mme_hundredths, message);
    return OK;
}

/* An MME/day as the library writes it ("60", "5.83"), into a small buffer of the caller's. */
static const char *mme_text(int64_t hundredths, char *buf, size_t cap)
{
    med_hundredths_format(hundredths, buf, cap);
    return buf;
}

/* Parses `order` into a new parser *out: NOMEM, FAILED (a parse error) or OK. */
static int parse_order(const char *order, med_regimen **out, med_error *e, char *sig,
                       size_t cap)
{
    med_status s = med_regimen_new(out);
    if (s != MED_OK) {
        *out = NULL;
        return classify(s, NULL, sig, cap);
    }
    if ((s = med_regimen_parse(*out, order, e)) != MED_OK)
        return classify(s, e, sig, cap);
    return OK;
}

/* ---- scenarios ------------------------------------------------------------------------------- */

static med_table *cdc2016, *cms2018;
static med_rules *rules;

static int load_embedded(void *context, char *sig, size_t cap)
{
    med_table *t = NULL;
    med_error e;
    med_status s = med_table_load_embedded(context, &t, &e);
    if (s != MED_OK)
        return classify(s, &e, sig, cap);
    const med_table_info *info = med_table_get_info(t);
    if (info == NULL) {
        med_table_free(t);
        return FAILED;
    }
    add_sig(sig, cap, "%s %zu", info->digest, med_table_factor_count(t));
    med_table_free(t);
    return OK;
}

static const char CUSTOM[] =
    "id: site\nversion: \"3\"\ntitle: t\nguideline: g\nsource: s\neffective: 2024-01-01\n"
    "tiers_apply_to: total\n"
    "factors:\n"
    "  - {ingredient: oxycodone, unit: mg, factor: 1.5}\n"
    "  - {ingredient: fentanyl, form: patch, unit: mcg/hr, per: rate, factor: 2.4,\n"
    "     patch_hours: 72}\n"
    "  - ingredient: methadone\n    unit: mg\n    tiers:\n"
    "      - {above: 0, at_most: 20, factor: 4}\n"
    "      - {above: 20, factor: 8}\n"
    "excluded:\n  - {ingredient: buprenorphine, reason: not counted}\n"
    "thresholds:\n  - {mme: 90, comparator: \">=\", level: high, summary: a, summarises: s}\n";

static int load_buffer(void *context, char *sig, size_t cap)
{
    med_table *t = NULL;
    med_error e;
    (void)context;
    med_status s = med_table_load_buffer(CUSTOM, sizeof CUSTOM - 1, "custom", &t, &e);
    if (s != MED_OK)
        return classify(s, &e, sig, cap);
    med_regimen *reg[2] = {NULL, NULL};
    med_input in[2] = {MED_INPUT_INIT, MED_INPUT_INIT};
    med_result r[2] = {MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    int rc = parse_order("methadone 10 mg tid", &reg[0], &e, sig, cap);
    if (rc == OK)
        rc = parse_order("oxycodone 10 mg q6h", &reg[1], &e, sig, cap);
    if (rc == OK) {
        in[0] = *med_regimen_input(reg[0]);
        in[1] = *med_regimen_input(reg[1]);
    }
    if (rc == OK && (s = med_compute_set(t, in, 2, MED_METHOD_AUTO, r, &total)) != MED_OK)
        rc = classify(s, NULL, sig, cap);
    if (rc == OK) {
        char a[32], b[32], c[32];
        add_sig(sig, cap, "%s %s %s", mme_text(r[0].mme_hundredths, a, sizeof a),
                mme_text(r[1].mme_hundredths, b, sizeof b),
                mme_text(total.mme_hundredths, c, sizeof c));
    }
    med_regimen_free(reg[0]);
    med_regimen_free(reg[1]);
    med_table_free(t);
    return rc;
}

static int load_file(void *context, char *sig, size_t cap)
{
    med_table *t = NULL;
    med_error e;
    med_status s = med_table_load_file(context, &t, &e);
    if (s != MED_OK)
        return classify(s, &e, sig, cap);
    const med_table_info *info = med_table_get_info(t);
    if (info == NULL) {
        med_table_free(t);
        return FAILED;
    }
    add_sig(sig, cap, "%s", info->digest);
    med_table_free(t);
    return OK;
}

static int regimens(void *context, char *sig, size_t cap)
{
    static const char *const orders[] = {
        "oxycodone 10 mg q6h", "hydrocodone/apap 5/325 2 tabs q4-6h prn",
        "fentanyl 25 mcg/hr patch q72h", "methadone 10 mg tid", "oxycodon 5 mg bid",
        "alprazolam 1 mg tid"};
    const med_table *t = context;
    med_regimen *reg[6] = {NULL};
    med_input in[6];
    med_result r[6];
    med_total total = MED_TOTAL_INIT;
    med_error e;
    int rc = OK;
    for (size_t i = 0; rc == OK && i < 6; i++) {
        char message[512];
        if ((rc = parse_order(orders[i], &reg[i], &e, sig, cap)) != OK)
            break;
        in[i] = *med_regimen_input(reg[i]);
        r[i] = (med_result)MED_RESULT_INIT;
        med_status s = med_compute(t, &in[i], MED_METHOD_AUTO, &r[i]);
        if (s != MED_OK) {
            rc = classify(s, NULL, sig, cap);
            break;
        }
        med_compute_text(t, &in[i], MED_METHOD_AUTO, MED_TEXT_MESSAGE, message, sizeof message);
        if (result_sig(&r[i], message, sig, cap) != OK)
            rc = NOMEM;
        /* the same input prepared: out of memory is MED_ERR_NOMEM, else the same result */
        med_prepared *p = NULL;
        med_result pr = MED_RESULT_INIT;
        s = med_input_prepare(t, &in[i], MED_METHOD_AUTO, &p);
        if (rc == OK && s != MED_OK)
            rc = classify(s, NULL, sig, cap);
        if (rc == OK && (med_compute_prepared(p, &pr) != MED_OK || pr.status != r[i].status ||
                         pr.mme_hundredths != r[i].mme_hundredths))
            rc = FAILED;
        med_prepared_free(p);
    }
    if (rc == OK) {
        for (size_t i = 0; i < 6; i++)
            r[i] = (med_result)MED_RESULT_INIT;
        med_status s = med_compute_set(t, in, 6, MED_METHOD_AUTO, r, &total);
        if (s != MED_OK)
            rc = classify(s, NULL, sig, cap);
    }
    /* the set's texts: out of memory is MED_ERR_NOMEM, never a text left empty */
    for (size_t i = 0; rc == OK && i < 6; i++) {
        char message[512];
        size_t len;
        med_status s = med_compute_set_text_checked(t, in, 6, MED_METHOD_AUTO, i,
                                                    MED_TEXT_MESSAGE, message, sizeof message,
                                                    &len);
        if (s != MED_OK)
            rc = classify(s, NULL, sig, cap);
        else
            add_sig(sig, cap, "set %zu %zu %s|", i, len, message);
    }
    for (size_t i = 0; i < 6; i++)
        med_regimen_free(reg[i]);
    if (rc != OK)
        return rc;
    char text[32];
    add_sig(sig, cap, "total %s", mme_text(total.mme_hundredths, text, sizeof text));
    med_drug_info d = MED_DRUG_INFO_INIT;
    med_status s = med_lookup_drug(t, "oxycodon", &d, &e);
    add_sig(sig, cap, " lookup %d %s", (int)s, e.message);
    return s == MED_ERR_NOMEM ? NOMEM : OK;
}

/* A set computed once: out of memory is MED_ERR_NOMEM with no set made (*out NULL); else every
 * result, text and the total are those a run with memory to spare gives, and reading them
 * allocates nothing. cdc-2016 tiers methadone by the total. */
static int computed_set(void *context, char *sig, size_t cap)
{
    static const char *const orders[] = {"methadone 10 mg bid", "methadone 5 mg bid",
                                         "oxycodone 10 mg q6h", "alprazolam 1 mg tid",
                                         "oxycodon 5 mg bid"};
    enum { N = sizeof orders / sizeof *orders };
    const med_table *t = context;
    med_regimen *reg[N] = {NULL};
    med_input in[N];
    med_error e;
    int rc = OK;
    for (size_t i = 0; rc == OK && i < N; i++)
        if ((rc = parse_order(orders[i], &reg[i], &e, sig, cap)) == OK)
            in[i] = *med_regimen_input(reg[i]);
    med_computed_set *set = NULL;
    if (rc == OK) {
        set = (med_computed_set *)reg; /* not NULL: a failed call sets it to NULL */
        med_status s = med_computed_set_new(t, in, N, MED_METHOD_AUTO, &set);
        if (s != MED_OK) {
            rc = set != NULL ? FAILED : classify(s, NULL, sig, cap);
            set = NULL;
        }
    }
    for (size_t i = 0; rc == OK && i < N; i++) {
        med_result r = MED_RESULT_INIT;
        if (med_computed_set_result(set, i, &r) != MED_OK)
            rc = FAILED;
        for (int w = 0; rc == OK && w <= (int)MED_TEXT_FACTOR_TABLE; w++) {
            char text[512];
            size_t len;
            if (med_computed_set_text(set, i, (med_text)w, text, sizeof text, &len) != MED_OK)
                rc = FAILED;
            add_sig(sig, cap, "%zu %d %lld %zu %s|", i, (int)r.status,
                    (long long)r.mme_hundredths, len, text);
        }
    }
    med_total total = MED_TOTAL_INIT;
    if (rc == OK && med_computed_set_total(set, &total) != MED_OK)
        rc = FAILED;
    if (rc == OK)
        add_sig(sig, cap, "total %lld %zu %d", (long long)total.mme_hundredths, total.errors,
                total.complete);
    med_computed_set_free(set);
    for (size_t i = 0; i < N; i++)
        med_regimen_free(reg[i]);
    return rc;
}

typedef struct text_source {
    const char *text;
    size_t size, at;
} text_source;

static size_t text_read(void *context, char *buf, size_t capacity, int *failed)
{
    text_source *src = context;
    size_t n = src->size - src->at < capacity ? src->size - src->at : capacity;
    (void)failed;
    memcpy(buf, src->text + src->at, n);
    src->at += n;
    return n;
}

/* A CSV with a record longer than the reader's first buffer, so that it grows. */
static char *long_csv(void)
{
    size_t n = 200000;
    char *s = __real_malloc(n + 64);
    strcpy(s, "a,b\n1,\"");
    size_t at = strlen(s);
    memset(s + at, 'x', n);
    strcpy(s + at + n, "\"\n2,\"un\nterminated\n");
    return s;
}

static int csv(void *context, char *sig, size_t cap)
{
    text_source src = {context, strlen(context), 0};
    med_csv *c;
    med_status s = med_csv_new(text_read, &src, "<csv>", &c);
    if (s != MED_OK)
        return classify(s, NULL, sig, cap);
    int rc = OK;
    for (;;) {
        const char *const *f;
        size_t n;
        long line;
        med_error e;
        s = med_csv_next(c, &f, &n, &line, &e);
        if (s == MED_ERR_NOMEM) {
            rc = NOMEM;
            break;
        }
        if (s != MED_OK) {
            add_sig(sig, cap, "error %d at %d:%d|", (int)s, e.line, e.column);
            continue;
        }
        if (f == NULL)
            break;
        add_sig(sig, cap, "%ld:%zu:%zu|", line, n, strlen(f[n - 1]));
    }
    med_csv_free(c);
    return rc;
}

/* A batch: the header, then each row's result. */
static int batch(const med_table *t, const char *const *header, size_t columns,
                 const char *const *rows, size_t count, const med_ndc_list *site, char *sig,
                 size_t cap)
{
    med_batch *b;
    med_error e;
    med_status s = med_batch_new(t, header, columns, MED_METHOD_AUTO, &b, &e);
    if (s != MED_OK)
        return classify(s, &e, sig, cap);
    int rc = OK;
    if (site && (s = med_batch_add_ndc_list(b, site, &e)) != MED_OK)
        rc = classify(s, &e, sig, cap);
    for (size_t i = 0; rc == OK && i < count; i++) {
        med_result r = MED_RESULT_INIT;
        if ((s = med_batch_row(b, rows + i * columns, columns, (long)i + 2, &r)) != MED_OK)
            rc = classify(s, NULL, sig, cap);
        else
            rc = result_sig(&r, med_batch_text(b, MED_TEXT_MESSAGE), sig, cap);
    }
    med_batch_free(b);
    return rc;
}

static int batch_claims(void *context, char *sig, size_t cap)
{
    static const char *const header[] = {"id", "drug", "form", "strength", "unit", "quantity",
                                         "days_supply", "product"};
    static const char *const rows[] = {
        "1", "oxycodone", "", "10", "mg", "120", "30", "",
        "2", "fentanyl", "patch", "25", "mcg/hr", "10", "30", "",
        "3", "", "", "", "", "120", "30", "HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG TABLET",
        "4", "oxycodone", "", "10", "mg", "120", "30", "",
        "5", "methadone", "", "10", "mg", "90", "30", "",
        "6", "bogus", "", "5", "mg", "10", "10", "",
        "7", "oxycodone", "", "x", "mg", "10", "10", ""};
    return batch(context, header, 8, rows, 7, NULL, sig, cap);
}

static int batch_regimens(void *context, char *sig, size_t cap)
{
    static const char *const header[] = {"regimen"};
    static const char *const rows[] = {"oxycodone 10 mg q6h", "morphine ER 30 mg bid", "",
                                       "fentanyl 25 mcg/hr patch", "nonsense here"};
    return batch(context, header, 1, rows, 5, NULL, sig, cap);
}

static const char SITE_LIST[] = "id: site\nversion: \"1\"\ntitle: t\nsource: s\n"
                                "effective: 2025-01-01\n...\n"
                                "ndc,ingredient,form,strength,unit\n"
                                "99998-0001-01,tapentadol,oral,50,mg\n"
                                "00406-0552-62,oxycodone,oral,10,mg\n";

static int batch_ndc(void *context, char *sig, size_t cap)
{
    static const char *const header[] = {"ndc", "quantity", "days_supply"};
    static const char *const rows[] = {"00406-0552-62", "120", "30", "99998-0001-01", "60", "30",
                                       "12345", "1", "1"};
    med_ndc_list *site = NULL;
    med_error e;
    med_status s = med_ndc_list_load_buffer(SITE_LIST, sizeof SITE_LIST - 1, "site", &site, &e);
    if (s != MED_OK)
        return classify(s, &e, sig, cap);
    int rc = batch(context, header, 3, rows, 3, site, sig, cap);
    med_ndc_list_free(site);
    return rc;
}

typedef struct fill {
    const char *patient, *drug, *strength, *unit, *quantity, *days, *date, *prescriber;
} fill;

/* Patients and a practice report; with `dashboard`, the dashboard measures too. */
static int patients_run(const med_table *t, int dashboard, char *sig, size_t cap)
{
    static const fill fills[] = {
        {"A", "oxycodone", "10", "mg", "120", "30", "2025-01-01", "D1"},
        {"A", "oxycodone", "10", "mg", "120", "30", "2025-01-20", "D2"},
        {"A", "alprazolam", "1", "mg", "30", "30", "2025-01-10", "D2"},
        {"B", "methadone", "10", "mg", "30", "30", "2025-02-01", "D2"},
        {"B", "methadone", "10", "mg", "20", "10", "2025-02-11", "D3"},
        {"C", "bogus", "5", "mg", "10", "10", "2025-03-01", "D3"}};
    med_patient *p = NULL;
    med_practice *pr = NULL;
    med_patient_options po = MED_PATIENT_OPTIONS_INIT;
    med_error e;
    med_status s = med_patient_new(t, rules, &po, &p, &e);
    if (s == MED_OK)
        s = med_practice_new(rules, &pr, &e);
    if (s == MED_OK && dashboard)
        s = med_practice_dashboard(pr, NULL, &e);
    int rc = s == MED_OK ? OK : classify(s, &e, sig, cap);
    for (size_t i = 0; rc == OK && i <= 6; i++) {
        med_patient_summary sum = MED_PATIENT_SUMMARY_INIT;
        if (i > 0 && (i == 6 || strcmp(fills[i].patient, fills[i - 1].patient) != 0)) {
            if ((s = med_patient_summarize(p, &sum)) != MED_OK ||
                (s = med_practice_add(pr, p)) != MED_OK) {
                rc = classify(s, NULL, sig, cap);
                break;
            }
            char peak[32], avg[32];
            add_sig(sig, cap, "%s peak %s avg %s flags %zu days %zu|", sum.patient_id,
                    mme_text(sum.peak_hundredths, peak, sizeof peak),
                    mme_text(sum.average_hundredths, avg, sizeof avg), sum.flag_count,
                    med_patient_day_count(p));
        }
        if (i == 6)
            break;
        if (i == 0 || strcmp(fills[i].patient, fills[i - 1].patient) != 0)
            med_patient_reset(p, fills[i].patient);
        med_input in = MED_INPUT_INIT;
        med_result r = MED_RESULT_INIT;
        char why[256];
        in.drug = fills[i].drug;
        in.strength = fills[i].strength;
        in.unit = fills[i].unit;
        in.quantity = fills[i].quantity;
        in.days_supply = fills[i].days;
        if ((s = med_compute(t, &in, MED_METHOD_SUPPLY, &r)) != MED_OK) {
            rc = classify(s, NULL, sig, cap);
            break;
        }
        s = med_patient_add(p, &r, fills[i].date, fills[i].days, fills[i].prescriber, "R1", why);
        if (s == MED_ERR_NOMEM)
            rc = NOMEM;
        else
            add_sig(sig, cap, "add %d %s|", (int)s, why);
    }
    if (rc == OK && (s = med_practice_finish(pr)) != MED_OK)
        rc = classify(s, NULL, sig, cap);
    for (size_t i = 0; rc == OK && i < med_practice_group_count(pr); i++) {
        const med_practice_group *g = med_practice_get_group(pr, i);
        if (g == NULL) {
            rc = FAILED;
            break;
        }
        char median[32];
        add_sig(sig, cap, "%s %ld %s|", g->name, g->patients,
                mme_text(g->median_peak_hundredths, median, sizeof median));
    }
    const med_dashboard *d = NULL;
    if (rc == OK && dashboard && (d = med_practice_get_dashboard(pr)) == NULL)
        rc = FAILED; /* on and finished: there must be one */
    if (rc == OK && dashboard)
        add_sig(sig, cap, "dashboard %zu %zu %s %s %ld|", d->periods, d->bins, d->median_peak,
                d->high_dose_median_percent, d->attention_patients);
    med_practice_free(pr);
    med_patient_free(p);
    return rc;
}

static int patients(void *context, char *sig, size_t cap)
{
    return patients_run(context, 0, sig, cap);
}

static int dashboard(void *context, char *sig, size_t cap)
{
    return patients_run(context, 1, sig, cap);
}

static int load_rules(void *context, char *sig, size_t cap)
{
    med_rules *r = NULL;
    med_error e;
    const char *id, *version, *digest;
    med_status s = med_rules_load(context, &r, &e);
    if (s != MED_OK)
        return classify(s, &e, sig, cap);
    med_rules_get_info(r, &id, &version, &digest);
    add_sig(sig, cap, "%s %s", id, digest);
    med_rules_free(r);
    return OK;
}

/* Each site's fingerprint: the calculator, ties, parts and rows left. */
static int agree_fingerprints(med_agree *a, char *sig, size_t cap)
{
    for (size_t i = 0; i < med_agree_site_count(a); i++) {
        const med_fingerprint *f = NULL;
        med_error e;
        med_status s = med_agree_fingerprint(a, i, &f, &e);
        if (s != MED_OK)
            return classify(s, &e, sig, cap);
        add_sig(sig, cap, "%s %zu %zu %d %zu %zu|", f->best.text, f->best.rows, f->tie_count,
                f->mixed, f->part_count, f->left_count);
    }
    return OK;
}

/* A checker over `n` rows of `cols` fields, with a site NDC list when not NULL; keeping and
 * searching fingerprints when `fingerprints`. */
static int agree_rows(const char *const *header, size_t cols, const char *const *rows, size_t n,
                      const med_ndc_list *site, int fingerprints, char *sig, size_t cap)
{
    med_agree *a = NULL;
    med_error e;
    med_status s = med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e);
    if (s == MED_OK)
        s = med_agree_header(a, header, cols, &e);
    if (s == MED_OK && site)
        s = med_agree_add_ndc_list(a, site, &e);
    if (s == MED_OK && fingerprints)
        s = med_agree_keep_fingerprints(a, &e);
    int rc = s == MED_OK ? OK : classify(s, &e, sig, cap);
    for (size_t i = 0; rc == OK && i < n; i++) {
        const med_agreement *g = NULL;
        if ((s = med_agree_row(a, rows + cols * i, cols, (long)i + 2, &g)) != MED_OK)
            rc = classify(s, NULL, sig, cap);
        else if (g == NULL)
            rc = FAILED;
        else if (g->ours.status == MED_RESULT_ERROR && g->ours.error == MED_ERR_NOMEM)
            rc = NOMEM;
        else
            add_sig(sig, cap, "%d %d %s|", g->agrees, (int)g->cause, g->explanation);
    }
    const med_agree_site *total = NULL;
    if (rc == OK && (total = med_agree_get_total(a)) == NULL)
        rc = FAILED;
    if (rc == OK)
        add_sig(sig, cap, "sites %zu rate %s", med_agree_site_count(a), total->rate);
    if (rc == OK && fingerprints)
        rc = agree_fingerprints(a, sig, cap);
    med_agree_free(a);
    return rc;
}

static int agree(void *context, char *sig, size_t cap)
{
    static const char *const header[] = {"site", "regimen", "reported_mme"};
    static const char *const rows[] = {"north", "oxycodone 10 mg q6h", "60",
                                       "north", "hydromorphone 2 mg q4h", "48",
                                       "south", "methadone 10 mg tid", "240",
                                       "south", "bogus 1 mg", "5"};
    return agree_rows(header, 3, rows, 4, NULL, context != NULL, sig, cap);
}

/* A row, then a record the reader could not split (counted under no site): out of memory
 * counting it is said (med_agree_record_error_checked), never a site a row short. */
static int agree_broken(void *context, char *sig, size_t cap)
{
    static const char *const header[] = {"site", "regimen", "reported_mme"};
    static const char *const row[] = {"north", "oxycodone 10 mg q6h", "60"};
    med_agree *a = NULL;
    const med_agreement *g = NULL;
    med_error e, broken;
    (void)context;
    memset(&broken, 0, sizeof broken);
    broken.code = MED_ERR_SYNTAX;
    broken.line = 3;
    snprintf(broken.message, sizeof broken.message, "a quote inside an unquoted field");
    med_status s = med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e);
    if (s == MED_OK)
        s = med_agree_header(a, header, 3, &e);
    if (s == MED_OK)
        s = med_agree_row(a, row, 3, 2, &g);
    if (s == MED_OK && g->ours.status == MED_RESULT_ERROR && g->ours.error == MED_ERR_NOMEM)
        s = MED_ERR_NOMEM;
    if (s == MED_OK)
        s = med_agree_record_error_checked(a, &broken, &g);
    int rc = s == MED_OK ? OK : classify(s, NULL, sig, cap);
    for (size_t i = 0; rc == OK && i < med_agree_site_count(a); i++) {
        const med_agree_site *site = med_agree_get_site(a, i);
        add_sig(sig, cap, "%s %zu %zu|", site->site, site->rows, site->agree);
    }
    med_agree_free(a);
    return rc;
}

static int agree_ndc(void *context, char *sig, size_t cap)
{
    static const char *const header[] = {"ndc", "product", "quantity", "days_supply",
                                         "reported_mme"};
    static const char *const rows[] = {"00406-0552-62", "", "120", "30", "30",
                                       "99998-0001-01", "", "60", "30", "40",
                                       "", "OXYCODONE HCL 5 MG TAB", "120", "30", "30",
                                       "12345", "", "1", "1", "1"};
    med_ndc_list *site = NULL;
    med_error e;
    (void)context;
    med_status s = med_ndc_list_load_buffer(SITE_LIST, sizeof SITE_LIST - 1, "site", &site, &e);
    if (s != MED_OK)
        return classify(s, &e, sig, cap);
    int rc = agree_rows(header, 5, rows, 4, site, 0, sig, cap);
    med_ndc_list_free(site);
    return rc;
}

static int tables_side_by_side(void *context, char *sig, size_t cap)
{
    (void)context;
    med_table_diff *diff = NULL;
    med_status s = med_table_diff_new(cdc2016, cms2018, 0, &diff);
    if (s != MED_OK)
        return classify(s, NULL, sig, cap);
    size_t count = med_table_diff_count(diff);
    const med_table_change *c = count ? med_table_diff_get(diff, 0) : NULL;
    if (count && c == NULL) {
        med_table_diff_free(diff);
        return FAILED;
    }
    add_sig(sig, cap, "diff %zu %s|", count, c ? c->after : "");
    med_table_diff_free(diff);
    med_vector_list *list = NULL;
    if ((s = med_vectors_new(cdc2016, MED_METHOD_AUTO, &list)) != MED_OK)
        return classify(s, NULL, sig, cap);
    size_t vectors = med_vectors_count(list);
    med_vectors_free(list);
    const med_table *both[2] = {cdc2016, cms2018};
    med_comparison *cmp = NULL;
    med_regimen *reg = NULL;
    med_error e;
    int rc = parse_order("methadone 10 mg tid", &reg, &e, sig, cap);
    if (rc == OK &&
        (s = med_compare(both, 2, med_regimen_input(reg), MED_METHOD_AUTO, NULL, &cmp)) != MED_OK)
        rc = classify(s, NULL, sig, cap);
    med_regimen_free(reg);
    if (rc != OK)
        return rc;
    const med_comparison_summary *sum = med_comparison_get_summary(cmp);
    if (sum == NULL) {
        med_comparison_free(cmp);
        return FAILED;
    }
    char min[32], max[32];
    add_sig(sig, cap, "vectors %zu compare %s..%s", vectors,
            mme_text(sum->min_hundredths, min, sizeof min),
            mme_text(sum->max_hundredths, max, sizeof max));
    med_comparison_free(cmp);
    static const char *const header[] = {"drug", "strength", "unit", "doses_per_day"};
    med_columns *cols = NULL;
    if ((s = med_columns_new(header, 4, &cols, &e)) != MED_OK)
        return classify(s, &e, sig, cap);
    med_columns_free(cols);
    return OK;
}

/* A FHIR Bundle read and computed: two orders, one not read; the set's total and flags. */
static int fhir(void *context, char *sig, size_t cap)
{
    static const char json[] =
        "{\"resourceType\": \"Bundle\", \"entry\": [\n"
        "{\"resource\": {\"resourceType\": \"MedicationRequest\", \"id\": \"a\", "
        "\"medicationCodeableConcept\": {\"coding\": [{\"system\": "
        "\"http://www.nlm.nih.gov/research/umls/rxnorm\", \"code\": \"197696\", \"display\": "
        "\"72 HR Fentanyl 0.075 MG/HR Transdermal System\"}]}, \"dosageInstruction\": [{"
        "\"timing\": {\"repeat\": {\"frequency\": 1, \"period\": 3, \"periodUnit\": \"d\"}}, "
        "\"doseAndRate\": [{\"doseQuantity\": {\"value\": 1, \"unit\": \"patch\"}}]}]}},\n"
        "{\"resource\": {\"resourceType\": \"MedicationRequest\", \"id\": \"b\", "
        "\"medicationCodeableConcept\": {\"text\": \"lorazepam 1 MG Oral Tablet\"}, "
        "\"dosageInstruction\": [{\"timing\": {\"repeat\": {\"frequency\": 1, \"period\": 1, "
        "\"periodUnit\": \"mo\"}}, \"doseAndRate\": [{\"doseQuantity\": {\"value\": 1, "
        "\"unit\": \"tablet\"}}]}]}}]}";
    const med_table *t = context;
    med_fhir *f = NULL;
    med_error e;
    med_status s = med_fhir_read(t, json, sizeof json - 1, "b.json", NULL, &f, &e);
    if (s != MED_OK)
        return classify(s, &e, sig, cap);
    med_result r[2] = {MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    s = med_fhir_compute(t, f, MED_METHOD_CLINICAL, r, &total);
    if (s != MED_OK) {
        med_fhir_free(f);
        return classify(s, NULL, sig, cap);
    }
    int rc = OK;
    for (size_t i = 0; rc == OK && i < 2; i++)
        rc = result_sig(&r[i], med_fhir_get(f, i)->error->message, sig, cap);
    add_sig(sig, cap, "complete %d computed %lld", total.complete,
            (long long)total.computed_hundredths);
    med_fhir_free(f);
    return rc;
}

/* ---- tests ----------------------------------------------------------------------------------- */

static void test_table_embedded(void **state)
{
    (void)state;
    assert_true(run_failing("cdc-2016", load_embedded, "cdc-2016") > 1);
}

static void test_table_buffer(void **state)
{
    (void)state;
    assert_true(run_failing("custom table", load_buffer, NULL) > 1);
}

static void test_table_file(void **state)
{
    (void)state;
    assert_true(run_failing("table file", load_file, "conversion-tables/cms-2018.yaml") > 1);
}

static void test_regimens(void **state)
{
    (void)state;
    run_failing("regimens cdc-2016", regimens, cdc2016);
    run_failing("regimens cms-2018", regimens, cms2018);
    assert_true(run_failing("computed set", computed_set, cdc2016) > 1);
}

static void test_csv(void **state)
{
    (void)state;
    char *text = long_csv();
    assert_true(run_failing("csv", csv, text) > 1);
    __real_free(text);
}

static void test_batch(void **state)
{
    (void)state;
    assert_true(run_failing("batch claims", batch_claims, cms2018) > 0);
    assert_true(run_failing("batch regimens", batch_regimens, cdc2016) > 0);
}

static void test_batch_ndc(void **state)
{
    (void)state;
    assert_true(run_failing("batch ndc", batch_ndc, cms2018) > 1);
}

static void test_patients(void **state)
{
    (void)state;
    assert_true(run_failing("rules", load_rules, NULL) > 0);
    assert_true(run_failing("patients cdc-2016", patients, cdc2016) > 1);
    assert_true(run_failing("patients cms-2018", patients, cms2018) > 1);
    assert_true(run_failing("practice dashboard", dashboard, cdc2016) > 1);
}

/* A patient added to a practice while memory runs out (allocation k of the add failing, for
 * every k): the add says MED_ERR_NOMEM, and a practice finished after it lists no prescriber
 * made for the patient but never counted (a group with no patients). */
static void practice_add_leaves_no_empty_group(void **state)
{
    (void)state;
    med_patient *p = NULL;
    med_patient_options po = MED_PATIENT_OPTIONS_INIT;
    med_patient_summary sum = MED_PATIENT_SUMMARY_INIT;
    med_input in = MED_INPUT_INIT;
    med_result r = MED_RESULT_INIT;
    med_error e;
    char why[256];
    assert_int_equal(med_patient_new(cdc2016, rules, &po, &p, &e), MED_OK);
    med_patient_reset(p, "A");
    in.drug = "oxycodone";
    in.strength = "10";
    in.unit = "mg";
    in.quantity = "120";
    in.days_supply = "30";
    assert_int_equal(med_compute(cdc2016, &in, MED_METHOD_SUPPLY, &r), MED_OK);
    assert_int_equal(med_patient_add(p, &r, "2025-01-01", "30", "D1", "R1", why), MED_OK);
    assert_int_equal(med_patient_summarize(p, &sum), MED_OK);
    med_status s = MED_ERR_NOMEM;
    long failed = 0;
    for (long k = 1; s == MED_ERR_NOMEM; k++) {
        med_practice *pr = NULL;
        assert_int_equal(med_practice_new(rules, &pr, &e), MED_OK);
        arm(k);
        s = med_practice_add(pr, p);
        disarm();
        assert_true(s == MED_OK || s == MED_ERR_NOMEM);
        failed += s == MED_ERR_NOMEM;
        assert_int_equal(med_practice_finish(pr), MED_OK);
        for (size_t i = 1; i < med_practice_group_count(pr); i++)
            if (med_practice_get_group(pr, i)->patients == 0)
                fail_msg("allocation %ld failing: group %s listed with no patients", k,
                         med_practice_get_group(pr, i)->name);
        assert_int_equal(med_practice_group_count(pr), s == MED_OK ? 2 : 1);
        med_practice_free(pr);
    }
    assert_true(failed >= 2);
    med_patient_free(p);
}

/* A practice of two patients with two prescribers (and the dashboard on when asked), not yet
 * finished. */
static med_practice *practice_of_two(med_patient *p, int dashboard)
{
    static const char *const prescribers[] = {"D2", "D1"};
    med_practice *pr = NULL;
    med_error e;
    assert_int_equal(med_practice_new(rules, &pr, &e), MED_OK);
    if (dashboard)
        assert_int_equal(med_practice_dashboard(pr, NULL, &e), MED_OK);
    for (size_t i = 0; i < 2; i++) {
        med_input in = MED_INPUT_INIT;
        med_result r = MED_RESULT_INIT;
        med_patient_summary sum = MED_PATIENT_SUMMARY_INIT;
        char why[256];
        med_patient_reset(p, i ? "B" : "A");
        in.drug = "oxycodone";
        in.strength = i ? "10" : "20";
        in.unit = "mg";
        in.quantity = "120";
        in.days_supply = "30";
        assert_int_equal(med_compute(cdc2016, &in, MED_METHOD_SUPPLY, &r), MED_OK);
        assert_int_equal(med_patient_add(p, &r, "2025-01-01", "30", prescribers[i], "R1", why),
                         MED_OK);
        assert_int_equal(med_patient_summarize(p, &sum), MED_OK);
        assert_int_equal(med_practice_add(pr, p), MED_OK);
    }
    return pr;
}

/* What a finished practice gives: its groups, their measures, and the dashboard's figures. */
static void finished_sig(const med_practice *pr, char *sig, size_t cap)
{
    sig[0] = '\0';
    for (size_t i = 0; i < med_practice_group_count(pr); i++) {
        const med_practice_group *g = med_practice_get_group(pr, i);
        char median[32];
        add_sig(sig, cap, "%s %ld %s", g->name, g->patients,
                mme_text(g->median_peak_hundredths, median, sizeof median));
        const med_quality_measure *q;
        for (size_t m = 0; (q = med_practice_get_measure(pr, i, m)) != NULL; m++)
            add_sig(sig, cap, " %s %ld/%ld", q->key, q->numerator, q->denominator);
        add_sig(sig, cap, "|");
    }
    const med_dashboard *d = med_practice_get_dashboard(pr);
    if (d)
        add_sig(sig, cap, "dashboard %zu %zu %zu %s %s|", d->headlines, d->periods,
                d->prescribers, d->median_peak, d->practice_percent);
}

/* A finish that runs out of memory (allocation k of it failing, for every k) leaves the
 * practice to be finished again, and that second finish gives what a finish with memory to
 * spare gives, leaking nothing. */
static void practice_finish_may_be_retried(void **state)
{
    (void)state;
    static char want[SIG_MAX], got[SIG_MAX];
    med_patient *p = NULL;
    med_patient_options po = MED_PATIENT_OPTIONS_INIT;
    med_error e;
    assert_int_equal(med_patient_new(cdc2016, rules, &po, &p, &e), MED_OK);
    for (int dashboard = 0; dashboard <= 1; dashboard++) {
        med_practice *pr = practice_of_two(p, dashboard);
        assert_int_equal(med_practice_finish(pr), MED_OK);
        finished_sig(pr, want, sizeof want);
        med_practice_free(pr);
        med_status s = MED_ERR_NOMEM;
        long failed = 0;
        for (long k = 1; s == MED_ERR_NOMEM; k++) {
            pr = practice_of_two(p, dashboard);
            arm(k);
            s = med_practice_finish(pr);
            fail_at = 0; /* the rest runs with memory to spare, still tracked */
            assert_true(s == MED_OK || s == MED_ERR_NOMEM);
            if (s == MED_ERR_NOMEM) {
                failed++;
                assert_int_equal(med_practice_group_count(pr), 0);
                if (med_practice_finish(pr) != MED_OK)
                    fail_msg("dashboard %d, allocation %ld failing: the second finish failed",
                             dashboard, k);
            }
            finished_sig(pr, got, sizeof got);
            if (strcmp(got, want) != 0)
                fail_msg("dashboard %d, allocation %ld failing: got %s, want %s", dashboard, k,
                         got, want);
            med_practice_free(pr);
            disarm();
            if (live_count != 0)
                fail_msg("dashboard %d, allocation %ld failing: %ld allocations leaked",
                         dashboard, k, live_count);
        }
        assert_true(failed >= (dashboard ? 8 : 3));
    }
    med_patient_free(p);
}

static void test_fhir(void **state)
{
    (void)state;
    assert_true(run_failing("fhir", fhir, cdc2016) > 1);
}

static void test_agree(void **state)
{
    (void)state;
    assert_true(run_failing("agree", agree, NULL) > 1);
    assert_true(run_failing("agree fingerprints", agree, "fingerprints") > 1);
    assert_true(run_failing("agree ndc", agree_ndc, NULL) > 1);
    assert_true(run_failing("agree, a broken record", agree_broken, NULL) > 1);
}

static void test_side_by_side(void **state)
{
    (void)state;
    run_failing("diff, vectors, compare", tables_side_by_side, NULL);
}

static int setup(void **state)
{
    med_error e;
    (void)state;
    if (med_table_load_embedded("cdc-2016", &cdc2016, &e) != MED_OK ||
        med_table_load_embedded("cms-2018", &cms2018, &e) != MED_OK ||
        med_rules_load(NULL, &rules, &e) != MED_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    med_table_free(cdc2016);
    med_table_free(cms2018);
    med_rules_free(rules);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_embedded), cmocka_unit_test(test_table_buffer),
        cmocka_unit_test(test_table_file),     cmocka_unit_test(test_regimens),
        cmocka_unit_test(test_csv),            cmocka_unit_test(test_batch),
        cmocka_unit_test(test_batch_ndc),      cmocka_unit_test(test_patients),
        cmocka_unit_test(practice_add_leaves_no_empty_group),
        cmocka_unit_test(practice_finish_may_be_retried),
        cmocka_unit_test(test_agree),          cmocka_unit_test(test_side_by_side),
        cmocka_unit_test(test_fhir),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
