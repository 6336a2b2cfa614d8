#!/usr/bin/env bash
# The .deb, end to end (root, Debian 12; run by .ci/run after the main tests):
#   packaging/test-package.sh [packaging/target/dist/cordon_VERSION_ARCH.deb]
# Checks the package's files and control fields, installs it, runs the installed CLI (--version, setup, doctor, a
# command in a session, one through the native run client with the package's `cordon serve`) and the installed panel under Xvfb (window up, JavaFX's natives loaded from the runtime, no
# ~/.openjfx), opens it as a throwaway unprivileged account and clicks its "Relaunch as administrator" button (pkexec,
# allowed by a test polkit rule for the package's action, must bring the panel up as root), uninstalls the instance, removes the package and checks that nothing of it is left and
# dpkg keeps no `rc` state. Everything it adds to the machine (the package, packages apt pulled in for it, the
# account, the polkit rule, the instance, the daemons it started) it removes again, also when a step fails.
# Needs: xvfb xauth x11-utils xdotool pkexec polkitd dbus (.ci/run installs them).
set -euo pipefail
export LC_ALL=C.UTF-8 # xprop prints the UTF-8 titles as they are
cd "$(dirname "${BASH_SOURCE[0]}")/.."

deb="${1:-}"
if [[ -z "$deb" ]]; then
  shopt -s nullglob
  debs=(packaging/target/dist/cordon_*.deb)
  shopt -u nullglob
  if [[ ${#debs[@]} -ne 1 ]]; then
    echo "package-test: expected one packaging/target/dist/cordon_*.deb, found ${#debs[@]}" >&2
    echo "Fix: build it: mvn -B -Ppackage package -DskipTests" >&2
    exit 2
  fi
  deb="${debs[0]}"
fi
deb="$(readlink -f "$deb")"
if [[ $(id -u) -ne 0 ]]; then
  echo "package-test: installs a package and creates an account: run it as root" >&2
  exit 77
fi
for tool in dpkg-deb apt-get Xvfb xauth mcookie xdotool xprop xwininfo pkexec dbus-daemon useradd setpriv; do
  command -v "$tool" >/dev/null || { echo "package-test: $tool not found. Fix: apt-get install -y xvfb xauth x11-utils xdotool pkexec polkitd dbus" >&2; exit 69; }
done
polkitd_bin=/usr/lib/polkit-1/polkitd
[[ -x $polkitd_bin ]] || { echo "package-test: $polkitd_bin not found. Fix: apt-get install -y polkitd" >&2; exit 69; }
if dpkg-query -W -f='${db:Status-Abbrev}' cordon 2>/dev/null | grep -q '^[ihrc]'; then
  echo "package-test: a cordon package is installed or left in state rc here; this test never touches it" >&2
  echo "Fix: run it on a machine without cordon (dpkg -l cordon)." >&2
  exit 3
fi
[[ ! -e /opt/cordon ]] || { echo "package-test: /opt/cordon exists and is not from a package; refusing" >&2; exit 3; }

instance="pkg$(printf '%04x' $((RANDOM % 65536)))$(printf '%03d' $(($$ % 1000)))"
account="cpt$(printf '%06d' $(($$ % 1000000)))"
rule="/etc/polkit-1/rules.d/49-cordon-package-test-$instance.rules"
work="$(mktemp -d /tmp/cordon-package-test.XXXXXX)"
chmod 0755 "$work"
pids=()
started_dbus="" started_polkitd="" set_up="" account_made="" pulled_in=""
passed=0
step() { echo; echo "package-test: --- $*"; }
# The panel's window: found by its class; its title read from _NET_WM_NAME (UTF-8). Under pkexec the panel runs in the
# C locale, where GTK leaves WM_NAME (what xdotool --name matches) empty for a title with an em dash.
title() { xprop -id "$1" _NET_WM_NAME | sed -n 's/^_NET_WM_NAME(UTF8_STRING) = "\(.*\)"$/\1/p'; }
panel_window() { # [PID]: only a window of that process (_NET_WM_PID)
  local w t
  for _ in $(seq 180); do
    for w in $(xdotool search --onlyvisible --class '^dev\.cordon\.app\.CordonPanel$' 2>/dev/null); do
      if [[ -n ${1:-} && $(xprop -id "$w" _NET_WM_PID | awk '{print $3}') != "$1" ]]; then continue; fi
      t=$(title "$w")
      if [[ $t == "Cordon control panel — instance $instance" ]]; then echo "$w"; return 0; fi
    done
    sleep 1
  done
  return 1
}
# what a panel that did not come up was doing: the X windows, and its threads (SIGQUIT: the JVM prints them)
diagnose_panel() {
  local pid=$1 log=$2
  echo "package-test: windows on $DISPLAY:"; xwininfo -root -tree 2>&1 | grep -E '^ +0x' | head -20
  if kill -0 "$pid" 2>/dev/null; then kill -QUIT "$pid"; sleep 2; fi
  echo "package-test: output of the panel ($log):"; tail -80 "$log"
}
ok() { echo "package-test: PASS $*"; passed=$((passed + 1)); }
fail() { echo "package-test: FAIL $*" >&2; exit 1; }

cleanup() {
  local rc=$?
  set +e
  echo; echo "package-test: cleaning up"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  # the elevated panel was started by pkexec as root: by its pid file, never by name
  [[ -f $work/elevated.pid ]] && kill -9 "$(cat "$work/elevated.pid")" 2>/dev/null
  if [[ -n $set_up && -x /usr/bin/cordon ]]; then /usr/bin/cordon uninstall --instance "$instance" >/dev/null; fi
  if dpkg-query -W -f='${db:Status-Abbrev}' cordon 2>/dev/null | grep -q '^[ihrc]'; then dpkg --purge cordon >/dev/null; fi
  # shellcheck disable=SC2086 # a list of package names
  [[ -n $pulled_in ]] && apt-get purge -y -qq $pulled_in >/dev/null
  rm -f "$rule"
  if [[ -n $account_made ]]; then
    # what its processes left (a later account could get the same uid and inherit them as "leftovers")
    find /tmp /var/tmp /dev/shm -xdev -depth -user "$account" -delete 2>/dev/null
    userdel "$account" 2>/dev/null
  fi
  [[ -n $started_polkitd ]] && kill "$started_polkitd" 2>/dev/null
  if [[ -n $started_dbus ]]; then
    kill "$started_dbus" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$started_dbus" 2>/dev/null || break; sleep 0.1; done
    rm -f /run/dbus/pid /run/dbus/system_bus_socket # dbus-daemon leaves them; a later check would see a bus
  fi
  rm -rf "$work"
  # the closing line in the plain form CI reads: "N passed, N failed"
  if [[ $rc -eq 0 ]]; then echo "package-test: $passed passed, 0 failed"; else echo "package-test: FAILED (exit $rc) after $passed checks" >&2; echo "package-test: $passed passed, 1 failed"; fi
  exit "$rc"
}
trap cleanup EXIT

step "contents (dpkg-deb -c / -I): $deb"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\.||' > "$work/contents"
outside=$(grep -v '/$' "$work/contents" | grep -v -E '^/opt/cordon/|^/usr/bin/cordon$|^/usr/share/polkit-1/actions/dev\.cordon\.panel\.policy$|^/usr/share/applications/dev\.cordon\.panel\.desktop$|^/usr/share/icons/hicolor/' || true)
[[ -z $outside ]] || fail "files outside /opt/cordon and the four /usr paths: $outside"
for f in /opt/cordon/bin/cordon /opt/cordon/bin/cordon-panel /opt/cordon/lib/cordon-run /opt/cordon/lib/cordon-cli /opt/cordon/lib/runtime/bin/java /opt/cordon/lib/runtime/lib/libglass.so \
         /usr/bin/cordon /usr/share/polkit-1/actions/dev.cordon.panel.policy /usr/share/applications/dev.cordon.panel.desktop \
         /usr/share/icons/hicolor/256x256/apps/cordon.png /usr/share/icons/hicolor/scalable/apps/cordon.svg /opt/cordon/share/doc/THIRD-PARTY.md; do
  grep -qx -- "$f" "$work/contents" || fail "$f is not in the package"
done
ok "every file is under /opt/cordon or one of the four /usr paths ($(grep -vc '/$' "$work/contents") files)"
dpkg-deb -c "$deb" > "$work/listing" # read from a file: grep -q on the pipe would kill dpkg-deb's tar (pipefail)
grep -q ' \./usr/bin/cordon -> /opt/cordon/lib/cordon-cli$' "$work/listing" || fail "/usr/bin/cordon is not a link to /opt/cordon/lib/cordon-cli"
for program in cordon-run cordon-cli; do
  grep -E -q "^-rwxr-xr-x .* \./opt/cordon/lib/$program\$" "$work/listing" || fail "/opt/cordon/lib/$program is not in the package as an executable"
done
awk '$2 != "root/root" {bad=1} END {exit bad}' "$work/listing" || fail "a file not owned by root/root"
ok "/usr/bin/cordon -> /opt/cordon/lib/cordon-cli (native run client, else the launcher); every file root/root"
dpkg-deb -I "$deb" > "$work/info"
depends=$(sed -n 's/^ Depends: //p' "$work/info")
for d in nftables acl passwd util-linux libgtk-3-0; do
  grep -qE "(^|, )$d(,|$)" <<<"$depends" || fail "Depends lacks $d: $depends"
done
grep -qx ' Recommends: pkexec' "$work/info" || fail "Recommends is not pkexec"
dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' | grep -v '^$' | sort > "$work/control-files"
[[ "$(tr '\n' ' ' < "$work/control-files")" == "control md5sums prerm " ]] || fail "control files: $(tr '\n' ' ' < "$work/control-files") (no postrm, no conffiles expected)"
ok "control: Depends has nftables, acl, passwd, util-linux, libgtk-3-0; Recommends: pkexec; only prerm as a script"

step "install"
packages_before=$(dpkg-query -W -f='${binary:Package}\n' | sort)
apt-get install -y -qq "$deb" > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install $deb"; }
# what apt installed besides cordon for its Depends: removed again at the end
pulled_in=$(comm -13 <(echo "$packages_before") <(dpkg-query -W -f='${binary:Package}\n' | sort) | grep -vx 'cordon' | tr '\n' ' ' || true)
[[ -z $pulled_in ]] || echo "package-test: apt pulled in for the package: $pulled_in"
[[ $(dpkg-query -W -f='${db:Status-Abbrev}' cordon) == "ii " ]] || fail "cordon is not installed after apt-get install"
version=$(/usr/bin/cordon --version)
echo "$version"
grep -q '^cordon ' <<<"$version" || fail "cordon --version printed: $version"
ok "installed; /usr/bin/cordon --version: $(head -1 <<<"$version")"

step "cordon setup / doctor / run --instance $instance (the installed CLI and its jlinked runtime)"
set_up=1
/usr/bin/cordon setup --instance "$instance" > "$work/setup.log" 2>&1 || { cat "$work/setup.log"; fail "cordon setup"; }
ok "cordon setup --instance $instance"
if ! /usr/bin/cordon doctor --instance "$instance" > "$work/doctor.log" 2>&1; then cat "$work/doctor.log"; fail "cordon doctor"; fi
ok "cordon doctor --instance $instance: every check passes (live network probes run by the runtime's java)"
mkdir -p "$work/workspace"
out=$(/usr/bin/cordon run --instance "$instance" --workspace "$work/workspace" -- /bin/sh -c 'echo "in session as $(id -un)"' 2>&1) \
  || fail "cordon run: $out"
grep -q "in session as $instance-cordon-offline" <<<"$out" || fail "cordon run printed: $out"
ok "cordon run: a command in a session, as $instance-cordon-offline (the runner on the installed runtime)"
# with the installed `cordon serve` listening, /usr/bin/cordon runs `run` through the native client: no JVM of the CLI.
# Proof without tracing: the CLI launcher is made non-executable for that one run, so only the native client can
# answer (its fallback, the launcher, would fail); then the same run with CORDON_JVM_CLIENT=1 must fail for that reason.
/usr/bin/cordon serve --instance "$instance" > "$work/serve.log" 2>&1 &
serve_pid=$!
pids+=($serve_pid)
for _ in $(seq 300); do [[ -S /run/$instance-cordon/host.sock ]] && break; sleep 0.1; done
[[ -S /run/$instance-cordon/host.sock ]] || { cat "$work/serve.log"; fail "cordon serve did not listen at /run/$instance-cordon/host.sock"; }
chmod 0644 /opt/cordon/bin/cordon
native_out=$(/usr/bin/cordon run --instance "$instance" --workspace "$work/workspace" -- /bin/sh -c 'echo "native as $(id -un)"; exit 3' 2>&1) && native_rc=0 || native_rc=$?
json_out=$(/usr/bin/cordon run --json --instance "$instance" --workspace "$work/workspace" -- /bin/true 2>&1) || true
jvm_rc=0
CORDON_JVM_CLIENT=1 /usr/bin/cordon run --instance "$instance" --workspace "$work/workspace" -- /bin/true > "$work/jvm.log" 2>&1 || jvm_rc=$?
chmod 0755 /opt/cordon/bin/cordon
[[ $native_rc -eq 3 ]] && grep -q "native as $instance-cordon-offline" <<<"$native_out" \
  || fail "cordon run through the native client (launcher not executable): exit $native_rc, $native_out"
grep -q '"schema":"cordon.run/1"' <<<"$json_out" || fail "cordon run --json through the native client printed: $json_out"
[[ $jvm_rc -ne 0 ]] || fail "CORDON_JVM_CLIENT=1 ran with the launcher not executable: the proof above proves nothing"
ok "with cordon serve listening, /usr/bin/cordon run (and --json) answers without the CLI launcher: the native client (exit 3 passed on)"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true

step "the installed panel under Xvfb"
xauth_file="$work/Xauthority"
display_no=$((90 + RANDOM % 400))
while [[ -e /tmp/.X$display_no-lock || -e /tmp/.X11-unix/X$display_no ]]; do display_no=$((display_no + 1)); done
export DISPLAY=":$display_no" XAUTHORITY="$xauth_file"
touch "$xauth_file"
xauth -q -f "$xauth_file" add "$DISPLAY" . "$(mcookie)"
chmod 0644 "$xauth_file"
Xvfb "$DISPLAY" -auth "$xauth_file" -screen 0 1280x900x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
xdotool getdisplaygeometry >/dev/null 2>&1 || fail "Xvfb did not start on $DISPLAY: $(cat "$work/xvfb.log")"
mkdir -p "$work/home"
mkdir -p "$work/tmp"
# JavaFX writes the icon fonts it loads to java.io.tmpdir (+JXF*.tmp): into the test's directory, not /tmp
HOME="$work/home" JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$work/tmp" /opt/cordon/bin/cordon-panel --instance "$instance" > "$work/panel.log" 2>&1 &
panel=$!
pids+=($panel)
window=$(panel_window "$panel") || { diagnose_panel "$panel" "$work/panel.log"; fail "no window titled Cordon within 180 s"; }
echo "window $window: $(title "$window")"
grep -q "/opt/cordon/lib/runtime/lib/libglass.so" "/proc/$panel/maps" || fail "the panel did not load libglass.so from the runtime"
if grep -q '\.openjfx' "/proc/$panel/maps"; then fail "the panel loaded libraries from an .openjfx cache"; fi
[[ ! -e $work/home/.openjfx ]] || fail "the panel created $work/home/.openjfx"
ok "panel window '$(title "$window")'; JavaFX natives from /opt/cordon/lib/runtime/lib; no ~/.openjfx"
kill "$panel"; wait "$panel" 2>/dev/null || true

step "relaunch through pkexec as an unprivileged account ($account)"
if [[ ! -S /run/dbus/system_bus_socket ]]; then
  mkdir -p /run/dbus
  dbus-daemon --system --fork --print-pid > "$work/dbus.pid"
  started_dbus=$(cat "$work/dbus.pid")
  for _ in $(seq 50); do [[ -S /run/dbus/system_bus_socket ]] && break; sleep 0.1; done
fi
useradd --system --no-create-home --shell /usr/sbin/nologin "$account"
account_made=1
cat > "$rule" <<EOF
// package-test only, removed by it: lets $account run the panel's action without a password
polkit.addRule(function(action, subject) {
  if (action.id == "dev.cordon.panel" && subject.user == "$account") { return polkit.Result.YES; }
});
EOF
polkit_on_bus() {
  dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q 'boolean true'
}
if ! polkit_on_bus; then
  "$polkitd_bin" --no-debug > "$work/polkitd.log" 2>&1 &
  started_polkitd=$!
  for _ in $(seq 100); do polkit_on_bus && break; sleep 0.1; done
  polkit_on_bus || fail "polkitd did not come up on the system bus: $(cat "$work/polkitd.log")"
fi
sleep 1 # polkitd reads rules.d when it starts, or a moment after a change
# The panel as the unprivileged account: read-only, with the "Relaunch as administrator" button, which runs the command
# RelaunchCommand builds for an installed panel: pkexec /opt/cordon/bin/cordon-panel --instance N.
mkdir -p "$work/account-home"
chown "$account" "$work/account-home"
setpriv --reuid="$account" --regid="$(id -g "$account")" --init-groups \
  env -i DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" PATH=/usr/bin:/bin HOME="$work/account-home" LANG=C.UTF-8 \
  JAVA_TOOL_OPTIONS="-XX:-UsePerfData -Djava.io.tmpdir=$work/account-home" \
  /opt/cordon/bin/cordon-panel --instance "$instance" > "$work/unprivileged.log" 2>&1 &
unprivileged=$!
pids+=($unprivileged)
window=$(panel_window "$unprivileged") || { diagnose_panel "$unprivileged" "$work/unprivileged.log"; fail "no read-only panel window within 180 s"; }
[[ $(awk '/^Uid:/ {print $2}' "/proc/$unprivileged/status") == $(id -u "$account") ]] || fail "the read-only panel does not run as $account"
ok "the installed panel as $account (read-only) is up, window $window"
# the button sits at the right end of the read-only banner under the header; a click beside it hits only the banner
elevated=""
for y in 78 70 86 62 94 102; do
  xdotool mousemove --window "$window" 1150 "$y" click 1
  for _ in $(seq 60); do
    elevated=$(pgrep -P "$unprivileged" -f "cordon-panel --instance $instance" | head -1 || true)
    [[ -n $elevated ]] && break
    sleep 1
  done
  [[ -n $elevated ]] && break
done
[[ -n $elevated ]] || { diagnose_panel "$unprivileged" "$work/unprivileged.log"; fail "clicking Relaunch as administrator started nothing"; }
echo "$elevated" > "$work/elevated.pid"
# pkexec replaces itself with the panel once polkit says yes
for _ in $(seq 120); do [[ $(readlink "/proc/$elevated/exe" 2>/dev/null) == /opt/cordon/bin/cordon-panel ]] && break; sleep 1; done
window=$(panel_window "$elevated") \
  || { diagnose_panel "$elevated" "$work/unprivileged.log"; [[ -z $started_polkitd ]] || cat "$work/polkitd.log"
       fail "no elevated panel window after the relaunch within 180 s"; }
uid=$(awk '/^Uid:/ {print $2}' "/proc/$elevated/status")
exe=$(readlink "/proc/$elevated/exe")
by=$(tr '\0' '\n' < "/proc/$elevated/environ" | sed -n 's/^PKEXEC_UID=//p')
[[ $uid == 0 ]] || fail "the relaunched panel runs as uid $uid, not root"
[[ $exe == /opt/cordon/bin/cordon-panel ]] || fail "the relaunch ran $exe"
[[ $by == $(id -u "$account") ]] || fail "the elevated panel was not started by pkexec for $account (PKEXEC_UID '$by')"
tr '\0' ' ' < "/proc/$elevated/cmdline" | grep -qx "/opt/cordon/bin/cordon-panel --instance $instance " \
  || fail "the elevated panel's arguments: $(tr '\0' ' ' < "/proc/$elevated/cmdline")"
if grep -q '\.openjfx' "/proc/$elevated/maps"; then fail "the elevated panel loaded libraries from an .openjfx cache"; fi
[[ -z $(xdotool search --onlyvisible --pid "$unprivileged" 2>/dev/null) ]] || fail "the read-only panel's window is still shown"
ok "Relaunch as administrator: pkexec (for uid $by, action dev.cordon.panel) started $exe --instance $instance as root, window '$(title "$window")'; the read-only window hid; natives from the runtime"
# pkexec cleared JAVA_TOOL_OPTIONS: the elevated panel's font files are in /tmp; removed once it is gone
grep -o '/tmp/+JXF[0-9]*\.tmp' "/proc/$elevated/maps" > "$work/elevated-tmp" || true
find "/proc/$elevated/fd" -lname '/tmp/+JXF*' -printf '%l\n' >> "$work/elevated-tmp" 2>/dev/null || true
kill "$elevated"; for _ in $(seq 100); do kill -0 "$elevated" 2>/dev/null || break; sleep 0.1; done
sort -u "$work/elevated-tmp" | while read -r f; do rm -f -- "$f"; done
rm -f "$work/elevated.pid"
kill "$unprivileged"; wait "$unprivileged" 2>/dev/null || true

step "cordon uninstall, then remove the package"
/usr/bin/cordon uninstall --instance "$instance" > "$work/uninstall.log" 2>&1 || { cat "$work/uninstall.log"; fail "cordon uninstall"; }
set_up=""
[[ ! -e /var/lib/$instance-cordon ]] || fail "/var/lib/$instance-cordon is still there"
ok "cordon uninstall --instance $instance"
apt-get remove -y -qq cordon > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "apt-get remove cordon"; }
state=$(dpkg-query -W -f='${db:Status-Abbrev}' cordon 2>/dev/null || true)
[[ -z $state || $state == "un " ]] || fail "after removal dpkg shows cordon as '$state' (rc: config files left)"
if dpkg -l | awk '$2 == "cordon"' | grep -q .; then fail "dpkg -l still lists cordon: $(dpkg -l | awk '$2 == "cordon"')"; fi
left=""
while read -r path; do
  [[ $path == */ ]] && continue
  if [[ -e $path || -L $path ]]; then left="$left $path"; fi
done < "$work/contents"
[[ -z $left ]] || fail "left behind:$left"
leftover=$(find /tmp /var/tmp /dev/shm -xdev -path "$work" -prune -o -user "$account" -print 2>/dev/null | head -5)
[[ -z $leftover ]] || fail "files of $account left in the temp directories: $leftover"
[[ -z $(find /tmp -maxdepth 1 -name '+JXF*.tmp' -newer "$work/contents" -user 0 2>/dev/null | head -1) ]] \
  || echo "package-test: note: new +JXF font files of root in /tmp (the elevated panel's, or another root JVM's)"
[[ ! -e /opt/cordon ]] || fail "/opt/cordon is still there: $(find /opt/cordon | head)"
ok "removed: none of its $(grep -vc '/$' "$work/contents") files left, no /opt/cordon, no rc state in dpkg -l; no file of $account in the temp directories"
