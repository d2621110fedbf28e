#!/bin/sh
# Writes this node's runtime redis.conf and/or sentinel.conf (argument: all | redis | sentinel).
# Run by the init container and again by each container's start script, so a restarted
# container decides its role afresh instead of trusting a config written before a failover.
#
# Role: ask the sentinels who the master is and follow it. Only when no sentinel knows any
# master (first boot, or every node restarting at once) does the bootstrap rule apply: node 0.
set -eu
REDIS_HA_SCRIPT=init
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

what=${1:-all}
: "${REDIS_HA_CONFIG_DIR:?}" "${REDIS_HA_RUN_DIR:?}" "${REDIS_HA_DATA_DIR:?}" "${REDIS_HA_NODES:?}" "${REDIS_HA_POD_NAME:?}"

umask 077
mkdir -p "$REDIS_HA_RUN_DIR" "$REDIS_HA_DATA_DIR"

resolve_nodes 30 || die "cannot resolve node address $UNRESOLVED"
self=$(self_ip) || die "pod ordinal $(self_ordinal) has no entry in REDIS_HA_NODES"

has_data() {
    [ -s "$REDIS_HA_DATA_DIR/dump.rdb" ] || [ -d "$REDIS_HA_DATA_DIR/appendonlydir" ]
}

# True when another node answers and holds data it could take over with: its replication offset
# moved, so it once synced from a master. On a first boot every peer is an empty replica of a
# master that never ran (offset 0), and waiting for one of them to take over would only delay the
# bootstrap by the whole wait. The peers are asked at once: on a first boot they are still starting,
# and each that does not answer yet takes the whole call bound.
peer_has_data() {
    [ -n "$(at_every_node print_if_peer_with_data)" ]
}

print_if_peer_with_data() {
    [ "$1" = "$self" ] && return 0
    offset=$(info_field "$1" master_repl_offset)
    [ -n "$offset" ] && [ "$offset" -gt 0 ] && printf '%s\n' "$1"
}

choose_master() {
    named=$(most_named_master)
    if [ -z "$named" ]; then
        recorded=$(recorded_master)
        if [ -n "$recorded" ]; then
            # Every node lost its sentinel at once (a power loss): the master they last agreed on.
            # If it does not come back, the sentinels fail over to the replica with the most data.
            log "no sentinel knows a master: the last master this node saw ($recorded) is master"
            printf '%s\n' "$recorded"
            return 0
        fi
        bootstrap=${NODE_IPS%% *}
        log "no sentinel knows a master: bootstrap rule, node 0 ($bootstrap) is master"
        printf '%s\n' "$bootstrap"
        return 0
    fi
    # shellcheck disable=SC2086 # split "IP COUNT" into two arguments
    set -- $named
    log "sentinels name $1 as master ($2 of them)"
    printf '%s\n' "$1"
}

master=$(choose_master)

# A node the sentinels still name as master, restarting while a peer holds data (its container
# was killed and restarted before Sentinel noticed), must not take the role back: its data may be
# older than its replicas' (the last second of an appendfsync everysec AOF, or nothing at all on a
# wiped volume), and replicas that resync from it would drop what they have. It stays down until
# Sentinel fails over to a replica that has every write, then follows it. On a first boot no peer
# holds data, so node 0 starts at once.
if [ "$what" != sentinel ] && [ "$master" = "$self" ] && peer_has_data; then
    wait_until=$(($(now_ms) + ${REDIS_HA_EMPTY_MASTER_WAIT_MS:-60000}))
    log "named master while a peer holds data: waiting for Sentinel to fail over"
    while [ "$master" = "$self" ] && [ "$(now_ms)" -lt "$wait_until" ]; do
        sleep 1
        master=$(choose_master)
    done
    if [ "$master" = "$self" ]; then
        if has_data; then log "warning: no failover happened; starting as master with this node's data"
        else log "warning: no failover happened; starting as master without data"; fi
    fi
fi

# A sentinel starts watching only once the master it will monitor answers (bounded): it knows
# every replica from the first moment (known_peers), so a master still starting when its sentinels
# come up (a first boot, a power loss) would otherwise be failed over before it ever ran. If the
# master does not answer in time (its pod is gone), the sentinel starts anyway and fails it over.
if [ "$what" = sentinel ] && [ -z "$(role_of "$master")" ]; then
    wait_until=$(($(now_ms) + ${REDIS_HA_EMPTY_MASTER_WAIT_MS:-60000}))
    log "waiting for the master ($master) to answer before monitoring it"
    while [ -z "$(role_of "$master")" ] && [ "$(now_ms)" -lt "$wait_until" ]; do
        sleep 1
    done
fi

# With TLS: this node's certificate and the CA its peers' certificates must be signed by. The
# folder differs between a pod (the mounted Secret) and the lab, so it is added here, not in the
# ConfigMap; the ports and tls-replication are in the template already.
tls_files() {
    [ -n "${REDIS_HA_TLS:-}" ] || return 0
    echo "tls-cert-file $(conf_quote "${REDIS_HA_TLS_DIR:?}/tls.crt")"
    echo "tls-key-file $(conf_quote "$REDIS_HA_TLS_DIR/tls.key")"
    echo "tls-ca-cert-file $(conf_quote "$REDIS_HA_TLS_DIR/ca.crt")"
}

# What Redis and Sentinel require of their clients: the password; during a rotation's overlap
# either password (the passwords the node itself presents to its peers: internal_password).
client_auth() {
    if [ -n "${REDIS_HA_PREVIOUS_PASSWORD:-}" ]; then
        rotation_user
    else
        echo "requirepass $(conf_quote "$REDISCLI_AUTH")"
    fi
}

write_redis_conf() {
    out="$REDIS_HA_RUN_DIR/redis.conf"
    {
        cat "$REDIS_HA_CONFIG_DIR/redis.conf"
        echo "# appended by init.sh for $REDIS_HA_POD_NAME"
        echo "dir $REDIS_HA_DATA_DIR"
        echo "bind ${REDIS_HA_BIND:-* -::*}"
        [ -n "${REDIS_HA_SOURCE_ADDRESS:-}" ] && echo "bind-source-addr $REDIS_HA_SOURCE_ADDRESS"
        echo "replica-announce-ip $self"
        echo "replica-announce-port $REDIS_HA_REDIS_PORT"
        tls_files
        if [ -n "${REDISCLI_AUTH:-}" ]; then
            client_auth
            echo "masterauth $(conf_quote "$(internal_password "$REDIS_HA_REDIS_PORT")")"
        fi
        if [ "$master" != "$self" ]; then
            echo "replicaof $master $REDIS_HA_REDIS_PORT"
        fi
    } >"$out.tmp"
    mv "$out.tmp" "$out"
    if [ "$master" = "$self" ]; then log "redis: master"; else log "redis: replica of $master"; fi
}

# A stable sentinel ID per pod: a restarted sentinel is recognised as the same one instead of
# adding a stale entry that would count against the majority needed to authorise a failover.
sentinel_id() {
    printf '%s/%s' "$REDIS_HA_MASTER_NAME" "$1" | sha1sum | cut -c1-40
}

# Every other node as a replica and every other pod's sentinel, known from the first moment:
# Sentinel would otherwise learn replicas from the master's INFO (every 10 s) and sentinels from
# hello messages, and a master lost in those first seconds could not be failed over
# (-failover-abort-no-good-slave). The IDs are the other pods' stable ones.
known_peers() {
    i=0
    for ip in $NODE_IPS; do
        if [ "$ip" != "$self" ]; then
            [ "$ip" = "$master" ] || echo "sentinel known-replica $REDIS_HA_MASTER_NAME $ip $REDIS_HA_REDIS_PORT"
            echo "sentinel known-sentinel $REDIS_HA_MASTER_NAME $ip $REDIS_HA_SENTINEL_PORT $(sentinel_id "${REDIS_HA_POD_NAME%-*}-$i")"
        elif [ "$ip" != "$master" ]; then
            echo "sentinel known-replica $REDIS_HA_MASTER_NAME $ip $REDIS_HA_REDIS_PORT"
        fi
        i=$((i + 1))
    done
}

write_sentinel_conf() {
    out="$REDIS_HA_RUN_DIR/sentinel.conf"
    myid=$(sentinel_id "$REDIS_HA_POD_NAME")
    {
        sed "s/@MASTER_HOST@/$master/" "$REDIS_HA_CONFIG_DIR/sentinel.conf"
        echo "# appended by init.sh for $REDIS_HA_POD_NAME"
        echo "dir $REDIS_HA_RUN_DIR"
        echo "bind ${REDIS_HA_BIND:-* -::*}"
        [ -n "${REDIS_HA_SOURCE_ADDRESS:-}" ] && echo "bind-source-addr $REDIS_HA_SOURCE_ADDRESS"
        echo "sentinel announce-ip $self"
        echo "sentinel announce-port $REDIS_HA_SENTINEL_PORT"
        echo "sentinel myid $myid"
        known_peers
        tls_files
        if [ -n "${REDISCLI_AUTH:-}" ]; then
            echo "sentinel auth-pass $REDIS_HA_MASTER_NAME $(conf_quote "$(internal_password "$REDIS_HA_REDIS_PORT")")"
            client_auth
            echo "sentinel sentinel-pass $(conf_quote "$(internal_password "$REDIS_HA_SENTINEL_PORT")")"
        fi
    } >"$out.tmp"
    mv "$out.tmp" "$out"
    log "sentinel: monitoring $master"
}

case $what in
    all) write_redis_conf; write_sentinel_conf ;;
    redis) write_redis_conf ;;
    sentinel) write_sentinel_conf ;;
    *) die "usage: init.sh [all|redis|sentinel]" ;;
esac
