/* A claims row to a result; see claims.h. What each source of the row says about the product
 * (the NDC's list entry, a product description, the drug/strength/unit/form columns) is put in
 * one shape, compared, and only then computed: nothing is chosen silently. */
#include "claims/claims.h"

#include <stdio.h>
#include <string.h>

#include "common/decimal.h"
#include "common/error.h"
#include "compute/calc_private.h"
#include "ndc/ndc_private.h"
#include "tables/table_private.h"
#include "common/text.h"
#include "claims/fda.h"
#include "tables/units.h"

enum { PER_UNIT, PER_ML, PER_HOUR };

/* What one source says: each attribute may be unknown (NULL, or amount.known 0). */
typedef struct said {
    const char *ingredient;
    const char *form;        /* canonical */
    int known;               /* amount known */
    int kind;                /* PER_UNIT, PER_ML, PER_HOUR */
    med_q mcg;               /* the opioid's amount in mcg (per unit, mL or hour) */
    char drug_text[MED_NAME_MAX], strength_text[2 * MED_UNIT_MAX], form_text[MED_UNIT_MAX];
} said;

/* A unit as a kind and the factor that takes its amount to mcg: "mg/5 mL" is per mL, x 200;
 * "MG/HR" per hour, x 1000 (tables/units.c reads every spelling). A unit list ("mg/1; mg/1")
 * gives the unit of part `part` when it has one per part, else its first (the same for all is
 * checked when computing). */
static int unit_scale_part(const char *unit, int part, int parts, int *kind, med_q *scale)
{
    char one[MED_UNIT_TEXT_MAX];
    med_unit_read r;
    int n = med__unit_parts(unit);
    if (med__unit_part(unit, n == parts ? part : 0, one, sizeof one) != 0 ||
        med__unit_read(one, &r) != 0)
        return -1;
    *kind = r.base == MED_UNIT_MCG_HR ? PER_HOUR : med__q_absent(r.per_ml) ? PER_UNIT : PER_ML;
    *scale = r.scale;
    if (r.base == MED_UNIT_MG && med__q_mul(*scale, med__q_int(1000), scale) != 0)
        return -1;
    return *kind == PER_ML ? med__q_div(*scale, r.per_ml, scale) : 0;
}

static int unit_scale(const char *unit, int *kind, med_q *scale)
{
    return unit_scale_part(unit, 0, 1, kind, scale);
}

/* The opioid's part of a strength ("10/325" or "10; 325" with the opioid first is "10"), and
 * its position, or NULL. */
static const char *strength_part(const char *strength, const med_resolved *drug, char *buf,
                                 size_t cap, int *at)
{
    int parts = med__strength_parts(strength);
    *at = 0;
    if (parts > 1) {
        if (drug == NULL || drug->component_count != parts)
            return NULL;
        *at = drug->component_index;
    }
    return med__strength_part(strength, *at, buf, cap) == 0 ? buf : NULL;
}

/* The amount a strength and unit give, when both are readable. */
static void set_amount(said *x, const char *strength, const char *unit, const med_resolved *drug)
{
    char part[MED_UNIT_MAX];
    med_q q, scale;
    int at;
    x->known = 0;
    if (strength[0] == '\0' || unit[0] == '\0' ||
        strength_part(strength, drug, part, sizeof part, &at) == NULL ||
        med__q_parse(part, strlen(part), &q) != 0 ||
        unit_scale_part(unit, at, med__strength_parts(strength), &x->kind, &scale) != 0 ||
        med__q_mul(q, scale, &x->mcg) != 0)
        return;
    x->known = 1;
    snprintf(x->strength_text, sizeof x->strength_text, "%s %s", strength, unit);
}

/* What the drug, strength, unit and form of `in` say; a strength without a unit is read in
 * `default_unit` (what the source it is compared with uses). Anything unreadable is unknown. */
static void said_by_input(const med_table *t, const med__input_buf *in, const char *default_unit,
                          said *x)
{
    med_resolved drug;
    memset(x, 0, sizeof *x);
    int resolved = in->drug[0] && med__vocab_resolve(t->vocab, in->drug, &drug, NULL) == MED_OK;
    if (resolved) {
        x->ingredient = drug.ingredient;
        x->form = drug.form;
        snprintf(x->drug_text, sizeof x->drug_text, "%s", in->drug);
    }
    const char *form = in->form[0] ? med__vocab_form(t->vocab, in->form) : NULL;
    if (form && form[0]) {
        x->form = form;
        snprintf(x->form_text, sizeof x->form_text, "%s", in->form);
    }
    set_amount(x, in->strength, in->unit[0] ? in->unit : default_unit, resolved ? &drug : NULL);
}

static void said_by_ndc(const med_ndc_product *p, said *x)
{
    med_resolved one = {.ingredient = p->ingredient, .component_count = 1};
    memset(x, 0, sizeof *x);
    x->ingredient = p->ingredient;
    x->form = p->form;
    set_amount(x, p->strength, p->unit, &one);
}

/* "drug Morphine Sulfate (morphine)", or "drug morphine" when the text is the ingredient. */
static int named_as(const char *text, const char *canonical)
{
    size_t i = 0;
    for (; text[i] && canonical[i]; i++)
        if ((text[i] >= 'A' && text[i] <= 'Z' ? text[i] - 'A' + 'a' : text[i]) != canonical[i])
            return 0;
    return text[i] == canonical[i];
}

/* Appends to `buf` what `row` says that `ref` contradicts; returns how many things differ. */
static int differences(const said *ref, const said *row, char *buf, size_t cap)
{
    int n = 0;
    size_t k = strlen(buf);
#define ADD(...) (k += (size_t)snprintf(buf + k, k < cap ? cap - k : 0, __VA_ARGS__), n++)
    if (ref->ingredient && row->ingredient && strcmp(ref->ingredient, row->ingredient) != 0) {
        if (named_as(row->drug_text, row->ingredient))
            ADD("%sdrug %s", n ? ", " : "", row->drug_text);
        else
            ADD("%sdrug %s (%s)", n ? ", " : "", row->drug_text, row->ingredient);
    }
    if (ref->known && row->known &&
        (ref->kind != row->kind || med__q_cmp(ref->mcg, row->mcg) != 0))
        ADD("%sstrength %s", n ? ", " : "", row->strength_text);
    if (ref->form && row->form && strcmp(ref->form, row->form) != 0)
        ADD("%sform %s (%s)", n ? ", " : "", row->form_text[0] ? row->form_text : row->drug_text,
            row->form);
#undef ADD
    return n;
}

void med__claim_note(med__result *out, const char *note)
{
    char msg[sizeof out->message];
    if (note[0] == '\0')
        return;
    snprintf(msg, sizeof msg, "%s%s%s", note, out->message[0] ? "; " : "", out->message);
    snprintf(out->message, sizeof out->message, "%s", msg);
    if (out->status == MED_RESULT_ERROR)
        snprintf(out->error.message, sizeof out->error.message, "%s", msg);
}

static void fail_row(med__result *out, med_status code, const char *msg)
{
    memset(out, 0, sizeof *out);
    out->status = MED_RESULT_ERROR;
    out->error.code = code;
    snprintf(out->error.source, sizeof out->error.source, "<row>");
    snprintf(out->message, sizeof out->message, "%s", msg);
    snprintf(out->error.message, sizeof out->error.message, "%s", msg);
}

/* "oxycodone oral 10 mg" */
static void describe_said(const said *x, const char *strength, const char *unit, char *buf,
                          size_t cap)
{
    snprintf(buf, cap, "%s %s %s %s", x->ingredient ? x->ingredient : "?",
             x->form && x->form[0] ? x->form : "oral", strength, unit);
}

static void set(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* A description's unit replaces the unit column only if they agree ("mg" and "MG" do). */
static int same_unit(const char *a, const char *b)
{
    int ka, kb;
    med_q sa, sb;
    return unit_scale(a, &ka, &sa) == 0 && unit_scale(b, &kb, &sb) == 0 && ka == kb &&
           med__q_cmp(sa, sb) == 0;
}

/* Fills from a description (the product column, or a drug column holding one) what the columns
 * leave out, after checking they agree. Returns -1 with `out` an error row when they do not, or
 * the description cannot be read; 0 otherwise (`source` then names what was used, or ""). */
static int describe(const med_table *t, const med_claim *c, med__input_buf *in, char *source,
                    size_t cap, char *completed, size_t completed_cap, med__result *out)
{
    const char *text = c->product, *column = "product";
    med_resolved plain;
    med_error e;
    char msg[700], diff[400] = "", what[200];
    source[0] = '\0';
    if (text[0] == '\0') {
        if (in->drug[0] == '\0' || med__vocab_resolve(t->vocab, in->drug, &plain, NULL) == MED_OK)
            return 0;
        text = c->drug;
        column = "drug";
    }
    med__input_buf pd, cols = *in;
    med__input_buf_clear(&pd);
    char read_as[300];
    med_status s = med__product_resolve_noted(t, text, &pd, read_as, sizeof read_as, &e);
    if (s == MED_OK && read_as[0])
        snprintf(completed, completed_cap, "%s '%s': %s", column, text, read_as);
    if (s == MED_ERR_SYNTAX && strcmp(column, "drug") == 0)
        return 0; /* not a description: computing names the unknown drug */
    if (s != MED_OK) {
        snprintf(msg, sizeof msg, "%s column: %s", column, e.message);
        fail_row(out, s, msg);
        return -1;
    }
    if (strcmp(column, "drug") == 0)
        cols.drug[0] = '\0';
    said a, b;
    said_by_input(t, &pd, pd.unit, &a);
    said_by_input(t, &cols, pd.unit, &b);
    int unit_differs = !cols.strength[0] && cols.unit[0] && !same_unit(cols.unit, pd.unit);
    if (unit_differs)
        snprintf(diff, sizeof diff, "unit %s", cols.unit);
    if (differences(&a, &b, diff + strlen(diff), sizeof diff - strlen(diff)) || unit_differs) {
        describe_said(&a, pd.strength, pd.unit, what, sizeof what);
        snprintf(msg, sizeof msg, "%s '%s' is %s, but the row says %s", column, text, what, diff);
        fail_row(out, MED_ERR_INVALID, msg);
        return -1;
    }
    if (!in->strength[0] || !in->drug[0] || strcmp(column, "drug") == 0)
        set(in->drug, sizeof in->drug, pd.drug);
    if (!in->strength[0]) {
        set(in->strength, sizeof in->strength, pd.strength);
        set(in->unit, sizeof in->unit, pd.unit);
    }
    if (!in->unit[0])
        set(in->unit, sizeof in->unit, pd.unit);
    if (!in->form[0])
        set(in->form, sizeof in->form, pd.form);
    snprintf(source, cap, "%s '%s'", column, text);
    return 0;
}

/* The two kinds of code a row may carry, and what their lists are called. */
typedef struct code_kind {
    const char *column; /* "ndc", "rxcui": the column, and the lists' info->key */
    const char *lists;  /* "NDC lists", "RxNorm lists" */
    med_status (*lookup)(const med_ndc_list *const *, size_t, const char *, med_ndc_product *,
                         med_error *);
} code_kind;
static const code_kind NDC = {"ndc", "NDC lists", med_ndc_lookup};
static const code_kind RXCUI = {"rxcui", "RxNorm lists", med_rxcui_lookup};

/* "cdc-ndc-2018@1, site@2": the lists of one kind. */
static void list_names(const med_ndc_list *const *lists, size_t count, const code_kind *kind,
                       char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < count && k < cap; i++) {
        const med_ndc_list_info *info = med_ndc_list_get_info(lists[i]);
        if (strcmp(info->key, kind->column) == 0)
            k += (size_t)snprintf(buf + k, cap - k, "%s%s@%s", k ? ", " : "", info->id,
                                  info->version);
    }
    if (buf[0] == '\0')
        snprintf(buf, cap, "no list loaded");
}

/* "ndc 123 is in none of the NDC lists (cdc-ndc-2018@1)", appended to buf. */
static void not_listed(const med_ndc_list *const *lists, size_t count, const code_kind *kind,
                       const char *code, char *buf, size_t cap)
{
    char names[200];
    size_t k = strlen(buf);
    list_names(lists, count, kind, names, sizeof names);
    snprintf(buf + k, k < cap ? cap - k : 0, "%s%s %s is in none of the %s (%s)", k ? ", " : "",
             kind->column, code, kind->lists, names);
}

/* Codes in no list (`why` says which): the other columns are used when they are complete, and
 * the row says so (in `note`). -1 with `out` an error row when they are not. */
static int fallback(const char *why, const med__input_buf *in, const char *source, char *note,
                    size_t cap, med__result *out)
{
    char msg[900], missing[64] = "";
    const char *need[] = {in->drug[0] ? NULL : "drug", in->strength[0] ? NULL : "strength",
                          in->unit[0] ? NULL : "unit"};
    for (int i = 0; i < 3; i++)
        if (need[i])
            snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
                     missing[0] ? ", " : "", need[i]);
    if (missing[0]) {
        snprintf(msg, sizeof msg, "%s, and the row lacks %s to compute from its other columns",
                 why, missing);
        fail_row(out, MED_ERR_NOT_FOUND, msg);
        return -1;
    }
    snprintf(note, cap, "%s: computed from %s", why,
             source[0] ? source : "the drug, strength and unit columns");
    return 0;
}

/* Notes for the row's columns that could not be read, so could not be checked. */
static void unchecked(const med__input_buf *in, const said *row, char *buf, size_t cap)
{
    size_t k = strlen(buf);
    if (in->drug[0] && row->ingredient == NULL)
        k += (size_t)snprintf(buf + k, k < cap ? cap - k : 0, "; drug '%s' not recognised, not "
                                                           "compared", in->drug);
    if (in->strength[0] && !row->known)
        k += (size_t)snprintf(buf + k, k < cap ? cap - k : 0, "; strength '%s %s' not compared",
                              in->strength, in->unit);
    if (in->form[0] && row->form_text[0] == '\0')
        snprintf(buf + k, k < cap ? cap - k : 0, "; form '%s' not recognised, not compared",
                 in->form);
}

/* A row with a code (`text`, an NDC or RxCUI): `in` becomes the list's product with the row's
 * supply. Returns 1 when a list's product decided it, 2 when the code is in no list (`why` then
 * says so), -1 (`out` an error row). */
static int by_code(const med_table *t, const med_ndc_list *const *lists, size_t count,
                   const code_kind *kind, const char *text, med__input_buf *in, char *why,
                   size_t why_cap, char *note, size_t cap, med__result *out, med_ndc_product *used)
{
    char msg[900], what[200], diff[400] = "";
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    med_error e;
    med_status s = kind->lookup(lists, count, text, &p, &e);
    const char *code = e.text; /* normalised by the lookup when it was a code */
    if (s == MED_ERR_NOT_FOUND) {
        not_listed(lists, count, kind, code, why, why_cap);
        return 2;
    }
    if (s != MED_OK) { /* not a code ("ndc '123' is not..."), or lists that disagree */
        snprintf(msg, sizeof msg, "%s%s%s", s == MED_ERR_SYNTAX ? kind->column : "",
                 s == MED_ERR_SYNTAX ? " " : "", e.message);
        fail_row(out, s, msg);
        return -1;
    }
    code = p.ndc;
    if (strcmp(p.form, "implant") == 0 || strcmp(p.form, "iontophoretic") == 0) {
        /* known to a list, but no table has a factor for the form: say that, not "unknown" */
        med__ndc_describe(&p, what, sizeof what);
        snprintf(msg, sizeof msg, "%s %s (%s@%s) is %s (%s): no conversion table has a factor for "
                 "an %s product", kind->column, code, p.list->info.id, p.list->info.version, what,
                 p.product[0] ? p.product : p.dose_form, p.form);
        fail_row(out, MED_ERR_NOT_FOUND, msg);
        return -1;
    }
    said ref, row;
    said_by_ndc(&p, &ref);
    said_by_input(t, in, p.unit, &row);
    med__ndc_describe(&p, what, sizeof what);
    if (differences(&ref, &row, diff, sizeof diff)) {
        snprintf(msg, sizeof msg, "%s %s (%s@%s) is %s, but the row says %s", kind->column, code,
                 p.list->info.id, p.list->info.version, what, diff);
        fail_row(out, MED_ERR_INVALID, msg);
        return -1;
    }
    med__input_buf n;
    med__input_buf_clear(&n);
    set(n.drug, sizeof n.drug, p.ingredient);
    set(n.form, sizeof n.form, p.form);
    set(n.strength, sizeof n.strength, p.strength);
    set(n.unit, sizeof n.unit, p.unit);
    set(n.quantity, sizeof n.quantity, in->quantity);
    set(n.days_supply, sizeof n.days_supply, in->days_supply);
    set(n.units_per_dose, sizeof n.units_per_dose, in->units_per_dose); /* the order's schedule */
    set(n.doses_per_day, sizeof n.doses_per_day, in->doses_per_day);
    set(n.every_hours, sizeof n.every_hours, in->every_hours);
    n.prn = in->prn;
    snprintf(note, cap, "%s %s (%s@%s): %s", kind->column, code, p.list->info.id,
             p.list->info.version, what);
    unchecked(in, &row, note, cap);
    *in = n;
    *used = p;
    return 1;
}

/* A row whose NDC decided and which has an RxCUI too: when a list knows the RxCUI, it must be
 * the same product (else the row is an error naming both: which one is right is not ours to
 * guess). Returns 1 when they agree or the RxCUI is in no list, 0 with `out` an error row. */
static int codes_agree(const med_ndc_list *const *lists, size_t count, const char *rxcui,
                       const med_ndc_product *by_ndc, med__result *out)
{
    med_ndc_product p = MED_NDC_PRODUCT_INIT;
    med_error e;
    char a[160], b[160], msg[600], diff[200] = "";
    said x, y;
    if (med_rxcui_lookup(lists, count, rxcui, &p, &e) != MED_OK)
        return 1;
    said_by_ndc(by_ndc, &x);
    said_by_ndc(&p, &y);
    snprintf(y.drug_text, sizeof y.drug_text, "%s", p.ingredient);
    snprintf(y.form_text, sizeof y.form_text, "%s", p.form);
    if (differences(&x, &y, diff, sizeof diff) == 0)
        return 1;
    med__ndc_describe(by_ndc, a, sizeof a);
    med__ndc_describe(&p, b, sizeof b);
    snprintf(msg, sizeof msg, "ndc %s (%s@%s) is %s, but rxcui %s (%s@%s) is %s", by_ndc->ndc,
             by_ndc->list->info.id, by_ndc->list->info.version, a, p.ndc, p.list->info.id,
             p.list->info.version, b);
    fail_row(out, MED_ERR_INVALID, msg);
    return 0;
}

/* A row with an NDC, an RxCUI or both: the first found in a list decides (the NDC first, and an
 * RxCUI a list knows must then name the same product); when none is, the columns are used and
 * the row says so. Returns as by_code, 0 for a fallback. */
static int by_codes(const med_table *t, const med_ndc_list *const *lists, size_t count,
                    const med_claim *c, med__input_buf *in, const char *source, char *note,
                    size_t cap, med__result *out, med_ndc_product *used)
{
    char why[600] = "";
    int r = 2;
    if (c->ndc[0])
        r = by_code(t, lists, count, &NDC, c->ndc, in, why, sizeof why, note, cap, out, used);
    if (r == 1 && c->rxcui[0])
        return codes_agree(lists, count, c->rxcui, used, out) ? 1 : -1;
    if (r == 2 && c->rxcui[0])
        r = by_code(t, lists, count, &RXCUI, c->rxcui, in, why, sizeof why, note, cap, out, used);
    if (r != 2)
        return r;
    return fallback(why, in, source, note, cap, out);
}

int med__claim_prn(const char *text, int *out)
{
    char v[8];
    if (med__copy_field(v, sizeof v, text) != 0)
        return -1;
    for (char *p = v; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    static const char *const yes[] = {"yes", "1", "true", "y", "prn"};
    static const char *const no[] = {"", "no", "0", "false", "n"};
    for (size_t i = 0; i < 5; i++) {
        if (strcmp(v, yes[i]) == 0)
            return *out = 1, 0;
        if (strcmp(v, no[i]) == 0)
            return *out = 0, 0;
    }
    return -1;
}

/* Copies the row's fields into a med__input_buf; the name of the first that does not fit, or NULL. */
static const char *fill_input(const med_claim *c, med__input_buf *in)
{
    struct { const char *name, *src; char *dst; size_t cap; } map[] = {
        {"drug", c->drug, in->drug, sizeof in->drug},
        {"strength", c->strength, in->strength, sizeof in->strength},
        {"unit", c->unit, in->unit, sizeof in->unit},
        {"form", c->form, in->form, sizeof in->form},
        {"quantity", c->quantity, in->quantity, sizeof in->quantity},
        {"days_supply", c->days_supply, in->days_supply, sizeof in->days_supply},
        {"units_per_dose", c->units_per_dose, in->units_per_dose, sizeof in->units_per_dose},
        {"doses_per_day", c->doses_per_day, in->doses_per_day, sizeof in->doses_per_day},
        {"every_hours", c->every_hours, in->every_hours, sizeof in->every_hours},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strlen(map[i].src) >= map[i].cap)
            return map[i].name;
        set(map[i].dst, map[i].cap, map[i].src);
    }
    return NULL;
}

/* The route and substance columns (claims/fda.h): the form they mean, the names the strengths
 * go with. -1 with `failed` an error row when they conflict with the row. */
static int fda_columns(const med_table *t, const med_claim *c, med__input_buf *in, char *note,
                       size_t cap, med__result *failed)
{
    char form[MED_UNIT_MAX], msg[600];
    note[0] = '\0';
    if ((c->substance[0] && med__claim_substance(t, c->substance, in, msg, sizeof msg) != 0) ||
        med__claim_form(t, in->drug, in->form, c->route, form, sizeof form, note, cap, msg,
                        sizeof msg) != 0) {
        fail_row(failed, MED_ERR_INVALID, msg);
        return -1;
    }
    if (form[0])
        set(in->form, sizeof in->form, form);
    return 0;
}

/* Appends `more` to `note` ("; " between). */
static void add_note(char *note, size_t cap, const char *more)
{
    size_t k = strlen(note);
    if (more[0])
        snprintf(note + k, cap - k, "%s%s", k ? "; " : "", more);
}

int med__claim_input(const med_table *table, const med_ndc_list *const *lists, size_t count,
                     const med_claim *c, med__input_buf *in, char *note, size_t cap,
                     med__result *failed, med_ndc_product *used)
{
    char source[400], msg[160], completed[600] = "";
    med__input_buf_clear(in);
    note[0] = '\0';
    memset(used, 0, sizeof *used);
    const char *long_field = fill_input(c, in);
    if (long_field) {
        snprintf(msg, sizeof msg, "column %s is longer than %d bytes (the most it may hold)",
                 long_field, (int)(strcmp(long_field, "drug") == 0 || strcmp(long_field, "form") == 0
                                   ? MED_NAME_MAX - 1 : MED_UNIT_MAX - 1));
        fail_row(failed, MED_ERR_LIMIT, msg);
        return -1;
    }
    if (med__claim_prn(c->prn, &in->prn) != 0) {
        fail_row(failed, MED_ERR_SYNTAX, "column prn must be yes or no (or 1 or 0)");
        return -1;
    }
    char form_note[300];
    if (fda_columns(table, c, in, form_note, sizeof form_note, failed) != 0 ||
        describe(table, c, in, source, sizeof source, completed, sizeof completed, failed) != 0)
        return -1;
    if (!c->route[0] && !c->form[0] && in->form[0] && !form_note[0] &&
        fda_columns(table, c, in, form_note, sizeof form_note, failed) != 0)
        return -1; /* a description's form, read as the form column's would be */
    if (c->ndc[0] || c->rxcui[0]) {
        int decided = by_codes(table, lists, count, c, in, source, note, cap, failed, used);
        if (decided == 0) /* the columns decided: say how a truncated name was read */
            add_note(note, cap, completed);
        add_note(note, cap, form_note);
        return decided;
    }
    add_note(note, cap, completed);
    add_note(note, cap, form_note);
    const char *blank = in->drug[0] ? in->strength[0] ? in->unit[0] ? NULL : "unit" : "strength"
                                    : "drug";
    if (blank) {
        snprintf(msg, sizeof msg, "column %s is empty", blank);
        fail_row(failed, MED_ERR_INVALID, msg);
        return -1;
    }
    return 0;
}

int med__claim_compute(const med_table *table, const med_ndc_list *const *lists, size_t count,
                       const med_claim *c, med_method method, med__result *out,
                       med_ndc_product *used)
{
    med__input_buf in;
    char note[900];
    int decided = med__claim_input(table, lists, count, c, &in, note, sizeof note, out, used);
    if (decided < 0)
        return 0;
    med_input view = med__input_view(&in);
    med_status s = med__compute(table, &view, method, out);
    (void)s; /* only NULL arguments fail, and these are not NULL */
    const char *texts[] = {c->product, c->drug, c->form, decided == 1 ? used->product : NULL,
                           decided == 1 ? used->dose_form : NULL};
    med__result_mark_release(table, out, texts, 5);
    med__claim_note(out, note);
    return decided;
}

/* Where each of the claim's fields goes, in its order. */
static void claim_targets(med_claim *c, const char **dst[MED_CLAIM_FIELDS])
{
    const char **all[MED_CLAIM_FIELDS] = {&c->ndc,      &c->product,     &c->drug,
                                          &c->strength, &c->unit,        &c->form,
                                          &c->quantity, &c->days_supply, &c->units_per_dose,
                                          &c->doses_per_day, &c->every_hours, &c->prn,
                                          &c->route,    &c->substance, &c->rxcui};
    memcpy(dst, all, sizeof all);
}

int med__claim_read(const long *where, const int cols[MED_CLAIM_FIELDS],
                    const char *const *fields, char (*buf)[MED_CLAIM_FIELD_MAX], med_claim *c)
{
    const char **dst[MED_CLAIM_FIELDS];
    claim_targets(c, dst);
    for (int i = 0; i < MED_CLAIM_FIELDS; i++) {
        buf[i][0] = '\0';
        *dst[i] = buf[i];
        long w = where[cols[i]];
        if (w >= 0 && med__copy_field(buf[i], MED_CLAIM_FIELD_MAX, fields[w]) != 0)
            return i;
    }
    return -1;
}

int med__claim_read_csv(const long *where, const int cols[MED_CLAIM_FIELDS], const med_csv *csv,
                        char (*buf)[MED_CLAIM_FIELD_MAX], med_claim *c)
{
    const char **dst[MED_CLAIM_FIELDS];
    claim_targets(c, dst);
    for (int i = 0; i < MED_CLAIM_FIELDS; i++) {
        buf[i][0] = '\0';
        *dst[i] = buf[i];
        long w = where[cols[i]];
        med_csv_span f = w >= 0 ? med_csv_field(csv, (size_t)w) : (med_csv_span){"", 0};
        if (w >= 0 && med__copy_span(buf[i], MED_CLAIM_FIELD_MAX, f.text, f.len) != 0)
            return i;
    }
    return -1;
}
