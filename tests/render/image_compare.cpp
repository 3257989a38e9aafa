#include "image_compare.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace kresy {

ImageComparison compareWithReference(const ImageRGBA8& actual, const std::string& referenceDir, const std::string& name,
                                     const ImageTolerance& tolerance) {
    ImageComparison result;
    std::string referencePath = referenceDir + "/" + name + ".png";
    std::string actualPath = referenceDir + "/" + name + ".actual.png";
    std::string diffPath = referenceDir + "/" + name + ".diff.png";
    std::string error;

    ImageRGBA8 reference;
    if (!std::filesystem::exists(referencePath)) {
        writePng(actualPath, actual, &error);
        result.message = "no reference " + referencePath + " yet; look at " + actualPath +
                         " and approve it with tests/render/approve.sh " + name;
        return result;
    }
    if (!readPng(referencePath, &reference, &error)) {
        result.message = error;
        return result;
    }
    if (reference.width != actual.width || reference.height != actual.height) {
        writePng(actualPath, actual, &error);
        result.message = "size " + std::to_string(actual.width) + "x" + std::to_string(actual.height) +
                         " differs from the reference's " + std::to_string(reference.width) + "x" +
                         std::to_string(reference.height) + "; actual written to " + actualPath;
        return result;
    }

    ImageRGBA8 diff = actual;
    size_t differing = 0, pixels = size_t(actual.width) * actual.height;
    double errorSum = 0;
    int worst = 0;
    for (size_t i = 0; i < pixels; ++i) {
        int pixelWorst = 0;
        for (int c = 0; c < 3; ++c) {
            int d = std::abs(int(actual.pixels[i * 4 + c]) - int(reference.pixels[i * 4 + c]));
            errorSum += d;
            pixelWorst = std::max(pixelWorst, d);
        }
        worst = std::max(worst, pixelWorst);
        differing += pixelWorst > tolerance.channel;
        // Diff image: the reference dimmed, differing pixels in red scaled by the error.
        uint8_t grey = uint8_t(luminance(reference, int(i % actual.width), int(i / actual.width)) / 4);
        uint8_t red = uint8_t(std::min(255, pixelWorst * 8));
        diff.pixels[i * 4 + 0] = std::max(grey, red);
        diff.pixels[i * 4 + 1] = grey;
        diff.pixels[i * 4 + 2] = grey;
        diff.pixels[i * 4 + 3] = 255;
    }
    double fraction = double(differing) / pixels;
    double mean = errorSum / (pixels * 3.0);
    result.pass = fraction <= tolerance.differingFraction && mean <= tolerance.meanError;
    char summary[256];
    std::snprintf(summary, sizeof summary, "%s: %.3f%% of pixels differ by more than %d (allowed %.3f%%), mean error %.3f (allowed %.3f), worst %d",
                  name.c_str(), fraction * 100, tolerance.channel, tolerance.differingFraction * 100, mean,
                  tolerance.meanError, worst);
    result.message = summary;
    if (!result.pass) {
        writePng(actualPath, actual, &error);
        writePng(diffPath, diff, &error);
        result.message += "; wrote " + actualPath + " and " + diffPath;
    } else {
        std::filesystem::remove(actualPath);
        std::filesystem::remove(diffPath);
    }
    return result;
}

double luminance(const ImageRGBA8& image, int x, int y) {
    const uint8_t* p = &image.pixels[(size_t(y) * image.width + x) * 4];
    return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
}

double meanLuminance(const ImageRGBA8& image, int x0, int y0, int x1, int y1) {
    double sum = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            sum += luminance(image, x, y);
    return sum / (double(x1 - x0) * (y1 - y0));
}

} // namespace kresy
