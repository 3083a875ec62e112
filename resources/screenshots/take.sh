#!/usr/bin/env bash
# The README's screenshots: the console as a new user first sees it (bundled Studio, demo room,
# audience on) on a 1366×768 laptop screen, in English and in Simplified Chinese.
# Needs: apt-get install xvfb openbox imagemagick fonts-noto-cjk libxcb-cursor0
# Usage: resources/screenshots/take.sh [seconds to let the room run, default 25]
set -euo pipefail
cd "$(dirname "$0")/../.."
wait_s=${1:-25}
display=:77
for lang in en zh_CN; do
    home=$(mktemp -d)
    Xvfb $display -screen 0 1366x768x24 >/dev/null 2>&1 & xvfb=$!
    sleep 1
    DISPLAY=$display openbox >/dev/null 2>&1 & wm=$!
    sleep 1
    ANCHOR_CONSOLE_HOME=$home DISPLAY=$display .venv/bin/anchor-console --lang $lang >"$home/console.out" 2>&1 & app=$!
    sleep "$wait_s"
    DISPLAY=$display import -window root "resources/screenshots/console.$lang.png"
    kill $app; wait $app 2>/dev/null || true
    kill $wm $xvfb; wait $wm $xvfb 2>/dev/null || true
    rm -rf "$home"
    echo "resources/screenshots/console.$lang.png"
done
