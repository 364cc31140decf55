#!/usr/bin/env bash
# Builds the template benchmark in release mode and runs it: Marquee's Templating against
# swift-mustache 2.1.1 on the same movie-list page. Extra arguments go to the benchmark,
# e.g. `bench/templates.sh --seconds 2 --rounds 7`.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product TemplateBench
"$(swift build -c release --show-bin-path)/TemplateBench" "$@"
