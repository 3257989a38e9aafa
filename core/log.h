#pragma once
// One line per message on stderr: "kresy: warning: ...". Thread-safe.

#include <string_view>

namespace kresy {

enum class LogLevel { Debug, Info, Warning, Error };

void setLogLevel(LogLevel level); // messages below it are dropped; default Info
void logMessage(LogLevel level, std::string_view message);

void logInfo(const char* format, ...) __attribute__((format(printf, 1, 2)));
void logWarning(const char* format, ...) __attribute__((format(printf, 1, 2)));
void logError(const char* format, ...) __attribute__((format(printf, 1, 2)));

} // namespace kresy
