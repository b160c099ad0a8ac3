#!/usr/bin/env bash
# Builds kars-sre and runs every test: the Swift test suites, then the public incident scenarios.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_DETERMINISTIC_HASHING=1

swift build --build-tests
# Swift Testing runs every test at once by default; on a 2-core CI machine that starves the
# integration tests (each runs KubeSim, controllers and HTTP servers) of CPU. Run the test bundle
# directly to cap how many run together (KARS_TEST_PARALLELISM, default 6).
bundle="$(swift build --show-bin-path)/kars-srePackageTests.xctest"
"$bundle" --testing-library swift-testing --parallel \
    --experimental-maximum-parallelization-width "${KARS_TEST_PARALLELISM:-6}" "$@"

if command -v chromium >/dev/null && command -v chromedriver >/dev/null && python3 -c "import selenium" 2>/dev/null; then
    echo "== console browser test (headless Chromium)"
    python3 Tests/ConsoleBrowser/test_console.py --bin .build/debug/kars-sre --screenshots .build/console-screenshots
else
    echo "== console browser test: chromium, chromedriver or selenium missing, skipped"
fi

echo "== manifests: deploy/, overlays, monitoring, demo/act2 (scripts/check-manifests.sh)"
./scripts/check-manifests.sh --bin .build/debug/kars-sre

scenarios=../shared/scenarios
if [ -d "$scenarios" ]; then
    echo "== public incident scenarios"
    ../shared/bin/score-scenarios "$scenarios" --bin .build/debug/kars-sre
else
    echo "== public incident scenarios: $scenarios not found, skipped"
fi
