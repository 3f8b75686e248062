#!/usr/bin/env bash
# Before/after check of two builds on one model and thread count, for changes of a few percent on a noisy machine:
# runs the benchmark's child mode (read, build, Simulator.Run, nothing recorded) of build A then build B, N times,
# and prints each build's fastest and median run s, then the ratio B/A of each pair (the two runs of a pair see
# nearly the same machine load, so a change shows as most ratios on one side of 1 even when medians wander by 5%).
# With ORDER `alternate`, every second pair runs B first: the second run of a pair is often a percent or more slower
# whichever build it is, so B/A is then r·o in the pairs where A ran first and r/o where B did, and the script also
# prints each half's median B/A and r = sqrt(product of the two), the ratio with the order effect o taken out.
# Usage, from the repository root:
#   tests/SpikeSim.Benchmarks/scripts/ab-pairs.sh A_DIR B_DIR N MODEL.json DURATION_MS THREADS [forward|alternate]
#   A_DIR, B_DIR: folders holding SpikeSim.Benchmarks.dll (e.g. copies of bin/Release/net10.0 before and after)
set -euo pipefail
a=${1:?A_DIR} b=${2:?B_DIR} n=${3:?pairs} model=${4:?model file} ms=${5:?duration ms} threads=${6:?threads}
order=${7:-forward}
[[ $order == forward || $order == alternate ]] || { echo "ORDER must be forward or alternate, not '$order'" >&2; exit 2; }
[[ $order == forward || $n -ge 2 ]] || { echo "alternate needs N of 2 or more pairs (one with each build first), not $n" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run_s() { dotnet "$1/SpikeSim.Benchmarks.dll" --child "$model" "$ms" "$threads" 2>/dev/null |
          sed -n 's/^SPIKESIM_JSON //p' | grep -o '"run_s":[0-9.eE+-]*' | cut -d: -f2; }
for ((i = 0; i < n; i++)); do
  if [[ $order == alternate && $((i % 2)) == 1 ]]; then
    run_s "$b" >> "$out/b"; run_s "$a" >> "$out/a"; echo B >> "$out/first"
  else
    run_s "$a" >> "$out/a"; run_s "$b" >> "$out/b"; echo A >> "$out/first"
  fi
done
for side in a b; do
  sort -g "$out/$side" | awk -v s="$side" '{v[NR] = $1} END {printf "%s: fastest %.4f s, median %.4f s | ", toupper(s), v[1], v[int((NR + 1) / 2)]}'
done
paste "$out/a" "$out/b" | awk '{r = r sprintf(" %.3f", $2 / $1)} END {print "B/A per pair:" r}'
if [[ $order == alternate ]]; then
  paste "$out/first" "$out/a" "$out/b" | awk '
    function median(x, k,   i, j, t) { for (i = 2; i <= k; i++) for (j = i; j > 1 && x[j - 1] > x[j]; j--) { t = x[j]; x[j] = x[j - 1]; x[j - 1] = t }
                                       return k % 2 ? x[(k + 1) / 2] : (x[k / 2] + x[k / 2 + 1]) / 2 }
    $1 == "A" { fa[++na] = $3 / $2 } $1 == "B" { fb[++nb] = $3 / $2 }
    END { ma = median(fa, na); mb = median(fb, nb)
          printf "B/A median, A first: %.3f (%d pairs); B first: %.3f (%d pairs); order taken out: %.3f\n", ma, na, mb, nb, sqrt(ma * mb) }'
fi
