#!/usr/bin/env bash
# System packages the test suite needs beyond Python and npm, from Debian's packages, installed only when missing:
# Chromium for the browser tests (Playwright drives the system browser) and a Java runtime for Spark in local mode.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing from Debian's packages: ${need[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-noto-cjk >/dev/null
