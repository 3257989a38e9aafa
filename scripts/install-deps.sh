#!/usr/bin/env bash
# Installs the Debian packages kresy needs, only those missing. Idempotent.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config xz-utils
  libvulkan-dev mesa-vulkan-drivers vulkan-validationlayers glslc
  libglfw3-dev libglm-dev libimgui-dev libtinygltf-dev libstb-dev
  nlohmann-json3-dev libgtest-dev libcurl4-openssl-dev
  xvfb xauth ffmpeg
  python3 nodejs # the export tests run the exported Blender and After Effects scripts
  clang libclang-rt-14-dev # the fuzz targets (scripts/fuzz.sh): libFuzzer and the sanitizers' runtimes
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "kresy: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "kresy: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# A stale package index makes installs fail with 404s; refresh it once.
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
