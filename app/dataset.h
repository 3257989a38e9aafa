#pragma once
// Where kresy's data lives: the source dataset (SRTM3, ETOPO5) the baker reads, the baked
// tile pyramid, caches; and the known defects of the source data.

#include "core/geodesy.h"
#include "terrain/elevation.h"

#include <string>

namespace kresy {

// The credit line of the default dataset, for captions (data/SOURCES.md has the full sources).
inline constexpr const char* kDatasetCredit =
    "Elevation: NASA SRTM, NOAA ETOPO5 \u00b7 Water: GSHHG, Natural Earth \u00b7 Borders: historical-basemaps";

// 12–34°E, 45–58°N: interwar Poland's east with its neighbours.
constexpr GeoBounds kRegionBounds{12.0, 45.0, 34.0, 58.0};

// KRESY_DATA if set, else the "data" directory beside the executable (build/data).
std::string dataDirectory();
// Where ./run.sh bakes the default pyramid and where commands look for it:
// KRESY_TILES if set, else $XDG_CACHE_HOME (or ~/.cache)/kresy/tiles/eastern-poland-<version>.
// The version changes whenever the baker's output would, so a stale pyramid is never reused.
std::string defaultTileDirectory();
// Where tiles fetched over http(s) are cached: $XDG_CACHE_HOME (or ~/.cache)/kresy/http.
std::string httpCacheDirectory();

// Repairs known defects of published grids in place (see data/SOURCES.md); a grid without
// them is left as it is.
void repairKnownGridDefects(GeoGrid& grid);

// The "shaders" directory beside the executable (build/shaders).
std::string shaderDirectory();

// Checks, before any work, that `path` can be written: its directory exists and it is not itself
// a directory. False with "<path>: <why>" in *error.
bool checkOutputPath(const std::string& path, std::string* error);

} // namespace kresy
