#!/usr/bin/env bash
# Times what the pictures for screens (-social.png, -banner.png, -web.html)
# add to `prakat generate` on the national DLA register: the run with them
# and the run without (--no-pictures), alternating, round after round, each
# into a folder on tmpfs (/dev/shm) emptied before it outside the timing.
# Prints each round, the medians and the ratio of wall and of CPU time (user
# and system). The machines are noisy: read the ratio, not the seconds.
#
#   scripts/bench-pictures.sh [ROUNDS]        (default 5)
set -euo pipefail
rounds=${1:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
register=$shared/data/lao-national.csv
tmp=/dev/shm
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
work=$(mktemp -d "$tmp/bench-pictures.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/prakat" "$repo/cmd/prakat"
"$work/prakat" init "$work/campaign" --survey-url https://survey.example.go.th/s \
  --short-base https://s.example.go.th --closing-date 2026-12-31 \
  --department-number "มท ๐๘๑๐.๗/ว ๒๕๒๒" --department-date 2021-10-29 >/dev/null
# Issue the links once, so every round does the same work.
"$work/prakat" links --config "$work/campaign" --units "$register" -o /dev/null 2>/dev/null

run() { # run FILE [FLAGS]: one timed run, appended to FILE as "wall cpu peak-KB"
  local file=$1; shift
  rm -rf "$work/out"; sync; sleep 1
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" \
    "$work/prakat" generate --config "$work/campaign" --units "$register" --out "$work/out" -q "$@" 2>/dev/null
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/t" >>"$work/$file"
}
for i in $(seq "$rounds"); do
  run with
  run without --no-pictures
  printf "round %d: with pictures %s s (CPU %s s), without %s s (CPU %s s)\n" "$i" \
    "$(tail -1 "$work/with" | cut -d' ' -f1)" "$(tail -1 "$work/with" | cut -d' ' -f2)" \
    "$(tail -1 "$work/without" | cut -d' ' -f1)" "$(tail -1 "$work/without" | cut -d' ' -f2)"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ww=$(cut -d' ' -f1 "$work/with" | median); wc=$(cut -d' ' -f2 "$work/with" | median)
ow=$(cut -d' ' -f1 "$work/without" | median); oc=$(cut -d' ' -f2 "$work/without" | median)
wm=$(cut -d' ' -f3 "$work/with" | median); om=$(cut -d' ' -f3 "$work/without" | median)
# The ratio of each round's pair, then their median: a pair ran minutes apart.
rw=$(paste -d' ' "$work/with" "$work/without" | awk '{print $1 / $4}' | median)
rc=$(paste -d' ' "$work/with" "$work/without" | awk '{print $2 / $5}' | median)
awk -v ww="$ww" -v wc="$wc" -v ow="$ow" -v oc="$oc" -v wm="$wm" -v om="$om" -v rw="$rw" -v rc="$rc" -v r="$rounds" 'BEGIN {
  printf "rounds: %d (medians)\n", r
  printf "with pictures:    %6.2f s wall, %6.2f s CPU, peak %d MB\n", ww, wc, wm / 1024
  printf "without pictures: %6.2f s wall, %6.2f s CPU, peak %d MB\n", ow, oc, om / 1024
  printf "with / without, median of the rounds: %.2f times the wall time, %.2f times the CPU time (goal: 1.5)\n", rw, rc
}'
