/* Mermaid journeys: a `journey` diagram read as Mermaid reads it, translated
 * into the journey file that `jmap import` writes, and loaded from that.
 * docs/mermaid.md says why and how. */
#ifndef JMAP_MERMAID_H
#define JMAP_MERMAID_H

#include "model/doc.h"
#include "base/strmap.h"

/* True when an input is a Mermaid journey (the format's rule): a name ending
 * in .mmd or .mermaid, or a first line that is neither blank nor a %% comment
 * (after a front-matter block, if any) that is `journey`. */
bool jm_is_mermaid(const char *data, size_t len, const char *file);

/* Reads doc->src as a Mermaid journey: reports the diagram's own problems at
 * their place in it, translates it into a journey file (doc->yaml) and loads
 * and resolves that into doc. Problems the loader would find in the journey
 * file are reported at the place in the diagram they came from. */
void jm_mermaid_load(jmap_doc *doc);

/* Called when a journey file had errors: when it holds a ```mermaid fence,
 * says that a diagram inside Markdown is not read (for a .md file, instead
 * of the YAML errors, which would only confuse). */
void jm_mermaid_markdown_note(jmap_doc *doc);

/* ---- between the reader (mermaid.c) and the writer (mermaid_yaml.c) ---- */

typedef struct mm_text {
    const char *s;   /* decoded: entities, <br> as a line break; NULL when absent */
    size_t len;
    jm_pos pos;
} mm_text;

typedef struct mm_task {
    mm_text name, score;
    size_t section;   /* index in sections; SIZE_MAX before the first section */
    size_t *actors;   /* indices in actors, each once */
    size_t n_actors;
} mm_task;

typedef struct mm_diagram {
    mm_text title, fm_title, acc_title, descr;
    jm_vec sections;  /* mm_text */
    jm_vec tasks;     /* mm_task */
    jm_vec actors;    /* mm_text, in order of first appearance */
    jm_vec listed;    /* size_t per actor: the number of tasks when it was last listed */
    jm_strmap actor_index; /* name -> index + 1 */
    mm_text lo, hi;   /* the scale: "1" and "5", or the scores beyond them */
} mm_diagram;

/* Parses doc->src into d (memory from scratch and the doc's allocator);
 * reports problems into doc. */
void jm_mermaid_parse(jmap_doc *doc, jm_arena *scratch, mm_diagram *d);
void jm_mermaid_release(mm_diagram *d);

#endif
