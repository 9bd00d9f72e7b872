#!/usr/bin/env bash
# A short fuzz run (CI's smoke test): builds Fuzz/ with libFuzzer and runs TraceFuzz (every trace
# format) for FUZZ_SECONDS (default 60) and SpecFuzz for a third of that, each from a copy of its
# committed corpus, with a 2 GiB memory limit. Fails on a crash, a hang (10 s per input) or a
# memory blow-up; long runs are done by hand (Fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${FUZZ_SECONDS:-60}
swift build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/trace" "$work/spec"
cp TraceCorpus/* "$work/trace/"
cp Corpus/* "$work/spec/"
# -artifact_prefix keeps crash reproducers out of the source tree.
.build/release/TraceFuzz "$work/trace" -max_total_time="$seconds" -timeout=10 -max_len=65536 -rss_limit_mb=2048 \
  -artifact_prefix="$work/" -print_final_stats=1 2>&1 | tail -n 12
.build/release/SpecFuzz "$work/spec" -max_total_time=$((seconds / 3)) -timeout=10 -max_len=4096 -rss_limit_mb=2048 \
  -artifact_prefix="$work/" -print_final_stats=1 2>&1 | tail -n 12
