#!/usr/bin/env bash
# Compares tcgen's request building + signing with the official Tencent Cloud Python SDK's.
#
# 1. Installs tencentcloud-sdk-python-common and -vpc from PyPI into a temporary virtualenv.
# 2. Prints tcgen's signed bytes of the two benchmarked requests (example `signed_fixtures`).
# 3. Has the official SDK build and sign the same requests at the same timestamp and nonce,
#    checks it produces the same bytes (HmacSHA256) and signature (TC3), and times it (timeit).
# 4. Runs the `sign` criterion benches (tcgen SDK and hand-written floor).
# 5. Prints the times and the ratios as a Markdown table.
#
# Usage: benches/compare.sh
# Environment:
#   MEASUREMENT_TIME        criterion seconds per bench (default 5)
#   TC_SDK_COMMON_VERSION   tencentcloud-sdk-python-common version (default 3.1.195; empty: newest)
#   TC_SDK_VPC_VERSION      tencentcloud-sdk-python-vpc version (default 3.1.193; empty: newest)
#   PYTHON                  the Python that creates the virtualenv (default python3)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

measurement_time="${MEASUREMENT_TIME:-5}"
common_version="${TC_SDK_COMMON_VERSION-3.1.195}"
vpc_version="${TC_SDK_VPC_VERSION-3.1.193}"
python="${PYTHON:-python3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pin() { if [ -n "$2" ]; then echo "$1==$2"; else echo "$1"; fi; }

echo "== installing the official SDK into a temporary virtualenv" >&2
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check \
    "$(pin tencentcloud-sdk-python-common "$common_version")" \
    "$(pin tencentcloud-sdk-python-vpc "$vpc_version")"
installed="$("$work/venv/bin/pip" list --disable-pip-version-check 2>/dev/null \
    | awk '/^tencentcloud-sdk-python-(common|vpc) / {printf "%s %s; ", $1, $2}')"
python_version="$("$work/venv/bin/python" -c 'import platform; print(platform.python_version())')"

echo "== tcgen's signed bytes of the benchmarked requests" >&2
cargo run --quiet --release -p tcgen-benches --example signed_fixtures >"$work/fixtures.json"

echo "== the official SDK: same bytes? then timeit" >&2
"$work/venv/bin/python" benches/official_sdk.py "$work/fixtures.json" >"$work/python.json"

echo "== criterion: tcgen SDK and floor (${measurement_time}s per bench)" >&2
CRITERION_HOME="$work/criterion" cargo bench --quiet -p tcgen-benches --bench sign -- \
    --warm-up-time 1 --measurement-time "$measurement_time" '^sign_' >&2

"$work/venv/bin/python" benches/compare_report.py "$work/python.json" "$work/criterion" \
    "$installed" "$python_version"
