#pragma once
// The 1939 campaign this program is about: its span, and where the default view looks.

#include "core/time.h"

namespace kresy {

// 17 September 1939, 04:00 Moscow time (01:00 UTC): the Soviet fronts cross the border.
// 6 October 1939: the last Polish field force surrenders at Kock.
Time campaignStart();
Time campaignEnd();

} // namespace kresy
