#!/bin/sh
# Planned handover, run before the redis container stops (pod deletion, rolling update, drain).
# If this node is master: pause writes, let every replica catch up to the last write, ask
# Sentinel to fail over, and wait until a quorum names the new master. Clients that wrote before
# the pause keep their writes; writes sent during the pause are never executed here, and the
# client sees its connection cut (HAProxy drops the demoted node) and retries on the new master.
set -u
REDIS_HA_SCRIPT=prestop
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

timeout_ms=${REDIS_HA_HANDOVER_TIMEOUT_MS:-20000}
self=$(self_ip) || exit 0

[ "$(role_of "$self")" = master ] || { log "not master: nothing to hand over"; exit 0; }

online_replicas() {
    redis_at "$self" INFO replication | tr -d '\r' | grep -c '^slave[0-9]*:.*state=online' || true
}
[ "$(online_replicas)" -gt 0 ] || { log "no replica online: nothing to hand over to"; exit 0; }

deadline=$(($(now_ms) + timeout_ms))
# The pause outlives the handover on purpose: after the failover this node must not execute a
# paused write, and the container stops right after this script.
redis_at "$self" CLIENT PAUSE $((timeout_ms + 30000)) WRITE >/dev/null
# Redis checks min-replicas-to-write before it holds a write for the pause: once Sentinel moves
# the replicas away, new writes here would be answered NOREPLICAS, an error that clients do not
# retry, instead of being held and cut. Off for the handover, so every write that reaches this
# node waits and ends as a cut connection; HAProxy stops routing here at its next check, which
# needs min_slaves_good_slaves (shown only while the setting is on). Restored before the end.
min_replicas=$(redis_at "$self" CONFIG GET min-replicas-to-write | sed -n 2p)
redis_at "$self" CONFIG SET min-replicas-to-write 0 >/dev/null
restore_min_replicas() {
    [ -z "$min_replicas" ] || redis_at "$self" CONFIG SET min-replicas-to-write "$min_replicas" >/dev/null
}
resume_writes() {
    restore_min_replicas
    redis_at "$self" CLIENT UNPAUSE >/dev/null
}
log "writes paused; waiting for replicas to catch up"

# Every online replica must have processed the master's last write, so whichever one Sentinel
# promotes has all of them. Each replica is asked for its own offset: the offsets in the master's
# INFO are the replicas' acknowledgements, which arrive only once a second.
caught_up() {
    target=$(info_field "$self" master_repl_offset)
    [ -n "$target" ] || return 1
    replicas=$(redis_at "$self" INFO replication | tr -d '\r' | awk -F'[:,=]' '
        /^slave[0-9]+:/ { for (i = 2; i < NF; i += 2) f[$i] = $(i + 1); if (f["state"] == "online") print f["ip"] }')
    [ -n "$replicas" ] || return 1
    for replica in $replicas; do
        [ "$(info_field "$replica" slave_repl_offset)" = "$target" ] || return 1
    done
}
until caught_up; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
        log "replicas did not catch up in time; resuming writes and leaving it to Sentinel"
        resume_writes
        exit 0
    fi
    sleep_ms 50
done

requested=""
for ip in $(node_ips); do
    if [ "$(sentinel_at "$ip" SENTINEL FAILOVER "$REDIS_HA_MASTER_NAME")" = OK ]; then
        requested=$ip
        break
    fi
done
if [ -z "$requested" ]; then
    log "no sentinel accepted the failover; resuming writes"
    resume_writes
    exit 0
fi
log "failover requested from sentinel $requested"

while [ "$(now_ms)" -lt "$deadline" ]; do
    named=$(quorum_master)
    if [ -n "$named" ] && [ "$named" != "$self" ] && [ "$(role_of "$named")" = master ]; then
        # Give HAProxy two check rounds to drop this node's routes (cutting its sessions) before
        # the rest are disconnected: a client cut earlier could reconnect to this node through a
        # route not yet re-checked, and be cut a second time. Writes still paused here were never
        # executed; their clients retry on the new master.
        sleep_ms $((2 * ${REDIS_HA_ROUTE_CHECK_INTERVAL_MS:-500}))
        redis_at "$self" CLIENT KILL TYPE normal >/dev/null
        # This node is no longer routed to; as a replica (or a restarted master) it needs the guard again.
        restore_min_replicas
        log "handed over to $named"
        exit 0
    fi
    sleep_ms 100
done
log "failover did not complete in ${timeout_ms} ms; resuming writes"
resume_writes
exit 0
