#!/usr/bin/env bash
# Before/after check of two builds on one model and thread count, for changes of a few percent on a noisy machine:
# runs the benchmark's child mode (read, build, Simulator.Run, nothing recorded) of build A then build B, N times,
# and prints each build's fastest and median run s, then the ratio B/A of each pair (the two runs of a pair see
# nearly the same machine load, so a change shows as most ratios on one side of 1 even when medians wander by 5%).
# Usage, from the repository root:
#   tests/SpikeSim.Benchmarks/scripts/ab-pairs.sh A_DIR B_DIR N MODEL.json DURATION_MS THREADS
#   A_DIR, B_DIR: folders holding SpikeSim.Benchmarks.dll (e.g. copies of bin/Release/net10.0 before and after)
set -euo pipefail
a=${1:?A_DIR} b=${2:?B_DIR} n=${3:?pairs} model=${4:?model file} ms=${5:?duration ms} threads=${6:?threads}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run_s() { dotnet "$1/SpikeSim.Benchmarks.dll" --child "$model" "$ms" "$threads" 2>/dev/null |
          sed -n 's/^SPIKESIM_JSON //p' | grep -o '"run_s":[0-9.eE+-]*' | cut -d: -f2; }
for ((i = 0; i < n; i++)); do
  run_s "$a" >> "$out/a"
  run_s "$b" >> "$out/b"
done
for side in a b; do
  sort -g "$out/$side" | awk -v s="$side" '{v[NR] = $1} END {printf "%s: fastest %.4f s, median %.4f s | ", toupper(s), v[1], v[int((NR + 1) / 2)]}'
done
paste "$out/a" "$out/b" | awk '{r = r sprintf(" %.3f", $2 / $1)} END {print "B/A per pair:" r}'
