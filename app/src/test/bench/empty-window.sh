#!/usr/bin/env bash
# The floor of the panel's start-up: an empty JavaFX window of the panel's size (EmptyStageApp, titled "Empty JavaFX
# window"), launched as ./cordon launches the panel: the same java, JavaFX on the module path, the rest on the class
# path. Needs `mvn -B -q -o package -DskipTests` and the app's test classes (`mvn -B -q -o -pl app test-compile`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
lib="$root/app/target/lib"
fx=""
for j in "$lib"/javafx-*-linux.jar; do fx="${fx:+$fx:}$j"; done
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --module-path "$fx" --add-modules javafx.controls \
  -cp "$root/app/target/test-classes" dev.cordon.app.bench.EmptyStageApp\$Main "$@"
