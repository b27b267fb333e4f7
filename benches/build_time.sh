#!/usr/bin/env bash
# Measures how long the generated crate (tcgen-vpc) alone takes to build from clean, in debug
# and in release, with its dependencies already built, and counts its lines.
#
# Builds go to their own target directory (default: $TMPDIR/tcgen-build-time), so nobody
# else's build directory is cleaned or rebuilt. Dependencies are built first; then, for each
# run, `cargo clean -p tcgen-vpc` removes only the generated crate's artifacts and
# `cargo build -p tcgen-vpc` is timed.
#
# Usage: benches/build_time.sh
# Environment:
#   RUNS                     timed builds per profile (default 2; the fastest is reported)
#   BUILD_TIME_TARGET_DIR    the target directory to use
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

runs="${RUNS:-2}"
export CARGO_TARGET_DIR="${BUILD_TIME_TARGET_DIR:-${TMPDIR:-/tmp}/tcgen-build-time}"
crate=generated/vpc

echo "== prebuilding tcgen-vpc's dependencies into $CARGO_TARGET_DIR" >&2
cargo build --quiet -p tcgen-vpc
cargo build --quiet --release -p tcgen-vpc

# Prints the seconds of the fastest of $runs clean builds of tcgen-vpc; "$@" picks the profile.
time_clean_build() {
    local best="" run start end seconds
    for run in $(seq "$runs"); do
        cargo clean --quiet -p tcgen-vpc "$@"
        start="$EPOCHREALTIME"
        cargo build --quiet -p tcgen-vpc "$@"
        end="$EPOCHREALTIME"
        seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
        printf '   run %s: %.2f s (load average %s)\n' "$run" "$seconds" \
            "$(cut -d' ' -f1-3 /proc/loadavg)" >&2
        if [ -z "$best" ] || awk -v s="$seconds" -v b="$best" 'BEGIN { exit !(s < b) }'; then
            best="$seconds"
        fi
    done
    printf '%.2f' "$best"
}

echo "== clean debug builds of tcgen-vpc" >&2
debug="$(time_clean_build)"
echo "== clean release builds of tcgen-vpc" >&2
release="$(time_clean_build --release)"

actions="$(python3 -c '
import json, sys
print(sum(len(json.load(open(path, encoding="utf-8"))["actions"]) for path in sys.argv[1:]))
' spec/json/v20170312.json spec/json/v2.json)"

# Lines of a set of files: all, non-blank, and code (non-blank, not a // or /// comment).
count_lines() {
    cat "$@" | awk '
        { all++ }
        /^[[:space:]]*$/ { next }
        { nonblank++ }
        /^[[:space:]]*\/\// { next }
        { code++ }
        END { printf "%d | %d | %d", all, nonblank, code }'
}

echo
echo "tcgen-vpc: $actions actions; $(nproc) cores; fastest of $runs clean builds each, dependencies prebuilt"
echo
echo "| profile | clean build | per action |"
echo "|---|---:|---:|"
per_action() { awk -v s="$1" -v n="$actions" 'BEGIN { printf "%.3f", s / n }'; }
echo "| debug | $debug s | $(per_action "$debug") s |"
echo "| release | $release s | $(per_action "$release") s |"
echo
echo "| files | lines | non-blank | code (no blank, no comment) |"
echo "|---|---:|---:|---:|"
echo "| all of src/ | $(count_lines $(find "$crate/src" -name '*.rs' | sort)) |"
for generation in v20170312 v2; do
    echo "| src/$generation/ | $(count_lines $(find "$crate/src/$generation" -name '*.rs' | sort)) |"
done
