/* The practice and its dashboard (patients/dashboard.c and the files it uses): how they meet.
 * Internal. */
#ifndef MED_PRACTICE_PRIVATE_H
#define MED_PRACTICE_PRIVATE_H
#include "med.h"
#include "patients/patient_private.h"

typedef struct med__dashboard med__dashboard;

/* What the practice calls on the dashboard attached to it: a patient with MME (after the
 * practice counted it), the end (after the practice's groups are final), and release. The
 * dashboard sits above the practice, so it hands these over when it attaches; the practice
 * never links to dashboard code. */
typedef struct med__practice_hooks {
    med_status (*add)(med__dashboard *d, const med_patient *patient, const med__patient_summary *s);
    med_status (*finish)(med__dashboard *d, const med_practice *p);
    void (*release)(med__dashboard *d);
} med__practice_hooks;

/* practice.c: the dashboard attached to a practice (NULL when off), and its rules. Attaching
 * fails (-1) once a patient was added or the practice is finished. */
med__dashboard *med__practice_dashboard(const med_practice *p);
int med__practice_attach(med_practice *p, med__dashboard *d, const med__practice_hooks *hooks);
const med_rules *med__practice_rules(const med_practice *p);

/* practice_select.c: the value a sort of a[0..n) would put at a[k] (k < n), a reordered.
 * med__select_kth puts it there, with a[0..k) <= a[k] <= a[k+1..n); med__rank_value promises
 * only the same values in some order, and above MED_RANK_COUNTED_MIN values finds the rank by
 * counting them into buckets, several times faster on a million peaks. */
#define MED_RANK_COUNTED_MIN 4096
int64_t med__select_kth(int64_t *a, size_t n, size_t k);
int64_t med__rank_value(int64_t *a, size_t n, size_t k);


#endif
