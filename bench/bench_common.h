#pragma once
// What the benchmarks share: figures with baselines, percentiles, frame pacing, printing.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace kresy {

using Clock = std::chrono::steady_clock;

struct Figure {
    std::string name, unit;
    double value = 0;
    std::string baselineName; // empty: a count or a ratio in itself
    double baseline = 0;
    std::string detail;
};

inline double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Frames are paced as a 60 Hz display presents them (FIFO): one that took less than a refresh
// waits for the next. Without this a fast GPU would fly the whole path in a fraction of a second
// and the streaming would be measured against a flight no user sees.
constexpr double kRefreshSeconds = 1.0 / 60.0;

inline void waitForRefresh(Clock::time_point frameStart) {
    std::this_thread::sleep_until(frameStart + std::chrono::duration_cast<Clock::duration>(
                                                   std::chrono::duration<double>(kRefreshSeconds)));
}

inline double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * (v.size() - 1) + 0.5))];
}

inline double medianOfRuns(int runs, const std::function<double()>& run) {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i)
        samples.push_back(run());
    return percentile(samples, 0.5);
}

inline void printFigures(const char* benchmark, const std::vector<Figure>& figures, const std::string& device, int w,
                         int h, bool json) {
    if (json) {
        std::printf("{\"benchmark\":\"%s\",\"device\":\"%s\",\"size\":[%d,%d],\"figures\":[", benchmark, device.c_str(),
                    w, h);
        for (size_t i = 0; i < figures.size(); ++i) {
            const Figure& f = figures[i];
            // Significant digits, not decimals: a memcpy takes thousandths of a millisecond.
            std::printf("%s{\"name\":\"%s\",\"unit\":\"%s\",\"value\":%.6g", i ? "," : "", f.name.c_str(), f.unit.c_str(),
                        f.value);
            if (!f.baselineName.empty())
                std::printf(",\"baseline\":\"%s\",\"baseline_value\":%.6g,\"ratio\":%.6g", f.baselineName.c_str(),
                            f.baseline, f.value / f.baseline);
            std::printf(",\"detail\":\"%s\"}", f.detail.c_str());
        }
        std::printf("]}\n");
        return;
    }
    std::printf("kresy bench %s on %s, %dx%d\n", benchmark, device.c_str(), w, h);
    for (const Figure& f : figures) {
        std::printf("  %-26s %10.2f %-9s", f.name.c_str(), f.value, f.unit.c_str());
        if (!f.baselineName.empty())
            std::printf(" = %7.2fx %s (%.2f %s)", f.value / f.baseline, f.baselineName.c_str(), f.baseline, f.unit.c_str());
        if (!f.detail.empty())
            std::printf("  %s", f.detail.c_str());
        std::printf("\n");
    }
}

} // namespace kresy
