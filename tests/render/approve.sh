#!/usr/bin/env bash
# Approves render-test references after a person has looked at them.
#   tests/render/approve.sh            lists the candidates (NAME.actual.png) waiting for approval
#   tests/render/approve.sh NAME...    makes NAME.actual.png the reference NAME.png
# Look at tests/render/references/NAME.actual.png (and NAME.diff.png: red marks what changed)
# before approving: a reference is a promise that the picture is right.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/references"

if [ $# -eq 0 ]; then
  shopt -s nullglob
  candidates=("$dir"/*.actual.png)
  if [ ${#candidates[@]} -eq 0 ]; then
    echo "no candidates: every render test matched its reference"
    exit 0
  fi
  echo "candidates (look at each, then run: $0 NAME...):"
  for f in "${candidates[@]}"; do
    name=$(basename "$f" .actual.png)
    if [ -f "$dir/$name.png" ]; then echo "  $name  (changed; diff: $dir/$name.diff.png)"; else echo "  $name  (new)"; fi
  done
  exit 0
fi

for name in "$@"; do
  actual="$dir/$name.actual.png"
  if [ ! -f "$actual" ]; then
    echo "approve: $actual does not exist (run the render tests first)" >&2
    exit 1
  fi
  mv "$actual" "$dir/$name.png"
  rm -f "$dir/$name.diff.png"
  echo "approved $dir/$name.png"
done
