#!/bin/sh
# Builds libcordonspawn.so and the cordon-mounts program into the class output under JNA's resource prefix. Called by
# Maven (native/pom.xml). Usage: build.sh OUTPUT_DIR RESOURCE_PREFIX
set -eu
out="$1/$2"
here="$(dirname "$0")"
if ! command -v gcc >/dev/null 2>&1; then
  echo "gcc is needed to build libcordonspawn: apt-get install gcc (or build with -Dcordon.nativeSpawn.skip)" >&2
  exit 1
fi
mkdir -p "$out"
gcc -O2 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -o "$out/libcordonspawn.so" "$here/cordon_spawn.c" -lpthread
gcc -O2 -Wall -Wextra -Werror -fPIE -pie -o "$out/cordon-mounts" "$here/cordon_mounts.c"
