/* What the built-in channels are besides their ids, words and icons: their
 * kind, from channels.def. */
#include <stdbool.h>

#include "model/model.h"

#define JM_KIND_PHYSICAL true
#define JM_KIND_DIGITAL false

const bool jm_builtin_channel_physical[JM_CH_BUILTIN_COUNT] = {
#define JM_CHANNEL(name, id, kind, stroke, fill) [JM_CH_##name] = JM_KIND_##kind,
#include "model/channels.def"
#undef JM_CHANNEL
};
