/* Writing HTML and SVG text: escaping, attributes, and a small SVG writer for the report's
 * charts. Drawing only: every number drawn comes from libmed. */
#ifndef MEDCALC_HTML_H
#define MEDCALC_HTML_H
#include <stdio.h>

/* Writes `s` with &, <, >, " and ' escaped (for text and attribute values). NULL writes "". */
void html_text(FILE *out, const char *s);
/* Writes ` name="value"` with the value escaped. */
void html_attr(FILE *out, const char *name, const char *value);
/* Writes printf-formatted text, escaped. */
void html_textf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A chart: the SVG's size in its own units, the plot box inside it, and the data ranges the
 * box spans (y grows upwards). */
typedef struct svg_plot {
    FILE *out;
    double width, height;
    double left, top, right, bottom; /* the plot box */
    double x_min, x_max, y_min, y_max;
} svg_plot;

double svg_x(const svg_plot *p, double v);
double svg_y(const svg_plot *p, double v);

/* Opens an <svg> with role="img", a <title> and a <desc> (escaped) that name it for screen
 * readers; `id` makes their ids unique in the page. Closes with svg_end(). */
void svg_begin(FILE *out, const char *id, double width, double height, const char *title,
               const char *desc);
void svg_end(FILE *out);

void svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *cls);
/* Text at (x, y); anchor "start", "middle" or "end"; the text is escaped. */
void svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
              const char *text);
void svg_textf(FILE *out, double x, double y, const char *anchor, const char *cls,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Data marks: the shape tells series and signals apart without colour. */
typedef enum { SHAPE_CIRCLE, SHAPE_SQUARE, SHAPE_UP, SHAPE_DOWN, SHAPE_DIAMOND } svg_shape;

/* Opens a mark centred on (x, y) with radius r, leaving its tag open for the caller's
 * attributes (html_attr); svg_mark_end() closes it with a <title> tooltip. */
void svg_mark_begin(FILE *out, svg_shape shape, double x, double y, double r, const char *cls);
void svg_mark_end(FILE *out, svg_shape shape, const char *title);
/* The same for a rectangle (a histogram bar). */
void svg_rect_begin(FILE *out, double x, double y, double w, double h, const char *cls);
void svg_rect_end(FILE *out, const char *title);

/* A step for about `ticks` grid lines from 0 to max: 1, 2 or 5 times a power of ten. */
double svg_nice_step(double max, int ticks);
/* Horizontal grid lines with labels on the left, every `step` from y_min to y_max; labels as
 * percentages of 1 when `percent`; `title` is written along the axis. */
void svg_y_grid(const svg_plot *p, double step, int percent, const char *title);

#endif
