#!/usr/bin/env bash
# Benchmarks Marquee's HTTPCore against a bare SwiftNIO server giving the same two answers
# (GET /plaintext, GET /html ~6 KB), with wrk at 64 connections and 2 threads.
# Figures and how to read them: docs/PERFORMANCE.md, section "HTTP core".
#
#   bench/http.sh                    # 10 s per run, 3 rounds, median reported
#   DURATION=5 ROUNDS=1 bench/http.sh
#   MODES=off ROUNDS=5 bench/http.sh # only the access-log-off comparison
#   INSTRUCTIONS=1 bench/http.sh     # instructions per request instead (valgrind, no wrk)
#
# Runs alternate bare NIO and HTTPCore route by route, so background load on a shared
# machine hits both alike; the ratio is the figure to watch.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
duration="${DURATION:-10}"
rounds="${ROUNDS:-3}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
core_port=18081
nio_port=18082

if ! command -v wrk >/dev/null 2>&1; then
    apt-get update && apt-get install -y wrk
fi

swift build -c release --package-path "$here" --product HTTPBench
bin="$(swift build -c release --package-path "$here" --show-bin-path)/HTTPBench"

# Instructions per request through each pipeline (HTTPBench --micro on an EmbeddedChannel,
# counted by callgrind): exact and independent of machine load, unlike times and rates, so
# the figure to compare changes by on a shared machine. The difference of two runs removes
# start-up; each --micro run pushes 9 rounds of N requests per route and side.
if [[ -n "${INSTRUCTIONS:-}" ]]; then
    if ! command -v valgrind >/dev/null 2>&1; then
        apt-get update && apt-get install -y valgrind
    fi
    stripped="$(mktemp)"
    trap 'rm -f "$stripped"' EXIT
    # Valgrind cannot read the Swift debug info; the symbol table is enough.
    strip --strip-debug -o "$stripped" "$bin"
    count() {  # count SIDE ROUTE N
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$stripped" \
            --micro "$3" --micro-only "$1" --micro-route "$2" 2>&1 \
            | awk '/Collected/ { gsub(",", "", $4); print $4 }'
    }
    printf '%-11s %16s %16s %7s\n' "route" "bare NIO instr" "HTTPCore instr" "ratio"
    for route in /plaintext /html; do
        bare=$(( ($(count bare "$route" 500) - $(count bare "$route" 100)) / 3600 ))
        core=$(( ($(count core "$route" 500) - $(count core "$route" 100)) / 3600 ))
        printf '%-11s %16d %16d %7s\n' "$route" "$bare" "$core" \
            "$(awk -v a="$bare" -v b="$core" 'BEGIN { printf "%.3f", a / b }')"
    done
    exit 0
fi

server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill -INT "$server_pid" 2>/dev/null || true
        # SIGINT means a graceful shutdown: the server must exit 0 on its own.
        if wait "$server_pid"; then :; else echo "HTTPBench exited with $?" >&2; fi
        server_pid=""
    fi
}
trap stop_server EXIT

start_server() {
    "$bin" --marquee-port "$core_port" --nio-port "$nio_port" "$@" >/dev/null 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        if curl -fs "http://127.0.0.1:$core_port/plaintext" >/dev/null 2>&1 \
            && curl -fs "http://127.0.0.1:$nio_port/plaintext" >/dev/null 2>&1; then
            return
        fi
        sleep 0.1
    done
    echo "HTTPBench did not start" >&2
    exit 1
}

# Prints "requests/s cpu-µs/request": wrk's rate, and the server's user+system CPU time per
# request (from /proc), which shifts far less than the rate when other work shares the cores.
run_wrk() {
    local before after output
    before="$(awk '{print $14 + $15}' "/proc/$server_pid/stat")"
    output="$(wrk -t"$threads" -c"$connections" -d"${duration}s" "$1")"
    after="$(awk '{print $14 + $15}' "/proc/$server_pid/stat")"
    awk -v before="$before" -v after="$after" -v ticks="$(getconf CLK_TCK)" '
        /requests in/ { requests = $1 }
        /^Requests\/sec/ { rate = $2 }
        END { printf "%s %.1f\n", rate, (after - before) / ticks * 1e6 / requests }' <<<"$output"
}

# Median of the numbers in column $1 of stdin.
median() {
    awk -v column="$1" '{ print $column }' | sort -g \
        | awk '{ values[NR] = $1 } END { if (NR % 2) print values[(NR + 1) / 2]; else print (values[NR / 2] + values[NR / 2 + 1]) / 2 }'
}

declare -A results
measure() {  # measure MODE [server args...]
    local mode="$1"
    shift
    start_server "$@"
    for route in plaintext html; do
        # Warm up both servers on this route.
        wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:$nio_port/$route" >/dev/null
        wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:$core_port/$route" >/dev/null
        local nio_runs="" core_runs=""
        for _ in $(seq 1 "$rounds"); do
            nio_runs+="$(run_wrk "http://127.0.0.1:$nio_port/$route")"$'\n'
            core_runs+="$(run_wrk "http://127.0.0.1:$core_port/$route")"$'\n'
        done
        results["$mode,$route,nio"]="$(printf '%s' "$nio_runs" | median 1)"
        results["$mode,$route,core"]="$(printf '%s' "$core_runs" | median 1)"
        results["$mode,$route,nio,cpu"]="$(printf '%s' "$nio_runs" | median 2)"
        results["$mode,$route,core,cpu"]="$(printf '%s' "$core_runs" | median 2)"
        echo "  $mode /$route: bare NIO ${results["$mode,$route,nio"]} req/s, HTTPCore ${results["$mode,$route,core"]} req/s" >&2
    done
    stop_server
}

echo "wrk -t$threads -c$connections, ${duration}s per run, median of $rounds; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# MODES picks what to run: any of "off on offload" (all by default).
modes="${MODES:-off on offload}"
printed_modes=()
for mode in $modes; do
    case "$mode" in
        off) measure "access log off"; printed_modes+=("access log off") ;;
        on) measure "access log on" --access-log on; printed_modes+=("access log on") ;;
        offload) measure "handlers off-loop" --offload; printed_modes+=("handlers off-loop") ;;
        *) echo "unknown mode $mode" >&2; exit 2 ;;
    esac
done

printf '\n%-18s %-11s %13s %13s %7s %14s %14s\n' "HTTPCore mode" "route" "bare NIO r/s" "HTTPCore r/s" "ratio" "bare CPU/req" "HTTPCore CPU/req"
for mode in "${printed_modes[@]}"; do
    for route in plaintext html; do
        nio="${results["$mode,$route,nio"]}"
        core="${results["$mode,$route,core"]}"
        ratio="$(awk -v a="$core" -v b="$nio" 'BEGIN { printf "%.0f%%", (b > 0 ? 100 * a / b : 0) }')"
        printf '%-18s %-11s %13.0f %13.0f %7s %11.1f µs %11.1f µs\n' "$mode" "/$route" "$nio" "$core" "$ratio" \
            "${results["$mode,$route,nio,cpu"]}" "${results["$mode,$route,core,cpu"]}"
    done
done
