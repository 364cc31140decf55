#!/usr/bin/env bash
# The booking storm against two builds of Marquee, in turns: how to compare a change on a
# machine whose speed drifts from one minute to the next (figures from different moments
# do not compare; runs taken in turns do).
#
#   bench/storm-ab.sh OLD_MARQUEE NEW_MARQUEE [--rounds N] [--seconds S] [--users U]
#
# Save a build aside first, e.g.:
#   git checkout OLD && swift build -c release --product marquee && cp .build/release/marquee /tmp/marquee.old
#   git checkout -  && swift build -c release --product marquee
#   bench/storm-ab.sh /tmp/marquee.old .build/release/marquee
#
# Each run starts the binary on a fresh demo cinema in /tmp and prints its RESULT line
# (confirmed/s and the server's CPU per booking). Needs the release BookingLoad
# (cd bench && swift build -c release --product BookingLoad). Not part of the test command.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 2 ] || { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
old="$1"; new="$2"; shift 2
rounds=2; seconds=5; users=64
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --users) users="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
load="$(cd "$here" && swift build -c release --show-bin-path)/BookingLoad"
[ -x "$load" ] || { echo "no release BookingLoad at $load" >&2; exit 1; }

run() {
  local label="$1" binary="$2" data base="" pid
  data="$(mktemp -d /tmp/storm-ab.XXXXXX)"
  "$binary" serve --database "$data/marquee.sqlite" --port 0 --quiet >"$data/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    base="$(grep -o 'is serving http://[0-9.]*:[0-9]*' "$data/server.log" 2>/dev/null | head -1 | sed 's/is serving //')" || true
    [ -n "$base" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$base" ]; then
    echo "$label: the server did not start" >&2
  else
    echo "$label: $("$load" storm --base "$base" --users "$users" --seconds "$seconds" --server-pid "$pid" | grep '^RESULT')" | tee -a "$results"
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

results="$(mktemp /tmp/storm-ab-results.XXXXXX)"
for round in $(seq 1 "$rounds"); do
  run "round $round old" "$old"
  run "round $round new" "$new"
done

# Means per build, over all rounds and over the rounds whose window lost under 5% of the
# machine to other guests (steal_pct); stolen time slows both builds' figures unevenly.
awk '
  { side = $3; sub(":", "", side)
    rate = cpu = steal = ""
    for (i = 1; i <= NF; i++) {
      split($i, kv, "=")
      if (kv[1] == "rate") rate = kv[2]
      if (kv[1] == "server_cpu_ms_per_booking") cpu = kv[2]
      if (kv[1] == "steal_pct") steal = kv[2]
    }
    n[side]++; r[side] += rate; c[side] += cpu
    if (steal != "?" && steal + 0 < 5) { qn[side]++; qr[side] += rate; qc[side] += cpu }
  }
  END {
    for (side in n) {
      printf "%s: mean %.0f confirmed/s, %.2f ms server CPU per booking over %d rounds", side, r[side] / n[side], c[side] / n[side], n[side]
      if (qn[side] > 0) printf "; %.0f/s, %.2f ms over the %d with under 5%% stolen", qr[side] / qn[side], qc[side] / qn[side], qn[side]
      printf "\n"
    }
  }' "$results"
rm -f "$results"
