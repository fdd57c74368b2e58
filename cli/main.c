/* medcalc: command line over libmed. Options may stand anywhere (GNU style). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: medcalc [OPTIONS] REGIMEN...          MME/day of one patient's regimens\n"
    "       medcalc batch [OPTIONS] [FILE|-]      one result row per CSV row\n"
    "       medcalc tables [show ID...|diff A B|check FILE...]  list, show, compare tables\n"
    "       medcalc compare [--tables a,b] REGIMEN...|--batch FILE  every table, both methods\n"
    "       medcalc agree [--tolerance T] FILE    check another calculator's reported_mme\n"
    "       medcalc agree --sites FILE            which calculator each site runs (QA)\n"
    "       medcalc vectors [--table T] [--method M]  conformance vectors (CSV)\n"
    "       medcalc patients [OPTIONS] [FILE|-]   per-patient daily MME, flags, risk tier\n"
    "       medcalc report [OPTIONS] [FILE|-]     practice measures, and by prescriber\n"
    "       medcalc fhir [OPTIONS] FILE|- [DRUG]  FHIR R4 MedicationRequest(s) or a Dosage\n"
    "\n"
    "A REGIMEN is an order as a clinician writes it: \"oxycodone 10 mg q6h\",\n"
    "\"hydrocodone/apap 5/325 2 tabs q4-6h prn\", \"fentanyl 25 mcg/hr patch q72h\".\n"
    "\n"
    "options:\n"
    "  -t, --table T     conversion table: an id (cdc-2022, the default), id@version,\n"
    "                    or a path to a table file (.yaml)\n"
    "  -m, --method M    clinical (dose x doses/day x factor; patch mcg/hr x factor) or\n"
    "                    supply (strength x quantity / days supply x factor); default:\n"
    "                    clinical for regimens, supply for claims rows\n"
    "  -f, --format F    text, json or csv (batch: csv or json, one object per line;\n"
    "                    report: also html, a dashboard page with charts)\n"
    "  -o, --output FILE write there instead of standard output\n"
    "  -q, --quiet       no batch summary on standard error\n"
    "  -j, --threads N   batch, patients, report, agree, compare --batch, vectors:\n"
    "                    threads (default: the online cores; 1: one thread); the\n"
    "                    output is the same whatever N is\n"
    "  --ndc-list FILE   batch, patients, report, agree: a site's NDC product list,\n"
    "                    consulted with the embedded cdc-ndc-2018 list for an ndc column\n"
    "                    (conflicts are row errors)\n"
    "  --rxnorm-list FILE  the same commands: a site's RxNorm product list, consulted\n"
    "                    with the embedded rxnorm-omtk list for an rxcui column\n"
    "  --tables a,b      compare: the tables side by side (default: every embedded one)\n"
    "  --batch FILE      compare: the inputs of a CSV file (regimen or claims columns)\n"
    "  --tolerance T     compare, agree: 0.5 (MME/day), 1% (of ours) or 0.5,1%;\n"
    "                    default 0.05 MME/day or 0.1%\n"
    "  --as-of DATE      patients, report: the as-of day of every patient (default: the\n"
    "                    latest fill date in the input)\n"
    "  --window DAYS     patients, report: prescribers/pharmacies window (default 180)\n"
    "  --shift-early-refills  patients, report: same-drug refills start when the last ends\n"
    "  --rules FILE      patients, report, regimens, fhir: risk rules (default: the embedded\n"
    "                    ones)\n"
    "  --daily           patients: the day-by-day series\n"
    "  --attribution A   report: each patient counts for its primary prescriber (primary,\n"
    "                    the default) or for every prescriber of its fills (any)\n"
    "  --group-by COLUMN patients, report: each patient's group (a clinic, a team) from an\n"
    "                    input column; report adds a level for it\n"
    "  --events FILE     patients, report: care events (patient_id,date,event[,detail]):\n"
    "                    review, uds, pdmp, agreement, naloxone, function\n"
    "  --from DATE, --to DATE  report: the quality measures' period (default: the 12\n"
    "                    months ending on the as-of day)\n"
    "  --population P    report --format html: run charts of all patients (default) or of\n"
    "                    long-term patients only (long-term)\n"
    "  --annotate DATE=\"text\"  report --format html: a labelled line on the run charts\n"
    "  --period P        report --format html: run chart by month (default), week or quarter\n"
    "  --goal G          report --format html: goal line for the high-dose share (0.1 or 10%)\n"
    "  --deidentify      report --format html: no patient ids in the attention list\n"
    "  --sites           agree: one block per site (text, json, html): the calculator it\n"
    "                    runs, and the rows that change a decision\n"
    "  --fallback T      regimens, batch, patients, report, agree: a factor the table\n"
    "                    lacks (cdc-2022: meperidine, levorphanol, buccal fentanyl, ...)\n"
    "                    is taken from table T (cms-2018), and the row says so; a drug\n"
    "                    the table excludes stays excluded (default: no fallback)\n"
    "  -h, --help        this help;  -V, --version  the version\n"
    "\n"
    "exit status: 0 all computed; 1 some regimen or row is an error; 2 bad command line;\n"
    "3 a table or input cannot be used; 4 output could not be written.\n"
    "See medcalc(1).\n";

/* `short_name` is the option's id too; long-only options use ids above 255. */
typedef struct option_spec {
    int short_name;
    const char *long_name;
    int takes_value;
} option_spec;

enum { OPT_AS_OF = 256, OPT_WINDOW, OPT_SHIFT, OPT_RULES, OPT_DAILY };
enum { OPT_TABLES = 320, OPT_BATCH, OPT_TOLERANCE };
enum { OPT_NDC_LIST = 384, OPT_RXNORM_LIST };
enum { OPT_PERIOD = 448, OPT_GOAL, OPT_DEIDENTIFY };
enum { OPT_SITES = 512 };
enum { OPT_FALLBACK = 576 };
enum { OPT_ATTRIBUTION = 640, OPT_GROUP_BY, OPT_EVENTS, OPT_FROM, OPT_TO, OPT_POPULATION,
       OPT_ANNOTATE };

static const option_spec OPTIONS[] = {
    {'t', "table", 1},      {'m', "method", 1},         {'f', "format", 1},
    {'o', "output", 1},     {'q', "quiet", 0},          {'h', "help", 0},
    {'V', "version", 0},    {'j', "threads", 1},        {OPT_AS_OF, "as-of", 1},    {OPT_WINDOW, "window", 1},
    {OPT_SHIFT, "shift-early-refills", 0},              {OPT_RULES, "rules", 1},
    {OPT_DAILY, "daily", 0}, {OPT_TABLES, "tables", 1}, {OPT_BATCH, "batch", 1},
    {OPT_TOLERANCE, "tolerance", 1}, {OPT_NDC_LIST, "ndc-list", 1},
    {OPT_RXNORM_LIST, "rxnorm-list", 1},
    {OPT_PERIOD, "period", 1}, {OPT_GOAL, "goal", 1}, {OPT_DEIDENTIFY, "deidentify", 0},
    {OPT_SITES, "sites", 0}, {OPT_FALLBACK, "fallback", 1},
    {OPT_ATTRIBUTION, "attribution", 1}, {OPT_GROUP_BY, "group-by", 1},
    {OPT_EVENTS, "events", 1}, {OPT_FROM, "from", 1}, {OPT_TO, "to", 1},
    {OPT_POPULATION, "population", 1}, {OPT_ANNOTATE, "annotate", 1},
    {0, NULL, 0},
};

static const option_spec *find_option(const char *arg, const char **inline_value)
{
    *inline_value = NULL;
    for (const option_spec *o = OPTIONS; o->long_name; o++) {
        if (arg[1] != '-') {
            if (arg[1] == o->short_name) {
                *inline_value = arg[2] ? arg + 2 : NULL;
                return o;
            }
            continue;
        }
        size_t n = strlen(o->long_name);
        if (strncmp(arg + 2, o->long_name, n) != 0)
            continue;
        if (arg[2 + n] == '=')
            *inline_value = arg + 3 + n;
        if (arg[2 + n] == '\0' || arg[2 + n] == '=')
            return o;
    }
    return NULL;
}

/* --goal: a share "0.1" or a percentage "10%", from 0 to 1. */
static int set_goal(options *o, const char *value)
{
    char *end;
    double v = strtod(value, &end);
    if (end != value && *end == '%' && end[1] == '\0')
        v /= 100, end++;
    if (end == value || *end != '\0' || !(v >= 0 && v <= 1)) {
        cli_error("--goal must be a share from 0 to 1 (0.1) or a percentage (10%%), not '%s'",
                  value);
        return -1;
    }
    o->goal = v;
    o->goal_given = 1;
    return 0;
}

static int set_option(options *o, int name, const char *value)
{
    switch (name) {
    case OPT_AS_OF: o->as_of = value; return 0;
    case OPT_SHIFT: o->shift_early_refills = 1; return 0;
    case OPT_RULES: o->rules = value; return 0;
    case OPT_DAILY: o->daily = 1; return 0;
    case OPT_TABLES: o->tables = value; return 0;
    case OPT_BATCH: o->batch = value; return 0;
    case OPT_TOLERANCE: o->tolerance = value; return 0;
    case OPT_DEIDENTIFY: o->deidentify = 1; return 0;
    case OPT_SITES: o->sites = 1; return 0;
    case OPT_FALLBACK:
        if (value[0] == '\0') {
            cli_error("--fallback needs a table: an id (cms-2018), id@version or a path");
            return -1;
        }
        o->fallback = value;
        return 0;
    case OPT_GOAL: return set_goal(o, value);
    case OPT_GROUP_BY: o->group_by = value; return 0;
    case OPT_EVENTS: o->events = value; return 0;
    case OPT_FROM: o->from = value; return 0;
    case OPT_TO: o->to = value; return 0;
    case OPT_POPULATION:
        if (strcmp(value, "all") == 0 || strcmp(value, "long-term") == 0) {
            o->long_term_only = value[0] == 'l';
            return 0;
        }
        cli_error("--population must be all or long-term, not '%s'", value);
        return -1;
    case OPT_ANNOTATE: {
        long day;
        char date[11];
        const char *eq = strchr(value, '=');
        snprintf(date, sizeof date, "%.*s", eq ? (int)(eq - value) : 0, value);
        if (eq == NULL || eq - value != 10 || med_date_parse(date, &day) != MED_OK ||
            eq[1] == '\0') {
            cli_error("--annotate takes DATE=\"text\" (2025-03-01=\"naloxone standing order\"), not "
                      "'%s'", value);
            return -1;
        }
        if (o->annotation_count == 16) {
            cli_error("at most 16 --annotate");
            return -1;
        }
        o->annotations[o->annotation_count++] = value;
        return 0;
    }
    case OPT_ATTRIBUTION:
        if (med_attribution_parse(value, &o->attribution) == MED_OK)
            return 0;
        cli_error("--attribution must be primary or any, not '%s'", value);
        return -1;
    case OPT_PERIOD:
        if (med_period_parse(value, &o->period) == MED_OK)
            return 0;
        cli_error("--period must be month, week or quarter, not '%s'", value);
        return -1;
    case OPT_WINDOW: {
        char *end;
        long days = strtol(value, &end, 10);
        if (*value && *end == '\0' && days >= 1 && days <= 3660) {
            o->window_days = (int)days;
            return 0;
        }
        cli_error("--window must be a number of days from 1 to 3660, not '%s'", value);
        return -1;
    }
    case 't': o->table = value; return 0;
    case 'o': o->output = value; return 0;
    case 'q': o->quiet = 1; return 0;
    case 'j': {
        char *end;
        long n = strtol(value, &end, 10);
        if (*value && *end == '\0' && n >= 1 && n <= CLI_MAX_THREADS) {
            o->threads = (int)n;
            return 0;
        }
        cli_error("--threads must be a number from 1 to %d, not '%s'", CLI_MAX_THREADS, value);
        return -1;
    }
    case OPT_NDC_LIST:
        if (o->ndc_list) {
            cli_error("--ndc-list may be given once");
            return -1;
        }
        o->ndc_list = value;
        return 0;
    case OPT_RXNORM_LIST:
        if (o->rxnorm_list) {
            cli_error("--rxnorm-list may be given once");
            return -1;
        }
        o->rxnorm_list = value;
        return 0;
    case 'm':
        if (med_method_parse(value, &o->method) == MED_OK)
            return 0;
        cli_error("--method must be clinical, supply or auto, not '%s'", value);
        return -1;
    case 'f':
        o->format_given = 1;
        if (strcmp(value, "text") == 0) o->format = FORMAT_TEXT;
        else if (strcmp(value, "json") == 0) o->format = FORMAT_JSON;
        else if (strcmp(value, "csv") == 0) o->format = FORMAT_CSV;
        else if (strcmp(value, "html") == 0) o->format = FORMAT_HTML;
        else {
            cli_error("--format must be text, json, csv or html, not '%s'", value);
            return -1;
        }
        return 0;
    }
    return -1;
}

/* Splits argv into options and operands; returns -1 (reported) on a bad option, 1 when --help
 * or --version was handled. */
static int parse_args(int argc, char **argv, options *o)
{
    int only_operands = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value;
        if (only_operands || arg[0] != '-' || arg[1] == '\0') {
            o->args[o->nargs++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_operands = 1;
            continue;
        }
        const option_spec *spec = find_option(arg, &value);
        if (spec == NULL) {
            cli_error("unknown option '%s' (see medcalc --help)", arg);
            return -1;
        }
        if (!spec->takes_value && value != NULL) {
            cli_error("option '%s' takes no value", arg);
            return -1;
        }
        if (spec->short_name == 'h') {
            fputs(USAGE, stdout);
            return 1;
        }
        if (spec->short_name == 'V') {
            printf("medcalc %s (libmed %s)\n", MED_VERSION_STRING, med_version_string());
            return 1;
        }
        if (spec->takes_value && value == NULL) {
            if (i + 1 >= argc) {
                cli_error("option '%s' needs a value", arg);
                return -1;
            }
            value = argv[++i];
        }
        if (set_option(o, spec->short_name, value) != 0)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    o.method = MED_METHOD_AUTO;
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    if (o.args == NULL) {
        cli_error("out of memory");
        return EXIT_INPUT;
    }
    int rc = parse_args(argc, argv, &o);
    if (rc != 0) {
        free(o.args);
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    }
    int (*command)(const options *) = cmd_calc;
    if (o.nargs > 0 && strcmp(o.args[0], "batch") == 0)
        command = cmd_batch;
    else if (o.nargs > 0 && strcmp(o.args[0], "tables") == 0)
        command = cmd_tables;
    else if (o.nargs > 0 && strcmp(o.args[0], "patients") == 0)
        command = cmd_patients;
    else if (o.nargs > 0 && strcmp(o.args[0], "report") == 0)
        command = cmd_report;
    else if (o.nargs > 0 && strcmp(o.args[0], "compare") == 0)
        command = cmd_compare;
    else if (o.nargs > 0 && strcmp(o.args[0], "agree") == 0)
        command = cmd_agree;
    else if (o.nargs > 0 && strcmp(o.args[0], "vectors") == 0)
        command = cmd_vectors;
    else if (o.nargs > 0 && strcmp(o.args[0], "fhir") == 0)
        command = cmd_fhir;
    if (command != cmd_calc) {
        o.args++;
        o.nargs--;
    }
    if (o.fallback && (command == cmd_compare || command == cmd_tables ||
                       command == cmd_vectors)) {
        cli_error("--fallback is for regimens, batch, patients, report and agree (compare and "
                  "vectors take tables as they are)");
        rc = EXIT_USAGE;
    } else if (o.sites && command != cmd_agree) {
        cli_error("--sites is for medcalc agree");
        rc = EXIT_USAGE;
    } else if (o.format == FORMAT_HTML && command != cmd_report && !o.sites) {
        cli_error("--format html is for medcalc report (and medcalc agree --sites)");
        rc = EXIT_USAGE;
    } else if (command == cmd_calc && o.nargs == 0) {
        fputs(USAGE, stderr);
        rc = EXIT_USAGE;
    } else {
        rc = command(&o);
    }
    free(command != cmd_calc ? o.args - 1 : o.args);
    return rc;
}
