#!/usr/bin/env bash
# Launch to a visible window, as users start the panel: milliseconds from spawning the launcher to the X server mapping a
# viewable top-level window whose name matches, for several launch commands run interleaved (issue 13 part 4).
#
#   panel-first-window.sh RUNS 'NAME|PATTERN|COMMAND…' ['NAME|PATTERN|COMMAND…' …]
#
# e.g. (from the repository, built with `mvn -B -q -o package -DskipTests`, under Xvfb):
#   xvfb-run -a app/src/test/bench/panel-first-window.sh 7 \
#     'panel|Cordon control panel|./cordon panel --instance benchstart' \
#     'empty|Empty JavaFX window|app/src/test/bench/empty-window.sh'
#
# Event-driven, not polled: `xev -root -event substructure` reports each MapNotify the moment the server maps a window,
# and only then is `xdotool search --onlyvisible --name PATTERN` asked whether it is the one (`xdotool search --sync`
# polls every 500 ms, too coarse here). One warm-up round (page cache, the launcher's class-data archive) is not counted.
# Prints one line per run and, per variant, runs, median, min and max.
set -euo pipefail
runs="$1"; shift
[[ -n "${DISPLAY:-}" ]] || { echo "no DISPLAY: run it under xvfb-run -a" >&2; exit 69; }
command -v xev >/dev/null && command -v xdotool >/dev/null || { echo "needs xev (x11-utils) and xdotool" >&2; exit 69; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# one launch: prints the milliseconds from spawn to the matching window being viewable
once() {
  local pattern="$1" cmd="$2" fifo="$work/events" t0 t1 pid xev_pid line
  rm -f "$fifo"; mkfifo "$fifo"
  stdbuf -oL xev -root -event substructure >"$fifo" 2>/dev/null &
  xev_pid=$!
  exec 3<"$fifo"
  sleep 0.3 # xev has selected the events
  t0=$(date +%s%N)
  bash -c "exec $cmd" >"$work/out" 2>&1 &
  pid=$!
  while IFS= read -r -t 60 line <&3; do
    if [[ "$line" == MapNotify* ]] && xdotool search --onlyvisible --name "$pattern" >/dev/null 2>&1; then
      t1=$(date +%s%N)
      break
    fi
  done
  kill "$xev_pid" 2>/dev/null || true
  exec 3<&-
  wait "$xev_pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ -z "${t1:-}" ]]; then
    echo "no window named '$pattern' within 60 s from: $cmd (visible: $(xdotool search --onlyvisible --name . \
      getwindowname %@ 2>/dev/null | tr '\n' ';'))" >&2
    sed 's/^/  | /' "$work/out" >&2
    return 1
  fi
  echo $(( (t1 - t0) / 1000000 ))
}

names=(); patterns=(); cmds=()
for v in "$@"; do
  IFS='|' read -r n p c <<<"$v"
  names+=("$n"); patterns+=("$p"); cmds+=("$c")
done
for ((r = 0; r <= runs; r++)); do
  for i in "${!names[@]}"; do
    ms=$(once "${patterns[$i]}" "${cmds[$i]}") || { echo "run $r ${names[$i]} failed (not counted)"; continue; }
    if ((r > 0)); then
      echo "$ms" >>"$work/${i}.ms"
      echo "run $r ${names[$i]} $ms ms"
    fi
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
printf '%-28s %5s %8s %8s %8s\n' "launch to visible window" runs "median" "min" "max"
for i in "${!names[@]}"; do
  sort -n "$work/${i}.ms" | awk -v n="${names[$i]}" '{ a[NR] = $1 } END {
    m = (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)
    printf "%-28s %5d %8d %8d %8d\n", n, NR, m, a[1], a[NR] }'
done
