/* What the subcommands share: messages, the table, the output stream, JSON and CSV text. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("medcalc: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_error_at(const med_error *e)
{
    fputs("medcalc: ", stderr);
    if (e->source[0])
        fprintf(stderr, "%s:", e->source);
    if (e->line > 0)
        fprintf(stderr, "%d:", e->line);
    if (e->line > 0 && e->column > 0)
        fprintf(stderr, "%d:", e->column);
    fprintf(stderr, "%s%s", e->source[0] ? " " : "", e->message);
    if (e->text[0] && !strstr(e->message, e->text))
        fprintf(stderr, " (at '%s')", e->text);
    fputc('\n', stderr);
}

med_table *cli_load_table(const options *o)
{
    med_table *t = NULL;
    med_error e;
    if (med_table_load(o->table, &t, &e) != MED_OK) {
        cli_error_at(&e);
        return NULL;
    }
    if (o->fallback == NULL)
        return t;
    /* The table loaded above is fine: what fails from here is about the fallback. */
    med_table_free(t);
    if (med_table_load_with_fallback(o->table, o->fallback, &t, &e) != MED_OK) {
        int located = e.source[0] && strcmp(e.source, "<tables>") != 0;
        cli_error("--fallback %s: %s%s%s", o->fallback, located ? e.source : "",
                  located ? ": " : "", e.message);
        return NULL;
    }
    return t;
}

void cli_fallback_text(FILE *out, const med_table *t, const char *indent)
{
    const med_table_info *f = med_table_get_info(med_table_get_fallback(t));
    if (f)
        fprintf(out, "%sfallback: %s@%s  %s (factors the table lacks)\n%s          sha256 %s\n",
                indent, f->id, f->version, f->title, indent, f->digest);
}

void cli_fallback_json(FILE *out, const med_table *t)
{
    const med_table_info *f = med_table_get_info(med_table_get_fallback(t));
    if (f == NULL)
        return;
    fputs(",\"fallback\":{\"id\":", out);
    json_string(out, f->id);
    fputs(",\"version\":", out);
    json_string(out, f->version);
    fputs(",\"digest\":", out);
    json_string(out, f->digest);
    fputs(",\"source\":", out);
    json_string(out, f->source);
    fputc('}', out);
}

FILE *cli_open_input(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (f != NULL && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR; /* fopen opens a directory; its first read would fail with no reason */
        return NULL;
    }
    return f;
}

FILE *cli_open_output(const options *o)
{
    if (o->output == NULL || strcmp(o->output, "-") == 0)
        return stdout;
    FILE *f = fopen(o->output, "w");
    if (f == NULL)
        cli_error("cannot write %s: %s", o->output, strerror(errno));
    return f;
}

int cli_close_output(FILE *out, const options *o)
{
    return cli_close_output_after(out, o, 0);
}

int cli_close_output_after(FILE *out, const options *o, int write_errno)
{
    const char *name = out == stdout ? "standard output" : o->output;
    int failed = write_errno != 0 || ferror(out) != 0;
    if (fflush(out) != 0) {
        failed = 1;
        write_errno = write_errno ? write_errno : errno;
    }
    if (out != stdout && fclose(out) != 0) {
        failed = 1;
        write_errno = write_errno ? write_errno : errno;
    }
    if (failed) {
        /* a write through stdio that failed earlier left its errno (nothing since wrote one) */
        write_errno = write_errno ? write_errno : errno ? errno : EIO;
        cli_error("writing %s failed: %s", name, strerror(write_errno));
        return EXIT_WRITE;
    }
    return EXIT_OK;
}

/* Length of the well-formed UTF-8 sequence at p (1 to 4 bytes, RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0 when p does not start one. Reads no further than the
 * first byte that breaks the sequence, so never past the string's NUL. */
static size_t utf8_length(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        return (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        unsigned lo = p[0] == 0xE0 ? 0xA0 : 0x80, hi = p[0] == 0xED ? 0x9F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        unsigned lo = p[0] == 0xF0 ? 0x90 : 0x80, hi = p[0] == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4
                                                                                          : 0;
    }
    return 0;
}

/* Input files are not always UTF-8 (Latin-1 exports are common), but JSON must be: each byte
 * that does not start a well-formed UTF-8 sequence is written as U+FFFD, the replacement
 * character, so every line stays valid JSON. */
void json_string(FILE *out, const char *s)
{
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        size_t len;
        if (*p == '"' || *p == '\\') {
            putc('\\', out);
            putc(*p, out);
        } else if (*p == '\n') {
            fputs("\\n", out);
        } else if (*p == '\r') {
            fputs("\\r", out);
        } else if (*p == '\t') {
            fputs("\\t", out);
        } else if (*p < 0x20) {
            fprintf(out, "\\u%04x", *p);
        } else if ((len = utf8_length(p)) == 0) {
            fputs("\\ufffd", out);
        } else {
            fwrite(p, 1, len, out);
            p += len - 1;
        }
    }
    putc('"', out);
}

void csv_field(FILE *out, const char *s)
{
    char small[512];
    s = s ? s : "";
    size_t need = med_csv_quote(s, small, sizeof small);
    if (need < sizeof small) {
        fwrite(small, 1, need, out);
        return;
    }
    char *big = malloc(need + 1);
    if (big == NULL) {
        fputs("\"(out of memory)\"", out);
        return;
    }
    med_csv_quote(s, big, need + 1);
    fwrite(big, 1, need, out);
    free(big);
}

/* The med_read_fn over a stdio stream, for every command that reads CSV. */
int cli_threads(const options *o)
{
    if (o->threads > 0)
        return o->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > CLI_MAX_THREADS ? CLI_MAX_THREADS : (int)n;
}

void *cli_room_for_one(void *items, size_t count, size_t *cap, size_t size, size_t first)
{
    if (count < *cap)
        return items;
    size_t want = *cap ? *cap : first;
    if (*cap && want > SIZE_MAX / 2 / size)
        return NULL;
    if (*cap)
        want *= 2;
    if (want > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(items, want * size);
    if (grown != NULL)
        *cap = want;
    return grown;
}

size_t cli_read_file(void *context, char *buf, size_t capacity, int *failed)
{
    FILE *f = context;
    size_t n = fread(buf, 1, capacity, f);
    if (n == 0 && ferror(f))
        *failed = 1;
    return n;
}

void cli_threshold_words(FILE *out, const med_threshold *t, const char *indent)
{
    if (t->quote)
        fprintf(out, "%squote, %s: \"%s\"\n", indent, t->location, t->quote);
    if (t->summary)
        fprintf(out, "%ssummary by this table, not the source's words (of %s): %s\n", indent,
                t->summarises, t->summary);
    fprintf(out, "%ssource: %s\n", indent, t->source);
}

/* A JSON member whose value may be null. */
static void json_member(FILE *out, const char *key, const char *value)
{
    fprintf(out, ",\"%s\":", key);
    if (value)
        json_string(out, value);
    else
        fputs("null", out);
}

void cli_threshold_json(FILE *out, const med_threshold *t)
{
    json_member(out, "quote", t->quote);
    json_member(out, "location", t->location);
    json_member(out, "summary", t->summary);
    json_member(out, "summarises", t->summarises);
    json_member(out, "source", t->source);
}

void cli_care_words(FILE *out, const med_care_flag *f, const char *indent)
{
    if (f->quote)
        fprintf(out, "%squote, %s: \"%s\"\n", indent, f->location, f->quote);
    if (f->summary)
        fprintf(out, "%ssummary by the rules, not the source's words (of %s): %s\n", indent,
                f->summarises, f->summary);
    fprintf(out, "%ssource: %s\n", indent, f->source);
}

void cli_care_json(FILE *out, const med_care_flag *f)
{
    fputs("{\"name\":", out);
    json_string(out, f->name);
    json_member(out, "description", f->description);
    json_member(out, "quote", f->quote);
    json_member(out, "location", f->location);
    json_member(out, "summary", f->summary);
    json_member(out, "summarises", f->summarises);
    json_member(out, "source", f->source);
    fputc('}', out);
}

/* Why a total has no number, as the JSON names it: an order in error (whatever the others sum
 * to: too_large says that apart), or, with no order in error, every order computed and their
 * sum too large to hold; NULL when the total is complete. */
static const char *incomplete_reason(const med_total *total)
{
    if (total->complete)
        return NULL;
    return total->errors ? "orders_in_error" : "too_large";
}

/* The largest total held exactly, as the text says it. */
static const char *largest_total(char *buf, size_t cap)
{
    med_hundredths_format(INT64_MAX, buf, cap);
    return buf;
}

void cli_total_text(FILE *out, const med_table *table, const med_rules *rules,
                    const med_total *total, size_t count)
{
    const med_table_info *info = med_table_get_info(table);
    char sum[32];
    med_hundredths_format(total->computed_hundredths, sum, sizeof sum);
    char most[32];
    if (total->complete)
        fprintf(out, "\ntotal: %s MME/day\n", sum);
    else if (total->errors == 0)
        fprintf(out, "\ntotal: too large (every order was computed, but their sum passes %s "
                "MME/day, the largest total held exactly)\n", largest_total(most, sizeof most));
    else if (total->too_large)
        fprintf(out, "\ntotal: incomplete (%zu of %zu order%s could not be computed) and too "
                "large (the sum of the others passes %s MME/day, the largest total held "
                "exactly)\n", total->errors, count, count == 1 ? "" : "s",
                largest_total(most, sizeof most));
    else
        fprintf(out, "\ntotal: incomplete (%zu of %zu order%s could not be computed)\n",
                total->errors, count, count == 1 ? "" : "s");
    /* A lower bound that is the sum of the orders computed: not when some were left out. */
    if (!total->complete && !total->too_large && total->ok)
        fprintf(out, "  no total: the orders computed give %s MME/day, the total is at least "
                "that\n", sum);
    for (size_t i = 0; i < total->flag_count; i++) {
        const med_threshold *t = med_total_flag(table, total, i);
        fprintf(out, "  %s %s MME/day (%s)\n", med_comparator_string(t->comparator),
                t->mme_text, t->level);
        cli_threshold_words(out, t, "    ");
    }
    if (total->flag_count == 0 && total->complete)
        fprintf(out, "  below every threshold of %s\n", info->id);
    size_t n = med_rules_care_count(rules, total);
    for (size_t i = 0; i < n; i++) {
        const med_care_flag *f = med_rules_care_flag(rules, total, i);
        fprintf(out, "%s: %s\n", f->name, f->description);
        cli_care_words(out, f, "    ");
    }
}

void cli_total_json(FILE *out, const med_table *table, const med_rules *rules,
                    const med_total *total)
{
    char sum[32];
    med_hundredths_format(total->computed_hundredths, sum, sizeof sum);
    const char *why = incomplete_reason(total);
    fprintf(out, ",\"total_mme_per_day\":%s,\"complete\":%s,\"incomplete_reason\":",
            total->complete ? sum : "null", total->complete ? "true" : "false");
    if (why) json_string(out, why); else fputs("null", out);
    fprintf(out, ",\"too_large\":%s,\"computed_mme_per_day\":%s",
            total->too_large ? "true" : "false", sum);
    fputs(",\"flags\":[", out);
    for (size_t i = 0; i < total->flag_count; i++) {
        const med_threshold *t = med_total_flag(table, total, i);
        fprintf(out, "%s{\"threshold\":%s,\"comparator\":", i ? "," : "", t->mme_text);
        json_string(out, med_comparator_string(t->comparator));
        fputs(",\"level\":", out);
        json_string(out, t->level);
        fputs(",\"message\":", out);
        json_string(out, t->advice);
        cli_threshold_json(out, t);
        fputc('}', out);
    }
    fputs("],\"point_of_care\":[", out);
    size_t n = med_rules_care_count(rules, total);
    for (size_t i = 0; i < n; i++) {
        if (i) fputc(',', out);
        cli_care_json(out, med_rules_care_flag(rules, total, i));
    }
    fputc(']', out);
}

med_rules *cli_load_rules(const options *o)
{
    med_rules *rules = NULL;
    med_error e;
    if (med_rules_load(o->rules, &rules, &e) != MED_OK) {
        cli_error_at(&e);
        return NULL;
    }
    return rules;
}
