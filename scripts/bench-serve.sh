#!/usr/bin/env bash
# Loads `prakat serve` with wrk on loopback beside nginx answering
# `return 302` under the same load, one after the other in each round,
# and checks that every request prakat answered is stored.
#
#   apt-get install -y --no-install-recommends wrk nginx-light
#   scripts/bench-serve.sh [SECONDS] [CONNECTIONS] [ROUNDS]   (default 10 s, 32 connections, 3 rounds)
#
# Each round runs nginx, then prakat with a new SQLite file, then, when
# PRAKAT_BENCH_DB=postgres://… names a database, prakat with PostgreSQL
# (its scans are counted before and after, so it need not be empty). The
# last lines give each round's figures and their medians.
set -euo pipefail
secs=${1:-10}
conns=${2:-32}
rounds=${3:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pg=${PRAKAT_BENCH_DB:-}
cleanup() { kill "${ngx:-}" "${srv:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/prakat" "$repo/cmd/prakat"
"$work/prakat" init "$work/camp" --survey-url https://survey.example.go.th/s --short-base https://s.example.go.th >/dev/null 2>&1
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

load() { wrk -t2 -c"$conns" -d"${secs}s" --latency -H "$ua" -s "$work/tokens.lua" "$1" > "$2"; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000; print v}' "$1"; }
answered() { awk '/requests in/ {print $1}' "$1"; }
stored() { # the scans the store holds
  "$work/prakat" report --config "$work/camp" --db "$1" --out "$work/report" >/dev/null 2>&1 || { echo 0; return; }
  tail -n +2 "$work/report/report.csv" | awk -F, '{s += $4} END {print s + 0}'
}
serve() { # db addr out: load prakat serve on db, write wrk's output to out
  "$work/prakat" serve --config "$work/camp" --db "$1" --addr "$2" >/dev/null 2>&1 & srv=$!
  for _ in $(seq 50); do curl -fs "http://$2/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  load "http://$2" "$3"
  kill -TERM "$srv"; wait "$srv" 2>/dev/null || true; srv=
}

: > "$work/rows"
for r in $(seq "$rounds"); do
  nginx -c "$work/nginx.conf" -g 'daemon off;' & ngx=$!
  sleep 0.5
  load http://127.0.0.1:18081 "$work/nginx.txt"
  kill "$ngx"; wait "$ngx" 2>/dev/null || true; ngx=
  n=$(rps "$work/nginx.txt")

  db="$work/scans-$r.db"
  serve "$db" 127.0.0.1:18082 "$work/sqlite.txt"
  printf '%s sqlite %s %s %s %s %s\n' "$r" "$n" "$(rps "$work/sqlite.txt")" "$(p99 "$work/sqlite.txt")" \
    "$(answered "$work/sqlite.txt")" "$(stored "$db")" >> "$work/rows"

  if [ -n "$pg" ]; then
    before=$(stored "$pg")
    serve "$pg" 127.0.0.1:18083 "$work/pg.txt"
    printf '%s postgres %s %s %s %s %s\n' "$r" "$n" "$(rps "$work/pg.txt")" "$(p99 "$work/pg.txt")" \
      "$(answered "$work/pg.txt")" "$(( $(stored "$pg") - before ))" >> "$work/rows"
  fi
  tail -n "$([ -n "$pg" ] && echo 2 || echo 1)" "$work/rows" | awk '{
    printf "round %s: nginx %.0f req/s; prakat with %s %.0f req/s = %.1f%% of nginx, p99 %.2f ms; answered %d, stored %d\n",
      $1, $3, $2, $4, 100 * $4 / $3, $5, $6, $7 }'
done

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for store in sqlite postgres; do
  grep -q " $store " "$work/rows" || continue
  share=$(awk -v s="$store" '$2 == s {print 100 * $4 / $3}' "$work/rows" | median)
  lat=$(awk -v s="$store" '$2 == s {print $5}' "$work/rows" | median)
  lost=$(awk -v s="$store" '$2 == s && $7 < $6 {n++} END {print n + 0}' "$work/rows")
  printf 'median of %d rounds, %s: %.1f%% of nginx, p99 %.2f ms; rounds with an answered scan not stored: %d\n' \
    "$rounds" "$store" "$share" "$lat" "$lost"
done
