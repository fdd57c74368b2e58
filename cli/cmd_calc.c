/* medcalc REGIMEN...: one patient's regimens, their MME/day, the total and the thresholds. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The texts that explain one regimen's result, asked of the library once. */
typedef struct said_texts {
    char message[640], arithmetic[256], mme[32], daily[32], factor[32], factor_table[160];
} said_texts;

typedef struct one_off {
    med_regimen **regimens;  /* each holds its input's texts */
    med_input *inputs;
    med_result *results;
    said_texts *said;
    med_error *parse_errors; /* code MED_OK when the text parsed */
    med_total total;
    const med_table *table;
    const med_rules *rules;  /* point-of-care flags */
    const med_table_info *info;
    med_method method;       /* the method the results used */
} one_off;

static const char *shown_method(const one_off *r, int n)
{
    for (int i = 0; i < n; i++)
        if (r->results[i].status == MED_RESULT_OK)
            return med_method_string(r->results[i].method);
    return med_method_string(r->method == MED_METHOD_AUTO ? MED_METHOD_CLINICAL : r->method);
}

/* Whether --method supply computed regimen i from its schedule (an order has no quantity and
 * days supply; a patch's supply arithmetic differs, and says so in its own arithmetic). */
static int from_schedule(const one_off *r, int i)
{
    const med_result *x = &r->results[i];
    const med_input *in = &r->inputs[i];
    return x->status == MED_RESULT_OK && x->method == MED_METHOD_SUPPLY &&
           !(in->quantity && in->quantity[0]) && !(in->days_supply && in->days_supply[0]) &&
           !(x->dose_unit && strcmp(x->dose_unit, "mcg/hr") == 0);
}

static void print_text(FILE *out, const one_off *r, char **texts, int n)
{
    fprintf(out, "table:  %s@%s  %s\n        sha256 %s\n", r->info->id, r->info->version,
            r->info->title, r->info->digest);
    cli_fallback_text(out, r->table, "");
    fprintf(out, "method: %s\n\n", shown_method(r, n));
    for (int i = 0; i < n; i++) {
        const med_result *x = &r->results[i];
        const said_texts *t = &r->said[i];
        fprintf(out, "%s\n", texts[i]);
        if (x->status == MED_RESULT_OK)
            fprintf(out, "  %s: %s\n", x->ingredient, t->arithmetic);
        else
            fprintf(out, "  %s: %s\n", med_result_status_string(x->status), t->message);
        if (x->status == MED_RESULT_OK && t->message[0])
            fprintf(out, "  note: %s\n", t->message);
        if (from_schedule(r, i))
            fprintf(out, "  note: no quantity and days supply: the supply method computed the "
                         "schedule, as the clinical method does\n");
        cli_regimen_notes_text(out, r->regimens[i]);
    }
    cli_total_text(out, r->table, r->rules, &r->total, (size_t)n);
}

/* A JSON number from an exact decimal text, or null when there is none. */
static void json_number(FILE *out, const char *text)
{
    fputs(text && text[0] ? text : "null", out);
}

static void print_json_regimen(FILE *out, const char *text, const med_result *x,
                               const said_texts *t, const med_regimen *regimen, int fallback)
{
    int ok = x->status == MED_RESULT_OK;
    fputs("{\"input\":", out);
    json_string(out, text);
    fputs(",\"drug\":", out);
    if (x->ingredient) json_string(out, x->ingredient); else fputs("null", out);
    fputs(",\"class\":", out);
    if (x->drug_class) json_string(out, x->drug_class); else fputs("null", out);
    fputs(",\"form\":", out);
    if (x->form) json_string(out, x->form); else fputs("null", out);
    fputs(",\"daily_dose\":", out);
    json_number(out, ok ? t->daily : NULL);
    fputs(",\"dose_unit\":", out);
    if (ok) json_string(out, x->dose_unit); else fputs("null", out);
    fputs(",\"factor\":", out);
    json_number(out, ok ? t->factor : NULL);
    fputs(",\"table_factor\":", out);
    json_number(out, ok ? x->factor_text : NULL);
    fputs(",\"factor_per\":", out);
    if (ok) json_string(out, x->factor_per); else fputs("null", out);
    if (fallback) {
        fputs(",\"factor_table\":", out);
        if (ok) json_string(out, t->factor_table); else fputs("null", out);
    }
    fputs(",\"method\":", out);
    json_string(out, med_method_string(x->method));
    fputs(",\"mme_per_day\":", out);
    json_number(out, ok ? t->mme : NULL);
    fputs(",\"arithmetic\":", out);
    json_string(out, t->arithmetic);
    fputs(",\"status\":", out);
    json_string(out, med_result_status_string(x->status));
    fputs(",\"message\":", out);
    json_string(out, t->message);
    cli_regimen_notes_json(out, regimen);
    fputc('}', out);
}

static void print_json(FILE *out, const one_off *r, char **texts, int n)
{
    fputs("{\"table\":{\"id\":", out);
    json_string(out, r->info->id);
    fputs(",\"version\":", out);
    json_string(out, r->info->version);
    fputs(",\"digest\":", out);
    json_string(out, r->info->digest);
    fputs(",\"source\":", out);
    json_string(out, r->info->source);
    cli_fallback_json(out, r->table);
    fputs("},\"method\":", out);
    json_string(out, shown_method(r, n));
    fputs(",\"regimens\":[", out);
    for (int i = 0; i < n; i++) {
        if (i) fputc(',', out);
        print_json_regimen(out, texts[i], &r->results[i], &r->said[i], r->regimens[i],
                           med_table_get_fallback(r->table) != NULL);
    }
    fputc(']', out);
    cli_total_json(out, r->table, r->rules, &r->total);
    fputs("}\n", out);
}

static void print_csv(FILE *out, const one_off *r, char **texts, int n)
{
    const med_table_info *fb = med_table_get_info(med_table_get_fallback(r->table));
    fprintf(out, "input,drug,form,daily_dose,dose_unit,factor,mme_per_day,method,status,message,"
            "table,digest%s\n", fb ? ",factor_table,fallback,fallback_digest" : "");
    char table[160], fallback[160] = "";
    snprintf(table, sizeof table, "%s@%s", r->info->id, r->info->version);
    if (fb)
        snprintf(fallback, sizeof fallback, "%s@%s", fb->id, fb->version);
    for (int i = 0; i < n; i++) {
        const med_result *x = &r->results[i];
        const said_texts *t = &r->said[i];
        int ok = x->status == MED_RESULT_OK;
        const char *cells[] = {texts[i], x->ingredient, x->form, ok ? t->daily : "",
                               ok ? x->dose_unit : "", ok ? t->factor : "",
                               ok ? t->mme : "", med_method_string(x->method),
                               med_result_status_string(x->status), t->message, table,
                               r->info->digest, t->factor_table, fallback,
                               fb ? fb->digest : ""};
        size_t ncells = sizeof cells / sizeof *cells - (fb ? 0 : 3);
        for (size_t c = 0; c < ncells; c++) {
            if (c) fputc(',', out);
            csv_field(out, cells[c]);
        }
        fputc('\n', out);
    }
    char total[32] = "";
    if (r->total.complete)
        med_hundredths_format(r->total.mme_hundredths, total, sizeof total);
    fprintf(out, "total,,,,,,%s,,%s,", total, r->total.complete ? "ok" : "incomplete");
    if (r->total.too_large) { /* the orders computed sum past what a total holds */
        char most[32], why[96];
        med_hundredths_format(INT64_MAX, most, sizeof most);
        snprintf(why, sizeof why, "too large: the sum passes %s MME/day", most);
        csv_field(out, why);
    }
    fprintf(out, ",%s,%s", table, r->info->digest);
    if (fb)
        fprintf(out, ",,%s,%s", fallback, fb->digest);
    fputc('\n', out);
}

/* Parse errors become error results, so every regimen is reported in its place. */
static int parse_all(one_off *r, char **texts, int n)
{
    static const med_input blank = MED_INPUT_INIT;
    for (int i = 0; i < n; i++) {
        if (med_regimen_new(&r->regimens[i]) != MED_OK)
            return -1;
        r->inputs[i] = blank;
        if (med_regimen_parse(r->regimens[i], texts[i], &r->parse_errors[i]) == MED_OK)
            r->inputs[i] = *med_regimen_input(r->regimens[i]);
    }
    return 0;
}

/* Each regimen's result and texts and the total, from one computation of the set: 0, or -1 out
 * of memory (a text left empty for want of memory would read as a text that has nothing to
 * say). */
static int compute_all(one_off *r, int n)
{
    static const med_text what[] = {MED_TEXT_MESSAGE, MED_TEXT_ARITHMETIC, MED_TEXT_MME,
                                    MED_TEXT_DAILY_DOSE, MED_TEXT_FACTOR_APPLIED,
                                    MED_TEXT_FACTOR_TABLE};
    med_computed_set *set;
    if (med_computed_set_new(r->table, r->inputs, (size_t)n, r->method, &set) != MED_OK)
        return -1;
    int rc = med_computed_set_total(set, &r->total) == MED_OK ? 0 : -1;
    for (int i = 0; rc == 0 && i < n; i++) {
        said_texts *t = &r->said[i];
        char *into[] = {t->message, t->arithmetic, t->mme, t->daily, t->factor,
                        t->factor_table};
        size_t cap[] = {sizeof t->message, sizeof t->arithmetic, sizeof t->mme, sizeof t->daily,
                        sizeof t->factor, sizeof t->factor_table};
        med_result blank = MED_RESULT_INIT;
        r->results[i] = blank;
        if (med_computed_set_result(set, (size_t)i, &r->results[i]) != MED_OK)
            rc = -1;
        for (size_t k = 0; rc == 0 && k < sizeof what / sizeof what[0]; k++)
            if (med_computed_set_text(set, (size_t)i, what[k], into[k], cap[k], NULL) != MED_OK)
                rc = -1;
    }
    med_computed_set_free(set);
    return rc;
}

static void apply_parse_errors(one_off *r, int n)
{
    for (int i = 0; i < n; i++) {
        const med_error *e = &r->parse_errors[i];
        if (e->code == MED_OK)
            continue;
        med_result *x = &r->results[i];
        med_result blank = MED_RESULT_INIT;
        *x = blank;
        x->status = MED_RESULT_ERROR;
        x->method = r->method;
        x->error = e->code;
        said_texts *t = &r->said[i];
        memset(t, 0, sizeof *t);
        if (e->column > 0)
            snprintf(t->message, sizeof t->message, "column %d: %s", e->column, e->message);
        else
            snprintf(t->message, sizeof t->message, "%s", e->message);
        r->total.errors++;
        r->total.complete = 0;
    }
}

static int run(const options *o, med_table *t, one_off *r)
{
    char **texts = o->args;
    int n = o->nargs;
    r->table = t;
    r->info = med_table_get_info(t);
    r->method = o->method;
    if (parse_all(r, texts, n) != 0) {
        cli_error("out of memory");
        return EXIT_INPUT;
    }
    /* Unparsed regimens are computed as blanks (an error) and then given their parse error. */
    if (compute_all(r, n) != 0) {
        cli_error("out of memory");
        return EXIT_INPUT;
    }
    for (int i = 0; i < n; i++)
        if (r->parse_errors[i].code != MED_OK && r->results[i].status == MED_RESULT_ERROR)
            r->total.errors--;
    apply_parse_errors(r, n);
    FILE *out = cli_open_output(o);
    if (out == NULL)
        return EXIT_INPUT;
    if (o->format == FORMAT_JSON)
        print_json(out, r, texts, n);
    else if (o->format == FORMAT_CSV)
        print_csv(out, r, texts, n);
    else
        print_text(out, r, texts, n);
    int rc = cli_close_output(out, o);
    return rc != EXIT_OK ? rc : r->total.errors || !r->total.complete ? EXIT_ROWS : EXIT_OK;
}

int cmd_calc(const options *o)
{
    one_off r;
    med_total blank = MED_TOTAL_INIT;
    memset(&r, 0, sizeof r);
    r.total = blank;
    med_table *t = cli_load_table(o);
    if (t == NULL)
        return EXIT_INPUT;
    med_rules *rules = cli_load_rules(o);
    if (rules == NULL) {
        med_table_free(t);
        return EXIT_INPUT;
    }
    r.rules = rules;
    size_t n = (size_t)o->nargs;
    r.regimens = calloc(n, sizeof *r.regimens);
    r.inputs = calloc(n, sizeof *r.inputs);
    r.results = calloc(n, sizeof *r.results);
    r.said = calloc(n, sizeof *r.said);
    r.parse_errors = calloc(n, sizeof *r.parse_errors);
    int rc = EXIT_INPUT;
    if (r.regimens && r.inputs && r.results && r.said && r.parse_errors)
        rc = run(o, t, &r);
    else
        cli_error("out of memory");
    for (size_t i = 0; r.regimens && i < n; i++)
        med_regimen_free(r.regimens[i]);
    free(r.regimens);
    free(r.inputs);
    free(r.results);
    free(r.said);
    free(r.parse_errors);
    med_table_free(t);
    med_rules_free(rules);
    return rc;
}
