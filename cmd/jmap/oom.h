/* Out of memory inside GLib (g_malloc, g_thread_new) ends as exit 3 with a
 * message instead of SIGTRAP (oom.c). */
#ifndef JMAP_CLI_OOM_H
#define JMAP_CLI_OOM_H

#include <stdbool.h>
#include <stddef.h>

/* Address space that drawing needs before it starts (fontconfig reads its
 * configuration, Pango starts its threads with their stacks): with less,
 * fontconfig's XML parser (expat) crashes when an allocation fails, which no
 * handler can turn into a message. Measured on Debian 12: crashes up to a
 * limit of about 130 MiB for a PNG of an example map. */
#define CLI_DRAW_MIN_MIB 192

/* False when an address-space limit (ulimit -v) leaves less than
 * CLI_DRAW_MIN_MIB to this process; *left_mib then says how much it leaves. */
bool cli_room_to_draw(size_t *left_mib);

/* Installs the handler of GLib's fatal messages; called first thing in main. */
void cli_oom_guard(void);

#endif
