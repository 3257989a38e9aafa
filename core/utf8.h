#pragma once
// UTF-8, for code that builds text out of code points (search folding, escaping in exports).

#include <string>

namespace kresy {

// Appends code point `c` (at most U+10FFFF) as 1 to 4 bytes.
void appendUtf8(std::string& out, char32_t c);

} // namespace kresy
