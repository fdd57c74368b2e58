/* Escaped HTML text and a small SVG writer. Coordinates are written with one decimal, in the C
 * locale the tool runs in. */
#include <stdarg.h>
#include <stdlib.h>

#include "html.h"

void html_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: putc(*s, out);
        }
    }
}

void html_attr(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    html_text(out, value);
    putc('"', out);
}

void html_textf(FILE *out, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    html_text(out, buf);
}

double svg_x(const svg_plot *p, double v)
{
    double span = p->x_max - p->x_min;
    return p->left + (span > 0 ? (v - p->x_min) / span : 0.5) * (p->right - p->left);
}

double svg_y(const svg_plot *p, double v)
{
    double span = p->y_max - p->y_min;
    return p->bottom - (span > 0 ? (v - p->y_min) / span : 0) * (p->bottom - p->top);
}

void svg_begin(FILE *out, const char *id, double width, double height, const char *title,
               const char *desc)
{
    fprintf(out, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"%s-t %s-d\" "
                 "xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\">\n",
            width, height, id, id);
    fprintf(out, "<title id=\"%s-t\">", id);
    html_text(out, title);
    fprintf(out, "</title>\n<desc id=\"%s-d\">", id);
    html_text(out, desc);
    fputs("</desc>\n", out);
}

void svg_end(FILE *out)
{
    fputs("</svg>\n", out);
}

void svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *cls)
{
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>\n", x1,
            y1, x2, y2, cls);
}

void svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
              const char *text)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor,
            cls);
    html_text(out, text);
    fputs("</text>\n", out);
}

void svg_textf(FILE *out, double x, double y, const char *anchor, const char *cls,
               const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    svg_text(out, x, y, anchor, cls, buf);
}

void svg_mark_begin(FILE *out, svg_shape shape, double x, double y, double r, const char *cls)
{
    switch (shape) {
    case SHAPE_CIRCLE:
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", x, y, r);
        break;
    case SHAPE_SQUARE:
        fprintf(out, "<path d=\"M%.1f %.1fh%.1fv%.1fh%.1fz\"", x - r, y - r, 2 * r, 2 * r,
                -2 * r);
        break;
    case SHAPE_UP:
        fprintf(out, "<path d=\"M%.1f %.1fl%.1f %.1fh%.1fz\"", x, y - 1.2 * r, 1.1 * r,
                2 * r, -2.2 * r);
        break;
    case SHAPE_DOWN:
        fprintf(out, "<path d=\"M%.1f %.1fl%.1f %.1fh%.1fz\"", x, y + 1.2 * r, 1.1 * r,
                -2 * r, -2.2 * r);
        break;
    case SHAPE_DIAMOND:
        fprintf(out, "<path d=\"M%.1f %.1fl%.1f %.1fl%.1f %.1fl%.1f %.1fz\"", x, y - 1.3 * r,
                1.3 * r, 1.3 * r, -1.3 * r, 1.3 * r, -1.3 * r, -1.3 * r);
        break;
    }
    fprintf(out, " class=\"%s\"", cls);
}

void svg_mark_end(FILE *out, svg_shape shape, const char *title)
{
    fputs("><title>", out);
    html_text(out, title);
    fprintf(out, "</title></%s>\n", shape == SHAPE_CIRCLE ? "circle" : "path");
}

void svg_rect_begin(FILE *out, double x, double y, double w, double h, const char *cls)
{
    fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"%s\"", x,
            y, w, h < 0 ? 0 : h, cls);
}

void svg_rect_end(FILE *out, const char *title)
{
    fputs("><title>", out);
    html_text(out, title);
    fputs("</title></rect>\n", out);
}

double svg_nice_step(double max, int ticks)
{
    double raw = max > 0 ? max / ticks : 1, power = 1;
    while (power * 10 <= raw)
        power *= 10;
    while (power > raw)
        power /= 10;
    double m = raw / power;
    return power * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10);
}

void svg_y_grid(const svg_plot *p, double step, int percent, const char *title)
{
    for (int i = 0; step > 0 && i <= 40; i++) {
        double v = p->y_min + i * step;
        if (v > p->y_max + step * 1e-6)
            break;
        double y = svg_y(p, v);
        svg_line(p->out, p->left, y, p->right, y, i == 0 ? "axis" : "grid");
        if (percent)
            svg_textf(p->out, p->left - 8, y + 5, "end", "tick", "%g%%", v * 100);
        else
            svg_textf(p->out, p->left - 8, y + 5, "end", "tick", "%g", v);
    }
    double cy = (p->top + p->bottom) / 2;
    fprintf(p->out, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" "
                    "class=\"axis-title\">", cy);
    html_text(p->out, title);
    fputs("</text>\n", p->out);
}
