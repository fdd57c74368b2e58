/* The loader skeleton every data file goes through; see loader.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/readfile.h"
#include "tables/loader.h"

/* med__load_buffer, with the embedded file the bytes are, if they are one (loader.h, parse). */
static med_status load_bytes(const med__loader *l, const char *data, size_t size,
                             const char *name, const med_embedded_file *known, void **out,
                             med_error *error)
{
    med__error_clear(error);
    const char *source = name ? name : "<buffer>";
    if (out == NULL || (data == NULL && size > 0))
        return med__fail(error, MED_ERR_ARGUMENT, source, 0, 0, NULL, "no %s text given",
                         l->kind);
    *out = NULL;
    med_status s = l->parse(data ? data : "", size, source, known, out, error);
    if (s != MED_OK && error && error->code == MED_OK)
        med__fail(error, s, source, 0, 0, NULL, "out of memory");
    return s;
}

med_status med__load_buffer(const med__loader *l, const char *data, size_t size,
                            const char *name, void **out, med_error *error)
{
    return load_bytes(l, data, size, name, NULL, out, error);
}

med_status med__load_file(const med__loader *l, const char *path, void **out, med_error *error)
{
    med__error_clear(error);
    if (path == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no %s path given", l->kind);
    *out = NULL;
    char *data = NULL;
    size_t size = 0;
    med_status s = med__read_file(path, &data, &size, error);
    if (s == MED_OK)
        s = med__load_buffer(l, data, size, path, out, error);
    free(data);
    return s;
}

/* The embedded file of id (len bytes), if it is one of this kind's ids. */
static const med_embedded_file *find(const med__loader *l, const char *id, size_t len)
{
    int listed = 0;
    for (const char *const *p = l->ids; *p; p++)
        listed |= strlen(*p) == len && memcmp(*p, id, len) == 0;
    for (const med_embedded_file *f = l->embedded; listed && f->name; f++)
        if (strlen(f->name) == len && memcmp(f->name, id, len) == 0)
            return f;
    return NULL;
}

static med_status not_embedded(const med__loader *l, const char *spec, size_t len,
                               med_error *error)
{
    char ids[200] = "";
    for (const char *const *p = l->ids; *p; p++)
        snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", *ids ? ", " : "", *p);
    return med__fail(error, MED_ERR_NOT_FOUND, l->where, 0, 0, spec,
                     "no embedded %s '%.*s'; the embedded %s: %s (or give a path to %s)",
                     l->kind, (int)len, spec, l->kinds, ids, l->file_hint);
}

med_status med__load_embedded(const med__loader *l, const char *spec, void **out,
                              med_error *error)
{
    med__error_clear(error);
    if (out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no output given");
    *out = NULL;
    if (spec == NULL || *spec == '\0')
        spec = l->default_id;
    const char *at = strchr(spec, '@');
    size_t len = at ? (size_t)(at - spec) : strlen(spec);
    const med_embedded_file *f = find(l, spec, len);
    if (f == NULL)
        return not_embedded(l, spec, len, error);
    char source[96];
    snprintf(source, sizeof source, "<embedded:%s>", f->name);
    med_status s = load_bytes(l, f->data, f->size, source, f, out, error);
    if (s != MED_OK)
        return s;
    l->set_origin(*out, "embedded");
    const char *version = l->version_of(*out);
    if (at && strcmp(at + 1, version) != 0) {
        s = med__fail(error, MED_ERR_VERSION, source, 0, 0, spec,
                      "%s %.*s is version %s here, not %s as asked", l->kind, (int)len, spec,
                      version, at + 1);
        l->release(*out);
        *out = NULL;
    }
    return s;
}
