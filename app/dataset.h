#pragma once
// The default dataset: real elevation of eastern Poland (SRTM3 where it exists, ETOPO5 around
// it), turned into the foundation's region terrain.

#include "core/geodesy.h"
#include "terrain/elevation.h"
#include "terrain/region.h"

#include <string>

namespace kresy {

// 12–34°E, 45–58°N: interwar Poland's east with its neighbours.
constexpr GeoBounds kRegionBounds{12.0, 45.0, 34.0, 58.0};

struct Dataset {
    EnuFrame scene; // the frame everything is drawn in: ENU at the region's centre
    Heightmap heightmap;
    TerrainMesh mesh;
    TerrainSurface surface;
};

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

// False with one sentence naming the missing or unreadable file.
bool loadDataset(const std::string& dataDir, Dataset* dataset, std::string* error);

} // namespace kresy
