#!/usr/bin/env bash
# Single-thread tokenizer throughput: TokenAuditCore's BPETokenizer vs tiktoken, same corpus, same run.
#
# Generates (once, cached in bench-data/) ~20 MB of chat-like text with a fixed seed, builds the
# Benchmarks package in release mode, then for each encoding prints the Swift figures (encode,
# count, and count without the piece cache; no memo) and tiktoken's encode_ordinary figures, and
# the ratio. The machine is shared: run it twice and compare ratios rather than absolute numbers.
#
# usage: scripts/bench-tokenizer.sh        env: MB=20 SEED=1 REPS=3 ENCODINGS="o200k_base cl100k_base"
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MB=${MB:-20}
SEED=${SEED:-1}
REPS=${REPS:-3}
ENCODINGS=${ENCODINGS:-o200k_base cl100k_base}
DATA="$ROOT/bench-data"
CORPUS="$DATA/chat-corpus-${MB}mb-seed${SEED}.bin"

mkdir -p "$DATA"
[ -f "$CORPUS" ] || python3 "$ROOT/scripts/gen-chat-corpus.py" "$CORPUS" --megabytes "$MB" --seed "$SEED"
python3 -c "import tiktoken" 2>/dev/null || python3 -m pip install --quiet tiktoken
swift build -c release --package-path "$ROOT/Benchmarks" --scratch-path "$ROOT/.build-bench" \
  --product TokenizerThroughput >&2
BIN="$ROOT/.build-bench/release/TokenizerThroughput"

for encoding in $ENCODINGS; do
  echo "== $encoding, corpus $(basename "$CORPUS")"
  swift_out=$("$BIN" "$CORPUS" "$encoding" --repetitions "$REPS")
  tiktoken_out=$(python3 "$ROOT/scripts/bench-tiktoken.py" "$CORPUS" --encoding "$encoding" --repetitions "$REPS")
  echo "$swift_out"
  echo "$tiktoken_out"
  reference=$(echo "$tiktoken_out" | sed -n 's/.*: \([0-9.]*\) MB\/s.*/\1/p')
  echo "$swift_out" | sed -n 's/^swift \(.*\): \([0-9.]*\) MB\/s.*/\1 \2/p' | while read -r line; do
    label=${line% *}
    speed=${line##* }
    awk -v l="$label" -v s="$speed" -v r="$reference" 'BEGIN { printf "speedup %s vs tiktoken: %.1fx\n", l, s / r }'
  done
done
