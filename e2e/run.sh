#!/usr/bin/env bash
# The end-to-end suite in real headless Chromium. Installs what it needs when missing
# (Debian's chromium and chromium-driver, Python's selenium and pytest in a venv) and
# fails loudly when it cannot; it never skips.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} ..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

venv=e2e/.venv
if [ ! -x "$venv/bin/pytest" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r e2e/requirements.txt
fi

# The server the suite starts is the one `swift test` just built.
[ -x .build/debug/marquee ] || swift build --product marquee
rm -rf e2e/artifacts
export SE_AVOID_STATS=true
"$venv/bin/pytest" -q -p no:cacheprovider e2e "$@"
