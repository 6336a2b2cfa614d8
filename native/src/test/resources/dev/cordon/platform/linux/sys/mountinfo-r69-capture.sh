#!/bin/bash
# run inside: unshare -m --propagation private ; writes the namespace's mountinfo lines for its mounts to $1
set -u
OUT=$1
B=$(mktemp -d /tmp/r69cap.XXXXXX)
trap 'for m in $(grep -ao " $B[^ ]*" /proc/self/mountinfo | tac); do umount -l "$m"; done 2>/dev/null; rm -rf "$B"' EXIT
M=/tmp/r69tools/mnt
declare -A C=( [comma]="," [colon]=":" [space]=" " [tab]=$'\t' [eq]="=" [bslash]='\' [nl]=$'\n' [ff]=$'\xff' )
esc() { local s=$1; s=${s//\\/\\\\}; s=${s//,/\\,}; s=${s//:/\\:}; printf '%s' "$s"; }
for k in comma colon space tab eq bslash nl ff; do
  c=${C[$k]}
  d="$B/$k"; mkdir -p "$d"
  l1="$d/lo${c}1"; l2="$d/lo${c}2"; u="$d/up${c}x"; w="$d/wk${c}x"; l3="$d/da${c}3"
  mkdir -p "$l1" "$l2" "$u" "$w" "$l3" "$u.2" "$w.2" "$u.3" "$w.3" "$d/legacy" "$d/new" "$d/newplus" "$d/bindfs" "$d/bindfs-subtype"
  $M L "$d/legacy" overlay overlay "lowerdir=$(esc "$l1"):$(esc "$l2"),upperdir=$(esc "$u"),workdir=$(esc "$w")" || echo "FAIL legacy $k"
  $M N "$d/new" overlay "source=ov${c}src" "lowerdir=$(esc "$l1"):$(esc "$l2")" "upperdir=$(esc "$u.2")" "workdir=$(esc "$w.2")" || echo "FAIL new $k"
  $M N "$d/newplus" overlay "lowerdir+=$l1" "lowerdir+=$l2" "datadir+=$l3" "upperdir=$(esc "$u.3")" "workdir=$(esc "$w.3")" || echo "FAIL newplus $k"
  bindfs "$l1" "$d/bindfs" || echo "FAIL bindfs $k"
  bindfs -o subtype=bindfs "$l1" "$d/bindfs-subtype" || echo "FAIL bindfs subtype $k"
done
d="$B/more"; mkdir -p "$d/a,b" "$d/loA" "$d/daC" "$d/daD" "$d/u" "$d/w" "$d/u2" "$d/w2" "$d/data" "$d/plus" "$d/mount8"
$M L "$d/data" overlay overlay "lowerdir=$d/loA::$d/daC::$d/daD,upperdir=$d/u,workdir=$d/w" || echo "FAIL data"
$M N "$d/plus" overlay "lowerdir+=$d/a,b" "upperdir=$d/u2" "workdir=$d/w2" || echo "FAIL plus a,b"
mount -t overlay cordon-r69 -o "lowerdir=$(esc "$d/a,b"):$d/loA" "$d/mount8" || echo "FAIL mount8"
grep -a " $B" /proc/self/mountinfo > "$OUT"
