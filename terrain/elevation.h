#pragma once
// An elevation model assembled from several sources of different resolution. Where sources
// overlap the finest wins; near the edge of a finer source's coverage its heights are
// feathered into the coarser ones so there is no step where, e.g., SRTM ends.

#include "dem.h"

#include <memory>
#include <string>
#include <vector>

namespace kresy {

struct GeoBounds {
    double west = 0, south = 0, east = 0, north = 0; // degrees
    bool contains(double lat, double lon) const { return lat >= south && lat <= north && lon >= west && lon <= east; }
};

enum class Interpolation {
    Bilinear,
    Bicubic, // Catmull-Rom: smooth slopes when resampling finer than the data (the baker)
};

class ElevationModel {
public:
    ElevationModel();
    ~ElevationModel();
    ElevationModel(ElevationModel&&) noexcept;
    ElevationModel& operator=(ElevationModel&&) noexcept;

    // Loads every *.hgt in `dir`. False (and the first problem in *error) if the directory
    // cannot be read, holds no tile, or a tile is unreadable.
    bool addSrtmDirectory(const std::string& dir, std::string* error);
    void addSrtmTile(HgtTile tile);
    void addGrid(GeoGrid grid);

    // Height in metres at a point (bilinear inside each source). NaN where no source covers it.
    float sample(double lat, double lon, Interpolation interpolation = Interpolation::Bilinear) const;
    // The spacing in degrees (of longitude) of the finest source that intersects `area`;
    // infinity where none does. The baker stops refining a tile where its pixels get finer.
    double finestSpacingDegrees(const GeoBounds& area) const;
    // True when the finest source at this point is SRTM (used by tests and the baker).
    bool hasSrtm(double lat, double lon) const;
    // The union of all sources' extents.
    GeoBounds bounds() const;

    // Width of the blend band inside the edge of SRTM coverage, degrees of latitude (longitude
    // distances are scaled by cos(lat)); default 0.1, clamped to [0, 1]. 0 means no blending.
    void setFeatherDegrees(double degrees);

private:
    struct Impl;
    std::unique_ptr<Impl> impl;
};

} // namespace kresy
