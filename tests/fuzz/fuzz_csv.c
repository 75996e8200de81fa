/* libFuzzer target: bytes -> the CSV and TSV reader -> every compute over
 * each column, the first column as a `where`, every error's message. */
#include <stddef.h>
#include <stdint.h>

#include "load/compute.h"
#include "load/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void computes(const jm_csv *t)
{
    char msg[512];
    jm_vec errors;
    jm_vec_init(&errors, sizeof(jm_cell_error), NULL);
    size_t cols = t->n_cols < 4 ? t->n_cols : 4;
    const char *vals[] = {"1", "a"};
    const size_t lens[] = {1, 1};
    for (size_t c = 0; c < cols; c++) {
        for (int k = 0; k < JM_COMPUTE_KINDS; k++) {
            jm_where w = {0, {vals, lens, 2}};
            jm_compute_req req = {.kind = (jm_compute_kind)k, .col = c, .where = &w, .n_where = k % 2,
                                  .share = {vals, lens, 2}, .check_scale = k == 0, .lo = -5, .hi = 5};
            jm_computed out;
            (void)jm_compute(t, &req, &out, &errors, 50, NULL);
            for (size_t i = 0; i < errors.n; i++)
                jm_cell_error_message(&((jm_cell_error *)errors.items)[i], &req, msg, sizeof msg);
            errors.n = 0;
        }
    }
    jm_vec_release(&errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int pass = 0; pass < 2; pass++) {
        jm_arena arena;
        jm_arena_init(&arena, NULL);
        jm_vec errors;
        jm_vec_init(&errors, sizeof(jm_csv_error), NULL);
        jm_csv t;
        char msg[512];
        if (jm_csv_read((const char *)data, size, pass ? '\t' : ',', &arena, &t, &errors, 50)) {
            for (size_t i = 0; i < errors.n; i++) jm_csv_error_message(&((jm_csv_error *)errors.items)[i], msg, sizeof msg);
            if (!errors.n) computes(&t);
        }
        jm_vec_release(&errors);
        jm_arena_free(&arena);
    }
    return 0;
}
