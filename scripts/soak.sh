#!/usr/bin/env bash
# The soak: `kresy bench soak` flies its two-minute loop for MINUTES (default 10) streaming from a
# flaky tile server on 127.0.0.1 (scripts/flaky_tile_server.py: delays, stalls, drops, 503s,
# corrupt and truncated bodies) with an empty disk cache and a 96 MB tile cache (another with
# KRESY_SOAK_CACHE_MB=N), on lavapipe.
# Figures: bench/README.md. Extra arguments go to kresy bench (e.g. --json).
#
#   scripts/soak.sh [MINUTES] [kresy bench options...]
#   KRESY=build-asan-gpu/kresy scripts/soak.sh 3     # a build with -DKRESY_SANITIZE=ON: LeakSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-10}
shift || true
kresy=${KRESY:-build/kresy}
tiles=${KRESY_TILES:-${XDG_CACHE_HOME:-$HOME/.cache}/kresy/tiles/eastern-poland-1}
[ -x "$kresy" ] || { echo "soak: $kresy: not built (cmake --build build)" >&2; exit 1; }
[ -f "$tiles/tiles.json" ] || { echo "soak: $tiles/tiles.json: no baked tiles (run ./run.sh once, or kresy bake)" >&2; exit 1; }

scratch=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

python3 scripts/flaky_tile_server.py "$tiles" >"$scratch/server.out" 2>"$scratch/server.err" &
server_pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$scratch/server.out" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/^listening on //p' "$scratch/server.out")
[ -n "$port" ] || { echo "soak: the tile server did not start:" >&2; cat "$scratch/server.err" >&2; exit 1; }

mkdir -p "$scratch/cache" "$scratch/xdg"
status=0
XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/xdg" \
  VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/share/vulkan/icd.d/lvp_icd.x86_64.json} \
  LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan-driver.supp:print_suppressions=0} \
  "$kresy" bench soak --minutes "$minutes" --tile-cache-mb "${KRESY_SOAK_CACHE_MB:-96}" \
  --tiles "http://127.0.0.1:$port/tiles.json" "$@" || status=$?
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
echo "tile server: $(tail -1 "$scratch/server.err" | sed 's/^flaky_tile_server: //')" >&2
exit $status
