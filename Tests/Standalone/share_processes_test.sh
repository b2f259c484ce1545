#!/usr/bin/env bash
# One receiver per machine: three headless standalone processes on one port, each mapping
# its own universe, while a sender unicasts ArtDmx to 127.0.0.1.
#  - shared (default): the first process leads, the others follow it, each moves its own parameter;
#  - a process of another user (nobody) is refused by the leader;
#  - SIGKILL the leader while sending: another process takes over, every survivor keeps updating;
#    the failover time and the frames lost are printed (figures, not thresholds);
#  - --no-share: each binds on its own and the unicast reaches only one of them.
#   share_processes_test.sh APP SENDER PROBE
set -euo pipefail
app=$1 sender=$2 probe=$3
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
unset DISPLAY WAYLAND_DISPLAY
fail() {
    echo "FAIL: $*"
    for f in "$work"/*.log; do echo "--- $f"; grep -v '^param' "$f" | tail -n 30; done
    exit 1
}
wait_for() {   # FILE PATTERN [tenths of a second]
    for _ in $(seq "${3:-150}"); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
# The newest merged-frame count the process printed for its universe.
frames() { sed -n "s/^status: frames Art-Net 0:0:$2 (#[0-9]*) = \([0-9]*\)$/\1/p" "$work/$1.log" | tail -n1; }

# A port of our own (not 6454): the abstract channel name includes it, so nothing else on the
# machine takes part. Unicast to 127.0.0.1 only; nothing here broadcasts.
port=$((20000 + RANDOM % 20000))
for u in 1 2 3; do
    echo "{\"schema\":1,\"mappings\":[{\"name\":\"U$u\",\"universe\":\"0:0:$u\",\"channel\":1,\"target\":1}]}" > "$work/u$u.json"
done
declare -A pid
start() {   # NAME UNIVERSE PORT [extra args]
    local name=$1 u=$2 p=$3
    shift 3
    "$app" --headless --preset "$work/u$u.json" --bind 127.0.0.1 --port "$p" --status-every 0.2 --seconds 90 "$@" \
        > "$work/$name.log" 2>&1 &
    pid[$name]=$!
    pids+=($!)
}

# ---- shared: one leader, two followers ----------------------------------------------------
start p1 1 "$port"
wait_for "$work/p1.log" "status: sharing: local leader for 0 other programs" || fail "p1 did not become the leader"
start p2 2 "$port"
start p3 3 "$port"
for n in p2 p3; do
    wait_for "$work/$n.log" "status: sharing: receiving through local leader pid ${pid[p1]}" \
        || fail "$n does not receive through the leader (pid ${pid[p1]})"
done
wait_for "$work/p1.log" "status: sharing: local leader for 2 other programs" || fail "the leader does not list two followers"

"$sender" --to 127.0.0.1 --port "$port" --universe 0:0:1,0:0:2,0:0:3 --set 1=255 --count 5 --interval-ms 20
for u in 1 2 3; do
    wait_for "$work/p$u.log" "param control001 = 1.0000  <- universe Art-Net 0:0:$u" 50 || fail "p$u did not move its parameter"
done
echo "shared: all three processes moved their own parameter"

# ---- peer credentials: another user is refused, the same user is welcomed -----------------
"$probe" --bind 127.0.0.1 --port "$port" | grep -q "welcome from pid ${pid[p1]}" || fail "the same user was not welcomed"
if [ "$(id -u)" = 0 ] && id nobody > /dev/null 2>&1; then
    cp "$probe" "$work/probe" && chmod 755 "$work" "$work/probe"
    set +e
    out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$work/probe" --bind 127.0.0.1 --port "$port")
    rc=$?
    set -e
    [ $rc -eq 1 ] || fail "probe as nobody: exit $rc ($out), expected 1 (refused)"
    echo "nobody: $out"
    wait_for "$work/p1.log" "status: sharing: local leader for 2 other programs.*1 refused" 20 || fail "the leader does not count the refusal"
else
    echo "peer-credential check skipped: needs root to run a probe as nobody"
fi

# ---- failover: SIGKILL the leader while sending ------------------------------------------
sleep 0.5
base2=$(frames p2 2) base3=$(frames p3 3)
sent=300
"$sender" --to 127.0.0.1 --port "$port" --universe 0:0:2,0:0:3 --ramp 1 --count $sent --interval-ms 10 &
spid=$!
pids+=($spid)
sleep 1
kill -9 "${pid[p1]}"
killed=$(date +%s%N)
at2=$(frames p2 2) at3=$(frames p3 3)
newleader=""
for _ in $(seq 100); do
    for n in p2 p3; do
        grep -q "status: sharing: local leader for 1 other program" "$work/$n.log" && newleader=$n
    done
    [ -n "$newleader" ] && break
    sleep 0.01
done
seen=$(date +%s%N)
[ -n "$newleader" ] || fail "no process took over as leader"
other=$([ "$newleader" = p2 ] && echo p3 || echo p2)
wait_for "$work/$other.log" "status: sharing: receiving through local leader pid ${pid[$newleader]}" 50 \
    || fail "$other did not re-attach to the new leader ${pid[$newleader]}"
wait "$spid"
sleep 1
end2=$(frames p2 2) end3=$(frames p3 3)
[ "$end2" -gt "$at2" ] || fail "p2 stopped updating after the failover ($at2 -> $end2)"
[ "$end3" -gt "$at3" ] || fail "p3 stopped updating after the failover ($at3 -> $end3)"
lost2=$((sent - (end2 - base2))) lost3=$((sent - (end3 - base3)))
takeover=$(sed -n 's/.*local leader for 1 other program.*failover \([0-9]*\) us.*/\1/p' "$work/$newleader.log" | tail -n1)
echo "failover: $newleader took over ${takeover:-?} us after it saw the leader go (EOF -> bound);" \
     "status line seen $(( (seen - killed) / 1000000 )) ms after SIGKILL (status printed every 200 ms)"
echo "frames lost of $sent per universe: p2 $lost2, p3 $lost3"
for n in p2 p3; do kill -9 "${pid[$n]}" 2>/dev/null || true; done

# ---- sharing off: the unicast reaches one process only ------------------------------------
port2=$((port + 1))
start q1 1 "$port2" --no-share
start q2 2 "$port2" --no-share
start q3 3 "$port2" --no-share
for n in q1 q2 q3; do
    wait_for "$work/$n.log" "status: listening 127.0.0.1:$port2" || fail "$n is not listening"
    ! grep -q "status: sharing" "$work/$n.log" || fail "$n shares although --no-share"
done
"$sender" --to 127.0.0.1 --port "$port2" --universe 0:0:1,0:0:2,0:0:3 --set 1=255 --count 5 --interval-ms 20
sleep 1.5
moved=0
for u in 1 2 3; do grep -q "param control001 = 1.0000" "$work/q$u.log" && moved=$((moved + 1)); done
[ $moved -eq 1 ] || fail "with --no-share $moved processes moved, expected exactly 1 (unicast reaches one socket)"
echo "not shared: only 1 of 3 processes moved its parameter"
echo "share processes: OK"
