#include "campaign.h"

namespace kresy {

Time campaignStart() { return double(daysFromCivil(1939, 9, 17)) * 86400.0 + 1 * 3600.0; }
Time campaignEnd() { return double(daysFromCivil(1939, 10, 6)) * 86400.0 + 24 * 3600.0 - 1; }

} // namespace kresy
