#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole suite through ctest: unit tests, render
# tests on Mesa lavapipe, CLI tests, and the window tests under xvfb-run. Then the non-GPU tests
# again under AddressSanitizer + UndefinedBehaviorSanitizer, and the streaming tests under
# ThreadSanitizer. Last, each fuzz target for 10 s (scripts/fuzz.sh; docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")"

./scripts/install-deps.sh

export XDG_RUNTIME_DIR="$(mktemp -d)"
trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT

jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKRESY_SANITIZE=ON -DKRESY_GPU=OFF >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ctest --output-on-failure -j "$jobs")

# The streaming code (the streamer's workers against the render thread, the HTTP and disk sources,
# the baker's threads) under ThreadSanitizer: a race fails the run (exit code 66).
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKRESY_SANITIZE_THREAD=ON -DKRESY_GPU=OFF >/dev/null
cmake --build build-tsan -j "$jobs" --target streaming_tests terrain_tests
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
build-tsan/tests/unit/streaming/streaming_tests --gtest_brief=1
build-tsan/tests/unit/terrain/terrain_tests --gtest_brief=1 --gtest_filter='Bake*:*Baker*'
unset TSAN_OPTIONS

./scripts/fuzz.sh 10
