#!/usr/bin/env bash
# Installs what is missing, builds kresy (Release), prepares the default dataset and opens the
# viewer over eastern Poland on 17 September 1939. With no display it renders the default view
# to out/ instead and prints the file's path. Arguments go to `kresy view`.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target kresy   # also compiles the shaders and unpacks the dataset into build/data

# The default elevation pyramid, baked once into ~/.cache/kresy/tiles (resumes if interrupted).
./build/kresy bake

# The Vulkan loader warns when XDG_RUNTIME_DIR is missing (containers, sudo).
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
  export XDG_RUNTIME_DIR="$(mktemp -d)"
fi

if [ -n "${DISPLAY:-}" ]; then
  exec ./build/kresy view "$@"
fi
mkdir -p out
echo "kresy: no display (DISPLAY is not set): rendering the default view instead" >&2
exec ./build/kresy still --size 1920x1080 --out out/default-view.png
