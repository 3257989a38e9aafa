#pragma once
// Subcommands; each returns the process exit status.

#include <string>
#include <vector>

namespace kresy {

int runView(const std::vector<std::string>& args);
int runPresent(const std::vector<std::string>& args);
int runStill(const std::vector<std::string>& args);
int runRender(const std::vector<std::string>& args); // a shot to a PNG sequence or a video, offline
int runBake(const std::vector<std::string>& args);
int runProbe(const std::vector<std::string>& args);
int runCheck(const std::vector<std::string>& args); // replays, shots, decks: every problem, file:line:col
int runInfo(const std::vector<std::string>& args);  // what a replay, shot or deck holds

// Exit statuses.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;   // the command could not do its work (data, device, file)
constexpr int kExitUsage = 2;     // bad command line
constexpr int kExitValidation = 3; // KRESY_VALIDATION=1 and the validation layer complained

} // namespace kresy
