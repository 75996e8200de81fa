/* Resolve's part for flow and time (load/flowtime_check.c). */
#ifndef JMAP_LOAD_FLOWTIME_CHECK_H
#define JMAP_LOAD_FLOWTIME_CHECK_H

#include "model/doc.h"

/* Warns where reach grows along the path; marks in has (NULL: `lanes` was
 * given) the flow and time lanes when the journey uses them. */
void jm_flowtime_resolve(jmap_doc *doc, jmap_journey *j, bool has[JM_LANE_COUNT]);

#endif
