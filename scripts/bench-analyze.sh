#!/usr/bin/env bash
# Benchmark `tokenaudit analyze` against zcat on the same gzip input, in the same run.
# Prints uncompressed MB/s, records/s and peak RSS. Inputs come from the fixed-seed generator
# and are never committed.
#   scripts/bench-analyze.sh [SIZE_MB] [FILES]     (default 1000 MB in 1 file)
# The logs span 7 days per 1000 MB (at least 7), so a larger input is a longer period at the same
# daily traffic, the way a team's logs grow (set DAYS to change it). Detectors keep state for one
# time window (24 h by default), so peak memory follows the daily traffic, not the period.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1000}
FILES=${2:-1}
DAYS=${DAYS:-$(( SIZE_MB > 1000 ? 7 * SIZE_MB / 1000 : 7 ))}
DATA=bench-data/analyze-${SIZE_MB}mb-${FILES}f-${DAYS}d
swift build -c release --product tokenaudit >/dev/null
BIN=.build/release/tokenaudit
if [ ! -d "$DATA" ]; then
  echo "generating ~${SIZE_MB} MB of logs in $DATA ..."
  $BIN sample --out "$DATA" --seed 7 --days "$DAYS" --size-mb "$SIZE_MB" --files "$FILES" --gzip >/dev/null
fi
gz_bytes=$(cat "$DATA"/*.gz | wc -c)
raw_bytes=$(zcat "$DATA"/*.gz | wc -c)
echo "input: $FILES file(s), $((gz_bytes / 1000000)) MB gzip, $((raw_bytes / 1000000)) MB uncompressed"

t0=$(date +%s.%N)
zcat "$DATA"/*.gz > /dev/null
t1=$(date +%s.%N)
zcat_s=$(echo "$t1 - $t0" | bc -l)

out=$(mktemp -d)
# --no-state: measure reading and analysis, not the first write of the incremental cache.
/usr/bin/time -v $BIN analyze "$DATA" --quiet --no-state --output "$out/r.md" --json "$out/r.json" 2> "$out/time.txt"
wall=$(grep "Elapsed (wall clock)" "$out/time.txt" | awk '{print $NF}')
analyze_s=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
rss_kb=$(grep "Maximum resident set size" "$out/time.txt" | awk '{print $NF}')
records=$(python3 -c "import json,sys; print(json.load(open('$out/r.json'))['input']['records'])")

python3 - "$raw_bytes" "$zcat_s" "$analyze_s" "$records" "$rss_kb" <<'PY'
import sys
raw, zs, as_, rec, rss = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
mb = raw / 1e6
print(f"zcat      : {zs:7.2f} s  {mb / zs:8.1f} MB/s")
print(f"analyze   : {as_:7.2f} s  {mb / as_:8.1f} MB/s  {rec / as_:10.0f} records/s  peak RSS {rss / 1024:.0f} MB")
print(f"analyze / zcat throughput: {zs / as_:.2f}x")
PY
