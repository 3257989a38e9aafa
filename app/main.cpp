#include "bench/bench.h"
#include "commands.h"
#include "options.h"

#include <cstdio>
#include <string>
#include <vector>

namespace {

bool isHelpFlag(const std::string& arg) { return arg == "--help" || arg == "-h"; }

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        return kresy::runView(args);
    // "kresy --help ..." and "kresy help" explain the program; "kresy help COMMAND" a command.
    if (isHelpFlag(args[0]) || (args[0] == "help" && args.size() == 1)) {
        std::fputs(kresy::kMainUsage, stdout);
        return kresy::kExitOk;
    }
    if (args[0] == "help")
        args = {args[1], "--help"};

    std::string command = "view";
    if (args[0].rfind("-", 0) != 0) {
        command = args[0];
        args.erase(args.begin());
    }
    if (command == "view")
        return kresy::runView(args);
    if (command == "present")
        return kresy::runPresent(args);
    if (command == "still")
        return kresy::runStill(args);
    if (command == "render")
        return kresy::runRender(args);
    if (command == "bench")
        return kresy::runBench(args);
    if (command == "bake")
        return kresy::runBake(args);
    if (command == "probe")
        return kresy::runProbe(args);
    if (command == "check")
        return kresy::runCheck(args);
    if (command == "info")
        return kresy::runInfo(args);
    std::fprintf(stderr,
                 "kresy: unknown command '%s' (commands: view, present, still, render, bake, probe, bench, check, info; see kresy --help)\n",
                 command.c_str());
    return kresy::kExitUsage;
}
