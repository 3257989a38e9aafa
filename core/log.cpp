#include "core/log.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>

namespace kresy {
namespace {

std::atomic<LogLevel> gLevel{LogLevel::Info};

// Serialises writers so lines from different threads never interleave.
std::mutex& logMutex() {
    static std::mutex m;
    return m;
}

const char* levelPrefix(LogLevel level) {
    switch (level) {
    case LogLevel::Warning: return "warning: ";
    case LogLevel::Error: return "error: ";
    case LogLevel::Debug:
    case LogLevel::Info: return "";
    }
    return "";
}

__attribute__((format(printf, 1, 0))) std::string vformat(const char* format, va_list args) {
    va_list sizing;
    va_copy(sizing, args);
    const int size = std::vsnprintf(nullptr, 0, format, sizing);
    va_end(sizing);
    if (size <= 0) return {};
    std::string out(static_cast<size_t>(size), '\0');
    std::vsnprintf(out.data(), out.size() + 1, format, args);
    return out;
}

__attribute__((format(printf, 2, 0))) void logFormatted(LogLevel level, const char* format, va_list args) {
    if (level < gLevel.load(std::memory_order_relaxed)) return; // skip formatting entirely
    logMessage(level, vformat(format, args));
}

} // namespace

void setLogLevel(LogLevel level) {
    gLevel.store(level, std::memory_order_relaxed);
}

void logMessage(LogLevel level, std::string_view message) {
    if (level < gLevel.load(std::memory_order_relaxed)) return;
    // Callers often end printf-style formats with '\n'; the line break is ours to add.
    while (!message.empty() && message.back() == '\n') message.remove_suffix(1);

    std::string line = "kresy: ";
    line += levelPrefix(level);
    line += message;
    line += '\n';

    std::lock_guard<std::mutex> lock(logMutex());
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

void logInfo(const char* format, ...) {
    va_list args;
    va_start(args, format);
    logFormatted(LogLevel::Info, format, args);
    va_end(args);
}

void logWarning(const char* format, ...) {
    va_list args;
    va_start(args, format);
    logFormatted(LogLevel::Warning, format, args);
    va_end(args);
}

void logError(const char* format, ...) {
    va_list args;
    va_start(args, format);
    logFormatted(LogLevel::Error, format, args);
    va_end(args);
}

} // namespace kresy
