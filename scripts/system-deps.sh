#!/usr/bin/env bash
# Debian packages the tests use, installed when missing: LibreOffice (DOCX → PDF),
# poppler (PDF → PNG, text), CJK fonts so that PDFs show Chinese in Song/Hei faces, and
# Chromium, driven by Playwright through the web pages.
set -euo pipefail
missing=()
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || missing+=(fonts-noto-cjk)
command -v chromium >/dev/null || missing+=(chromium)  # the web pages are tested in a real browser
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # another apt may hold the dpkg lock (unattended upgrades, a parallel set-up): wait for it
  LOCK=(-o DPkg::Lock::Timeout=900)
  $SUDO apt-get "${LOCK[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${LOCK[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
