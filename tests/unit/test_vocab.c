/* Unit tests for lib/vocab.c, lib/names.c and lib/resolve.c through med_lookup_drug and
 * med_compute: generic names, salts, brands, combinations split on '/', case and punctuation,
 * form words, drug classes, the ingredient spellings of CDC's 2018 NDC lists (hard-coded here so
 * the test is self-contained), "did you mean" for unknown names, and refused names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"
#include "inputs.h"
#include "tables/names.h"

/* A form expectation meaning "no form, or oral": both say the factor for oral forms applies. */
#define ORAL "(oral or none)"

/* One name and what it must resolve to. form NULL: no form; ORAL: NULL or "oral". */
typedef struct expect {
    const char *name;
    const char *ingredient;
    const char *drug_class;
    const char *form;
    int index; /* component_index */
    int count; /* component_count */
} expect;

static void check_form(const expect *x, const char *form)
{
    if (x->form == NULL && form != NULL)
        fail_msg("%s: form '%s', want none", x->name, form);
    if (x->form == NULL)
        return;
    if (strcmp(x->form, ORAL) == 0) {
        if (form != NULL && strcmp(form, "oral") != 0)
            fail_msg("%s: form '%s', want none or oral", x->name, form);
        return;
    }
    if (form == NULL || strcmp(form, x->form) != 0)
        fail_msg("%s: form '%s', want '%s'", x->name, form ? form : "(none)", x->form);
}

static void check_one(const med_table *t, const expect *x)
{
    med_drug_info d = MED_DRUG_INFO_INIT;
    med_error e;
    med_status s = med_lookup_drug(t, x->name, &d, &e);
    if (s != MED_OK)
        fail_msg("'%s': %s: %s", x->name, med_status_string(s), e.message);
    if (strcmp(d.ingredient, x->ingredient) != 0 || strcmp(d.drug_class, x->drug_class) != 0)
        fail_msg("'%s': %s (%s), want %s (%s)", x->name, d.ingredient, d.drug_class,
                 x->ingredient, x->drug_class);
    if (d.component_index != x->index || d.component_count != x->count)
        fail_msg("'%s': component %d of %d, want %d of %d", x->name, d.component_index,
                 d.component_count, x->index, x->count);
    check_form(x, d.form);
    assert_int_equal(e.code, MED_OK);
}

static void check_all(const med_table *t, const expect *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_one(t, &list[i]);
}

#define CHECK_ALL(state, list) check_all(*(state), list, sizeof list / sizeof *list)

/* ---- names that resolve ---------------------------------------------------------------------- */

static const expect GENERICS[] = {
    {"oxycodone", "oxycodone", "opioid", NULL, 0, 1},
    {"hydrocodone", "hydrocodone", "opioid", NULL, 0, 1},
    {"morphine", "morphine", "opioid", NULL, 0, 1},
    {"hydromorphone", "hydromorphone", "opioid", NULL, 0, 1},
    {"methadone", "methadone", "opioid", NULL, 0, 1},
    {"fentanyl", "fentanyl", "opioid", NULL, 0, 1},
    {"fentanil", "fentanyl", "opioid", NULL, 0, 1}, /* a spelling the vocabulary lists */
    {"codeine", "codeine", "opioid", NULL, 0, 1},
    {"tramadol", "tramadol", "opioid", NULL, 0, 1},
    {"tapentadol", "tapentadol", "opioid", NULL, 0, 1},
    {"oxymorphone", "oxymorphone", "opioid", NULL, 0, 1},
    {"buprenorphine", "buprenorphine", "opioid", NULL, 0, 1},
    {"meperidine", "meperidine", "opioid", NULL, 0, 1},
    {"pethidine", "meperidine", "opioid", NULL, 0, 1},
    {"levorphanol", "levorphanol", "opioid", NULL, 0, 1},
    {"pentazocine", "pentazocine", "opioid", NULL, 0, 1},
    {"acetaminophen", "acetaminophen", "non_opioid", NULL, 0, 1},
    {"apap", "acetaminophen", "non_opioid", NULL, 0, 1},
};

static const expect SALTS[] = {
    {"Oxycodone HCl", "oxycodone", "opioid", NULL, 0, 1},
    {"oxycodone hydrochloride", "oxycodone", "opioid", NULL, 0, 1},
    {"hydrocodone bitartrate", "hydrocodone", "opioid", NULL, 0, 1},
    {"Levorphanol Tartrate", "levorphanol", "opioid", NULL, 0, 1},
    {"Meperidine Hydrochloride", "meperidine", "opioid", NULL, 0, 1},
    {"Morphine Sulfate", "morphine", "opioid", NULL, 0, 1},
    {"Codeine Phosphate", "codeine", "opioid", NULL, 0, 1},
    {"Fentanyl Citrate", "fentanyl", "opioid", NULL, 0, 1},
    {"Methadone Hydrochloride", "methadone", "opioid", NULL, 0, 1},
    {"Propoxyphene Napsylate", "propoxyphene", "opioid", NULL, 0, 1},
    {"Clorazepate Dipotassium", "clorazepate", "benzodiazepine", NULL, 0, 1},
};

static const expect BRANDS[] = {
    {"OxyContin", "oxycodone", "opioid", NULL, 0, 1},
    {"Percocet", "oxycodone", "opioid", NULL, 0, 2},
    {"Norco", "hydrocodone", "opioid", NULL, 0, 2},
    {"Vicodin", "hydrocodone", "opioid", NULL, 0, 2},
    {"Dilaudid", "hydromorphone", "opioid", NULL, 0, 1},
    {"Duragesic", "fentanyl", "opioid", "patch", 0, 1},
    {"MS Contin", "morphine", "opioid", NULL, 0, 1},
    {"Nucynta", "tapentadol", "opioid", NULL, 0, 1},
    {"Ultram", "tramadol", "opioid", NULL, 0, 1},
    {"Ultracet", "tramadol", "opioid", NULL, 0, 2},
    {"Butrans", "buprenorphine", "opioid", "patch", 0, 1},
    {"Tylenol with Codeine", "codeine", "opioid", NULL, 1, 2},
    {"Tylenol 3", "codeine", "opioid", NULL, 1, 2},
    {"Demerol", "meperidine", "opioid", NULL, 0, 1},
    {"Dolophine", "methadone", "opioid", NULL, 0, 1},
    {"Opana", "oxymorphone", "opioid", NULL, 0, 1},
    {"Hysingla ER", "hydrocodone", "opioid", NULL, 0, 1},
    {"Vicoprofen", "hydrocodone", "opioid", NULL, 0, 2},
    {"Talwin NX", "pentazocine", "opioid", NULL, 0, 2},
    {"Embeda", "morphine", "opioid", NULL, 0, 2},
    {"Fioricet with Codeine", "codeine", "opioid", NULL, 3, 4},
    {"Tylenol", "acetaminophen", "non_opioid", NULL, 0, 1},
};

static const expect COMBINATIONS[] = {
    {"hydrocodone/apap", "hydrocodone", "opioid", NULL, 0, 2},
    {"apap/codeine", "codeine", "opioid", NULL, 1, 2},
    {"oxycodone/acetaminophen", "oxycodone", "opioid", NULL, 0, 2},
    {"acetaminophen/oxycodone", "oxycodone", "opioid", NULL, 1, 2},
    {"hydrocodone / apap", "hydrocodone", "opioid", NULL, 0, 2},
    {"APAP W/CODEINE", "codeine", "opioid", NULL, 1, 2},
    {"oxycodone hcl/ibuprofen", "oxycodone", "opioid", NULL, 0, 2},
    {"apap/caffeine/dihydrocodeine", "dihydrocodeine", "opioid", NULL, 2, 3},
    {"buprenorphine/naloxone", "buprenorphine", "opioid", NULL, 0, 2},
    {"xanax/oxycodone", "oxycodone", "opioid", NULL, 1, 2},
    /* any opioid ingredient makes the product an opioid, wherever it stands (issue 12) */
    {"aspirin/butalbital/caffeine/codeine", "codeine", "opioid", NULL, 3, 4},
    {"acetaminophen/butalbital/caffeine/codeine", "codeine", "opioid", NULL, 3, 4},
    {"carisoprodol/aspirin/codeine", "codeine", "opioid", NULL, 2, 3},
    /* FDA and RxNorm joins: ';', ',', AND, WITH */
    {"ASPIRIN; BUTALBITAL; CAFFEINE; CODEINE PHOSPHATE", "codeine", "opioid", NULL, 3, 4},
    {"HYDROCODONE BITARTRATE AND ACETAMINOPHEN", "hydrocodone", "opioid", NULL, 0, 2},
    {"ACETAMINOPHEN AND CODEINE PHOSPHATE", "codeine", "opioid", NULL, 1, 2},
    {"ACETAMINOPHEN, CAFFEINE, AND DIHYDROCODEINE BITARTRATE", "dihydrocodeine", "opioid", NULL,
     2, 3},
    {"Fiorinal with Codeine", "codeine", "opioid", NULL, 3, 4},
    {"acetaminophen & codeine", "codeine", "opioid", NULL, 1, 2},
    /* cough and cold, antidiarrheal and epidural co-ingredients */
    {"brompheniramine/codeine/pseudoephedrine", "codeine", "opioid", NULL, 1, 3},
    {"chlorpheniramine/codeine/phenylephrine/pyrilamine", "codeine", "opioid", NULL, 1, 4},
    {"codeine/dexchlorpheniramine/phenylephrine", "codeine", "opioid", NULL, 0, 3},
    {"codeine/triprolidine/pseudoephedrine", "codeine", "opioid", NULL, 0, 3},
    {"codeine phosphate/potassium guaiacolsulfonate", "codeine", "opioid", NULL, 0, 2},
    {"hydrocodone/homatropine methylbromide", "hydrocodone", "opioid", NULL, 0, 2},
    {"chlorcyclizine/codeine/pseudoephedrine", "codeine", "opioid", NULL, 1, 3},
    {"fentanyl citrate/ropivacaine", "fentanyl", "opioid", NULL, 0, 2},
    {"bupivacaine/fentanyl", "fentanyl", "opioid", NULL, 1, 2},
    {"atropine sulfate/diphenoxylate hydrochloride", "diphenoxylate", "opioid", NULL, 1, 2},
    {"kaolin/pectin/opium", "opium", "opioid", NULL, 2, 3},
    {"diphenhydramine/hydrocodone/phenylephrine", "hydrocodone", "opioid", NULL, 1, 3},
};

/* The co-ingredients alone: classified (non_opioid), never "unknown drug". */
static const expect CO_INGREDIENTS[] = {
    {"diphenhydramine", "diphenhydramine", "non_opioid", NULL, 0, 1},
    {"brompheniramine maleate", "brompheniramine", "non_opioid", NULL, 0, 1},
    {"dexchlorpheniramine maleate", "dexchlorpheniramine", "non_opioid", NULL, 0, 1},
    {"pyrilamine maleate", "pyrilamine", "non_opioid", NULL, 0, 1},
    {"triprolidine hydrochloride", "triprolidine", "non_opioid", NULL, 0, 1},
    {"guaifenesin", "guaifenesin", "non_opioid", NULL, 0, 1},
    {"potassium guaiacolsulfonate", "guaiacolsulfonate", "non_opioid", NULL, 0, 1},
    {"phenylephrine hydrochloride", "phenylephrine", "non_opioid", NULL, 0, 1},
    {"pseudoephedrine hydrochloride", "pseudoephedrine", "non_opioid", NULL, 0, 1},
    {"atropine sulfate", "atropine", "non_opioid", NULL, 0, 1},
    {"kaolin", "kaolin", "non_opioid", NULL, 0, 1},
    {"ropivacaine hydrochloride", "ropivacaine", "non_opioid", NULL, 0, 1},
    {"butalbital", "butalbital", "non_opioid", NULL, 0, 1},
    {"caffeine", "caffeine", "non_opioid", NULL, 0, 1},
    {"aspirin", "aspirin", "non_opioid", NULL, 0, 1},
    {"ibuprofen", "ibuprofen", "non_opioid", NULL, 0, 1},
    {"acetaminophen", "acetaminophen", "non_opioid", NULL, 0, 1},
    {"carisoprodol", "carisoprodol", "non_opioid", NULL, 0, 1},
    {"promethazine hydrochloride", "promethazine", "non_opioid", NULL, 0, 1},
    {"chlorpheniramine maleate", "chlorpheniramine", "non_opioid", NULL, 0, 1},
    {"homatropine methylbromide", "homatropine", "non_opioid", NULL, 0, 1},
    {"chlorcyclizine hydrochloride", "chlorcyclizine", "non_opioid", NULL, 0, 1},
    {"dexbrompheniramine maleate", "dexbrompheniramine", "non_opioid", NULL, 0, 1},
};

static const expect CASE_AND_PUNCTUATION[] = {
    {"OXYCODONE", "oxycodone", "opioid", NULL, 0, 1},
    {"oXyCoDoNe", "oxycodone", "opioid", NULL, 0, 1},
    {"  oxycodone  ", "oxycodone", "opioid", NULL, 0, 1},
    {"oxycodone.", "oxycodone", "opioid", NULL, 0, 1},
    {"oxycodone (hcl)", "oxycodone", "opioid", NULL, 0, 1},
    {"Oxycodone HCl ER", "oxycodone", "opioid", NULL, 0, 1},
    {"morphine sulfate extended-release", "morphine", "opioid", NULL, 0, 1},
    {"OxyContin ER", "oxycodone", "opioid", NULL, 0, 1},
    {"Tylenol #3", "codeine", "opioid", NULL, 1, 2},
    {"PERCOCET", "oxycodone", "opioid", NULL, 0, 2},
    {"ms-contin", "morphine", "opioid", NULL, 0, 1},
    {"Diazepam;Lubricant", "diazepam", "benzodiazepine", NULL, 0, 1},
};

static const expect FORMS[] = {
    {"fentanyl patch", "fentanyl", "opioid", "patch", 0, 1},
    {"fentanyl transdermal system", "fentanyl", "opioid", "patch", 0, 1},
    {"Fentanyl 72hr patch", "fentanyl", "opioid", "patch", 0, 1},
    {"fentanyl buccal", "fentanyl", "opioid", "buccal", 0, 1},
    {"fentanyl buccal tablet", "fentanyl", "opioid", "buccal", 0, 1},
    {"fentanyl nasal spray", "fentanyl", "opioid", "nasal-spray", 0, 1},
    {"fentanyl sublingual spray", "fentanyl", "opioid", "oral-spray", 0, 1},
    {"fentanyl citrate injection", "fentanyl", "opioid", "injection", 0, 1},
    {"buprenorphine buccal film", "buprenorphine", "opioid", "film", 0, 1},
    {"morphine rectal suppository", "morphine", "opioid", "rectal", 0, 1},
    {"morphine oral solution", "morphine", "opioid", ORAL, 0, 1},
    {"morphine sulfate oral solution", "morphine", "opioid", ORAL, 0, 1},
    {"oxycodone tablet", "oxycodone", "opioid", ORAL, 0, 1},
    {"oxycodone film coated tablet", "oxycodone", "opioid", ORAL, 0, 1},
    {"oxycodone tablet, film coated", "oxycodone", "opioid", ORAL, 0, 1},
    {"Actiq", "fentanyl", "opioid", "buccal", 0, 1},
    {"Onsolis", "fentanyl", "opioid", "film", 0, 1},
    {"Belbuca", "buprenorphine", "opioid", "film", 0, 1},
    {"Dilaudid HP", "hydromorphone", "opioid", "injection", 0, 1},
    {"Zubsolv", "buprenorphine", "opioid", "buccal", 0, 2},
    {"Diastat", "diazepam", "benzodiazepine", "rectal", 0, 1},
};

static const expect CLASSES[] = {
    {"alprazolam", "alprazolam", "benzodiazepine", NULL, 0, 1},
    {"Xanax", "alprazolam", "benzodiazepine", NULL, 0, 1},
    {"clonazepam", "clonazepam", "benzodiazepine", NULL, 0, 1},
    {"Klonopin", "clonazepam", "benzodiazepine", NULL, 0, 1},
    {"lorazepam", "lorazepam", "benzodiazepine", NULL, 0, 1},
    {"Ativan", "lorazepam", "benzodiazepine", NULL, 0, 1},
    {"diazepam", "diazepam", "benzodiazepine", NULL, 0, 1},
    {"Valium", "diazepam", "benzodiazepine", NULL, 0, 1},
    {"Librax", "chlordiazepoxide", "benzodiazepine", NULL, 0, 2},
    {"Limbitrol", "chlordiazepoxide", "benzodiazepine", NULL, 0, 2},
    {"gabapentin", "gabapentin", "gabapentinoid", NULL, 0, 1},
    {"Neurontin", "gabapentin", "gabapentinoid", NULL, 0, 1},
    {"pregabalin", "pregabalin", "gabapentinoid", NULL, 0, 1},
    {"Lyrica", "pregabalin", "gabapentinoid", NULL, 0, 1},
    {"naloxone", "naloxone", "opioid_antagonist", NULL, 0, 1},
    {"Narcan", "naloxone", "opioid_antagonist", NULL, 0, 1},
    {"naltrexone", "naltrexone", "opioid_antagonist", NULL, 0, 1},
    {"suboxone", "buprenorphine", "opioid", NULL, 0, 2},
};

/* Spellings from the Drug and GENNME columns of CDC's Sept 2018 NDC lists (opioids.csv and
 * benzodiazepines.csv): the opioid part and its position in the '/' order. */
static const expect NDC_2018[] = {
    {"Hydrocodone Bitartrate/Acetaminophen", "hydrocodone", "opioid", NULL, 0, 2},
    {"Acetaminophen/Hydrocodone Bitartrate", "hydrocodone", "opioid", NULL, 1, 2},
    {"Acetaminophen/Caffeine/Dihydrocodeine Bitartrate", "dihydrocodeine", "opioid", NULL, 2, 3},
    {"Acetaminophen/Codeine Phosphate", "codeine", "opioid", NULL, 1, 2},
    {"Acetaminophen/Oxycodone Hydrochloride", "oxycodone", "opioid", NULL, 1, 2},
    {"Acetaminophen/Tramadol Hydrochloride", "tramadol", "opioid", NULL, 1, 2},
    {"Acetaminophen/butalbital/codeine Phosphate", "codeine", "opioid", NULL, 2, 3},
    {"Acetaminophen/meperidine Hydrochloride", "meperidine", "opioid", NULL, 1, 2},
    {"Acetaminophen/pentazocine Hydrochloride", "pentazocine", "opioid", NULL, 1, 2},
    {"Acetaminophen/propoxyphene Napsylate", "propoxyphene", "opioid", NULL, 1, 2},
    {"Apap/butabarbital Na/codeine Phos", "codeine", "opioid", NULL, 2, 3},
    {"Apap/butalbital/caff/codeine Phos", "codeine", "opioid", NULL, 3, 4},
    {"A.p.c. W/codeine", "codeine", "opioid", NULL, 3, 4},
    {"Aspirin (buffered)/codeine Phosphate", "codeine", "opioid", NULL, 1, 2},
    {"Aspirin/butalbital/caffeine/codeine Phosphate", "codeine", "opioid", NULL, 3, 4},
    {"Aspirin/caffeine/propoxyphene Hydrochloride", "propoxyphene", "opioid", NULL, 2, 3},
    {"Aspirin/carisoprodol/codeine Phosphate", "codeine", "opioid", NULL, 2, 3},
    {"Aspirin/hydrocodone Bitartrate", "hydrocodone", "opioid", NULL, 1, 2},
    {"Aspirin/oxycodone Hydrochloride", "oxycodone", "opioid", NULL, 1, 2},
    {"Belladonna Alkaloids/opium Alkaloids", "opium", "opioid", NULL, 1, 2},
    {"Buprenorphine Hydrochloride", "buprenorphine", "opioid", NULL, 0, 1},
    {"Buprenorphine Hydrochloride/Naloxone Hydrochloride", "buprenorphine", "opioid", NULL, 0, 2},
    {"Buprenorphine/Naloxone", "buprenorphine", "opioid", NULL, 0, 2},
    {"Butorphanol Tartrate", "butorphanol", "opioid", NULL, 0, 1},
    {"Codeine Sulfate", "codeine", "opioid", NULL, 0, 1},
    {"Dihydrocodeine/apap/caffeine", "dihydrocodeine", "opioid", NULL, 0, 3},
    {"Hydrocodone Bitartrate/ibuprofen", "hydrocodone", "opioid", NULL, 0, 2},
    {"Hydromorphone Hydrochloride", "hydromorphone", "opioid", NULL, 0, 1},
    {"Ibuprofen/Oxycodone Hydrochloride", "oxycodone", "opioid", NULL, 1, 2},
    {"Levomethadyl Acetate Hydrochloride", "levomethadyl", "opioid", NULL, 0, 1},
    {"Morphine Sulfate/naltrexone Hydrochloride", "morphine", "opioid", NULL, 0, 2},
    {"Naloxone Hydrochloride/pentazocine Hydrochloride", "pentazocine", "opioid", NULL, 1, 2},
    {"Oxymorphone Hydrochloride", "oxymorphone", "opioid", NULL, 0, 1},
    {"Propoxyphene Hydrochloride", "propoxyphene", "opioid", NULL, 0, 1},
    {"Tapentadol Hydrochloride", "tapentadol", "opioid", NULL, 0, 1},
    {"Tramadol Hydrochloride", "tramadol", "opioid", NULL, 0, 1},
    {"Fentanyl LA", "fentanyl", "opioid", NULL, 0, 1},
    {"Hydrocodone SA", "hydrocodone", "opioid", NULL, 0, 1},
    {"Morphine LA", "morphine", "opioid", NULL, 0, 1},
    {"Oxycodone SA", "oxycodone", "opioid", NULL, 0, 1},
    {"Tapentadol LA", "tapentadol", "opioid", NULL, 0, 1},
    {"Tramadol SA", "tramadol", "opioid", NULL, 0, 1},
    {"Opium", "opium", "opioid", NULL, 0, 1},
    {"Chlordiazepoxide Hydrochloride/Clidinium Bromide", "chlordiazepoxide", "benzodiazepine",
     NULL, 0, 2},
    {"Chlordiazepoxide Hydrochloride", "chlordiazepoxide", "benzodiazepine", NULL, 0, 1},
    {"Clobazam", "clobazam", "benzodiazepine", NULL, 0, 1},
    {"Diazepam;lubricant", "diazepam", "benzodiazepine", NULL, 0, 1},
    {"Estazolam", "estazolam", "benzodiazepine", NULL, 0, 1},
    {"Flurazepam Hydrochloride", "flurazepam", "benzodiazepine", NULL, 0, 1},
    {"Halazepam", "halazepam", "benzodiazepine", NULL, 0, 1},
    {"Oxazepam", "oxazepam", "benzodiazepine", NULL, 0, 1},
    {"Prazepam", "prazepam", "benzodiazepine", NULL, 0, 1},
    {"Quazepam", "quazepam", "benzodiazepine", NULL, 0, 1},
    {"Temazepam", "temazepam", "benzodiazepine", NULL, 0, 1},
    {"Triazolam", "triazolam", "benzodiazepine", NULL, 0, 1},
};

static void test_generics(void **state) { CHECK_ALL(state, GENERICS); }
static void test_salts(void **state) { CHECK_ALL(state, SALTS); }
static void test_brands(void **state) { CHECK_ALL(state, BRANDS); }
static void test_combinations(void **state) { CHECK_ALL(state, COMBINATIONS); }
static void test_case_and_punctuation(void **state) { CHECK_ALL(state, CASE_AND_PUNCTUATION); }
static void test_forms(void **state) { CHECK_ALL(state, FORMS); }
static void test_classes(void **state) { CHECK_ALL(state, CLASSES); }
static void test_co_ingredients(void **state) { CHECK_ALL(state, CO_INGREDIENTS); }
static void test_ndc_2018_spellings(void **state) { CHECK_ALL(state, NDC_2018); }

/* The GENNME of Percodan in CDC's list names oxycodone twice (two salts): one opioid. */
static void test_same_opioid_twice(void **state)
{
    static const expect X = {"Asa/oxycodone Hcl/oxycodone Terephthalate", "oxycodone", "opioid",
                             NULL, 1, 2};
    check_one(*state, &X);
}

/* "Amitriptyline Hydrochloride/Chlordiazepoxide": ingredient, class and component index all
 * name the benzodiazepine part. */
static void test_benzodiazepine_second(void **state)
{
    static const expect X = {"Amitriptyline Hydrochloride/Chlordiazepoxide", "chlordiazepoxide",
                             "benzodiazepine", NULL, 1, 2};
    check_one(*state, &X);
}

/* A name written as its key ("oxycodone", "Percocet") is answered from what the vocabulary
 * resolved when it loaded; the same name with a trailing "." is not a key as written and goes
 * through normalising and the parts. Both must give the same drug, for every name listed here. */
static void check_as_written(const med_table *t, const expect *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char dotted[300];
        snprintf(dotted, sizeof dotted, "%s.", list[i].name);
        expect x = list[i];
        check_one(t, &x);
        x.name = dotted;
        check_one(t, &x);
    }
}

static void test_written_as_key_or_not(void **state)
{
    check_as_written(*state, GENERICS, sizeof GENERICS / sizeof *GENERICS);
    check_as_written(*state, BRANDS, sizeof BRANDS / sizeof *BRANDS);
    check_as_written(*state, CLASSES, sizeof CLASSES / sizeof *CLASSES);
    check_as_written(*state, CO_INGREDIENTS, sizeof CO_INGREDIENTS / sizeof *CO_INGREDIENTS);
}

/* med__names_as_written looks a name up as written only when every byte is a letter (either
 * case) or a digit, words apart by single spaces. The bytes one bit (0x20) away from a letter or
 * digit ('@', '[', '`', '{', control bytes, the high-bit ones) are none of those. */
static void test_as_written_bytes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        med_as_written want;
    } CASES[] = {
        {"oxycodone 5", MED_AS_WRITTEN_FOUND},    {"OxyCodone 5", MED_AS_WRITTEN_FOUND},
        {"OXYCODONE 5", MED_AS_WRITTEN_FOUND},    {"oxycodone", MED_AS_WRITTEN_UNKNOWN},
        {"oxycodone 6", MED_AS_WRITTEN_UNKNOWN},  {"oxycodone  5", MED_AS_WRITTEN_NOT_A_KEY},
        {" oxycodone 5", MED_AS_WRITTEN_NOT_A_KEY}, {"oxycodone 5 ", MED_AS_WRITTEN_NOT_A_KEY},
        {"oxyc@done 5", MED_AS_WRITTEN_NOT_A_KEY}, {"oxyc[done 5", MED_AS_WRITTEN_NOT_A_KEY},
        {"oxyc`done 5", MED_AS_WRITTEN_NOT_A_KEY}, {"oxyc{done 5", MED_AS_WRITTEN_NOT_A_KEY},
        {"oxycodone \x15", MED_AS_WRITTEN_NOT_A_KEY}, /* 0x15 | 0x20 is '5' */
        {"oxycodone\t5", MED_AS_WRITTEN_NOT_A_KEY},
        {"\xcf\xd8ycodone 5", MED_AS_WRITTEN_NOT_A_KEY}, /* "OX" with the high bit set */
    };
    med_names n;
    med_arena a;
    med_name_entry e = {.ingredient = "oxycodone", .drug_class = "opioid", .component_count = 1};
    char key[MED_NAMES_KEY_MAX];
    med__arena_init(&a);
    assert_int_equal(med__names_init(&n), MED_OK);
    assert_int_equal(med__names_add(&n, &a, "oxycodone 5", &e), MED_NAMES_OK);
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        size_t at = 99;
        med_as_written got = med__names_as_written(&n, CASES[i].text, strlen(CASES[i].text), key,
                                                   sizeof key, &at);
        if (got != CASES[i].want)
            fail_msg("'%s': %d, want %d", CASES[i].text, (int)got, (int)CASES[i].want);
        if (got == MED_AS_WRITTEN_FOUND && (at != 0 || strcmp(key, "oxycodone 5") != 0))
            fail_msg("'%s': entry %zu key '%s'", CASES[i].text, at, key);
    }
    med__names_free(&n);
    med__arena_free(&a);
}

/* ---- names that do not resolve --------------------------------------------------------------- */

typedef struct refusal {
    const char *name;
    med_status code;
    const char *says;  /* in the message */
    const char *never; /* not in the message, or NULL */
} refusal;

static const refusal REFUSED[] = {
    {"oxycodon", MED_ERR_NOT_FOUND, "did you mean 'oxycodone'?", NULL},
    {"hydrocodne", MED_ERR_NOT_FOUND, "did you mean 'hydrocodone'?", NULL},
    {"fentnyl", MED_ERR_NOT_FOUND, "did you mean 'fentanyl'?", NULL},
    {"morphne", MED_ERR_NOT_FOUND, "did you mean 'morphine'?", NULL},
    {"percoset", MED_ERR_NOT_FOUND, "did you mean 'percocet'?", NULL},
    {"xanex", MED_ERR_NOT_FOUND, "did you mean 'xanax'?", NULL},
    {"Lyrca", MED_ERR_NOT_FOUND, "did you mean 'lyrica'?", NULL},
    {"hydrocodne/apap", MED_ERR_NOT_FOUND, "did you mean 'hydrocodone'?", NULL},
    /* a third of the name's length may differ (three of nine here), not more */
    {"oxxxxdone", MED_ERR_NOT_FOUND, "did you mean 'oxycodone'?", NULL},
    {"oxxxxxone", MED_ERR_NOT_FOUND, "unknown drug 'oxxxxxone'", "did you mean"},
    {"zzzzqqq", MED_ERR_NOT_FOUND, "unknown drug 'zzzzqqq'", "did you mean"},
    {"qwertyuiop", MED_ERR_NOT_FOUND, "unknown drug", "did you mean"},
    {"", MED_ERR_NOT_FOUND, "no drug name", "did you mean"},
    {"   ", MED_ERR_NOT_FOUND, "no drug name", "did you mean"},
    {"/", MED_ERR_NOT_FOUND, "no drug name", "did you mean"},
    {" ; , and ", MED_ERR_NOT_FOUND, "no drug name", "did you mean"},
    {"hydrocodone and foo", MED_ERR_NOT_FOUND, "unknown drug 'foo'", NULL},
    {"tablet", MED_ERR_NOT_FOUND, "no drug name", "did you mean"},
    {"hcl er", MED_ERR_NOT_FOUND, "no drug name", "did you mean"},
    {"oxycodone/morphine", MED_ERR_INVALID, "two opioids (oxycodone and morphine)", NULL},
    {"oxycodone/apap/codeine", MED_ERR_INVALID, "two opioids (oxycodone and codeine)", NULL},
    {"Percocet/morphine", MED_ERR_INVALID, "two opioids (oxycodone and morphine)", NULL},
    {"apap/asa/caff/butalbital/codeine", MED_ERR_INVALID, "too many ingredients", NULL},
};

static void check_refused(const med_table *t, const refusal *r)
{
    med_drug_info d = MED_DRUG_INFO_INIT;
    med_error e;
    med_status s = med_lookup_drug(t, r->name, &d, &e);
    if (s != r->code || e.code != r->code)
        fail_msg("'%s': %s (%d), want %s", r->name, med_status_string(s), e.code,
                 med_status_string(r->code));
    if (strstr(e.message, r->says) == NULL)
        fail_msg("'%s': message '%s' lacks '%s'", r->name, e.message, r->says);
    if (r->never && strstr(e.message, r->never))
        fail_msg("'%s': message '%s' should not say '%s'", r->name, e.message, r->never);
    assert_string_equal(e.text, r->name);
    assert_string_equal(e.source, "<drug>");
}

static void test_refused_names(void **state)
{
    for (size_t i = 0; i < sizeof REFUSED / sizeof *REFUSED; i++)
        check_refused(*state, &REFUSED[i]);
}

/* A name of `len` bytes: `word` padded with spaces. */
static void padded(char *buf, size_t len, const char *word)
{
    memset(buf, ' ', len);
    memcpy(buf, word, strlen(word));
    buf[len] = '\0';
}

static void test_long_names(void **state)
{
    char name[301];
    med_drug_info d = MED_DRUG_INFO_INIT;
    med_error e;
    memset(name, 'x', 300);
    name[300] = '\0';
    assert_int_equal(med_lookup_drug(*state, name, &d, &e), MED_ERR_LIMIT);
    assert_int_equal(e.code, MED_ERR_LIMIT);
    assert_true(strlen(e.text) < sizeof e.text);
    padded(name, 300, "oxycodone");
    assert_int_equal(med_lookup_drug(*state, name, &d, &e), MED_ERR_LIMIT);
    /* 256 bytes is the documented most; one more is refused */
    padded(name, 256, "oxycodone");
    assert_int_equal(med_lookup_drug(*state, name, &d, &e), MED_OK);
    assert_string_equal(d.ingredient, "oxycodone");
    padded(name, 257, "oxycodone");
    assert_int_equal(med_lookup_drug(*state, name, &d, &e), MED_ERR_LIMIT);
    /* a long single unknown word is an error, not a crash */
    memset(name, 'x', 256);
    name[256] = '\0';
    assert_int_not_equal(med_lookup_drug(*state, name, &d, &e), MED_OK);
}

static void test_null_arguments(void **state)
{
    med_drug_info d = MED_DRUG_INFO_INIT;
    med_error e;
    assert_int_equal(med_lookup_drug(NULL, "oxycodone", &d, &e), MED_ERR_ARGUMENT);
    assert_int_equal(e.code, MED_ERR_ARGUMENT);
    assert_int_equal(med_lookup_drug(*state, NULL, &d, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_lookup_drug(*state, "oxycodone", NULL, &e), MED_ERR_ARGUMENT);
    /* the error struct is optional, on success and on failure */
    assert_int_equal(med_lookup_drug(*state, "oxycodone", &d, NULL), MED_OK);
    assert_int_equal(med_lookup_drug(*state, "oxycodon", &d, NULL), MED_ERR_NOT_FOUND);
}

/* Every embedded table resolves names with the same vocabulary. */
static void test_same_vocabulary_in_every_table(void **state)
{
    (void)state;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        med_table *t = NULL;
        med_error e;
        assert_int_equal(med_table_load_embedded(*id, &t, &e), MED_OK);
        check_all(t, BRANDS, sizeof BRANDS / sizeof *BRANDS);
        med_table_free(t);
    }
}

/* ---- names as med_compute sees them ---------------------------------------------------------- */

typedef struct computed_name {
    const char *drug;
    const char *strength; /* per unit; "300/30" for a combination */
    const char *unit;
    const char *doses;    /* per day; "" for a patch */
    med_result_status status;
    int64_t hundredths;
    const char *ingredient;
    const char *drug_class;
    const char *in_message; /* or NULL */
} computed_name;

static const computed_name COMPUTED[] = {
    {"Oxycodone HCl", "5", "mg", "4", MED_RESULT_OK, 3000, "oxycodone", "opioid", NULL},
    {"Percocet", "5/325", "mg", "4", MED_RESULT_OK, 3000, "oxycodone", "opioid", NULL},
    {"hydrocodone/apap", "10/325", "mg", "4", MED_RESULT_OK, 4000, "hydrocodone", "opioid", NULL},
    /* codeine is printed second: 300 mg acetaminophen / 30 mg codeine */
    {"Tylenol with Codeine", "300/30", "mg", "4", MED_RESULT_OK, 1800, "codeine", "opioid", NULL},
    {"apap/codeine", "300/30", "mg", "4", MED_RESULT_OK, 1800, "codeine", "opioid", NULL},
    {"A.p.c. W/codeine", "227/162/32/30", "mg", "4", MED_RESULT_OK, 1800, "codeine", "opioid",
     NULL},
    {"morphine sulfate ER", "30", "mg", "2", MED_RESULT_OK, 6000, "morphine", "opioid", NULL},
    {"OxyContin", "20", "mg", "2", MED_RESULT_OK, 6000, "oxycodone", "opioid", NULL},
    {"Dilaudid", "2", "mg", "6", MED_RESULT_OK, 6000, "hydromorphone", "opioid", NULL},
    {"Nucynta", "50", "mg", "2", MED_RESULT_OK, 4000, "tapentadol", "opioid", NULL},
    {"Ultram", "50", "mg", "4", MED_RESULT_OK, 4000, "tramadol", "opioid", NULL},
    {"Duragesic", "25", "mcg/hr", "", MED_RESULT_OK, 6000, "fentanyl", "opioid", NULL},
    {"oxycodone film coated tablet", "5", "mg", "4", MED_RESULT_OK, 3000, "oxycodone", "opioid",
     NULL},
    {"Butrans", "10", "mcg/hr", "", MED_RESULT_EXCLUDED, 0, "buprenorphine", "opioid", NULL},
    {"suboxone", "8/2", "mg", "1", MED_RESULT_EXCLUDED, 0, "buprenorphine", "opioid", NULL},
    {"Xanax", "1", "mg", "2", MED_RESULT_NOT_OPIOID, 0, "alprazolam", "benzodiazepine", NULL},
    {"Lyrica", "75", "mg", "2", MED_RESULT_NOT_OPIOID, 0, "pregabalin", "gabapentinoid", NULL},
    {"naloxone", "4", "mg", "1", MED_RESULT_NOT_OPIOID, 0, "naloxone", "opioid_antagonist", NULL},
    {"oxycodon", "5", "mg", "4", MED_RESULT_ERROR, 0, NULL, NULL, "did you mean 'oxycodone'?"},
    {"oxycodone/morphine", "5/15", "mg", "4", MED_RESULT_ERROR, 0, NULL, NULL, "two opioids"},
};

static void check_computed(const med_table *t, const computed_name *c)
{
    med_input in = MED_INPUT_INIT;
    in.drug = c->drug;
    in.strength = c->strength;
    in.unit = c->unit;
    in.doses_per_day = c->doses;
    med_result r = MED_RESULT_INIT;
    char message[512];
    assert_int_equal(med_compute(t, &in, MED_METHOD_CLINICAL, &r), MED_OK);
    med_compute_text(t, &in, MED_METHOD_CLINICAL, MED_TEXT_MESSAGE, message, sizeof message);
    if (r.status != c->status || r.mme_hundredths != c->hundredths)
        fail_msg("%s: %s %lld (%s), want %s %lld", c->drug, med_result_status_string(r.status),
                 (long long)r.mme_hundredths, message, med_result_status_string(c->status),
                 (long long)c->hundredths);
    if (c->ingredient && (r.ingredient == NULL || strcmp(r.ingredient, c->ingredient) != 0 ||
                          strcmp(r.drug_class, c->drug_class) != 0))
        fail_msg("%s: ingredient %s (%s), want %s (%s)", c->drug, r.ingredient, r.drug_class,
                 c->ingredient, c->drug_class);
    if (c->in_message && strstr(message, c->in_message) == NULL)
        fail_msg("%s: message '%s' lacks '%s'", c->drug, message, c->in_message);
}

static void test_compute_by_name(void **state)
{
    for (size_t i = 0; i < sizeof COMPUTED / sizeof *COMPUTED; i++)
        check_computed(*state, &COMPUTED[i]);
}

/* An unknown name is a located error in the result, with the code of the lookup. */
static void test_compute_unknown_name_error(void **state)
{
    med_input in = MED_INPUT_INIT;
    in.drug = "hydrocodne";
    in.strength = "10";
    in.unit = "mg";
    in.doses_per_day = "4";
    med_result r = MED_RESULT_INIT;
    char message[512];
    assert_int_equal(med_compute(*state, &in, MED_METHOD_CLINICAL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_ERROR);
    assert_int_equal(r.error, MED_ERR_NOT_FOUND);
    assert_null(r.ingredient);
    assert_true(med_compute_text(*state, &in, MED_METHOD_CLINICAL, MED_TEXT_MESSAGE, message,
                                 sizeof message) < sizeof message);
    assert_non_null(strstr(message, "hydrocodone"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generics),
        cmocka_unit_test(test_salts),
        cmocka_unit_test(test_brands),
        cmocka_unit_test(test_combinations),
        cmocka_unit_test(test_case_and_punctuation),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_ndc_2018_spellings),
        cmocka_unit_test(test_same_opioid_twice),
        cmocka_unit_test(test_written_as_key_or_not),
        cmocka_unit_test(test_as_written_bytes),
        cmocka_unit_test(test_benzodiazepine_second),
        cmocka_unit_test(test_co_ingredients),
        cmocka_unit_test(test_refused_names),
        cmocka_unit_test(test_long_names),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_same_vocabulary_in_every_table),
        cmocka_unit_test(test_compute_by_name),
        cmocka_unit_test(test_compute_unknown_name_error),
    };
    return cmocka_run_group_tests(tests, setup_cdc_2022, teardown_table);
}
