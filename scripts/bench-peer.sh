#!/usr/bin/env bash
# Times `prakat generate` on the national DLA register (7,849 posters) beside
# WeasyPrint's 200-page batch of the same kind of poster (shared/bench/peer),
# alternating the two in one run, and prints per-poster medians and their
# ratio. The machines are noisy: read the ratio, not the seconds. The output
# goes to tmpfs (/dev/shm) where there is one: on ext4, files created just
# after a previous output was deleted cost seconds of the kernel's time,
# which is the file system's, not prakat's. The pictures for screens are
# left out (--no-pictures): they are timed on their own.
#
#   apt-get install -y --no-install-recommends weasyprint qrencode fonts-thai-tlwg
#   scripts/bench-peer.sh [ROUNDS]        (default 3)
set -euo pipefail
rounds=${1:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
register=$shared/data/lao-national.csv
tmp=/dev/shm
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
work=$(mktemp -d "$tmp/bench-peer.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/prakat" "$repo/cmd/prakat"
cp -r "$shared/bench/peer/." "$work/peer"
(cd "$work/peer" && python3 gen.py 200 >/dev/null && ./qr.sh svg)
"$work/prakat" init "$work/campaign" --survey-url https://survey.example.go.th/s \
  --short-base https://s.example.go.th --closing-date 2026-12-31 \
  --department-number "มท ๐๘๑๐.๗/ว ๒๕๒๒" --department-date 2021-10-29 >/dev/null
# Issue the links once, so every round does the same work.
"$work/prakat" links --config "$work/campaign" --units "$register" -o /dev/null 2>/dev/null

for i in $(seq "$rounds"); do
  (cd "$work/peer" && /usr/bin/time -f "%e %M" -a -o "$work/weasy.txt" weasyprint html/batch.html "$work/batch.pdf")
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -a -o "$work/prakat.txt" \
    "$work/prakat" generate --config "$work/campaign" --units "$register" --out "$work/out" -q --no-pictures 2>/dev/null
done

posters=$(($(wc -l < "$work/out/manifest.csv") - 1))
# The posters alone: not the print files, the district letters or the letters/ folder.
size=$(find "$work/out" -name '*.pdf' ! -name 'print-all*.pdf' ! -name letter.pdf ! -path '*/letters/*' -printf '%s\n' | sort -n | awk '{a[NR]=$1; s+=$1} END {printf "%.1f KB mean, %.1f KB largest", s/NR/1024, a[NR]/1024}')
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
w=$(cut -d' ' -f1 "$work/weasy.txt" | median)
p=$(cut -d' ' -f1 "$work/prakat.txt" | median)
pm=$(cut -d' ' -f2 "$work/prakat.txt" | median)
awk -v w="$w" -v p="$p" -v n="$posters" -v pm="$pm" -v size="$size" -v r="$rounds" 'BEGIN {
  wp = w / 200 * 1000; pp = p / n * 1000
  printf "rounds: %d (medians)\n", r
  printf "WeasyPrint, 200-page batch:   %6.2f s  %6.2f ms a poster\n", w, wp
  printf "prakat generate, %d units: %6.2f s  %6.2f ms a poster, peak %d MB\n", n, p, pp, pm / 1024
  printf "prakat posters: %s\n", size
  printf "prakat is %.1f times faster a poster\n", wp / pp
}'
