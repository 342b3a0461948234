#!/usr/bin/env bash
# The whole suite, as CI and the README run it: types, browser unit tests (Chromium, then
# Firefox ESR), Node tests (server kit + simulator + Redis + PostgreSQL), the browser fault schedules,
# the kit's fault campaign, then end-to-end tests against the demo stack.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npm run -s typecheck
echo "== browser tests (Chromium)"; npm run -s test:browser
echo "== browser tests (Firefox ESR)"
# Firefox runs through the test runner's experimental WebDriver BiDi path. One controller test
# ("reports success, not cancel, when the backend says the phone already paid") timed out
# there in about 1 of 15 full runs, never alone and never in Chromium; a failed Firefox run is
# repeated once, with its failure left in the log.
if ! npm run -s test:firefox; then
  echo "== browser tests (Firefox ESR): the run above failed; repeating it once" >&2
  npm run -s test:firefox
fi
echo "== node tests"; npm run -s test:node
echo "== fault schedules"; npm run -s test:faults -- --runs "${FAULT_RUNS:-300}"
echo "== fault campaign (kit + simulator over HTTP, memory/Redis/PGlite/PostgreSQL)"; npm run -s test:campaign
echo "== end-to-end tests"; npm run -s test:e2e
echo "== example apps (from the packed tarball)"; npm run -s test:examples
