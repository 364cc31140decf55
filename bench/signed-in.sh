#!/usr/bin/env bash
# The booking storm's two pages measured alone: a signed-in user's seat map and the checkout
# page of a live hold, under wrk at 64 connections with that user's cookies, plus the
# signed-in /movies (a page customers share), /healthz and the stylesheet for scale. Prints requests/s and the server's CPU per request (from
# /proc). Figures: docs/PERFORMANCE.md, "Session 8".
#
#   bench/signed-in.sh                  # release build of marquee, 5 s per page
#   SECONDS_PER_PAGE=10 MARQUEE=/path/to/marquee bench/signed-in.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${SECONDS_PER_PAGE:-5}"
command -v wrk >/dev/null 2>&1 || { apt-get update && apt-get install -y wrk; }
if [ -z "${MARQUEE:-}" ]; then
  swift build -c release --package-path "$root" --product marquee
  MARQUEE="$(swift build -c release --package-path "$root" --show-bin-path)/marquee"
fi

data="$(mktemp -d)"
"$MARQUEE" serve --database "$data/marquee.sqlite" --port 0 --quiet >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
base=""
for _ in $(seq 1 300); do
  base="$(grep -o 'is serving http://[0-9.]*:[0-9]*' "$data/server.log" | head -1 | sed 's/is serving //')" || true
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "marquee did not start:" >&2; cat "$data/server.log" >&2; exit 1; }

jar="$data/cookies"
token() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
form="$(curl -sf -c "$jar" -b "$jar" "$base/signup" | token)"
curl -sf -c "$jar" -b "$jar" -o /dev/null --data "_csrf=$form&username=benchuser&email=bench@example.com&password=long-enough-pw&passwordConfirmation=long-enough-pw" "$base/signup"
showtime="$(curl -sf -b "$jar" "$base/showtimes" | grep -o 'href="/showtimes/[0-9]*"' | sed -n 5p | grep -o '[0-9]*')"
page="$(curl -sf -c "$jar" -b "$jar" "$base/showtimes/$showtime")"
seats="$(echo "$page" | grep -o 'name="seat" value="[0-9]*"' | head -2 | grep -o '[0-9]*' | sed 's/^/seat=/' | paste -sd'&')"
checkout="$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' --data "_csrf=$(echo "$page" | token)&$seats" "$base/showtimes/$showtime/hold")"
checkout="/checkout/${checkout##*/checkout/}"
cookie="$(awk '$6 ~ /^marquee_/ { printf "%s=%s; ", $6, $7 }' "$jar")"
echo "signed in as benchuser; seat map /showtimes/$showtime, held $checkout"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
ticks_per_second="$(getconf CLK_TCK)"
printf '| request | requests/s | server CPU µs per request |\n| --- | ---: | ---: |\n'
for path in /movies "/showtimes/$showtime" "$checkout" /healthz /static/css/site.css; do
  wrk -t2 -c64 -d1s -H "Cookie: $cookie" "$base$path" >/dev/null
  before="$(cpu_ticks)"
  out="$(wrk -t2 -c64 -d"${seconds}s" -H "Cookie: $cookie" "$base$path")"
  after="$(cpu_ticks)"
  if echo "$out" | grep -q "Non-2xx"; then echo "$path answered errors:" >&2; echo "$out" >&2; exit 1; fi
  requests="$(echo "$out" | awk '/requests in/ { print $1 }')"
  rate="$(echo "$out" | awk '/Requests\/sec/ { print $2 }')"
  printf '| `GET %s` | %s | %s |\n' "$path" "$rate" "$(( (after - before) * 1000000 / ticks_per_second / requests ))"
done
