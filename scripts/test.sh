#!/usr/bin/env bash
# Builds kars-sre and runs every test: the Swift test suites, then the public incident scenarios.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_DETERMINISTIC_HASHING=1

swift build --build-tests
swift test --skip-build --parallel

scenarios=../shared/scenarios
if [ -d "$scenarios" ]; then
    echo "== public incident scenarios"
    ../shared/bin/score-scenarios "$scenarios" --bin .build/debug/kars-sre
else
    echo "== public incident scenarios: $scenarios not found, skipped"
fi
