#include "commands.h"
#include "options.h"

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string command = "view";
    if (!args.empty() && args[0].rfind("-", 0) != 0) {
        command = args[0];
        args.erase(args.begin());
    }
    if (command == "view" && !args.empty() && (args[0] == "--help" || args[0] == "-h") && argc == 2) {
        std::fputs(kresy::kMainUsage, stdout);
        return kresy::kExitOk;
    }
    if (command == "help") {
        std::fputs(kresy::kMainUsage, stdout);
        return kresy::kExitOk;
    }
    if (command == "view")
        return kresy::runView(args);
    if (command == "still")
        return kresy::runStill(args);
    std::fprintf(stderr, "kresy: unknown command '%s' (commands: view, still; see kresy --help)\n", command.c_str());
    return kresy::kExitUsage;
}
