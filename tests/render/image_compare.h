#pragma once
// Compares a rendered image with an approved reference PNG under a tolerance. On failure (or
// when there is no reference yet) it writes NAME.actual.png and NAME.diff.png next to the
// reference, for a person to look at and approve with tests/render/approve.sh NAME.

#include "core/image.h"

#include <string>

namespace kresy {

struct ImageTolerance {
    int channel = 4;                 // a pixel differs when any channel differs by more than this
    double differingFraction = 0.005; // at most this share of pixels may differ
    double meanError = 0.5;          // and the mean absolute channel error must stay below this
};

struct ImageComparison {
    bool pass = false;
    std::string message; // what differed, and where the actual and diff images were written
};

ImageComparison compareWithReference(const ImageRGBA8& actual, const std::string& referenceDir, const std::string& name,
                                     const ImageTolerance& tolerance = {});

// Helpers for semantic checks on renders.
double luminance(const ImageRGBA8& image, int x, int y); // 0..255, Rec. 709 weights on the encoded values
double meanLuminance(const ImageRGBA8& image, int x0, int y0, int x1, int y1); // [x0,x1) x [y0,y1)

} // namespace kresy
