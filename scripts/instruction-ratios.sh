#!/usr/bin/env bash
# Instructions the Swift engine and the plain-C baseline execute on the benchmark's GSL problems
# (`make bench`), counted by valgrind's callgrind, and their ratio: a figure that timing noise
# cannot move, unlike the benchmark's ns per evaluation (it leaves out what instructions cost:
# cache misses, mispredicted branches). Usage: scripts/instruction-ratios.sh (from the repository
# root; needs valgrind: apt-get install -y valgrind). Under a minute after the release build.
set -euo pipefail

if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
    echo "instruction-ratios: needs valgrind and callgrind_annotate (apt-get install -y valgrind)" >&2
    exit 2
fi
if ! command -v strip >/dev/null; then
    echo "instruction-ratios: needs strip (apt-get install -y binutils)" >&2
    exit 2
fi
"${SWIFT:-swift}" build -c release --product synverify-bench >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF of Swift binaries; the symbols are all it needs.
cp .build/release/synverify-bench "$work/bench"
strip --strip-debug "$work/bench"

# Inclusive instruction count of the first function whose symbol contains $2, in callgrind file $1.
inclusive() {
    callgrind_annotate --inclusive=yes --threshold=100 "$1" |
        awk -v symbol="$2" '!found && index($0, symbol) { gsub(",", "", $1); print $1; found = 1 }'
}

echo "| problem | method | Swift instructions | C instructions | Swift/C |"
echo "|---|---|---:|---:|---:|"
for section in rk8pd rkf45 msbdf lif-rk8pd lif-rkf45 lif-msbdf; do
    if ! valgrind --tool=callgrind --callgrind-out-file="$work/$section.out" "$work/bench" 1 "$section" >/dev/null 2>"$work/valgrind.log"; then
        cat "$work/valgrind.log" >&2
        echo "instruction-ratios: valgrind failed on the benchmark section $section" >&2
        exit 1
    fi
    swift=$(inclusive "$work/$section.out" 'IntegratorO5solve_7options')
    case $section in
        lif-*) problem="LIF with thresholds, 1 s"; method=${section#lif-}; c=$(inclusive "$work/$section.out" 'cbench_lif_gsl ') ;;
        *) problem="dual exponential, 0.5 s and 20 s"; method=$section; c=$(inclusive "$work/$section.out" 'cbench_dualexp_gsl ') ;;
    esac
    if [ -z "$swift" ] || [ -z "$c" ]; then
        echo "instruction-ratios: callgrind's output for $section names no Swift or no C solve" >&2
        exit 1
    fi
    echo "| $problem | $method | $swift | $c | $(awk -v s="$swift" -v c="$c" 'BEGIN { printf "%.4f", s / c }') |"
done
