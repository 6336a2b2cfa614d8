#!/bin/sh
# Renders the PNG sizes of the icon from cordon.svg (Debian: apt-get install librsvg2-bin). The PNGs are committed;
# run this again after changing the SVG.
set -eu
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256; do
  rsvg-convert --width "$size" --height "$size" --output "cordon-$size.png" cordon.svg
done
