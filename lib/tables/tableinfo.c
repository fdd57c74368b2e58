/* Read access to what a loaded table holds: factor entries, tiers, exclusions and absences, as
 * the YAML prints them. Used by `medcalc tables show`, the table diff and the vectors. */
#include <stdio.h>
#include <string.h>

#include "tables/tableinfo.h"

static int is_oral(const char *form)
{
    return form == NULL || form[0] == '\0' || strcmp(form, "oral") == 0;
}

/* Whether `t` excludes the ingredient in this form (an exclusion without a form covers all), as
 * the calculator reads its exclusions (dose.c). */
static int excludes(const med_table *t, const char *ingredient, const char *form)
{
    for (size_t i = 0; i < t->exclusion_count; i++) {
        const med_exclusion *x = &t->exclusions[i];
        if (strcmp(x->ingredient, ingredient) == 0 &&
            (x->form == NULL || (!is_oral(form) && strcmp(x->form, form) == 0)))
            return 1;
    }
    return 0;
}

static const med_factor *own_entry(const med_table *t, const char *ingredient, const char *form);

const med_factor *med__table_entry(const med_table *t, const char *ingredient, const char *form)
{
    if (t == NULL || ingredient == NULL)
        return NULL;
    const med_factor *f = own_entry(t, ingredient, form);
    if (f == NULL && t->fallback && !excludes(t, ingredient, form))
        f = own_entry(t->fallback, ingredient, form); /* what the fallback supplies */
    return f;
}

static const med_factor *own_entry(const med_table *t, const char *ingredient, const char *form)
{
    for (size_t i = 0; i < t->factor_count; i++) {
        const med_factor *f = &t->factors[i];
        if (strcmp(f->ingredient, ingredient) != 0)
            continue;
        if (is_oral(form) ? f->form == NULL : (f->form && strcmp(f->form, form) == 0))
            return f;
    }
    return NULL;
}

int med__patch_rate_factor(const med_factor *f, med_q *out)
{
    if (f == NULL || f->unit != MED_UNIT_MCG_HR)
        return -1;
    if (f->per == MED_PER_RATE) {
        *out = f->factor;
        return 0;
    }
    med_q x;
    if (med__q_mul(f->factor, med__q_int(24), &x) || med__q_div(x, f->patch_hours, out))
        return -1;
    return 0;
}

static const char *per_name(const med_factor *f)
{
    if (f->unit == MED_UNIT_MCG_HR)
        return f->per == MED_PER_RATE ? "rate" : "patch-day";
    return "dose";
}

void med__describe_entry(const med_factor *f, char *buf, size_t cap)
{
    char h[32];
    size_t used = 0;
    buf[0] = '\0';
    if (f->tier_count == 0 && f->unit == MED_UNIT_MCG_HR) {
        med__q_format(f->patch_hours, 2, h, sizeof h);
        snprintf(buf, cap, "%s per mcg/hr%s, patch worn %s h", f->factor_text,
                 f->per == MED_PER_RATE ? "" : " per patch-day", h);
        return;
    }
    if (f->tier_count == 0) {
        snprintf(buf, cap, "%s per %s/day", f->factor_text, med__unit_name(f->unit));
        return;
    }
    used += (size_t)snprintf(buf, cap, "tiers");
    for (size_t i = 0; i < f->tier_count && used < cap; i++) {
        const med_tier *t = &f->tiers[i];
        used += (size_t)snprintf(buf + used, cap - used, "%s (%s, %s] %s", i ? ";" : "",
                                 t->above_text, t->at_most_text ? t->at_most_text : "-",
                                 t->factor_text);
    }
    if (used < cap)
        snprintf(buf + used, cap - used, " per %s/day", med__unit_name(f->unit));
}

void med__table_name(const med_table *t, char *buf, size_t cap)
{
    if (t->fallback)
        snprintf(buf, cap, "%s falling back to %s", t->name, t->fallback->name);
    else
        snprintf(buf, cap, "%s", t->name);
}

const char *med_table_notes(const med_table *table)
{
    return table ? table->notes : NULL;
}

size_t med_table_factor_count(const med_table *table)
{
    return table ? table->factor_count : 0;
}

/* The factor as the public struct shows it; its patch hours written once into the arena. */
static med_status publish_factor(med_table *t, med_factor *f)
{
    med_factor_info *out = &f->pub;
    char hours[32] = "";
    out->ingredient = f->ingredient;
    out->form = f->form ? f->form : "oral";
    out->unit = med__unit_name(f->unit);
    out->per = per_name(f);
    out->factor_text = f->tier_count ? NULL : f->factor_text;
    out->factor = f->tier_count ? 0.0 : med__q_to_double(f->factor);
    if (f->unit == MED_UNIT_MCG_HR)
        med__q_format(f->patch_hours, 2, hours, sizeof hours);
    out->patch_hours = med__arena_strndup(&t->arena, hours, strlen(hours));
    out->tier_count = f->tier_count;
    out->note = f->note;
    for (size_t i = 0; i < f->tier_count; i++) {
        med_tier *tier = &f->tiers[i];
        tier->pub = (med_tier_info){tier->above_text, tier->at_most_text, tier->factor_text,
                                    med__q_to_double(tier->factor), tier->note};
    }
    return out->patch_hours ? MED_OK : MED_ERR_NOMEM;
}

med_status med__table_publish(med_table *t)
{
    for (size_t i = 0; i < t->factor_count; i++)
        if (publish_factor(t, &t->factors[i]) != MED_OK)
            return MED_ERR_NOMEM;
    for (size_t i = 0; i < t->exclusion_count; i++) {
        med_exclusion *x = &t->exclusions[i];
        x->pub = (med_exclusion_info){x->ingredient, x->form, x->reason};
    }
    for (size_t i = 0; i < t->absence_count; i++) {
        med_absence *a = &t->absences[i];
        a->pub = (med_absence_info){a->ingredient, a->note};
    }
    for (size_t i = 0; i < t->threshold_count; i++) {
        med_threshold_rule *r = &t->thresholds[i];
        r->pub.mme = med__q_to_double(r->mme);
        r->pub.mme_text = r->mme_text;
        r->pub.comparator = r->comparator;
        r->pub.level = r->level;
        r->pub.quote = r->quote;
        r->pub.location = r->location;
        r->pub.summary = r->summary;
        r->pub.summarises = r->summarises;
        r->pub.advice = r->quote ? r->quote : r->summary;
        r->pub.source = r->source ? r->source : t->info.source;
        r->pub.mme_hundredths = r->hundredths;
    }
    return MED_OK;
}

const med_factor_info *med_table_factor(const med_table *table, size_t index)
{
    return table && index < table->factor_count ? &table->factors[index].pub : NULL;
}

const med_tier_info *med_table_tier(const med_table *table, size_t factor_index,
                                    size_t tier_index)
{
    if (table == NULL || factor_index >= table->factor_count ||
        tier_index >= table->factors[factor_index].tier_count)
        return NULL;
    return &table->factors[factor_index].tiers[tier_index].pub;
}

size_t med_table_exclusion_count(const med_table *table)
{
    return table ? table->exclusion_count : 0;
}

const med_exclusion_info *med_table_exclusion(const med_table *table, size_t index)
{
    return table && index < table->exclusion_count ? &table->exclusions[index].pub : NULL;
}

size_t med_table_absence_count(const med_table *table)
{
    return table ? table->absence_count : 0;
}

const med_absence_info *med_table_absence(const med_table *table, size_t index)
{
    return table && index < table->absence_count ? &table->absences[index].pub : NULL;
}
