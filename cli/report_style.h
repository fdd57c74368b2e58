/* The dashboard page's inline style sheet (report_style.c). */
#ifndef MEDCALC_REPORT_STYLE_H
#define MEDCALC_REPORT_STYLE_H

extern const char REPORT_CSS[];

#endif
