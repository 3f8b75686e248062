#!/usr/bin/env bash
# Before/after check of a change to some of the engine's methods, measured inside each run rather than between runs:
# samples build A and build B (perf, as scripts/profile.sh) on one model and thread count, and for each run divides
# the samples of the methods the change touched (CHANGED, a regular expression on symbol names) by those of methods
# it left alone (YARDSTICK). On a machine whose speed moves by 10-40% from run to run, wall times of two builds are
# hard to compare to a few percent; a ratio within one run is not moved by that noise (both parts slow down together).
# Prints each run's ratio per build, their medians and B's median over A's. Usage, from the repository root:
#   tests/SpikeSim.Benchmarks/scripts/ab-profile.sh A_DIR B_DIR RUNS MODEL.json DURATION_MS THREADS CHANGED YARDSTICK
#   A_DIR, B_DIR: folders holding SpikeSim.Benchmarks.dll (copies of bin/Release/net10.0 before and after)
# Example (the delta neurons' path against the scatter and the merge, which it does not touch):
#   ab-profile.sh /tmp/A /tmp/B 3 models/brunel2000.json 1000 1 'TryPrepareDelta|ApplyFrom|ApplyPair|CommonStretch|FinishDelta|AdvancePopulation|EndVisit' 'QueueShared|MergeByTime'
set -euo pipefail
a=${1:?A_DIR} b=${2:?B_DIR} n=${3:?runs} model=${4:?model file} ms=${5:?duration ms} threads=${6:?threads}
changed=${7:?CHANGED regex} yardstick=${8:?YARDSTICK regex}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ratio() {
    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
        perf record -q -F 1999 -o "$out/perf.data" dotnet "$1/SpikeSim.Benchmarks.dll" --child "$model" "$ms" "$threads" >/dev/null 2>&1
    perf report -i "$out/perf.data" --no-children --sort symbol -q -F sample,sym 2>/dev/null |
        awk -v c="$changed" -v y="$yardstick" '{ n = $1; $1 = ""; if ($0 ~ c) sc += n; else if ($0 ~ y) sy += n }
            END { if (sy == 0) { print "no samples match YARDSTICK" > "/dev/stderr"; exit 1 } printf "%.4f\n", sc / sy }'
}
for ((i = 0; i < n; i++)); do
    ratio "$a" >> "$out/a"
    ratio "$b" >> "$out/b"
done
median() { sort -g "$1" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for side in a b; do echo "$(echo "$side" | tr ab AB): CHANGED/YARDSTICK per run $(tr '\n' ' ' < "$out/$side")| median $(median "$out/$side")"; done
awk -v ma="$(median "$out/a")" -v mb="$(median "$out/b")" 'BEGIN { printf "B/A of the medians: %.3f\n", mb / ma }'
