/* Unit tests for med_regimen_parse(): free-text orders -> the med_input a med_regimen holds.
 * Table-driven: `good` lists orders and every field they must produce, `bad` lists orders and
 * the located error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"

typedef struct good_case {
    const char *text;
    const char *drug, *strength, *unit, *units_per_dose, *doses_per_day, *every_hours;
    int prn;
} good_case;

static const good_case good[] = {
    /* The examples of the specification. */
    {"oxycodone 10 mg q6h", "oxycodone", "10", "mg", "", "", "6", 0},
    {"hydrocodone/apap 5/325 2 tabs q6h prn", "hydrocodone/apap", "5/325", "mg", "2", "", "6", 1},
    {"fentanyl 25 mcg/hr patch q72h", "fentanyl patch", "25", "mcg/hr", "", "", "72", 0},
    {"fentanyl 25 mcg/hr patch", "fentanyl patch", "25", "mcg/hr", "", "", "", 0},
    {"methadone 10 mg tid", "methadone", "10", "mg", "", "3", "", 0},
    {"tramadol 50 mg 4 times daily", "tramadol", "50", "mg", "", "4", "", 0},
    {"morphine ER 30 mg bid", "morphine ER", "30", "mg", "", "2", "", 0},
    {"hydromorphone 2 mg every 4 hours as needed", "hydromorphone", "2", "mg", "", "", "4", 1},
    {"oxycodone 5 mg q4-6h prn", "oxycodone", "5", "mg", "", "", "4", 1},
    {"morphine oral solution 10 mg/5 mL 5 mL q4h", "morphine oral solution", "10", "mg/5 mL", "5",
     "", "4", 0},
    {"Percocet 5/325 1-2 tabs every 4 to 6 hours as needed", "Percocet", "5/325", "mg", "2", "",
     "4", 1},
    {"oxycodone 10mg 2x/day", "oxycodone", "10", "mg", "", "2", "", 0},
    {"oxycodone 10 mg twice a day", "oxycodone", "10", "mg", "", "2", "", 0},
    {"OXYCODONE 10 MG BID", "OXYCODONE", "10", "mg", "", "2", "", 0},
    {"buprenorphine 5 mcg/hr patch every 7 days", "buprenorphine patch", "5", "mcg/hr", "", "",
     "168", 0},
    {"acetaminophen/codeine 300/30 1 tab q4h", "acetaminophen/codeine", "300/30", "mg", "1", "",
     "4", 0},
    /* Once a day. */
    {"oxycodone 10 mg daily", "oxycodone", "10", "mg", "", "1", "", 0},
    {"oxycodone 10 mg qd", "oxycodone", "10", "mg", "", "1", "", 0},
    {"morphine 15 mg once daily", "morphine", "15", "mg", "", "1", "", 0},
    {"morphine 15 mg once a day", "morphine", "15", "mg", "", "1", "", 0},
    {"oxycodone 5 mg qam", "oxycodone", "5", "mg", "", "1", "", 0},
    {"oxycodone 5 mg QPM", "oxycodone", "5", "mg", "", "1", "", 0},
    {"oxycodone 5 mg qhs", "oxycodone", "5", "mg", "", "1", "", 0},
    {"oxycodone 5 mg at bedtime", "oxycodone", "5", "mg", "", "1", "", 0},
    {"oxycodone 5 mg nightly", "oxycodone", "5", "mg", "", "1", "", 0},
    {"oxycodone 5 mg every night at bedtime", "oxycodone", "5", "mg", "", "1", "", 0},
    /* Several times a day. */
    {"oxycodone 5 mg twice daily", "oxycodone", "5", "mg", "", "2", "", 0},
    {"Oxycodone 10 mg b.i.d.", "Oxycodone", "10", "mg", "", "2", "", 0},
    {"oxycodone 5 mg three times a day", "oxycodone", "5", "mg", "", "3", "", 0},
    {"oxycodone 5 mg qid", "oxycodone", "5", "mg", "", "4", "", 0},
    {"oxycodone 5 mg four times daily", "oxycodone", "5", "mg", "", "4", "", 0},
    {"oxycodone 5 mg 3 times per day", "oxycodone", "5", "mg", "", "3", "", 0},
    {"oxycodone 5 mg 3x daily", "oxycodone", "5", "mg", "", "3", "", 0},
    {"oxycodone 5 mg 3/day", "oxycodone", "5", "mg", "", "3", "", 0},
    {"morphine 10 mg 4x/day", "morphine", "10", "mg", "", "4", "", 0},
    {"oxycodone 10 mg 2 x a day", "oxycodone", "10", "mg", "", "2", "", 0},
    /* Intervals. */
    {"oxycodone 5 mg q 6 h", "oxycodone", "5", "mg", "", "", "6", 0},
    {"oxycodone 5 mg q6hr", "oxycodone", "5", "mg", "", "", "6", 0},
    {"oxycodone 5 mg Q6HRS", "oxycodone", "5", "mg", "", "", "6", 0},
    {"oxycodone 5 mg q 6 hours", "oxycodone", "5", "mg", "", "", "6", 0},
    {"oxycodone 5 mg every 6 hrs", "oxycodone", "5", "mg", "", "", "6", 0},
    {"morphine 30 mg every 12 hours", "morphine", "30", "mg", "", "", "12", 0},
    {"oxycodone 5 mg q4-6hrs prn", "oxycodone", "5", "mg", "", "", "4", 1},
    {"oxycodone 5 mg every 4-6 hours prn", "oxycodone", "5", "mg", "", "", "4", 1},
    {"oxycodone 5 mg every 6 to 4 hours prn", "oxycodone", "5", "mg", "", "", "4", 1},
    {"oxycodone 10 mg every other day", "oxycodone", "10", "mg", "", "", "48", 0},
    {"oxycodone 10 mg every 1.5 days", "oxycodone", "10", "mg", "", "", "36", 0},
    {"oxycodone 10 mg q0.5h", "oxycodone", "10", "mg", "", "", "0.5", 0},
    /* Patches. */
    {"fentanyl 12 mcg/h patch q3d", "fentanyl patch", "12", "mcg/hr", "", "", "72", 0},
    {"fentanyl 50 mcg per hour patch every 3 days", "fentanyl patch", "50", "mcg/hr", "", "",
     "72", 0},
    {"fentanyl 25mcg/hr 1 patch q72h", "fentanyl patch", "25", "mcg/hr", "1", "", "72", 0},
    {"fentanyl 25 mcg/hr transdermal patch apply 1 patch q72h", "fentanyl transdermal patch", "25",
     "mcg/hr", "1", "", "72", 0},
    {"Butrans 10 mcg/hr weekly", "Butrans", "10", "mcg/hr", "", "", "168", 0},
    {"Butrans 10 mcg/hr every week", "Butrans", "10", "mcg/hr", "", "", "168", 0},
    {"buprenorphine 20 mcg/hr patch twice weekly", "buprenorphine patch", "20", "mcg/hr", "", "",
     "84", 0},
    {"buprenorphine 20 mcg/hr patch every 2 weeks", "buprenorphine patch", "20", "mcg/hr", "",
     "", "336", 0},
    /* Dose counts and other forms. */
    {"oxycodone 10 mg tablet 1 tab po q6h prn pain", "oxycodone tablet", "10", "mg", "1", "", "6",
     1},
    {"oxycodone 5mg 2tabs q6h", "oxycodone", "5", "mg", "2", "", "6", 0},
    {"oxycodone 5 mg 1 cap q6h", "oxycodone", "5", "mg", "1", "", "6", 0},
    {"oxycodone 5 mg 2 capsules q6h", "oxycodone", "5", "mg", "2", "", "6", 0},
    {"oxycodone 5 mg 1 or 2 tablets q4h prn", "oxycodone", "5", "mg", "2", "", "4", 1},
    {"oxycodone 5 mg 1/2 tab q6h", "oxycodone", "5", "mg", "0.5", "", "6", 0},
    {"oxycodone 5 mg take 2 q4h", "oxycodone", "5", "mg", "2", "", "4", 0},
    {"oxycodone 5 mg take two tablets every four hours", "oxycodone", "5", "mg", "2", "", "4", 0},
    {"morphine 2 mg/ml 5 ml q4h", "morphine", "2", "mg/mL", "5", "", "4", 0},
    {"morphine 20 mg/mL 0.25 mL q4h prn", "morphine", "20", "mg/mL", "0.25", "", "4", 1},
    {"oxycodone 5 mg/5ml 10 ml q6h", "oxycodone", "5", "mg/5 mL", "10", "", "6", 0},
    {"oxycodone 5 mg per 5 mL 10 mL q6h", "oxycodone", "5", "mg/5 mL", "10", "", "6", 0},
    {"fentanyl buccal 100 mcg 1 film q6h", "fentanyl buccal film", "100", "mcg", "1", "", "6", 0},
    {"fentanyl nasal 100 mcg 2 sprays q2h prn", "fentanyl nasal spray", "100", "mcg", "2", "", "2",
     1},
    {"oxycodone 5 mg/tab 2 tabs q6h", "oxycodone", "5", "mg", "2", "", "6", 0},
    /* Strengths and numbers. */
    {"hydrocodone/apap 10/325 mg 1 tab q4-6h prn", "hydrocodone/apap", "10/325", "mg", "1", "",
     "4", 1},
    {"oxycodone 7.5 mg q6h", "oxycodone", "7.5", "mg", "", "", "6", 0},
    {"hydromorphone .5 mg q4h", "hydromorphone", "0.5", "mg", "", "", "4", 0},
    {"oxycodone 007.50 mg q6h", "oxycodone", "7.50", "mg", "", "", "6", 0},
    {"oxycodone 5 to 10 mg q4h prn", "oxycodone", "10", "mg", "", "", "4", 1},
    {"hydrocodone-acetaminophen 5-325 mg 1 tab q6h", "hydrocodone-acetaminophen", "5/325", "mg",
     "1", "", "6", 0},
    {"hydrocodone/apap 7.5-325 1 tab q6h", "hydrocodone/apap", "7.5/325", "mg", "1", "", "6", 0},
    {"hydrocodone/apap 5/325 1-2 tabs q4-6h prn", "hydrocodone/apap", "5/325", "mg", "2", "", "4",
     1},
    {"hydrocodone/apap 5/325 take 1-2 q6h", "hydrocodone/apap", "5/325", "mg", "2", "", "6", 0},
    {"APAP W/CODEINE 300/30 1 tab q4h", "APAP W/CODEINE", "300/30", "mg", "1", "", "4", 0},
    {"oxycodone 12hr ER 10 mg q12h", "oxycodone 12hr ER", "10", "mg", "", "", "12", 0},
    /* Fillers, reasons, durations and separators. */
    {"Norco 10/325mg take 1 tablet by mouth every 6 hours as needed for pain", "Norco", "10/325",
     "mg", "1", "", "6", 1},
    {"take oxycodone 10 mg q12h", "oxycodone", "10", "mg", "", "", "12", 0},
    {"oxycodone 10 mg q12h, prn", "oxycodone", "10", "mg", "", "", "12", 1},
    {"oxycodone 10 mg q6h prn severe pain", "oxycodone", "10", "mg", "", "", "6", 1},
    {"oxycodone 10 mg q6h as needed for breakthrough pain", "oxycodone", "10", "mg", "", "", "6",
     1},
    {"oxycodone 10 mg q6h when required", "oxycodone", "10", "mg", "", "", "6", 1},
    {"oxycodone 5 mg Q4H P.R.N.", "oxycodone", "5", "mg", "", "", "4", 1},
    {"tapentadol 50 mg q4-6h prn x 5 days", "tapentadol", "50", "mg", "", "", "4", 1},
    {"oxycodone 5 mg q6h for 3 days", "oxycodone", "5", "mg", "", "", "6", 0},
    {"  oxycodone\t10 mg\nq6h  ", "oxycodone", "10", "mg", "", "", "6", 0},
    {"oxycodone 10 mg; sig: 1 tab q6h", "oxycodone", "10", "mg", "1", "", "6", 0},
    {"oxycodone 10 mg 5 times weekly", "oxycodone", "10", "mg", "", "", "33.6", 0},
    /* Orders as EHRs print them (Epic, Cerner, pharmacy labels, RxNorm names). */
    {"oxyCODONE (ROXICODONE) 5 MG tablet, Take 1 tablet (5 mg total) by mouth every 4 (four) "
     "hours as needed for pain. Max daily dose: 30 mg",
     "oxyCODONE tablet", "5", "mg", "1", "", "4", 1},
    {"oxycodone 5 mg oral tablet, 1 tab(s), Oral, every 6 hr, PRN: for pain, 28 tab(s), 0 "
     "Refill(s)",
     "oxycodone oral tablet", "5", "mg", "1", "", "6", 1},
    {"acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet 1 tablet every 6 hours",
     "acetaminophen/oxycodone hydrochloride Oral Tablet", "325/5", "mg", "1", "", "6", 0},
    {"fentanyl 25 mcg/hr patch, Place 1 patch onto the skin every 72 hours", "fentanyl patch",
     "25", "mcg/hr", "1", "", "72", 0},
    {"morphine (MS CONTIN) 15 MG 12 hr tablet, Take 1 tablet by mouth every morning and 2 "
     "tablets at bedtime.",
     "morphine 12hr tablet", "15", "mg", "3", "1", "", 0},
    {"methadone 10 mg every morning and 20 mg at bedtime", "methadone", "10", "mg", "3", "1", "",
     0},
    {"oxycodone 5 mg tablet, take 2 tabs q4h prn, do not exceed 8 tablets in 24 hours",
     "oxycodone tablet", "5", "mg", "8", "1", "", 1},
    {"oxycodone 10 mg tablet, take 1 tab twice daily, max 30 mg/day", "oxycodone tablet", "10",
     "mg", "1", "2", "", 0},
    {"oxycodone 5 mg tablet, take 1 tab q4h prn, max daily dose: 25 mg", "oxycodone tablet", "5",
     "mg", "5", "1", "", 1},
    {"oxycodone 15 mg tablet, take 1 tab q4h prn, max 40 mg/day", "oxycodone tablet", "40", "mg",
     "1", "1", "", 1},
    {"oxycodone 5 mg 1 po q6h", "oxycodone", "5", "mg", "1", "", "6", 0},
    /* A reason ends where a cap starts (review finding 3): 5 mg x 4 tabs = 20 mg/day, 30 MME;
     * 30 mg/day of 5 mg tablets = 6 tabs, 45 MME. "up to 4 tabs daily" is a cap, not a dose. */
    {"oxycodone 5 mg 1-2 tabs q4h as needed for pain (max 4 tabs/day)", "oxycodone", "5", "mg",
     "4", "1", "", 1},
    {"oxycodone 5 mg 1-2 tabs q4h as needed for pain (not to exceed 30 mg/day)", "oxycodone",
     "5", "mg", "6", "1", "", 1},
    {"oxycodone 5 mg 1-2 tabs q4h prn pain (do not exceed 4 tablets per day)", "oxycodone", "5",
     "mg", "4", "1", "", 1},
    {"oxycodone 5 mg 1-2 tabs q4h as needed for pain up to 4 tabs daily", "oxycodone", "5", "mg",
     "4", "1", "", 1},
    {"oxycodone 5 mg 1 tab q4h prn for moderate pain (4-6), max 4 tabs/day", "oxycodone", "5",
     "mg", "4", "1", "", 1},
    {"oxycodone 5 mg take up to 2 tabs q4h prn", "oxycodone", "5", "mg", "2", "", "4", 1},
    /* A cap without a unit counts doses, for liquids too (review finding 4): 3 x 5 mL = 15 mL
     * of 2 mg/mL, 30 mg; 4 x 10 mL is the schedule itself (q6h), 40 mg; 6 x 0.25 mL = 1.5 mL
     * of 20 mg/mL, 30 mg; 3 x 10 mg of 5 mg tablets = 6 tablets, 30 mg. */
    {"morphine 10 mg/5 mL 5 mL q4h prn, max 3 per day", "morphine", "10", "mg/5 mL", "15", "1",
     "", 1},
    {"oxycodone 5 mg/5 mL 10 mL q6h prn, do not exceed 4 in 24 hours", "oxycodone", "5",
     "mg/5 mL", "10", "", "6", 1},
    {"morphine 20 mg/mL take 0.25 mL q1h prn, max 6 per day", "morphine", "20", "mg/mL", "1.5",
     "1", "", 1},
    {"oxycodone 5 mg take 10 mg q4h prn, max 3 per day", "oxycodone", "5", "mg", "6", "1", "", 1},
    {"oxycodone 5 mg 2 tabs q4h prn, max 3 per day", "oxycodone", "5", "mg", "6", "1", "", 1},
    /* Orders the grammar refused with a misleading error (review). */
    {"oxycodone 5 mg tablet every 72 (seventy-two) hours", "oxycodone tablet", "5", "mg", "", "",
     "72", 0},
    {"oxycodone 5 mg tablet every 24 (twenty four) hours", "oxycodone tablet", "5", "mg", "", "",
     "24", 0},
    {"acetaminophen-codeine 300-30 mg (TYLENOL #3) 1 tab q4h", "acetaminophen-codeine",
     "300/30", "mg", "1", "", "4", 0},
    {"oxycodone 5 mg x4 daily", "oxycodone", "5", "mg", "", "4", "", 0},
    {"oxycodone 5 mg 1 tab q4h max 6 tabs/day max 30 mg/day", "oxycodone", "5", "mg", "1", "",
     "4", 0},
    {"morphine oral solution, Take 2.5 mL (10 mg total) by mouth every 4 hours",
     "morphine oral solution", "10", "mg/2.5 mL", "2.5", "", "4", 0},
    {"oxycodone 5 mg tablet, take 10 mg by mouth every 6 hours", "oxycodone tablet", "5", "mg", "2",
     "", "6", 0},
    {"morphine 10 mg/5 mL solution, take 5 mg every 4 hours", "morphine solution", "10",
     "mg/5 mL", "2.5", "", "4", 0},
    {"tramadol ER 100 mg 24 hr tablet daily", "tramadol ER 24hr tablet", "100", "mg", "", "1", "",
     0},
    {"buprenorphine 150 mcg buccal film, place 1 film inside the cheek every 12 hours",
     "buprenorphine buccal film", "150", "mcg", "1", "", "12", 0},
    {"oxycodone 5 mg tablet, dissolve 1 tablet under the tongue every 4 hours",
     "oxycodone tablet sublingual", "5", "mg", "1", "", "4", 0},
    {"oxycodone 5 mg tablet, take two tablets by mouth every twelve hours", "oxycodone tablet", "5",
     "mg", "2", "", "12", 0},
    {"hydrocodone-acetaminophen 5 mg-325 mg oral tablet, 1 tab(s), Oral, every 4 hr",
     "hydrocodone-acetaminophen oral tablet", "5/325", "mg", "1", "", "4", 0},
    {"Percocet 5/325, 1-2 tabs po q4-6h prn pain, Disp: 30 tab, x 5 days", "Percocet", "5/325",
     "mg", "2", "", "4", 1},
    {"oxyCODONE 5 MG tablet, Take 1-2 tablets (5-10 mg total) by mouth every 4 hours",
     "oxyCODONE tablet", "5", "mg", "2", "", "4", 0},
    {"HYDROmorphone 2 MG tablet, Take 1 tablet by mouth every 4 hours as needed for severe pain "
     "(7-10).",
     "HYDROmorphone tablet", "2", "mg", "1", "", "4", 1},
    {"oxycodone 5 mg tablet, take 1 tablet once a week", "oxycodone tablet", "5", "mg", "1", "",
     "168", 0},
    {"oxyCODONE (ROXICODONE) immediate release tablet 5 mg, 10 mg, Oral, Q4H PRN, severe pain "
     "(7-10)",
     "oxyCODONE immediate release tablet", "5", "mg", "2", "", "4", 1},
};

typedef struct bad_case {
    const char *text;
    med_status status;
    int column;
    const char *message; /* a substring of the message */
} bad_case;

static const bad_case bad[] = {
    {"oxycodone q6h", MED_ERR_SYNTAX, 11, "expected a strength such as \"10 mg\""},
    {"oxycodone ER", MED_ERR_SYNTAX, 13, "no strength"},
    {"oxycodone 10 q6h", MED_ERR_SYNTAX, 11, "\"10\": expected a unit"},
    {"oxycodone 10 mg 5 mg q6h", MED_ERR_SYNTAX, 17, "second strength"},
    {"oxycodone 10 mg bid q6h", MED_ERR_SYNTAX, 21, "conflicts with the frequency \"bid\""},
    {"oxycodone 10 mg q6h q4h", MED_ERR_SYNTAX, 21, "give one frequency"},
    {"oxycodone 0 mg q6h", MED_ERR_RANGE, 11, "positive strength"},
    {"oxycodone 5/0 q6h", MED_ERR_RANGE, 11, "positive strength"},
    {"oxycodone 10 mg q0h", MED_ERR_RANGE, 17, "positive frequency"},
    {"oxycodone 10 mg every 0 days", MED_ERR_RANGE, 17, "positive frequency"},
    {"oxycodone 10 mg 0 times daily", MED_ERR_RANGE, 17, "positive frequency"},
    {"oxycodone 10 mg 0 tabs q6h", MED_ERR_RANGE, 17, "positive number of units"},
    {"oxycodone -5 mg q6h", MED_ERR_RANGE, 11, "positive number"},
    {"oxycodone 10 mg", MED_ERR_SYNTAX, 16, "no frequency: expected e.g. q6h, bid"},
    {"oxycodone 10 mg q6h !!!", MED_ERR_SYNTAX, 21, "unexpected punctuation"},
    {"oxycodone 10 mg 1 tab q6h @120", MED_ERR_SYNTAX, 27, "unexpected punctuation"},
    {"oxycodone 5 mg 1 tab q6h (see note)", MED_ERR_SYNTAX, 26, "cannot place these parentheses"},
    {"10 mg oxycodone q6h", MED_ERR_SYNTAX, 1, "expected a drug name first"},
    {"", MED_ERR_SYNTAX, 1, "expected a drug name first"},
    {"take by mouth", MED_ERR_SYNTAX, 6, "expected a drug name first"},
    {"take 2 tabs q6h", MED_ERR_SYNTAX, 6, "expected a drug name first"},
    {"prn oxycodone 10 mg q6h", MED_ERR_SYNTAX, 1, "expected a drug name first"},
    {"oxycodone 1e3 mg q6h", MED_ERR_SYNTAX, 11, "not a number"},
    {"oxycodone 1,000 mg q6h", MED_ERR_SYNTAX, 11, "not a number"},
    {"oxycodone 10.5.1 mg q6h", MED_ERR_SYNTAX, 11, "not a number"},
    {"oxycodone 10. mg q6h", MED_ERR_SYNTAX, 11, "not a number"},
    {"oxycodone 1234567890123456789012345678901234567890123456789012345678901234 mg q6h",
     MED_ERR_LIMIT, 11, "limited to 63"},
    {"morphine 15 mg q12h then 15 mg q24h", MED_ERR_SYNTAX, 21, "tapers"},
    /* Orders as EHRs print them: restatements that disagree, words that cannot be placed,
     * caps that say too little. */
    {"oxycodone 5 mg 1-2 tabs q4h prn, max daily dose:", MED_ERR_SYNTAX, 34, "an empty cap"},
    {"oxycodone 5 mg tablet, 1 tab q12h and 2 tabs at bedtime, max 3 per day", MED_ERR_SYNTAX,
     58, "a cap in doses for doses of different sizes"},
    {"oxycodone 5 mg 1 tablet by mouth every 6 hours as needed for moderate pain (4-6) or 2 "
     "tablets every 6 hours as needed for severe pain (7-10)",
     MED_ERR_SYNTAX, 82, "alternatives joined by \"or\""},
    {"oxycodone 5 mg q4h prn do not exceed 6 tabs", MED_ERR_SYNTAX, 44, "the cap's period"},
    {"oxycodone 5 mg q4h prn, max 6 tabs/week", MED_ERR_SYNTAX, 35, "the cap's period"},
    {"oxycodone 5 mg 1 tab q6h, max 0 tabs/day", MED_ERR_RANGE, 27, "positive cap"},
    {"oxycodone 5 mg q4h prn, max 6 tabs/day, max 5 tabs/day", MED_ERR_SYNTAX, 41,
     "a second, different cap"},
    {"oxycodone 5 mg 1 tab q4h max 6 tabs/day max 25 mg/day", MED_ERR_SYNTAX, 41,
     "a second, different cap"},
    {"oxycodone 5 mg tablet every 24 (twenty-five) hours", MED_ERR_SYNTAX, 32,
     "says 25 but the number before it is 24"},
    {"oxycodone-acetaminophen 5-325 mg tablet, 1 tab q6h, Max daily dose: 4000 mg",
     MED_ERR_SYNTAX, 53, "give the cap in tablets"},
    {"oxycodone 5 mg q6h while awake", MED_ERR_SYNTAX, 20, "\"while\": cannot place this word"},
    {"oxyCODONE 5 MG tablet, Take 1 tablet by mouth every 4 (five) hours", MED_ERR_SYNTAX, 55,
     "says 5 but the number before it is 4"},
    {"oxyCODONE 5 MG tablet, Take 2 tablets (5 mg total) by mouth every 6 hours",
     MED_ERR_SYNTAX, 39, "says 5 mg, but the dose before it is 10 mg"},
    {"morphine 15 MG tablet, Take 1 tablet (15 mcg total) every 12 hours", MED_ERR_SYNTAX, 38,
     "a total in mcg"},
    {"oxycodone 5 mg tablet, 1 tab q6h (prn", MED_ERR_SYNTAX, 34, "no \")\" closes it"},
    {"oxycodone 5 mg tablet, take 1 tab every morning and 2 tabs", MED_ERR_SYNTAX, 53,
     "the last dose of a split has no frequency"},
    {"oxycodone 5 mg tablet, take 1 tab q6h as needed for", MED_ERR_SYNTAX, 49,
     "expected the reason"},
    {"oxycodone 5 mg tablet, take 1 tab q6h for", MED_ERR_SYNTAX, 39, "expected a reason"},
    {"morphine 15 mg tablet, take 10 mg daily", MED_ERR_SYNTAX, 29, "not an exact number"},
    {"fentanyl 25 mcg/hr patch q72h, max 1 patch/day", MED_ERR_SYNTAX, 32, "daily cap on a patch"},
    {"fentanyl 25 mcg/hr, 1 patch q72h and 2 patches q72h", MED_ERR_SYNTAX, 48,
     "split dose on a patch"},
    {"morphine 10 mg/5 mL q4h", MED_ERR_SYNTAX, 10, "needs a dose in mL"},
    {"morphine 10 mg/5 mL 2 tabs q4h", MED_ERR_SYNTAX, 21, "needs a dose in mL"},
    {"morphine 10 mg 5 ml q4h", MED_ERR_SYNTAX, 16, "needs a strength per volume"},
    {"oxycodone 10 mg/kg q6h", MED_ERR_SYNTAX, 11, "unsupported unit"},
    {"hydrocodone/apap 5/325 mcg q6h", MED_ERR_SYNTAX, 18, "combination strengths are in mg"},
    {"oxycodone 5-10 mg q4h", MED_ERR_SYNTAX, 11, "ambiguous"},
    {"Norco 5-325 mg q6h", MED_ERR_SYNTAX, 7, "ambiguous"},
    {"oxycodone mg 10 q6h", MED_ERR_SYNTAX, 11, "a unit needs a number before it"},
    {"oxycodone 10 mg q", MED_ERR_SYNTAX, 17, "expected an interval"},
    {"oxycodone 10 mg every", MED_ERR_SYNTAX, 17, "expected an interval"},
    {"oxycodone 10 mg q6", MED_ERR_SYNTAX, 17, "expected hours, days or weeks"},
    {"oxycodone 10 mg 3 times q6h", MED_ERR_SYNTAX, 17, "expected daily"},
    {"oxycodone 10 mg 2.5 times daily", MED_ERR_SYNTAX, 17, "whole number"},
    {"oxycodone 10 mg 9 times weekly", MED_ERR_SYNTAX, 17, "whole hours"},
    {"oxycodone 10 mg 2 tabs 3 tabs q6h", MED_ERR_SYNTAX, 24, "second, different dose"},
    {"oxycodone 1/3 tab 5 mg q6h", MED_ERR_SYNTAX, 11, "exact decimal"},
    {"oxycodone 10 mg/0 mL 1 mL q6h", MED_ERR_RANGE, 11, "positive volume"},
    {"morphine\xc3\xa9 10 mg q6h", MED_ERR_SYNTAX, 9, "0xC3"},
    {"morphine 10 mg\x01 q6h", MED_ERR_SYNTAX, 15, "printable ASCII"},
};

/* NULL and "" both mean absent in a med_input. */
static const char *text_of(const char *field)
{
    return field ? field : "";
}

static void check_field(const char *text, const char *name, const char *got, const char *want)
{
    if (strcmp(text_of(got), want) != 0)
        fail_msg("\"%s\": %s is \"%s\", expected \"%s\"", text, name, text_of(got), want);
}

/* The input holds nothing: every text absent, prn 0. */
static void check_empty(const char *text, const med_input *in)
{
    assert_non_null(in);
    assert_int_equal(in->version, MED_INPUT_VERSION);
    check_field(text, "drug", in->drug, "");
    check_field(text, "form", in->form, "");
    check_field(text, "strength", in->strength, "");
    check_field(text, "unit", in->unit, "");
    check_field(text, "units_per_dose", in->units_per_dose, "");
    check_field(text, "doses_per_day", in->doses_per_day, "");
    check_field(text, "every_hours", in->every_hours, "");
    check_field(text, "quantity", in->quantity, "");
    check_field(text, "days_supply", in->days_supply, "");
    assert_int_equal(in->prn, 0);
}

static med_regimen *new_regimen(void)
{
    med_regimen *r = NULL;
    assert_int_equal(med_regimen_new(&r), MED_OK);
    assert_non_null(r);
    return r;
}

static void test_good(void **state)
{
    (void)state;
    med_regimen *r = new_regimen();
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const good_case *c = &good[i];
        med_error e;
        med_status st = med_regimen_parse(r, c->text, &e);
        if (st != MED_OK)
            fail_msg("\"%s\": status %d, column %d: %s", c->text, st, e.column, e.message);
        assert_int_equal(e.code, MED_OK);
        const med_input *in = med_regimen_input(r);
        assert_non_null(in);
        check_field(c->text, "drug", in->drug, c->drug);
        check_field(c->text, "strength", in->strength, c->strength);
        check_field(c->text, "unit", in->unit, c->unit);
        check_field(c->text, "units_per_dose", in->units_per_dose, c->units_per_dose);
        check_field(c->text, "doses_per_day", in->doses_per_day, c->doses_per_day);
        check_field(c->text, "every_hours", in->every_hours, c->every_hours);
        check_field(c->text, "form", in->form, "");
        check_field(c->text, "quantity", in->quantity, "");
        check_field(c->text, "days_supply", in->days_supply, "");
        if (in->prn != c->prn)
            fail_msg("\"%s\": prn is %d, expected %d", c->text, in->prn, c->prn);
        assert_int_equal(in->version, MED_INPUT_VERSION);
    }
    med_regimen_free(r);
}

static void test_bad(void **state)
{
    (void)state;
    med_regimen *r = new_regimen();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const bad_case *c = &bad[i];
        med_error e;
        /* a good order first, so that a failure has something to clear */
        assert_int_equal(med_regimen_parse(r, "oxycodone 5 mg 2 tabs q4h prn", &e), MED_OK);
        med_status st = med_regimen_parse(r, c->text, &e);
        if (st != c->status || e.code != c->status || e.column != c->column ||
            strstr(e.message, c->message) == NULL)
            fail_msg("\"%s\": got status %d column %d \"%s\"; expected %d column %d \"...%s...\"",
                     c->text, st, e.column, e.message, c->status, c->column, c->message);
        assert_string_equal(e.source, "<regimen>");
        assert_int_equal(e.line, 1);
        check_empty(c->text, med_regimen_input(r)); /* nothing half-parsed is left behind */
    }
    med_regimen_free(r);
}

/* What a parse read besides the input: each phrase set aside with its kind and column, the cap
 * and what decided, the split; all forgotten after a failed parse. */
typedef struct note_case {
    const char *kind, *text;
    unsigned column;
} note_case;

static void check_notes(med_regimen *r, const note_case *want, size_t n)
{
    const char *kind = NULL;
    unsigned column = 0;
    assert_int_equal(med_regimen_ignored_count(r), n);
    for (size_t i = 0; i < n; i++) {
        const char *text = med_regimen_ignored(r, i, &kind, &column);
        assert_non_null(text);
        assert_string_equal(kind, want[i].kind);
        assert_string_equal(text, want[i].text);
        assert_int_equal(column, want[i].column);
    }
    assert_null(med_regimen_ignored(r, n, &kind, &column));
}

static void test_notes(void **state)
{
    (void)state;
    med_regimen *r = new_regimen();
    med_error e;
    static const note_case epic[] = {{"brand", "(ROXICODONE)", 11},
                                     {"restatement", "(5-10 mg total)", 54},
                                     {"route", "by mouth", 70},
                                     {"restatement", "(four)", 87},
                                     {"reason", "for pain.", 110}};
    assert_int_equal(med_regimen_parse(r, "oxyCODONE (ROXICODONE) 5 MG tablet, Take 1-2 tablets "
                                          "(5-10 mg total) by mouth every 4 (four) hours as "
                                          "needed for pain. Max daily dose: 30 mg",
                                       &e),
                     MED_OK);
    check_notes(r, epic, sizeof epic / sizeof epic[0]);
    assert_string_equal(med_regimen_cap(r), "30 mg/day");
    assert_string_equal(med_regimen_schedule_daily(r), "60 mg/day");
    assert_string_equal(med_regimen_decided_by(r), "cap");
    assert_string_equal(med_regimen_split(r), "");
    assert_string_equal(med_regimen_input(r)->units_per_dose, "6"); /* 30 mg of 5 mg tablets */

    static const note_case cerner[] = {{"route", "Oral", 39},
                                       {"reason", "for pain", 62},
                                       {"quantity", "28 tab(s)", 72},
                                       {"refills", "0 Refill(s)", 83}};
    assert_int_equal(med_regimen_parse(r, "oxycodone 5 mg oral tablet, 1 tab(s), Oral, every 6 "
                                          "hr, PRN: for pain, 28 tab(s), 0 Refill(s)",
                                       &e),
                     MED_OK);
    check_notes(r, cerner, sizeof cerner / sizeof cerner[0]);
    assert_string_equal(med_regimen_cap(r), "");
    assert_string_equal(med_regimen_decided_by(r), "");

    assert_int_equal(med_regimen_parse(r, "oxycodone 10 mg tablet, take 1 tab bid, max 30 mg/day",
                                       &e),
                     MED_OK);
    assert_string_equal(med_regimen_schedule_daily(r), "20 mg/day");
    assert_string_equal(med_regimen_decided_by(r), "schedule");

    assert_int_equal(med_regimen_parse(r, "methadone 10 mg tablet, take 10 mg every morning and "
                                          "20 mg at bedtime, Qty: 90, x 30 days",
                                       &e),
                     MED_OK);
    assert_string_equal(med_regimen_split(r), "10 mg x 1/day + 20 mg x 1/day");
    static const note_case label[] = {{"quantity", "Qty: 90", 72}, {"duration", "x 30 days", 81}};
    check_notes(r, label, sizeof label / sizeof label[0]);

    /* a failed parse leaves nothing behind */
    assert_int_equal(med_regimen_parse(r, "oxycodone 5 mg q6h prn, max 6 tabs/week", &e),
                     MED_ERR_SYNTAX);
    check_notes(r, NULL, 0);
    assert_string_equal(med_regimen_cap(r), "");
    assert_string_equal(med_regimen_split(r), "");
    med_regimen_free(r);

    /* NULL is an empty regimen */
    assert_int_equal(med_regimen_ignored_count(NULL), 0);
    assert_null(med_regimen_ignored(NULL, 0, NULL, NULL));
    assert_string_equal(med_regimen_cap(NULL), "");
    assert_string_equal(med_regimen_schedule_daily(NULL), "");
    assert_string_equal(med_regimen_decided_by(NULL), "");
    assert_string_equal(med_regimen_split(NULL), "");
}

/* The offending token is named in error->text. */
static void test_error_text(void **state)
{
    (void)state;
    med_regimen *r = new_regimen();
    med_error e;
    assert_int_equal(med_regimen_parse(r, "oxycodone 10 q6h", &e), MED_ERR_SYNTAX);
    assert_string_equal(e.text, "10");
    assert_int_equal(med_regimen_parse(r, "oxycodone 10 mg bid q6h", &e), MED_ERR_SYNTAX);
    assert_string_equal(e.text, "q6h");
    assert_int_equal(med_regimen_parse(r, "oxycodone 10 mg", &e), MED_ERR_SYNTAX);
    assert_string_equal(e.text, "");
    med_regimen_free(r);
}

static void test_null_arguments(void **state)
{
    (void)state;
    med_regimen *r = new_regimen();
    med_error e;
    assert_int_equal(med_regimen_new(NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_regimen_parse(r, NULL, &e), MED_ERR_ARGUMENT);
    assert_int_equal(e.code, MED_ERR_ARGUMENT);
    assert_int_equal(med_regimen_parse(NULL, "oxycodone 10 mg q6h", &e), MED_ERR_ARGUMENT);
    assert_int_equal(e.code, MED_ERR_ARGUMENT);
    assert_int_equal(med_regimen_parse(NULL, NULL, NULL), MED_ERR_ARGUMENT);
    assert_null(med_regimen_input(NULL));
    med_regimen_free(NULL); /* accepted */
    /* error may be NULL: the status still says what happened */
    assert_int_equal(med_regimen_parse(r, "oxycodone 10 mg q6h", NULL), MED_OK);
    assert_string_equal(med_regimen_input(r)->every_hours, "6");
    assert_int_equal(med_regimen_parse(r, "oxycodone q6h", NULL), MED_ERR_SYNTAX);
    med_regimen_free(r);
}

static void test_length_limit(void **state)
{
    (void)state;
    char text[1200];
    med_regimen *r = new_regimen();
    med_error e;
    const char *order = "oxycodone 10 mg q6h";
    size_t n = strlen(order);

    assert_int_equal(MED_REGIMEN_MAX_TEXT, 1000);
    memset(text, ' ', sizeof text);
    memcpy(text, order, n);
    text[1000] = '\0'; /* exactly at the limit: fine */
    assert_int_equal(med_regimen_parse(r, text, &e), MED_OK);
    assert_string_equal(med_regimen_input(r)->drug, "oxycodone");
    text[1000] = ' ';
    text[1001] = '\0';
    assert_int_equal(med_regimen_parse(r, text, &e), MED_ERR_LIMIT);
    assert_int_equal(e.code, MED_ERR_LIMIT);
    assert_string_equal(text_of(med_regimen_input(r)->drug), "");

    /* A drug description of 200 bytes was refused in 0.x (med_input.drug held 127); 1.0
     * accepts drug texts up to MED_INPUT_MAX_TEXT bytes, more than a regimen may hold, so a
     * description filling the whole regimen is read in full. */
    memset(text, 'a', 200);
    strcpy(text + 200, " 10 mg q6h");
    assert_int_equal(med_regimen_parse(r, text, &e), MED_OK);
    assert_int_equal(strlen(med_regimen_input(r)->drug), 200);
    assert_memory_equal(med_regimen_input(r)->drug, text, 200);
    assert_string_equal(med_regimen_input(r)->strength, "10");
    size_t tail = strlen(" 10 mg q6h");
    memset(text, 'a', 1000 - tail);
    strcpy(text + 1000 - tail, " 10 mg q6h");
    assert_int_equal(strlen(text), 1000);
    assert_int_equal(med_regimen_parse(r, text, &e), MED_OK);
    assert_int_equal(strlen(med_regimen_input(r)->drug), 1000 - tail);
    assert_string_equal(med_regimen_input(r)->every_hours, "6");
    med_regimen_free(r);
}

/* Every field is reset on each call, whatever the last parse left in the input. */
static void test_output_reset(void **state)
{
    (void)state;
    med_regimen *r = new_regimen();
    med_error e;
    /* before any parse: an input with no drug */
    check_empty("(none)", med_regimen_input(r));

    /* every field set, then an order that sets few of them */
    assert_int_equal(med_regimen_parse(r, "morphine oral solution 10 mg/5 mL 5 mL q4h prn", &e),
                     MED_OK);
    assert_int_equal(med_regimen_parse(r, "methadone 10 mg tid", &e), MED_OK);
    const med_input *in = med_regimen_input(r);
    assert_int_equal(in->version, MED_INPUT_VERSION);
    assert_string_equal(in->drug, "methadone");
    assert_string_equal(in->unit, "mg");
    assert_string_equal(text_of(in->form), "");
    assert_string_equal(text_of(in->units_per_dose), "");
    assert_string_equal(text_of(in->every_hours), "");
    assert_string_equal(text_of(in->quantity), "");
    assert_string_equal(text_of(in->days_supply), "");
    assert_int_equal(in->prn, 0);

    assert_int_equal(med_regimen_parse(r, "oxycodone 5 mg 2 tabs q4h prn", &e), MED_OK);
    assert_int_equal(med_regimen_parse(r, "methadone 10 mg tid", &e), MED_OK);
    in = med_regimen_input(r);
    assert_string_equal(text_of(in->units_per_dose), "");
    assert_int_equal(in->prn, 0);

    /* a failure leaves the input empty and a later success clears the error */
    assert_int_equal(med_regimen_parse(r, "methadone 10 mg", &e), MED_ERR_SYNTAX);
    assert_string_equal(text_of(med_regimen_input(r)->drug), "");
    assert_int_equal(med_regimen_parse(r, "methadone 10 mg tid", &e), MED_OK);
    assert_int_equal(e.code, MED_OK);
    assert_string_equal(e.message, "");
    med_regimen_free(r);
}

/* Each byte value, in each position class, gives a status and never a crash. */
static void test_every_byte(void **state)
{
    (void)state;
    char text[64];
    med_regimen *r = new_regimen();
    for (int c = 1; c < 256; c++) {
        med_error e;
        snprintf(text, sizeof text, "oxycodone %c10 mg%c q6h%c", c, c, c);
        med_status st = med_regimen_parse(r, text, &e);
        if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\v' &&
                          c != '\f') || c == 0x7f) {
            assert_int_equal(st, MED_ERR_SYNTAX);
            assert_int_equal(e.column, 11);
            assert_non_null(strstr(e.message, "printable ASCII"));
        } else {
            assert_true(st == MED_OK || e.column >= 1);
        }
    }
    med_regimen_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),           cmocka_unit_test(test_bad),
        cmocka_unit_test(test_error_text),     cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_length_limit),   cmocka_unit_test(test_output_reset),
        cmocka_unit_test(test_every_byte),     cmocka_unit_test(test_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
