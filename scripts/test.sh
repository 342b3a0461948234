#!/usr/bin/env bash
# The whole suite, as CI and the README run it: types, browser unit tests (Chromium, then
# Firefox ESR), Node tests (server kit + simulator + Redis), then end-to-end tests against the demo stack.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npm run -s typecheck
echo "== browser tests (Chromium)"; npm run -s test:browser
echo "== browser tests (Firefox ESR)"; npm run -s test:firefox
echo "== node tests"; npm run -s test:node
echo "== fault schedules"; npm run -s test:faults -- --runs "${FAULT_RUNS:-300}"
echo "== end-to-end tests"; npm run -s test:e2e
