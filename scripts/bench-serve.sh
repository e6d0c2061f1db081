#!/usr/bin/env bash
# Loads `prakat serve` with wrk on loopback beside nginx answering
# `return 302` under the same load, one after the other in one run, and
# checks that every request prakat answered is stored.
#
#   apt-get install -y --no-install-recommends wrk nginx-light
#   scripts/bench-serve.sh [SECONDS] [CONNECTIONS]     (default 10 s, 32 connections)
#
# PRAKAT_BENCH_DB=postgres://… stores the scans in that PostgreSQL database,
# which must be empty, instead of a SQLite file.
set -euo pipefail
secs=${1:-10}
conns=${2:-32}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
db=${PRAKAT_BENCH_DB:-$work/scans.db}
cleanup() { kill "${ngx:-}" "${srv:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/prakat" "$repo/cmd/prakat"
"$work/prakat" init "$work/camp" --survey-url https://survey.example.go.th/s --short-base https://s.example.go.th >/dev/null
"$work/prakat" links --config "$work/camp" -o "$work/links.csv" 2>/dev/null

# wrk walks the 38 tokens, as a phone would scan them.
{
  echo 'local paths = {'
  tail -n +2 "$work/links.csv" | cut -d, -f5 | sed 's/.*/  "\/&",/'
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
} > "$work/tokens.lua"
ua='User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148'

cat > "$work/nginx.conf" <<NGX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:18081;
    location / { add_header Cache-Control no-store always; return 302 https://survey.example.go.th/s?unit=2740101; }
  }
}
NGX
nginx -c "$work/nginx.conf" -g 'daemon off;' & ngx=$!
sleep 0.5
echo "== nginx return 302"
wrk -t2 -c"$conns" -d"${secs}s" --latency -H "$ua" -s "$work/tokens.lua" http://127.0.0.1:18081 | tee "$work/nginx.txt"
kill "$ngx"; wait "$ngx" 2>/dev/null || true; ngx=

"$work/prakat" serve --config "$work/camp" --db "$db" --addr 127.0.0.1:18082 >/dev/null 2>&1 & srv=$!
sleep 0.7
echo "== prakat serve"
wrk -t2 -c"$conns" -d"${secs}s" --latency -H "$ua" -s "$work/tokens.lua" http://127.0.0.1:18082 | tee "$work/prakat.txt"
kill -TERM "$srv"; wait "$srv" 2>/dev/null || true; srv=

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
answered=$(awk '/requests in/ {print $1}' "$work/prakat.txt")
stored=$("$work/prakat" report --config "$work/camp" --db "$db" --out "$work/report" >/dev/null && \
  tail -n +2 "$work/report/report.csv" | awk -F, '{s += $4} END {print s}')
awk -v n="$(rps "$work/nginx.txt")" -v p="$(rps "$work/prakat.txt")" -v l="$(p99 "$work/prakat.txt")" \
    -v a="$answered" -v s="$stored" 'BEGIN {
  printf "nginx %.0f req/s; prakat %.0f req/s = %.1f%% of nginx; prakat p99 %s\n", n, p, 100 * p / n, l
  printf "prakat answered %d requests (wrk), stored %d scans\n", a, s
}'
