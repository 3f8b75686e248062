#!/usr/bin/env bash
# Checks the native (AOT) spikesim against the just-in-time build: the same commands, the same exit codes, the same
# stdout/stderr (times and folder names masked) and byte-identical files (those holding wall times, versions or paths
# left out). Native AOT compiles only what it can see, so a library that makes code at run time (PureHDF: the NIR
# reader and writer) fails there and only there: run this after changing the CLI, plotting, NIR or their packages.
#   bash docs/check-native-tool.sh [NATIVE_EXE]     (default: the installed `spikesim`; run from the repository root)
# Needs `dotnet build -c Release SpikeSim.sln` first (the JIT build it compares with). Prints the differences and
# "N same, N different"; exits 1 when any differ.
set -uo pipefail
native=$(command -v "${1:-spikesim}") || { echo "no native spikesim (pass its path)" >&2; exit 2; }
jit="dotnet $PWD/src/SpikeSim.Cli/bin/Release/net10.0/spikesim.dll"
repo=$PWD; m=$repo/models; fx=$repo/tests/SpikeSim.Tests/Nir/Fixtures
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/native" "$work/jit"
same=0; different=0
check() {   # check NAME ARGS...: runs both in their own folder (relative output paths), compares what they print
    local name=$1; shift
    (cd "$work/native" && $native "$@" >"../native-$name.out" 2>&1; echo "exit $?" >>"../native-$name.out")
    (cd "$work/jit" && $jit "$@" >"../jit-$name.out" 2>&1; echo "exit $?" >>"../jit-$name.out")
    sed -i -E 's/\+[0-9a-f]{40}/+COMMIT/; s/[0-9]+(\.[0-9]+)? ?s\b/T s/g; s#'"$work"'/(native|jit)#DIR#g' "$work/native-$name.out" "$work/jit-$name.out"
    if cmp -s "$work/native-$name.out" "$work/jit-$name.out"; then same=$((same + 1))
    else different=$((different + 1)); echo "== $name: output differs"; diff "$work/native-$name.out" "$work/jit-$name.out" | head -6; fi
}
check version --version
check help --help
check validate validate "$m/brunel2000.json"
check validate-bad validate "$m/sweeps/sweep.schema.json"
check cuba run "$m/cuba.json" --out cuba --duration "100 ms" -q
check stdp run "$m/song2000-stdp.json" --out stdp --duration "500 ms" -q --save-state stdp.state
check stdp-continued run "$m/song2000-stdp.json" --out stdp2 --duration "100 ms" -q --load-state stdp.state
check structural run "$m/structural.json" --out structural --duration "200 ms" -q
check artificial run "$m/brunel2000.json" --out artificial --mode artificial --duration "50 ms" -q
for model in short-term adaptation perceptron lif-dc two-neurons; do check "$model" run "$m/$model.json" --out "$model" -q --duration "200 ms"; done
check coba run "$m/coba.json" --out coba -q --duration "50 ms"
check plot plot cuba --format both
check report report cuba
check compare compare "$m/two-neurons.json" --out compare --duration "100 ms"
check sweep sweep "$m/two-neurons.json" --param "seed=[1,2,3]" --duration "50 ms" --out sweep
for e in signals timing learning faults cost plasticity topology; do check "experiment-$e" experiment "$e" --quick --out "experiment-$e"; done
check experiment-svg experiment signals --quick --out experiment-svg --format both
check schema schema --out schema.json
for f in "$fx"/*.nir; do n=$(basename "$f" .nir); check "nir-import-$n" nir import "$f" --out "nir-$n.json"; done
for f in lif_step cuba_chain nested_by_nir; do check "nir-run-$f" run "$fx/$f.nir" --out "nir-run-$f" -q --duration "50 ms"; done
for model in lif-dc two-neurons cuba brunel2000 adaptation coba; do check "nir-export-$model" nir export "$m/$model.json" --out "$model.nir"; done
# Files: everything both wrote, but what holds wall times, versions or absolute paths.
while IFS= read -r f; do
    case "$f" in *summary.json|*command.json|*.html|*journal.csv|*sweep.json|*results.csv|*.md|*result.json) continue ;; esac
    if cmp -s "$work/native/$f" "$work/jit/$f"; then same=$((same + 1)); else different=$((different + 1)); echo "== $f: file differs"; fi
done < <(cd "$work/native" && find . -type f | sort)
[ "$(cd "$work/native" && find . -type f | wc -l)" = "$(cd "$work/jit" && find . -type f | wc -l)" ] || { different=$((different + 1)); echo "== the two wrote different numbers of files"; }
echo "$same same, $different different"
[ "$different" -eq 0 ]
