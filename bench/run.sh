#!/usr/bin/env bash
# The whole site under load (issue 7). Builds Marquee and the load generator in release,
# starts `marquee serve` on a fresh demo cinema in /tmp, measures page throughput and
# latency with wrk, runs the contention run and the booking storm, samples the server's
# memory, prints a table and writes it to the "## The whole site" section of
# docs/PERFORMANCE.md with the machine's details.
#
#   bench/run.sh                 full run: 10 s per URL, storm 10 s, 5 contention rounds
#   bench/run.sh --quick         3 s per URL, storm 5 s, 2 contention rounds (for iterating)
#   bench/run.sh --no-write      print only; leave docs/PERFORMANCE.md alone
#   bench/run.sh --wait-idle     wait (up to 15 min) for a 1-minute load average below 1.5
#   bench/run.sh --skip-build    use the binaries already built
#   bench/run.sh --only pages    only the wrk part (or: --only booking)
#   bench/run.sh --keep          keep the data folder and server log in /tmp afterwards
#   bench/run.sh --perf          also record a perf profile of the server per URL and run
#   bench/run.sh --server-args "--seat-map-cache-seconds 0"
#                                extra arguments for marquee serve (here: live seat maps)
#   bench/run.sh --data-dir DIR  put the database in DIR (default /tmp; /dev/shm shows the
#                                booking path without the disk's fsync)
#
# Read a profile with: perf report -i bench/results/<run>/wrk-seat-map.perf --no-children
# Not part of the test command. Needs wrk (Debian: apt-get install -y wrk) and curl.
# Everything runs on loopback; every load loop is bounded in time or count.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

seconds=10
storm_seconds=10
storm_users=64
contention_users=200
contention_rounds=5
connections=64
threads=2
write_doc=1
wait_idle=0
build=1
only=""
keep=0
idle_load=1.5
perf=0
data_parent=/tmp
server_args=""

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) seconds=3; storm_seconds=5; contention_rounds=2 ;;
    --seconds) seconds="$2"; shift ;;
    --storm-seconds) storm_seconds="$2"; shift ;;
    --storm-users) storm_users="$2"; shift ;;
    --contention-users) contention_users="$2"; shift ;;
    --rounds) contention_rounds="$2"; shift ;;
    --no-write) write_doc=0 ;;
    --wait-idle) wait_idle=1 ;;
    --skip-build) build=0 ;;
    --only) only="$2"; shift ;;
    --keep) keep=1 ;;
    --perf) perf=1 ;;
    --data-dir) data_parent="$2"; shift ;;
    --server-args) server_args="$2"; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== Installing wrk"
    apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "wrk is missing: sudo apt-get install -y wrk" >&2
    exit 1
  fi
fi
command -v curl >/dev/null || { echo "curl is missing" >&2; exit 1; }

# --- build ---------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
  echo "== Building marquee and BookingLoad in release (the first time takes minutes)"
  # SwiftPM here sometimes plans from a stale build description and misses a source file
  # added since the last build ("cannot find type … in scope"); drop the plans, keep the objects.
  rm -f "$root/.build/release.yaml" "$root"/.build/*/release/description.json \
    "$here/.build/release.yaml" "$here"/.build/*/release/description.json
  (cd "$root" && swift build -c release --product marquee 2>&1 | grep -E 'error|warning:|Compiling marquee|Build complete' || true)
  (cd "$here" && swift build -c release --product BookingLoad 2>&1 | grep -E 'error|warning:|Build complete' || true)
fi
marquee="$(cd "$root" && swift build -c release --show-bin-path)/marquee"
load="$(cd "$here" && swift build -c release --show-bin-path)/BookingLoad"
[ -x "$marquee" ] || { echo "no release marquee at $marquee" >&2; exit 1; }
[ -x "$load" ] || { echo "no release BookingLoad at $load" >&2; exit 1; }

# --- server --------------------------------------------------------------------------------
data="$(mktemp -d "$data_parent/marquee-bench.XXXXXX")"
results="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
server_pid=""
sampler_pid=""
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then
    echo "Kept $data"
  else
    cp "$data/server.log" "$results/server.log" 2>/dev/null || true
    rm -rf "$data"
  fi
}
trap cleanup EXIT

echo "== Starting marquee serve on a fresh demo cinema in $data"
# shellcheck disable=SC2086 # server_args is a list of words on purpose
"$marquee" serve --database "$data/marquee.sqlite" --port 0 --quiet $server_args >"$data/server.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 1 600); do
  base="$(grep -o 'is serving http://[0-9.]*:[0-9]*' "$data/server.log" 2>/dev/null | head -1 | sed 's/is serving //')" || true
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log" >&2; echo "marquee exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { cat "$data/server.log" >&2; echo "marquee did not start within a minute" >&2; exit 1; }
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$base/healthz" >/dev/null || { echo "/healthz does not answer" >&2; exit 1; }
echo "   serving $base (pid $server_pid)"

# How many small synchronous writes a second the data folder's disk takes: with SQLite's
# synchronous = FULL every committed transaction waits for one (the booking storm commits
# two per booking, the hold and the confirmation).
sync_writes="$(dd if=/dev/zero of="$data/sync-probe" bs=4k count=200 oflag=dsync 2>&1 | awk '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s,") { printf "%.0f", 200 / $(i - 1) } }')"
rm -f "$data/sync-probe"
echo "   data folder on $(df -T "$data" | awk 'NR == 2 { print $2 }'): about ${sync_writes:-?} synchronous 4 KiB writes/s (dd oflag=dsync)"

rss_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$server_pid/status"; }
rss_start_kb="$(rss_kb VmRSS)"

# Memory, twice a second, for the whole run, tagged with the phase (the load generator
# creates *.started files when its users are signed up); the kernel's VmHWM is the peak.
phase_of() {
  if [ -e "$results/storm.started" ]; then echo storm
  elif [ -e "$results/storm.signup" ]; then echo storm-signup
  elif [ -e "$results/contention.started" ]; then echo contention
  elif [ -e "$results/contention.signup" ]; then echo contention-signup
  else echo pages; fi
}
( while kill -0 "$server_pid" 2>/dev/null; do
    echo "$(phase_of) $(awk '$1 == "VmRSS:" { print $2 }' "/proc/$server_pid/status" 2>/dev/null)"
    sleep 0.5
  done ) >"$results/rss-kb.txt" &
sampler_pid=$!

# --- what to ask for -------------------------------------------------------------------------
tomorrow="$(date -d tomorrow +%F)"
movies_page="$(curl -fsS "$base/movies")"
movie_id="$(grep -o 'href="/movies/[0-9]*"' <<<"$movies_page" | head -1 | grep -o '[0-9]*')"
movie_page="$(curl -fsS "$base/movies/$movie_id")"
genre="$(grep -o 'href="/movies?genre=[^"]*"' <<<"$movie_page" | head -1 | sed 's/.*genre=//; s/"$//')"
title="$(grep -o '<h1>[^<]*</h1>' <<<"$movie_page" | head -1 | sed 's/<[^>]*>//g')"
# The title's longest word (letters only) is the keyword: a search that finds this film.
keyword="$(tr -cs 'A-Za-z' '\n' <<<"$title" | awk '{ print length, $0 }' | sort -rn | head -1 | cut -d' ' -f2)"
showtime_id="$(curl -fsS "$base/showtimes?from=$tomorrow&to=$tomorrow" | grep -o 'href="/showtimes/[0-9]*"' | head -1 | grep -o '[0-9]*')"
[ -n "$movie_id" ] && [ -n "$genre" ] && [ -n "$keyword" ] && [ -n "$showtime_id" ] || {
  echo "could not pick a movie ($movie_id), genre ($genre), keyword ($keyword) or showtime ($showtime_id)" >&2; exit 1; }
filtered="/movies?genre=$genre&q=$keyword"
curl -fsS "$base$filtered" | grep -q "href=\"/movies/$movie_id\"" || echo "   note: $filtered does not list movie $movie_id"
echo "   movie $movie_id (\"$title\"), genre $genre, keyword $keyword, showtime $showtime_id (tomorrow)"

# --- load average --------------------------------------------------------------------------
load1() { cut -d' ' -f1 /proc/loadavg; }
busy() { awk -v l="$(load1)" -v max="$idle_load" 'BEGIN { exit !(l >= max) }'; }
if [ "$wait_idle" = 1 ] && busy; then
  echo "== Waiting for a 1-minute load average below $idle_load (now $(load1)), at most 15 minutes"
  for _ in $(seq 1 90); do busy || break; sleep 10; done
fi
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
provisional=0
busy && provisional=1
echo "   load average before measuring: $load_before$([ "$provisional" = 1 ] && echo '  (busy: figures are provisional)')"

# --- pages with wrk --------------------------------------------------------------------------
# wrk prints latencies with units (us, ms, s); everything here is in milliseconds.
group() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } print s out }'; }
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }' <<<"$1"; }

# The server's CPU time so far (user + system), in clock ticks: CPU per request is a figure
# that stays comparable when other work shares the machine, unlike requests per second.
ticks_per_second="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
# The whole machine's ticks "steal total" (/proc/stat): time the hypervisor gave to other
# guests. On a shared virtual machine it comes and goes, and a run that lost much of its
# time to it measures low; the tables show it per row.
machine_ticks() { awk '$1 == "cpu" { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
stolen_percent() { # "steal total" before, after
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[2] - x[2]; if (t > 0) printf "%.0f", 100 * (y[1] - x[1]) / t; else print "?" }'
}

declare -a rows=()
pages_ok=1
most_stolen=0  # the highest share of the machine stolen during any measurement, in percent
measure() { # name path goal_rps [cookie header value: a signed-in visitor]
  local name="$1" path="$2" goal="$3" out="$results/wrk-$(tr -c 'a-z0-9' '-' <<<"$1" | tr -s '-').txt"
  local headers=()
  [ -z "${4:-}" ] || headers=(-H "Cookie: $4")
  wrk -t"$threads" -c"$connections" -d1s "${headers[@]}" "$base$path" >/dev/null 2>&1 || true   # warm-up, not recorded
  local perf_pid="" cpu_before cpu_after machine_before machine_after
  cpu_before="$(cpu_ticks)"
  machine_before="$(machine_ticks)"
  if [ "$perf" = 1 ]; then
    perf record -F 999 -g -p "$server_pid" -o "${out%.txt}.perf" -- sleep "$seconds" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${headers[@]}" "$base$path" >"$out" 2>&1
  cpu_after="$(cpu_ticks)"
  machine_after="$(machine_ticks)"
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  local rps p50 p99 bad errors verdict total cpu_us stolen
  stolen="$(stolen_percent "$machine_before" "$machine_after")"
  [ "$stolen" != "?" ] && [ "$stolen" -gt "$most_stolen" ] && most_stolen="$stolen"
  total="$(awk '/requests in/ { print $1 }' "$out")"
  cpu_us="$(awk -v t="$((cpu_after - cpu_before))" -v hz="$ticks_per_second" -v n="${total:-0}" 'BEGIN { if (n > 0) printf "%.0f", t / hz * 1e6 / n; else print "?" }')"
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
  bad="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"; bad="${bad:-0}"
  errors="$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out")"; errors="${errors:-0}"
  verdict="ok"
  if [ "$goal" != "-" ] && [ "${rps:-0}" -lt "$goal" ]; then verdict="missed"; fi
  awk -v p="${p99:-999}" 'BEGIN { exit !(p >= 20) }' && verdict="missed"
  [ "$bad" != 0 ] || [ "$errors" != 0 ] && verdict="errors"
  [ "$verdict" = ok ] || pages_ok=0
  local goal_text="p99 < 20 ms"
  [ "$goal" != "-" ] && goal_text="≥ $(group "$goal") req/s, p99 < 20 ms"
  rows+=("| $name | \`$path\` | $(group "${rps:-0}") | $p50 | $p99 | $cpu_us | $stolen | $bad / $errors | $goal_text | $verdict |")
  printf '   %-26s %7s req/s  p50 %7s ms  p99 %7s ms  server CPU %5s µs/req  stolen %s%%  non-2xx/3xx %s, socket errors %s  %s\n' \
    "$name" "${rps:-?}" "$p50" "$p99" "$cpu_us" "$stolen" "$bad" "$errors" "$verdict"
}

if [ "$only" != booking ]; then
  echo "== Pages: wrk -t$threads -c$connections -d${seconds}s --latency (after a 1 s warm-up each)"
  measure "/movies" "/movies" 10000
  measure "/movies, genre + keyword" "$filtered" "-"
  measure "movie page" "/movies/$movie_id" "-"
  measure "seat map" "/showtimes/$showtime_id" 7000
  measure "/healthz" "/healthz" "-"
  measure "static CSS" "/static/css/site.css" "-"

  # The same site signed in: a customer's catalogue page (shared by customers), seat map and
  # checkout page of a live hold (their own: the two pages of every booking in the storm).
  jar="$data/cookies"
  token() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
  form_token="$(curl -fsS -c "$jar" -b "$jar" "$base/signup" | token)"
  curl -fsS -c "$jar" -b "$jar" -o /dev/null --data "_csrf=$form_token&username=bench-visitor&email=bench-visitor@example.com&password=long-enough-pw&passwordConfirmation=long-enough-pw" "$base/signup"
  curl -fsS -c "$jar" -b "$jar" -o /dev/null "$base/account"  # shows (and clears) the welcome message
  seat_map="$(curl -fsS -c "$jar" -b "$jar" "$base/showtimes/$showtime_id")"
  seats="$(grep -o 'name="seat" value="[0-9]*"' <<<"$seat_map" | head -2 | grep -o '[0-9]*' | sed 's/^/seat=/' | paste -sd'&')"
  checkout="$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' --data "_csrf=$(token <<<"$seat_map")&$seats" "$base/showtimes/$showtime_id/hold")"
  checkout="/checkout/${checkout##*/checkout/}"
  [ "$checkout" != "/checkout/" ] || { echo "could not sign up and hold seats for the signed-in pages" >&2; exit 1; }
  curl -fsS -c "$jar" -b "$jar" -o /dev/null "$base$checkout"  # shows (and clears) the hold's message
  cookie="$(awk '$6 ~ /^marquee_/ { printf "%s=%s; ", $6, $7 }' "$jar")"
  measure "/movies, signed in" "/movies" "-" "$cookie"
  measure "seat map, signed in" "/showtimes/$showtime_id" "-" "$cookie"
  measure "checkout page" "$checkout" "-" "$cookie"
fi

# --- bookings ------------------------------------------------------------------------------
contention_line="" storm_line="" contention_ok=1 storm_ok=1
if [ "$only" != pages ]; then
  echo "== Contention: $contention_users users want the same 4 seats, $contention_rounds rounds"
  touch "$results/contention.signup"
  "$load" contention --base "$base" --users "$contention_users" --seats 4 --rounds "$contention_rounds" \
    --ready-file "$results/contention.started" \
    | tee "$results/contention.txt" || contention_ok=0
  contention_line="$(grep '^RESULT contention' "$results/contention.txt" || true)"
  [ -n "$contention_line" ] || contention_ok=0

  echo "== Booking storm: $storm_users users, ${storm_seconds} s"
  touch "$results/storm.signup"
  storm_perf_pid=""
  if [ "$perf" = 1 ]; then
    # The storm signs its users up first (seconds of scrypt); profile only the booking window.
    ( for _ in $(seq 1 1200); do [ -e "$results/storm.started" ] && break; sleep 0.1; done
      perf record -F 999 -g -p "$server_pid" -o "$results/storm.perf" -- sleep "$storm_seconds" >/dev/null 2>&1 ) &
    storm_perf_pid=$!
  fi
  "$load" storm --base "$base" --users "$storm_users" --seconds "$storm_seconds" --ready-file "$results/storm.started" --server-pid "$server_pid" \
    | tee "$results/storm.txt" || storm_ok=0
  [ -z "$storm_perf_pid" ] || wait "$storm_perf_pid" || true
  storm_line="$(grep '^RESULT storm' "$results/storm.txt" || true)"
  [ -n "$storm_line" ] || storm_ok=0
fi

kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
rss_peak_kb="$(rss_kb VmHWM)"
rss_end_kb="$(rss_kb VmRSS)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
peak_in() { awk -v p="$1" '$1 == p && $2 > max { max = $2 } END { printf "%.1f", max / 1024 }' "$results/rss-kb.txt"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
field() { grep -o "$1=[^ ]*" <<<"$2" | cut -d= -f2; }

# --- report --------------------------------------------------------------------------------
storm_rate="$(field rate "$storm_line")"
rss_verdict=$([ "$rss_peak_kb" -lt $((100 * 1024)) ] && echo ok || echo missed)
report="$(mktemp)"
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on commit \`$(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet HEAD -- Sources Templates Public 2>/dev/null || echo '+changes')\`."
  storm_stolen="$(field steal_pct "$storm_line")"
  [ -n "$storm_stolen" ] && [ "$storm_stolen" != "?" ] && [ "$storm_stolen" -gt "$most_stolen" ] && most_stolen="$storm_stolen"
  if [ "$most_stolen" -ge 5 ]; then
    echo "**Provisional:** the hypervisor took up to ${most_stolen}% of the machine during a measurement (steal time in /proc/stat), so these figures are low and noisy; see the stolen column."
  fi
  if [ "$provisional" = 1 ]; then
    echo "**Provisional:** the machine was busy (1-minute load average $(cut -d' ' -f1 <<<"$load_before") before measuring, above $idle_load), so these figures are low and noisy."
  fi
  echo
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, Linux $(uname -r)"
  echo "- Toolchain: $(swift --version 2>/dev/null | head -1), release builds"
  echo "- Load average (1, 5, 15 min): $load_before before measuring, $load_after after"
  echo "- Load generators on the same machine: \`wrk -t$threads -c$connections -d${seconds}s --latency URL\` (after a 1 s warm-up), \`BookingLoad contention --users $contention_users --seats 4 --rounds $contention_rounds\`, \`BookingLoad storm --users $storm_users --seconds $storm_seconds\`"
  echo "- Server: \`marquee serve --database $data_parent/…/marquee.sqlite --port 0 --quiet${server_args:+ $server_args}\` on the demo cinema (anonymous visitors for the pages without cookies, a customer's cookies for those signed in); the data folder's file system ($(df -T "$data" | awk 'NR == 2 { print $2 }')) takes about ${sync_writes:-?} synchronous 4 KiB writes/s (\`dd oflag=dsync\`), the ceiling on commits with \`synchronous = FULL\`"
  echo
  if [ ${#rows[@]} -gt 0 ]; then
    echo "| page | path | requests/s | p50 ms | p99 ms | server CPU µs/request | % of the machine stolen | non-2xx / socket errors | goal | |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
    printf '%s\n' "${rows[@]}"
    echo
  fi
  if [ "$only" != pages ]; then
    echo "| booking run | result | goal | |"
    echo "| --- | --- | --- | --- |"
    if [ -n "$storm_line" ]; then
      storm_verdict=$([ "$storm_ok" = 1 ] && [ "${storm_rate:-0}" -ge 1500 ] && echo ok || echo missed)
      echo "| storm: $(field users "$storm_line") users hold and confirm distinct seats | $(group "$(field confirmed "$storm_line")") confirmed in $(field seconds "$storm_line") s = **$(group "$storm_rate") confirmed/s**; booking (4 requests) p50 $(field booking_p50_ms "$storm_line") ms, p99 $(field booking_p99_ms "$storm_line") ms; hold p99 $(field hold_p99_ms "$storm_line") ms, confirm p99 $(field confirm_p99_ms "$storm_line") ms; server CPU $(field server_cpu_ms_per_booking "$storm_line") ms and load generator CPU $(field load_cpu_ms_per_booking "$storm_line") ms per booking; $(field steal_pct "$storm_line")% of the machine stolen; $(field failures "$storm_line") failures | ≥ 1,500 confirmed/s | $storm_verdict |"
    else
      echo "| storm | did not finish (see the output) | ≥ 1,500 confirmed/s | failed |"
    fi
    if [ -n "$contention_line" ]; then
      echo "| contention: $(field users "$contention_line") users want the same $(field seats "$contention_line") seats | $(field passed "$contention_line") of $(field rounds "$contention_line") rounds exact (1 hold won, all others 409 \"just taken\", exactly those seats sold) | every round exact | $([ "$contention_ok" = 1 ] && echo ok || echo FAILED) |"
    else
      echo "| contention | did not finish (see the output) | every round exact | FAILED |"
    fi
    echo
  fi
  echo "Server memory: $(mb "$rss_start_kb") MB resident after start-up, **peak $(mb "$rss_peak_kb") MB** (VmHWM), $(mb "$rss_end_kb") MB at the end (goal: under 100 MB; $rss_verdict)."
  echo "Highest resident size sampled (every 0.5 s) per phase: pages $(peak_in pages) MB$([ "$only" != pages ] && echo ", contention sign-ups $(peak_in contention-signup) MB, contention rounds $(peak_in contention) MB, storm sign-ups $(peak_in storm-signup) MB, storm bookings $(peak_in storm) MB"). A sign-up hashes its password with scrypt (N = 2^15, r = 8: 32 MiB while it runs; one hash at a time unless \`marquee serve --password-hash-threads\` says more)."
} >"$report"

echo
echo "== Results"
cat "$report"
cp "$report" "$results/report.md"

if [ "$write_doc" = 1 ]; then
  doc="$root/docs/PERFORMANCE.md"
  mkdir -p "$(dirname "$doc")"
  [ -f "$doc" ] || printf '# Performance\n' >"$doc"
  begin='<!-- bench/run.sh: latest run begins -->'
  end='<!-- bench/run.sh: latest run ends -->'
  if ! grep -q '^## The whole site' "$doc"; then
    printf '\n## The whole site\n\nThe site as a visitor meets it: `bench/run.sh` builds in release, serves the demo cinema, and measures pages with wrk and bookings with `BookingLoad` (bench/Sources/BookingLoad). Run it yourself with `bench/run.sh` (about three minutes after the build) or `bench/run.sh --quick`.\n\n### Latest run\n\n%s\n%s\n' "$begin" "$end" >>"$doc"
  fi
  if ! grep -qF "$begin" "$doc"; then
    # The section exists without the markers: put them at its end.
    awk -v b="$begin" -v e="$end" '
      /^## / { if (in_section) { print b; print e; print ""; done = 1 } in_section = ($0 ~ /^## The whole site/) }
      { print }
      END { if (in_section && !done) { print ""; print b; print e } }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
  fi
  awk -v b="$begin" -v e="$end" -v file="$report" '
    $0 == b { print; while ((getline line < file) > 0) print line; skipping = 1; next }
    $0 == e { skipping = 0 }
    !skipping { print }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
  echo "== Wrote the latest run to docs/PERFORMANCE.md (raw output in ${results#"$root"/})"
fi
rm -f "$report"

[ "$pages_ok" = 1 ] && [ "$contention_ok" = 1 ] && [ "$storm_ok" = 1 ] || exit 1
