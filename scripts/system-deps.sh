#!/usr/bin/env bash
# Debian packages the tests use, installed when missing: LibreOffice (DOCX → PDF),
# poppler (PDF → PNG, text), CJK fonts so that PDFs show Chinese in Song/Hei faces, and
# Chromium, driven by Playwright through the web pages; the libraries OpenCV loads.
set -euo pipefail
missing=()
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || missing+=(fonts-noto-cjk)
command -v chromium >/dev/null || missing+=(chromium)  # the web pages are tested in a real browser
# OpenCV (brought by the OCR engine, rapidocr-onnxruntime) loads libGL and GLib when imported
ldconfig -p | grep -q "libGL.so.1 " || missing+=(libgl1)
ldconfig -p | grep -q "libglib-2.0.so.0 " || missing+=(GLIB)  # its package's name differs by release
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # another apt may hold the dpkg lock (unattended upgrades, a parallel set-up): wait for it
  LOCK=(-o DPkg::Lock::Timeout=900)
  $SUDO apt-get "${LOCK[@]}" update -qq
  glib=libglib2.0-0t64; apt-cache show "$glib" >/dev/null 2>&1 || glib=libglib2.0-0
  missing=("${missing[@]/#GLIB/$glib}")
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${LOCK[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
