#!/usr/bin/env bash
# Rend un document Word en pages PNG pour le regarder comme un lecteur :
#   scripts/apercu.sh out/evaluation-besoins.docx [DOSSIER]
# Produit DOSSIER/NOM.pdf et DOSSIER/NOM-1.png, NOM-2.png… (par défaut out/apercu).
# Nécessite LibreOffice (soffice) et poppler-utils (pdftoppm).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage : scripts/apercu.sh FICHIER.docx [DOSSIER]" >&2
  exit 2
fi
docx="$1"
dest="${2:-out/apercu}"
command -v soffice >/dev/null || { echo "LibreOffice (soffice) est introuvable : installez libreoffice-writer" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "pdftoppm est introuvable : installez poppler-utils" >&2; exit 1; }
mkdir -p "$dest"
name="$(basename "${docx%.*}")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$dest" "$docx" >/dev/null 2>&1
# LibreOffice exits 0 even when the conversion failed: check the PDF.
[ -s "$dest/$name.pdf" ] || { echo "la conversion en PDF a échoué pour $docx" >&2; exit 1; }
pdftoppm -png -r "${APERCU_DPI:-70}" "$dest/$name.pdf" "$dest/$name"
ls "$dest/$name"*.png
