#!/usr/bin/env bash
# Compares TokenAuditCore's tokenizer with tiktoken on random strings over the whole Unicode range.
# Run after changing the pre-tokenizer or the category table, or when tiktoken moves to a newer
# Unicode version (then regenerate the table with scripts/gen-unicode-classes.py).
# usage: scripts/fuzz-vs-tiktoken.sh        env: CASES=50000 SEED=1
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$ROOT/bench-data"
CASES_FILE="$ROOT/bench-data/fuzz-${SEED:-1}.jsonl"
python3 -c "import tiktoken" 2>/dev/null || python3 -m pip install --quiet tiktoken
python3 "$ROOT/scripts/fuzz-vs-tiktoken.py" "$CASES_FILE" --cases "${CASES:-50000}" --seed "${SEED:-1}"
swift build -c release --package-path "$ROOT/Benchmarks" --scratch-path "$ROOT/.build-bench" \
  --product TokenizerCompare >&2
"$ROOT/.build-bench/release/TokenizerCompare" "$CASES_FILE"
