#!/bin/sh
# The system packages the test suite needs, in one list (`make test`, `make test-postgres` and
# .ci/run call this). On Debian/Ubuntu it installs what is missing when it can (as root, or with
# passwordless sudo); otherwise it stops, before any test runs, with the one command to type.
#
#   chromium            the browser tests (Playwright drives Debian's Chromium) ...
#   libatomic1          ... through Playwright's own Node driver, which links against it
#   libpango-1.0-0      WeasyPrint (PDF) draws text with Pango ...
#   libpangoft2-1.0-0   ... and its FreeType backend
#   libharfbuzz-subset0 WeasyPrint subsets fonts with it (without it: a DeprecationWarning)
#   fonts-dejavu-core   a font for the PDF (a bare machine has none)
#   poppler-utils       the tests read the PDFs back (pdftotext, pdftoppm)
set -eu

PACKAGES="chromium libatomic1 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "Geen Debian/Ubuntu: controleer zelf of deze pakketten (of hun evenknie) er zijn:" >&2
  echo "  $PACKAGES" >&2
  exit 0
fi

missing=""
for package in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [ "$status" != installed ]; then
    missing="$missing $package"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "De tests hebben deze systeempakketten nodig:$missing" >&2
  echo "Installeer ze met dit ene commando en start 'make test' opnieuw:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi

echo "Systeempakketten installeren:$missing"
# shellcheck disable=SC2086  # $sudo and $missing are lists of words
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  $missing >/dev/null
