#!/usr/bin/env bash
# A longer fuzz run than CI's: both emulators' fuzz suites (every class named *FuzzTests), each test for
# PIKSEL_FUZZ_SECONDS seconds (default 600 here; CI runs them with their small built-in budget).
# Reproduce a failure with the seed it prints: PIKSEL_FUZZ_SEED=<seed> bash bench/fuzz.sh
# Inputs that found a fault go to tests/fuzz-corpus/<aws|kubernetes>/, with a regression test beside the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIKSEL_FUZZ_SECONDS="${PIKSEL_FUZZ_SECONDS:-600}"
echo "fuzzing for ${PIKSEL_FUZZ_SECONDS} s per test${PIKSEL_FUZZ_SEED:+, seed ${PIKSEL_FUZZ_SEED}}"
status=0
for project in tests/Piksel.Emulator.Aws.Tests tests/Piksel.Emulator.Kubernetes.Tests; do
  dotnet test --project "$project" -c Release -- --filter-class "*FuzzTests" || status=1
done
exit $status
