/* FHIR R4 JSON into orders: the document (a MedicationRequest, a Bundle of them or a bare
 * Dosage), each request's status and orders, and the public calls (each request's drug is
 * medication.c's). JSON is YAML's flow style, so the strict YAML reader reads it (line and
 * column on every node, duplicate keys refused); what JSON has and YAML lacks (tabs between
 * tokens) is handled before, and what YAML has and JSON lacks (unquoted words, keys without
 * quotes) is refused here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "fhir/fhir_private.h"
#include "ndc/ndc_private.h"

/* ------------------------------------------------------------------------------------------ */
/* The document */

static med__fhir_order *new_order(med_fhir *f)
{
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 4;
        med__fhir_order *o = realloc(f->orders, cap * sizeof *o);
        if (o == NULL)
            return NULL;
        f->orders = o;
        f->cap = cap;
    }
    med__fhir_order *o = &f->orders[f->count++];
    memset(o, 0, sizeof *o);
    o->pub.id = "";
    o->pub.drug_text = "";
    return o;
}

/* A split dose's supply is not read: its quantity is in units of doses that differ. */
static void note_split_dispense(med__fhir_order *o)
{
    size_t n = strlen(o->ignored);
    snprintf(o->ignored + n, sizeof o->ignored - n, "%sdispenseRequest (split doses: the "
             "supply method is not used)", n ? ", " : "");
}

/* FHIR R4 MedicationRequest.status codes; only an active request is an order being given. */
static const char *const STATUSES[] = {"active", "on-hold", "cancelled", "completed",
                                       "entered-in-error", "stopped", "draft", "unknown", NULL};

/* Whether a request counts toward the total: status active and not doNotPerform. Writes the
 * reason it does not into the order's not_counted; a status FHIR does not define, or a
 * doNotPerform that is not a boolean, is an error. An absent status (FHIR requires one) is read
 * as active and named in `ignored`, so the reader sees it was assumed. */
static med_status request_counted(med__dosage_ctx *c, const med_ynode *req)
{
    med__fhir_order *o = c->order;
    const char *status = NULL;
    med_status s = med__fhir_string(c, req, "status", &status);
    if (s != MED_OK)
        return s;
    const med_ynode *dnp = med__ymap_get(req, "doNotPerform");
    if (dnp && (dnp->kind != MED_Y_SCALAR || dnp->quoted ||
                (strcmp(dnp->value, "true") != 0 && strcmp(dnp->value, "false") != 0)))
        return med__fhir_fail(c, dnp, MED_ERR_INVALID, "doNotPerform must be true or false");
    size_t i = 0;
    while (status && STATUSES[i] && strcmp(STATUSES[i], status) != 0)
        i++;
    if (status && STATUSES[i] == NULL)
        return med__fhir_fail(c, med__ymap_get(req, "status"), MED_ERR_INVALID, "status '%s' is "
                              "not a MedicationRequest status (active, on-hold, cancelled, "
                              "completed, entered-in-error, stopped, draft, unknown)", status);
    if (status == NULL)
        snprintf(o->ignored, sizeof o->ignored, "status (absent: read as active)");
    if (status && i > 0)
        snprintf(o->not_counted, sizeof o->not_counted, "status '%s': not an active order, not "
                 "counted", status);
    else if (dnp && strcmp(dnp->value, "true") == 0)
        snprintf(o->not_counted, sizeof o->not_counted, "doNotPerform true: an order not to "
                 "give it, not counted");
    return MED_OK;
}

/* The same request twice in one document (same id) is an error on the second: summing it
 * would count one order twice. */
static med_status check_duplicate(med__dosage_ctx *c, const med_fhir *f, const med_ynode *req)
{
    const char *id = c->order->pub.id;
    for (size_t i = 0; id[0] && i + 1 < f->count; i++)
        if (strcmp(f->orders[i].pub.id, id) == 0)
            return med__fhir_fail(c, med__ymap_get(req, "id"), MED_ERR_INVALID, "the same "
                                  "MedicationRequest twice: id '%s' is also at line %d, column "
                                  "%d; it is not summed twice", id, f->orders[i].line,
                                  f->orders[i].column);
    return MED_OK;
}

/* The drug's words of a request that is not counted, for the reader; no error from them. */
static void drug_words_only(med__dosage_ctx *c, const med_ynode *req)
{
    const med_ynode *cc = med__ymap_get(req, "medicationCodeableConcept");
    const char *rxnorm = NULL, *words = NULL;
    if (cc && med__fhir_drug_words(c, cc, &rxnorm, &words) == MED_OK) {
        c->order->pub.rxnorm = rxnorm;
        c->order->pub.drug_text = words ? words : "";
    }
    med__error_clear(&c->order->error);
}

/* The drug and dosage of one request (or a bare Dosage, `given` its drug) into its order. */
static med_status read_request(med__dosage_ctx *c, med_fhir *f, const med_table *table,
                               const med_ynode *req, const char *given)
{
    med_status s = med__fhir_read_drug(c, f, table, req, given);
    if (s == MED_OK && given) {
        s = med__fhir_dosage(c, req, NULL); /* a bare Dosage: no dispense request */
    } else if (s == MED_OK) {
        const med_ynode *list = med__ymap_get(req, "dosageInstruction");
        if (list == NULL || list->kind != MED_Y_SEQUENCE || list->count == 0)
            s = med__fhir_fail(c, list ? list : req, MED_ERR_INVALID, "no dosageInstruction: "
                               "how much and how often are not said");
        else if (list->count > 1)
            s = med__fhir_split(c, list);
        else
            s = med__fhir_dosage(c, list->first, med__ymap_get(req, "dispenseRequest"));
        if (s == MED_OK && list && list->count > 1 && med__ymap_get(req, "dispenseRequest"))
            note_split_dispense(c->order);
    }
    if (s == MED_OK && c->mass_dose && !c->kept_strength)
        med__fhir_mass_dose_drug(table, &c->order->buf); /* a kept strength stays the product's */
    return s;
}

/* The order's public view of its own texts (again once the orders no longer move). */
static void publish(med__fhir_order *o)
{
    o->pub.error = &o->error;
    o->pub.read = o->read;
    o->pub.ignored = o->ignored;
    o->pub.not_counted = o->not_counted[0] ? o->not_counted : NULL;
}

/* Reads one request (or a bare Dosage, `given` its drug) into a new order. Only running out of
 * memory or orders fails the document; anything else fails the order. A request that is not
 * counted (status, doNotPerform) is not read further than its drug's words. */
static med_status add_order(med_fhir *f, const med_table *table, const med_ynode *req,
                            const char *given, med_error *error)
{
    if (f->count >= MED_FHIR_MAX_ORDERS)
        return med__fail(error, MED_ERR_LIMIT, f->source, req->line, req->column, NULL,
                         "more than %d orders in one document", MED_FHIR_MAX_ORDERS);
    med__fhir_order *o = new_order(f);
    if (o == NULL)
        return med__fail(error, MED_ERR_NOMEM, f->source, 0, 0, NULL, "out of memory");
    med__dosage_ctx c = {f->source, o, table, 0, 0, {0, 0}};
    const char *id = NULL;
    med_status s = given ? MED_OK : med__fhir_string(&c, req, "id", &id);
    if (id)
        o->pub.id = id;
    o->line = req->line;
    o->column = req->column;
    if (s == MED_OK && !given) s = check_duplicate(&c, f, req);
    if (s == MED_OK && !given) s = request_counted(&c, req);
    if (s == MED_OK && o->not_counted[0])
        drug_words_only(&c, req);
    else if (s == MED_OK)
        s = read_request(&c, f, table, req, given);
    o->pub.status = s;
    publish(o);
    if (s != MED_OK) {
        med__input_buf_clear(&o->buf);
        o->not_counted[0] = '\0';
        o->pub.not_counted = NULL;
    } else {
        med__error_clear(&o->error);
    }
    return MED_OK;
}

static const char *resource_type(const med_ynode *n)
{
    const med_ynode *t = n->kind == MED_Y_MAPPING ? med__ymap_get(n, "resourceType") : NULL;
    return t && t->kind == MED_Y_SCALAR && t->quoted ? t->value : NULL;
}

static med_status read_bundle(med_fhir *f, const med_table *table, const med_ynode *root,
                              med_error *error)
{
    const med_ynode *entries = med__ymap_get(root, "entry");
    if (entries == NULL || entries->kind != MED_Y_SEQUENCE)
        return med__fail(error, MED_ERR_INVALID, f->source, root->line, root->column, NULL,
                         "the Bundle has no entry list");
    for (const med_ynode *e = entries->first; e; e = e->next) {
        const med_ynode *r = e->kind == MED_Y_MAPPING ? med__ymap_get(e, "resource") : NULL;
        const char *type = r ? resource_type(r) : NULL;
        if (type && strcmp(type, "MedicationRequest") == 0) {
            med_status s = add_order(f, table, r, NULL, error);
            if (s != MED_OK)
                return s;
        }
    }
    if (f->count == 0)
        return med__fail(error, MED_ERR_INVALID, f->source, root->line, root->column, NULL,
                         "the Bundle holds no MedicationRequest");
    return MED_OK;
}

/* A plain (unquoted) scalar JSON allows: a number, true or false. FHIR forbids null. */
static int json_literal(const char *v)
{
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
        return 1;
    const char *p = v + (*v == '-');
    if (*p < '0' || *p > '9')
        return 0;
    for (; *p; p++)
        if (!strchr("0123456789.eE+-", *p))
            return 0;
    return 1;
}

/* JSON, not YAML that looks like it: every mapping key is a quoted string and every unquoted
 * value a number, true or false (YAML would read a missing value as null, a bare word as text). */
static med_status check_json(const med_fhir *f, const med_ynode *n, med_error *error)
{
    if (n->kind == MED_Y_SCALAR) {
        if (n->quoted || json_literal(n->value))
            return MED_OK;
        return med__fail(error, MED_ERR_SYNTAX, f->source, n->line, n->column, n->value,
                         n->value[0] ? "not a JSON value: strings are in double quotes; null "
                         "is not allowed in FHIR" : "a value is missing");
    }
    int key = n->kind == MED_Y_MAPPING;
    for (const med_ynode *k = n->first; k; k = k->next) {
        if (key && !k->quoted)
            return med__fail(error, MED_ERR_SYNTAX, f->source, k->line, k->column, k->value,
                             "a JSON object's keys are strings in double quotes");
        if (!key || (k = k->next) != NULL) {
            med_status s = check_json(f, k, error);
            if (s != MED_OK)
                return s;
        }
        if (k == NULL)
            break;
    }
    return MED_OK;
}

/* A copy of the text where a tab between tokens is a space (JSON allows tabs there; YAML's
 * flow style does not always). Inside strings a raw tab is left for the reader to refuse. The
 * length and every column stay as they were. */
static char *untab(const char *json, size_t size)
{
    char *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return NULL;
    int in_string = 0;
    for (size_t i = 0; i < size; i++) {
        char ch = json[i];
        if (in_string && ch == '\\' && i + 1 < size) {
            copy[i] = ch;
            copy[i + 1] = json[i + 1];
            i++;
            continue;
        }
        if (ch == '"')
            in_string = !in_string;
        copy[i] = !in_string && ch == '\t' ? ' ' : ch;
    }
    return copy;
}

static med_status read_root(med_fhir *f, const med_table *table, const med_ynode *root,
                            const char *drug, med_error *error)
{
    if (root == NULL || root->kind != MED_Y_MAPPING)
        return med__fail(error, MED_ERR_INVALID, f->source, root ? root->line : 1,
                         root ? root->column : 1, NULL, "expected a JSON object: a "
                         "MedicationRequest, a Bundle or a Dosage");
    med_status s = check_json(f, root, error);
    if (s != MED_OK)
        return s;
    const char *type = resource_type(root);
    if (type == NULL && med__ymap_get(root, "resourceType") == NULL) {
        if (drug == NULL)
            return med__fail(error, MED_ERR_ARGUMENT, f->source, root->line, root->column, NULL,
                             "a bare Dosage has no drug: give the drug with it");
        return add_order(f, table, root, drug, error);
    }
    if (drug)
        return med__fail(error, MED_ERR_ARGUMENT, f->source, root->line, root->column, NULL,
                         "a drug was given apart, but the document is a %s with its own",
                         type ? type : "resource");
    if (type && strcmp(type, "MedicationRequest") == 0)
        return add_order(f, table, root, NULL, error);
    if (type && strcmp(type, "Bundle") == 0)
        return read_bundle(f, table, root, error);
    const med_ynode *t = med__ymap_get(root, "resourceType");
    return med__fail(error, MED_ERR_INVALID, f->source, t->line, t->column, t->value,
                     "resourceType '%s': expected MedicationRequest or Bundle", t->value);
}

med_status med_fhir_read(const med_table *table, const char *json, size_t size, const char *name,
                         const char *drug, med_fhir **out, med_error *error)
{
    med__error_clear(error);
    if (out)
        *out = NULL;
    if (table == NULL || json == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, name, 0, 0, NULL,
                         "no table, JSON or output given");
    if (size > MED_YAML_MAX_BYTES)
        return med__fail(error, MED_ERR_LIMIT, name, 0, 0, NULL,
                         "%zu bytes: at most %d", size, MED_YAML_MAX_BYTES);
    med_fhir *f = calloc(1, sizeof *f);
    char *copy = untab(json, size);
    if (f == NULL || copy == NULL) {
        free(f);
        free(copy);
        return med__fail(error, MED_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
    }
    med__arena_init(&f->arena);
    f->source = med__arena_strndup(&f->arena, name ? name : "<fhir>",
                                   strlen(name ? name : "<fhir>"));
    med_ynode *root = NULL;
    med_status s = f->source ? med__yaml_parse(copy, size, f->source, &f->arena, &root, error)
                             : med__fail(error, MED_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
    free(copy);
    if (s == MED_OK)
        s = read_root(f, table, root, drug, error);
    if (s != MED_OK) {
        med_fhir_free(f);
        return s;
    }
    /* the orders' inputs point into their buffers, which no longer move */
    for (size_t i = 0; i < f->count; i++) {
        med__fhir_order *o = &f->orders[i];
        o->pub.input = med__input_view(&o->buf);
        publish(o);
    }
    *out = f;
    return MED_OK;
}

void med_fhir_free(med_fhir *fhir)
{
    if (fhir == NULL)
        return;
    med__arena_free(&fhir->arena);
    med_ndc_list_free(fhir->rxnorm);
    free(fhir->orders);
    free(fhir);
}

size_t med_fhir_count(const med_fhir *fhir)
{
    return fhir ? fhir->count : 0;
}

const med_fhir_order *med_fhir_get(const med_fhir *fhir, size_t index)
{
    return fhir && index < fhir->count ? &fhir->orders[index].pub : NULL;
}

/* The counted orders are computed as one set (the total is theirs); an order left out by its
 * status or doNotPerform is an excluded result beside them, in its place. */
med_status med_fhir_compute(const med_table *table, const med_fhir *fhir, med_method method,
                            med_result *results, med_total *total)
{
    if (fhir == NULL || results == NULL || total == NULL)
        return MED_ERR_ARGUMENT;
    size_t n = 0, room = fhir->count ? fhir->count : 1;
    med_input *inputs = calloc(room, sizeof *inputs);
    med_result *counted = calloc(room, sizeof *counted);
    size_t *at = malloc(room * sizeof *at);
    med_status s = inputs && counted && at ? MED_OK : MED_ERR_NOMEM;
    for (size_t i = 0; s == MED_OK && i < fhir->count; i++)
        if (fhir->orders[i].pub.not_counted == NULL) {
            inputs[n] = fhir->orders[i].pub.input;
            counted[n] = results[i]; /* the caller's version */
            at[n++] = i;
        }
    if (s == MED_OK)
        s = med_compute_set(table, inputs, n, method, counted, total);
    for (size_t k = 0; s == MED_OK && k < n; k++) {
        results[at[k]] = counted[k];
        if (fhir->orders[at[k]].pub.status != MED_OK)
            results[at[k]].error = fhir->orders[at[k]].pub.status;
    }
    for (size_t i = 0; s == MED_OK && i < fhir->count; i++)
        if (fhir->orders[i].pub.not_counted != NULL) {
            results[i].status = MED_RESULT_EXCLUDED;
            results[i].method = method;
            results[i].error = MED_OK;
            total->excluded++;
        }
    free(inputs);
    free(counted);
    free(at);
    return s;
}
