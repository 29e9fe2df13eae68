#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine, then runs them.
#   bash scripts/test.sh                 # every test, browser journeys included
#   bash scripts/test.sh -m "not browser and not slow"   # the fast ones
# The optional engines (ProperDocs, Zensical) are installed too: the engine tests build with each.
# Lint (ruff) and types (mypy, strict for generator/) run first: a failure there stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/apt_lock.sh
. scripts/apt_lock.sh

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# the ledger's formulas are recalculated by LibreOffice Calc in a slow test
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# letters' --pdf maps 仿宋/宋体/小标宋 to Noto Serif CJK SC, 楷体 to AR PL UKai, 黑体 to Noto Sans CJK SC
for font in fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming; do
  dpkg -s "$font" >/dev/null 2>&1 || need+=("$font")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  APT_SUDO=""; [ "$(id -u)" -eq 0 ] || APT_SUDO="sudo"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,properdocs,zensical]'
.venv/bin/python -m ruff check generator tests benchmarks
.venv/bin/python -m mypy
exec .venv/bin/python -m pytest "$@"
