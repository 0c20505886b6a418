#!/usr/bin/env bash
# The throughput and memory benchmark: sortie (release build), Hurl and wrk against one local
# server in the same run, alternated, and a table of the medians. Figures only: nothing here
# passes or fails on time, and none of it is part of `cargo test`.
#
#   bash bench/run.sh [RUNS]          # RUNS rounds of every measurement (default 5)
#
# The server is nginx from Debian when installed (a minimal config in a temporary folder, no
# root needed), else the example API (`cargo run --release --example demo -- --serve PORT`).
# Hurl is $SORTIE_HURL, `hurl` on PATH or the one .ci/run installs; wrk is on PATH. What is missing is left
# out of the table. `--jobs` is $BENCH_JOBS (default 2, as wrk's connections).
#
# Shapes: 40 files x 250 GET entries with two JSONPath asserts each, and 400 files x 25 of the
# same entries; and the parse row: `sortie check` on a generated 4.7 MB file of 20,000 entries.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jobs=${BENCH_JOBS:-2}

cargo build --release --quiet --bin sortie
target=${CARGO_TARGET_DIR:-target}
sortie="$target/release/sortie"

dir=$(mktemp -d)
# nginx started by root serves as `nobody`: the document must be readable by all.
chmod 755 "$dir"
server=
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
document='{"status":"ok","service":"bench","items":[1,2,3]}'

if command -v nginx >/dev/null; then
  server_name="nginx $(nginx -v 2>&1 | sed 's/.*nginx\///')"
  mkdir -p "$dir/nginx/logs" "$dir/nginx/tmp" "$dir/nginx/www"
  printf '%s' "$document" > "$dir/nginx/www/health"
  cat > "$dir/nginx/nginx.conf" <<EOF
worker_processes ${BENCH_NGINX_WORKERS:-1};
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/tmp/body;
  proxy_temp_path $dir/nginx/tmp/proxy;
  fastcgi_temp_path $dir/nginx/tmp/fastcgi;
  uwsgi_temp_path $dir/nginx/tmp/uwsgi;
  scgi_temp_path $dir/nginx/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:$port;
    root $dir/nginx/www;
    location / { default_type application/json; }
  }
}
EOF
  nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' 2>"$dir/nginx/logs/stderr" &
  server=$!
else
  server_name="the example API"
  cargo build --release --quiet --example demo
  "$target/release/examples/demo" --serve "$port" 2>/dev/null &
  server=$!
fi

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

# Hurl: $SORTIE_HURL, else on PATH, else where .ci/run installs it.
hurl=${SORTIE_HURL:-$(command -v hurl || true)}
if [[ -z $hurl && -x ${HOME:-/root}/.cache/sortie-hurl/bin/hurl ]]; then hurl=${HOME:-/root}/.cache/sortie-hurl/bin/hurl; fi
wrk=$(command -v wrk || true)

python3 bench/measure.py --dir "$dir" --port "$port" --runs "$runs" --jobs "$jobs" \
  --sortie "$sortie" --hurl "$hurl" --wrk "$wrk" --server "$server_name"
