#!/usr/bin/env bash
# Before/after check of two builds of the benchmark on the same models: each run is the benchmark's child mode
# (read, build, Simulator.Run with nothing recorded; see ../README.md), the two builds interleaved (A, B, A, B, ...)
# so that both see the same machine load. Prints, per model and thread count, the medians of run s per biological
# second and of peak MB for each build, and the ratio B/A.
# Usage (from the repository root):
#   tests/SpikeSim.Benchmarks/scripts/ab-bench.sh A_DIR B_DIR [REPEATS] [MODEL@MS ...]
#   A_DIR, B_DIR: folders holding SpikeSim.Benchmarks.dll (e.g. a copy of bin/Release/net10.0 made before a change)
#   default models: brunel2000@1000 cuba@1000 benchmark4@1000 coba@1000
set -u
a=$1 b=$2 repeats=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
specs=("$@")
[ ${#specs[@]} -eq 0 ] && specs=(brunel2000@1000 cuba@1000 benchmark4@1000 coba@1000)
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
field() { sed -n 's/^SPIKESIM_JSON //p' | grep -o "\"$1\":[0-9.eE+-]*" | head -1 | cut -d: -f2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '| model | threads | A s/bio-s | B s/bio-s | B/A | A peak MB | B peak MB |\n|---|---|---|---|---|---|---|\n'
for spec in "${specs[@]}"; do
  model=${spec%@*} ms=${spec#*@}
  path=$model; [ -f "$path" ] || path=models/$model.json
  for threads in 1 2; do
    for side in a b; do : > "$out/$side.s"; : > "$out/$side.mb"; done
    for ((i = 0; i < repeats; i++)); do
      for side in a b; do
        dir=$a; [ $side = b ] && dir=$b
        line=$(dotnet "$dir/SpikeSim.Benchmarks.dll" --child "$path" "$ms" "$threads" 2>/dev/null) || { echo "$model $side failed" >&2; continue; }
        awk -v s="$(field run_s <<< "$line")" -v ms="$ms" 'BEGIN {print s * 1000 / ms}' >> "$out/$side.s"
        field peak_rss_mb <<< "$line" >> "$out/$side.mb"
      done
    done
    sa=$(median < "$out/a.s") sb=$(median < "$out/b.s")
    printf '| %s (%s ms) | %d | %.3f | %.3f | %.2f | %.0f | %.0f |\n' "$(basename "$model" .json)" "$ms" "$threads" "$sa" "$sb" \
      "$(awk -v a="$sa" -v b="$sb" 'BEGIN {print b / a}')" "$(median < "$out/a.mb")" "$(median < "$out/b.mb")"
  done
done
