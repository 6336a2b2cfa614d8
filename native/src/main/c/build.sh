#!/bin/sh
# Builds libcordonspawn.so, the cordon-mounts and cordon-rename programs and the portable spawn path's cordon-exec into the class output under JNA's resource prefix, and the
# native `cordon run` client (cordon-run, used by the ./cordon launcher) with its JSON test driver into CLIENT_DIR.
# Called by Maven (native/pom.xml). Usage: build.sh OUTPUT_DIR RESOURCE_PREFIX [CLIENT_DIR]
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
gcc -O2 -Wall -Wextra -Werror -fPIE -pie -o "$out/cordon-rename" "$here/cordon_rename.c"
# static: no loader runs in it, so no LD_PRELOAD/LD_AUDIT before its own Landlock domain (R36; it also gets an empty
# environment from the runner, the command's as arguments)
gcc -O2 -Wall -Wextra -Werror -static-pie -o "$out/cordon-exec" "$here/cordon_exec.c"
if [ -n "${3:-}" ]; then
  mkdir -p "$3"
  gcc -O2 -Wall -Wextra -Werror -fPIE -pie -o "$3/cordon-run" "$here/cordon_run.c" "$here/cordon_json.c"
  gcc -O2 -Wall -Wextra -Werror -fPIE -pie -o "$3/cordon-json-test" "$here/cordon_json_test.c" "$here/cordon_json.c"
fi
