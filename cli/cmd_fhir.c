/* medcalc fhir FILE|- [DRUG]: FHIR R4 MedicationRequests (or a Bundle of them, or a bare Dosage
 * with DRUG) computed as one patient's concurrent orders: one result per request, the total,
 * its thresholds and the point-of-care flags. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define FHIR_MAX_BYTES (64u << 20)

/* An order's texts, asked before anything is printed. */
typedef struct fhir_texts {
    char message[1024], arithmetic[256], daily[256], factor[256], mme[256];
} fhir_texts;

typedef struct fhir_run {
    const med_table *table;
    const med_rules *rules;
    const med_fhir *fhir;
    med_input *inputs;
    med_result *results;
    fhir_texts *texts;
    med_total total;
    med_method method;
    size_t n;
} fhir_run;

/* The whole of FILE (or standard input for "-"), NUL-terminated; NULL on failure (reported). */
static char *slurp(const char *path, size_t *size)
{
    FILE *f = cli_open_input(path);
    if (f == NULL) {
        cli_error("%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        cli_error("%s: out of memory", path);
    while (buf) {
        if (len + 1 >= cap) {
            char *bigger = cap < FHIR_MAX_BYTES ? realloc(buf, cap * 2) : NULL;
            if (bigger == NULL) {
                cli_error("%s: %s", path, cap < FHIR_MAX_BYTES ? "out of memory"
                                                                 : "larger than 64 MiB");
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - 1 - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                cli_error("%s: read error", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (buf)
        buf[len] = '\0';
    *size = len;
    return buf;
}

/* Every order's texts, as the set computed them, from one computation: 0, or -1 out of memory
 * (a text left empty for want of memory would print as a text that has nothing to say). */
static int ask_texts(fhir_run *r)
{
    static const med_text what[] = {MED_TEXT_MESSAGE, MED_TEXT_ARITHMETIC, MED_TEXT_DAILY_DOSE,
                                    MED_TEXT_FACTOR_APPLIED, MED_TEXT_MME};
    med_computed_set *set;
    if (med_computed_set_new(r->table, r->inputs, r->n, r->method, &set) != MED_OK)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->n; i++) {
        fhir_texts *t = &r->texts[i];
        char *into[] = {t->message, t->arithmetic, t->daily, t->factor, t->mme};
        size_t cap[] = {sizeof t->message, sizeof t->arithmetic, sizeof t->daily,
                        sizeof t->factor, sizeof t->mme};
        for (size_t k = 0; rc == 0 && k < sizeof what / sizeof what[0]; k++)
            if (med_computed_set_text(set, i, what[k], into[k], cap[k], NULL) != MED_OK)
                rc = -1;
    }
    med_computed_set_free(set);
    return rc;
}

/* What went wrong with an order: where it was read, else what computing it said. */
static void order_message(const fhir_run *r, size_t i, char *buf, size_t cap)
{
    const med_fhir_order *o = med_fhir_get(r->fhir, i);
    if (o->not_counted)
        snprintf(buf, cap, "%s", o->not_counted);
    else if (o->status != MED_OK && o->error->line > 0)
        snprintf(buf, cap, "%s:%d:%d: %s", o->error->source, o->error->line, o->error->column,
                 o->error->message);
    else if (o->status != MED_OK)
        snprintf(buf, cap, "%s", o->error->message);
    else
        snprintf(buf, cap, "%s", r->texts[i].message);
}

static void print_text(FILE *out, const fhir_run *r)
{
    const med_table_info *info = med_table_get_info(r->table);
    fprintf(out, "table:  %s@%s  %s\n        sha256 %s\n", info->id, info->version, info->title,
            info->digest);
    fprintf(out, "method: %s\n\n", med_method_string(r->method));
    for (size_t i = 0; i < r->n; i++) {
        const med_fhir_order *o = med_fhir_get(r->fhir, i);
        const med_result *x = &r->results[i];
        char msg[1024];
        fprintf(out, "MedicationRequest %s%s", o->id[0] ? o->id : "(no id)",
                o->rxnorm ? "  RxNorm " : "");
        if (o->rxnorm)
            fprintf(out, "%s (%s)", o->rxnorm,
                    o->rxnorm_list ? o->rxnorm_list : "in no RxNorm list: read from the words");
        fprintf(out, "\n  drug: %s\n", o->drug_text[0] ? o->drug_text : "(none)");
        if (o->status == MED_OK && o->read[0])
            fprintf(out, "  read: %s\n", o->read);
        order_message(r, i, msg, sizeof msg);
        if (x->status == MED_RESULT_OK) {
            fprintf(out, "  %s: %s\n", x->ingredient, r->texts[i].arithmetic);
            if (msg[0])
                fprintf(out, "  note: %s\n", msg);
        } else {
            fprintf(out, "  %s: %s\n", med_result_status_string(x->status), msg);
        }
        if (o->ignored[0])
            fprintf(out, "  ignored (does not change the number): %s\n", o->ignored);
    }
    cli_total_text(out, r->table, r->rules, &r->total, r->n);
}

static void json_text_member(FILE *out, const char *key, const char *value)
{
    fprintf(out, ",\"%s\":", key);
    if (value && value[0]) json_string(out, value); else fputs("null", out);
}

static void print_json_order(FILE *out, const fhir_run *r, size_t i)
{
    const med_fhir_order *o = med_fhir_get(r->fhir, i);
    const med_result *x = &r->results[i];
    int ok = x->status == MED_RESULT_OK;
    const fhir_texts *t = &r->texts[i];
    char msg[1024];
    fputs("{\"id\":", out);
    json_string(out, o->id);
    json_text_member(out, "rxnorm", o->rxnorm);
    json_text_member(out, "rxnorm_list", o->rxnorm_list);
    json_text_member(out, "medication", o->drug_text);
    json_text_member(out, "read", o->status == MED_OK ? o->read : NULL);
    json_text_member(out, "ignored", o->ignored);
    json_text_member(out, "drug", x->ingredient);
    json_text_member(out, "class", x->drug_class);
    json_text_member(out, "form", x->form);
    fprintf(out, ",\"daily_dose\":%s", ok && t->daily[0] ? t->daily : "null");
    json_text_member(out, "dose_unit", ok ? x->dose_unit : NULL);
    fprintf(out, ",\"factor\":%s", ok && t->factor[0] ? t->factor : "null");
    fputs(",\"method\":", out);
    json_string(out, med_method_string(x->method));
    fprintf(out, ",\"mme_per_day\":%s", ok && t->mme[0] ? t->mme : "null");
    json_text_member(out, "arithmetic", t->arithmetic);
    fputs(",\"status\":", out);
    json_string(out, med_result_status_string(x->status));
    order_message(r, i, msg, sizeof msg);
    json_text_member(out, "message", msg);
    if (o->status != MED_OK)
        fprintf(out, ",\"line\":%d,\"column\":%d", o->error->line, o->error->column);
    fputc('}', out);
}

static void print_json(FILE *out, const fhir_run *r)
{
    const med_table_info *info = med_table_get_info(r->table);
    fputs("{\"table\":{\"id\":", out);
    json_string(out, info->id);
    fputs(",\"version\":", out);
    json_string(out, info->version);
    fputs(",\"digest\":", out);
    json_string(out, info->digest);
    fputs("},\"method\":", out);
    json_string(out, med_method_string(r->method));
    fputs(",\"orders\":[", out);
    for (size_t i = 0; i < r->n; i++) {
        if (i) fputc(',', out);
        print_json_order(out, r, i);
    }
    fputc(']', out);
    cli_total_json(out, r->table, r->rules, &r->total);
    fputs("}\n", out);
}

static int run(const options *o, fhir_run *r)
{
    r->n = med_fhir_count(r->fhir);
    r->inputs = calloc(r->n ? r->n : 1, sizeof *r->inputs);
    r->results = calloc(r->n ? r->n : 1, sizeof *r->results);
    r->texts = calloc(r->n ? r->n : 1, sizeof *r->texts);
    if (r->inputs == NULL || r->results == NULL || r->texts == NULL) {
        cli_error("out of memory");
        return EXIT_INPUT;
    }
    static const med_result blank = MED_RESULT_INIT;
    for (size_t i = 0; i < r->n; i++) {
        r->inputs[i] = med_fhir_get(r->fhir, i)->input;
        r->results[i] = blank;
    }
    if (med_fhir_compute(r->table, r->fhir, r->method, r->results, &r->total) != MED_OK ||
        ask_texts(r) != 0) {
        cli_error("out of memory");
        return EXIT_INPUT;
    }
    FILE *out = cli_open_output(o);
    if (out == NULL)
        return EXIT_INPUT;
    if (o->format == FORMAT_JSON)
        print_json(out, r);
    else
        print_text(out, r);
    int rc = cli_close_output(out, o);
    return rc != EXIT_OK ? rc : r->total.errors || !r->total.complete ? EXIT_ROWS : EXIT_OK;
}

int cmd_fhir(const options *o)
{
    if (o->nargs < 1 || o->nargs > 2) {
        cli_error("usage: medcalc fhir FILE|- [DRUG] (DRUG for a bare Dosage)");
        return EXIT_USAGE;
    }
    if (o->format == FORMAT_CSV) {
        cli_error("fhir writes text or json");
        return EXIT_USAGE;
    }
    const char *path = o->args[0];
    fhir_run r;
    memset(&r, 0, sizeof r);
    med_total blank = MED_TOTAL_INIT;
    r.total = blank;
    /* an order carries both a schedule and a supply: clinical unless asked otherwise */
    r.method = o->method == MED_METHOD_AUTO ? MED_METHOD_CLINICAL : o->method;
    size_t size;
    char *json = slurp(path, &size);
    med_table *t = json ? cli_load_table(o) : NULL;
    med_rules *rules = t ? cli_load_rules(o) : NULL;
    med_fhir *fhir = NULL;
    int rc = EXIT_INPUT;
    if (rules) {
        med_error e;
        const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
        if (med_fhir_read(t, json, size, name, o->nargs > 1 ? o->args[1] : NULL, &fhir, &e) !=
            MED_OK) {
            cli_error_at(&e);
        } else {
            r.table = t;
            r.rules = rules;
            r.fhir = fhir;
            rc = run(o, &r);
        }
    }
    free(r.inputs);
    free(r.results);
    free(r.texts);
    med_fhir_free(fhir);
    med_rules_free(rules);
    med_table_free(t);
    free(json);
    return rc;
}
