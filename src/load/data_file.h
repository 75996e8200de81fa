/* A source's data file read into a table (data_file.c). */
#ifndef JMAP_LOAD_DATA_FILE_H
#define JMAP_LOAD_DATA_FILE_H

#include "load/csv.h"
#include "model/sources.h"

typedef struct jm_data_table {
    bool tried, ok;
    const char *name;           /* the file as diagnostics name it */
    jm_csv csv;
    const char **headers;       /* [csv.n_cols] */
} jm_data_table;

/* Reads src's file (or its --data replacement): false, with the errors
 * reported, when it cannot be used. at: where a source without a file is
 * reported (what asked for its rows). */
bool jm_data_file_read(jmap_doc *doc, const jm_source *src, jm_pos at, jm_data_table *out);

#endif
