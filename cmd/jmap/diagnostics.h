/* Printing diagnostics: as text with source lines, or as one JSON array. */
#ifndef JMAP_CLI_DIAGNOSTICS_H
#define JMAP_CLI_DIAGNOSTICS_H

#include <stdbool.h>
#include <stdio.h>

#include "jmap/jmap.h"

void cli_print_diags_text(FILE *f, const jmap_doc *doc, bool warnings);
/* Appends the doc's diagnostics to a JSON array being written (first: none written yet). */
void cli_print_diags_json(FILE *f, const jmap_doc *doc, int *first);
/* A diagnostic without a doc (a file that could not be read), in JSON. */
void cli_print_json_diag(FILE *f, const char *file, const char *message, int *first);
void cli_json_string(FILE *f, const char *s);
/* s as a JSON string, or null when s is NULL; x as a JSON number (%.10g),
 * or null when it is NaN: the values of jmap stats --json. */
void cli_json_string_or_null(FILE *f, const char *s);
void cli_json_number(FILE *f, double x);
/* s as shown on a terminal: control characters, C1 and bidi controls
 * escaped (\x1b, \u0085, \u202e), bytes that are not UTF-8 as \xHH. Every
 * text of a journey or a file name written for a reader goes through here. */
void cli_put_shown(FILE *f, const char *s);
/* The same into out (at most size bytes with its NUL, cut where it ends). */
void cli_shown(const char *s, char *out, size_t size);

#endif
