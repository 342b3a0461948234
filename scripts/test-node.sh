#!/usr/bin/env bash
# Node-side tests (server kit, simulator, Redis store, demo server) with node's own test runner.
# Every file under test/server, test/simulator, test/demo, test/ssr and test/package ending in .test.ts, found here rather than by
# node (Node 20's --test takes no globs).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find test/server test/simulator test/demo test/ssr test/package -name '*.test.ts' 2>/dev/null | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no node tests found" >&2; exit 1; fi
exec node --import tsx --test --test-concurrency=1 "${files[@]}"
