#!/usr/bin/env bash
# Regenerates words.txt from Debian's libthai-data (the dictionary libthai and
# swath break Thai lines with). Needs: apt-get install libthai-data libdatrie1-bin
set -euo pipefail
cd "$(dirname "$0")"
(cd /usr/share/libthai && trietool thbrk list) | cut -f1 | LC_ALL=C sort -u > words.txt
dpkg-query -W -f='libthai-data ${Version}\n' libthai-data > SOURCE
wc -l words.txt
