/* Text through Pango: one shaping context per thread, layouts measured in
 * unrounded user units (1 unit = 1 px at scale 1 = 1 pt in PDF). */
#ifndef JMAP_TEXT_H
#define JMAP_TEXT_H

#include <pango/pango.h>
#include <stdbool.h>

typedef struct jm_text_ctx jm_text_ctx;

jm_text_ctx *jm_text_ctx_new(void);
void jm_text_ctx_free(jm_text_ctx *t);
PangoContext *jm_text_pango(jm_text_ctx *t);
/* True when the font map finds a real font for family at size (the
 * theme's body text: Pango then sorts the installed fonts for the check and
 * for that text once, not twice). With none (a fonts.conf that lists no
 * font directory), Pango measures with a dummy font whose metrics are
 * uninitialised: nothing may be laid out then. */
bool jm_text_has_fonts(jm_text_ctx *t, const char *family, double size);
/* The language (a tag: "uk", "pt-BR") that layouts made from now on are
 * shaped and broken in, and that picks their faces. */
void jm_text_set_language(jm_text_ctx *t, const char *tag);

typedef enum { JM_ALIGN_START, JM_ALIGN_CENTER, JM_ALIGN_END } jm_align;

typedef struct jm_font {
    const char *family;      /* a Pango family list */
    double size;             /* units */
    bool bold, italic;
    double letter_spacing;   /* units; 0 for none */
} jm_font;

/* A wrapped layout of text (plain text, never markup) within width units.
 * Words too long for the width break at their syllables with a hyphen where
 * the language has a hyphenation dictionary, else between two characters
 * without one. Letter spacing is left out of scripts whose letters join and
 * of CJK; an italic run whose face has no italic is set upright. */
PangoLayout *jm_text_layout(jm_text_ctx *t, const char *text, size_t len, const jm_font *font, double width,
                            jm_align align);
/* Logical size of a layout, in units. */
void jm_text_size(PangoLayout *l, double *w, double *h);
/* The separator between the items of a list drawn on one line ("role · age
 * · occupation"): the middle dot, but where it could be read as a digit
 * (the Arabic-Indic zero is a dot) the Arabic comma after Arabic script, a
 * bar between the items of a script with digits of its own. */
const char *jm_text_list_separator(jm_text_ctx *t, const char *const *items, size_t n);
/* The width of the widest word of text: of what lies between two places
 * where a line may break (spaces, hyphens, between CJK characters). */
double jm_text_widest_word(jm_text_ctx *t, const char *text, size_t len, const jm_font *font);
/* Width of the widest line's ink-free logical extent. */
double jm_text_natural_width(jm_text_ctx *t, const char *text, size_t len, const jm_font *font);

#endif
