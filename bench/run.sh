#!/usr/bin/env bash
# Runs `sortie test` on 40 generated files of 250 entries each against the example API on a
# local port, and prints the summary with requests per second. Figures only: nothing here
# passes or fails on time.
#
#   bash bench/run.sh [FILES] [ENTRIES] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-40}
entries=${2:-250}
jobs=${3:-$(nproc)}

cargo build --release --quiet --bin sortie --example demo

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
target/release/examples/demo --serve "$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
dir=$(mktemp -d)

for ((f = 1; f <= files; f++)); do
  {
    for ((e = 1; e <= entries; e++)); do
      printf '# Entry %d of file %d\nGET http://127.0.0.1:%d/health\nX-Bench: %d-%d\nHTTP 200\n[Asserts]\njsonpath "$.status" == "ok"\nheader "Content-Type" contains "json"\n\n' \
        "$e" "$f" "$port" "$f" "$e"
    done
  } > "$dir/bench_$f.hurl"
done

# Wait for the API.
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

echo "sortie test: $files files x $entries entries = $((files * entries)) requests, --jobs $jobs"
start=$(date +%s.%N)
target/release/sortie test "$dir" --jobs "$jobs" --max-time 10s --color never
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'wall: {s:.2f} s, {n/s:.0f} requests/s')" "$start" "$end" "$((files * entries))"
