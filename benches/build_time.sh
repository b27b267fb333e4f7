#!/usr/bin/env bash
# Measures how long the generated SDK (the facade tcgen-vpc and its generation crates
# tcgen-vpc-v2 and tcgen-vpc-v20170312, which cargo builds side by side) takes to build from
# clean, in debug and in release, with its dependencies already built, and counts its lines.
#
# Builds go to their own target directory (default: $TMPDIR/tcgen-build-time), so nobody
# else's build directory is cleaned or rebuilt. Dependencies are built first; then, for each
# run, `cargo clean -p tcgen-vpc -p tcgen-vpc-<generation>…` removes only the generated crates'
# artifacts and `cargo build -p tcgen-vpc` is timed.
#
# Usage: benches/build_time.sh              the checked-in crate, debug and release
#        benches/build_time.sh --scale K    the API 3.0 spec multiplied K times (87·K actions)
# Environment:
#   RUNS                     timed builds per profile (default 2, or 1 with --scale; the fastest
#                            is reported)
#   BUILD_TIME_TARGET_DIR    the target directory to use (without --scale)
#   SCALE_DIR                where --scale writes its workspace (default $TMPDIR/tcgen-scale-K)
#   SCALE_TARGET_DIR         the target directory of --scale runs, shared by all K so that the
#                            dependencies are built once (default $TMPDIR/tcgen-scale-target)
#
# With --scale K, benches/src/bin/scale_crate.rs writes the generated crate of a spec K times the
# size of spec/json/v20170312.json (renamed copies of every action and object, through the real
# emitter) into a workspace of its own, and this script reports the clean debug build time of
# that crate alone (dependencies prebuilt), its peak memory (the maximum resident set size of
# cargo's children, which /usr/bin/time -v reports; rustc for the crate is the only one that
# runs), the clean `cargo check` time, and the lines of Rust.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ "${1:-}" = "--scale" ]; then
    scale="${2:?--scale needs a number}"
    runs="${RUNS:-1}"
    out="${SCALE_DIR:-${TMPDIR:-/tmp}/tcgen-scale-$scale}"
    echo "== writing the crate of the API 3.0 spec x $scale into $out" >&2
    summary="$(cargo run --quiet -p tcgen-benches --bin scale_crate -- --scale "$scale" --out "$out")"
    echo "$summary" >&2
    actions="$(echo "$summary" | sed -E 's/.*: ([0-9]+) actions.*/\1/')"
    cd "$out"
    export CARGO_TARGET_DIR="${SCALE_TARGET_DIR:-${TMPDIR:-/tmp}/tcgen-scale-target}"
    echo "== prebuilding the dependencies (tcgen-runtime and below)" >&2
    cargo build --quiet -p tcgen-runtime
    cargo check --quiet -p tcgen-runtime
    # Runs `cargo $1 -p tcgen-vpc-scale` from clean $runs times; prints "seconds max_rss_kib" of
    # the fastest run.
    timed() {
        local best="" best_rss="" run report seconds rss
        report="$(mktemp)"
        for run in $(seq "$runs"); do
            cargo clean --quiet -p tcgen-vpc-scale -p tcgen-vpc-scale-v20170312
            /usr/bin/time -v -o "$report" cargo "$1" --quiet -p tcgen-vpc-scale
            seconds="$(awk -F': ' '/Elapsed \(wall clock\)/ {
                n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$report")"
            rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$report")"
            printf '   %s run %s: %.2f s, peak RSS %.2f GiB (load average %s)\n' "$1" "$run" \
                "$seconds" "$(awk -v k="$rss" 'BEGIN { print k / 1048576 }')" \
                "$(cut -d' ' -f1-3 /proc/loadavg)" >&2
            if [ -z "$best" ] || awk -v s="$seconds" -v b="$best" 'BEGIN { exit !(s < b) }'; then
                best="$seconds"
                best_rss="$rss"
            fi
        done
        rm -f "$report"
        echo "$best $best_rss"
    }
    echo "== clean debug builds of tcgen-vpc-scale" >&2
    read -r build build_rss <<<"$(timed build)"
    echo "== clean checks of tcgen-vpc-scale" >&2
    read -r check check_rss <<<"$(timed check)"
    lines="$(find vpc -name '*.rs' -print0 | xargs -0 cat | wc -l)"
    echo
    echo "API 3.0 x $scale: $actions actions; $(nproc) cores; fastest of $runs clean run(s), dependencies prebuilt"
    echo
    echo "| actions | lines | debug build | per action | peak rustc RSS | cargo check | check peak RSS |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    awk -v a="$actions" -v l="$lines" -v b="$build" -v br="$build_rss" -v c="$check" -v cr="$check_rss" \
        'BEGIN { printf "| %d | %d | %.1f s | %.3f s | %.2f GiB | %.1f s | %.2f GiB |\n", a, l, b, b / a, br / 1048576, c, cr / 1048576 }'
    exit 0
fi

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
        cargo clean --quiet -p tcgen-vpc -p tcgen-vpc-v2 -p tcgen-vpc-v20170312 "$@"
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
echo "| all | $(count_lines $(find "$crate" -name '*.rs' | sort)) |"
for generation in v20170312 v2; do
    echo "| $generation/ | $(count_lines $(find "$crate/$generation" -name '*.rs' | sort)) |"
done
