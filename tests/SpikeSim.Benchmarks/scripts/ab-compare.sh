#!/usr/bin/env bash
# A/B speed check of two spikesim builds on the same models, runs interleaved (A, B, A, B, ...) so that both see the
# same machine load; prints the median of summary.json's wall_s (the simulation's own time) per model, thread count
# and build, and the ratio B/A. Used to show that a refactor costs no speed.
# Usage (from the repository root): tests/SpikeSim.Benchmarks/scripts/ab-compare.sh A/spikesim.dll B/spikesim.dll [REPEATS]
#   e.g. git worktree add /tmp/base 575b922 && dotnet build /tmp/base/src/SpikeSim.Cli -c Release
#        tests/SpikeSim.Benchmarks/scripts/ab-compare.sh /tmp/base/src/SpikeSim.Cli/bin/Release/net10.0/spikesim.dll \
#            src/SpikeSim.Cli/bin/Release/net10.0/spikesim.dll 5
set -u
a=$1 b=$2 repeats=${3:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
wall() { grep -o '"wall_s": [0-9.eE+-]*' "$1/summary.json" | awk '{print $2}'; }
printf '| model | threads | A wall_s (median of %d) | B wall_s | B/A |\n|---|---|---|---|---|\n' "$repeats"
for spec in "brunel2000:300 ms" "cuba:1 s" "benchmark4:1 s"; do
  model=${spec%%:*} duration=${spec#*:}
  for threads in 1 2; do
    : > "$out/a.txt"; : > "$out/b.txt"
    for ((i = 0; i < repeats; i++)); do
      for side in a b; do
        dll=$a; [ $side = b ] && dll=$b
        rm -rf "$out/run"
        dotnet "$dll" run "models/$model.json" --out "$out/run" --quiet --threads "$threads" --duration "$duration" >/dev/null 2>&1 \
          || { echo "$model $side failed" >&2; continue; }
        wall "$out/run" >> "$out/$side.txt"
      done
    done
    ma=$(median < "$out/a.txt") mb=$(median < "$out/b.txt")
    printf '| %s (%s) | %d | %.3f | %.3f | %.3f |\n' "$model" "$duration" "$threads" "$ma" "$mb" "$(awk -v a="$ma" -v b="$mb" 'BEGIN {print b / a}')"
  done
done
