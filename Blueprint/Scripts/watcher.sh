#!/bin/sh
# Runs beside redis and sentinel in every pod. The sentinels' quorum view is the truth; when this
# node disagrees with it for longer than the grace period, the watcher makes the node agree:
#   named master but a replica  -> promote (a masterless set: every node a replica)
#   a master but not named      -> follow the named master (stale master, split brain after a heal)
#   a replica of the wrong node -> follow the named master
# The grace period is longer than Sentinel's own promote-then-announce window, and the watcher does
# not act while any sentinel runs a failover, so it never fights one; Sentinel usually repairs these
# itself, the watcher bounds the time when it does not.
set -u
REDIS_HA_SCRIPT=watcher
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

interval=${REDIS_HA_WATCHER_INTERVAL_MS:-1000}
grace=${REDIS_HA_WATCHER_GRACE_MS:-7000}
# Names are resolved once: DNS stays off the loop (with ndots:5 every lookup of a short name would
# walk the search list), and the announce Services' addresses are stable.
resolve_nodes 30 || die "cannot resolve node address $UNRESOLVED"
self=$(self_ip) || die "pod ordinal $(self_ordinal) has no entry in REDIS_HA_NODES"
# As a container's main process sh ignores SIGTERM by default; stop at once instead of holding the
# pod for its whole grace period.
trap 'exit 0' TERM INT
pending=""
since=0
waiting=""

# Four of Sentinel's periods, all runtime-only (SENTINEL DEBUG, Redis 7.0+): ping-period, how
# soon a dead master is noticed (1 s by default); ask-period, how soon the sentinels agree that it
# is down (1 s); publish-period, how soon the other sentinels learn the master a failover promoted
# from the leader's hello messages (2 s), which decides when a quorum names it and HAProxy may
# route to it; info-period, on which depends how soon the leader sees the promotion (see
# FailoverTimings.SentinelInfoPeriodMilliseconds). A restarted sentinel needs them again: set every
# round, it costs one round trip. An older sentinel refuses; harmless.
tune_local_sentinel() {
    period=${REDIS_HA_SENTINEL_PING_PERIOD_MS:-}
    [ -n "$period" ] || return 0
    sentinel_at "$(local_host)" SENTINEL DEBUG ping-period "$period" ask-period "$period" publish-period "$period" \
        ${REDIS_HA_SENTINEL_INFO_PERIOD_MS:+info-period "$REDIS_HA_SENTINEL_INFO_PERIOD_MS"} >/dev/null
}

# During a password rotation the password this node presents to its peers follows what they
# accept (internal_password): replication (masterauth), Sentinel's connections to the nodes
# (auth-pass) and to the other sentinels (sentinel-pass). All three apply at once at runtime.
presented_to_redis=""
presented_to_sentinels=""
follow_password_rotation() {
    [ -n "${REDIS_HA_PREVIOUS_PASSWORD:-}" ] || return 0
    wanted=$(internal_password "$REDIS_HA_REDIS_PORT")
    if [ "$wanted" != "$presented_to_redis" ] &&
        [ "$(redis_at "$self" CONFIG SET masterauth "$wanted")" = OK ] &&
        [ "$(sentinel_at "$self" SENTINEL SET "$REDIS_HA_MASTER_NAME" auth-pass "$wanted")" = OK ]; then
        presented_to_redis=$wanted
        log "presenting the $(password_name "$wanted") password to Redis"
    fi
    wanted=$(internal_password "$REDIS_HA_SENTINEL_PORT")
    if [ "$wanted" != "$presented_to_sentinels" ] &&
        [ "$(sentinel_at "$self" SENTINEL CONFIG SET sentinel-pass "$wanted")" = OK ]; then
        presented_to_sentinels=$wanted
        log "presenting the $(password_name "$wanted") password to the other sentinels"
    fi
}

# "new" or "previous", for the log: never the password itself.
password_name() {
    if [ "$1" = "$REDISCLI_AUTH" ]; then echo new; else echo previous; fi
}

log "watching $self (every ${interval} ms, grace ${grace} ms)"
while :; do
    tune_local_sentinel
    follow_password_rotation
    action=""
    named=$(quorum_master)
    role=$(role_of "$self")
    if [ -z "$named" ] && [ -z "$role" ]; then
        # Nothing answers, not even this node: perhaps an address changed (a Service re-created).
        # Look the names up again, once each; on failure keep the old addresses.
        if resolve_nodes 1; then
            self=$(self_ip) || die "pod ordinal $(self_ordinal) has no entry in REDIS_HA_NODES"
        fi
    fi
    [ -z "$named" ] || record_master "$named"
    if [ -n "$named" ] && [ -n "$role" ]; then
        if [ "$named" = "$self" ]; then
            [ "$role" = slave ] && action="promote"
        elif [ "$role" = master ]; then
            action="follow $named"
        elif [ "$(info_field "$self" master_host)" != "$named" ]; then
            action="follow $named"
        fi
    fi

    if [ -z "$action" ]; then
        pending=""
        waiting=""
    elif [ "$action" != "$pending" ]; then
        pending=$action
        waiting=""
        since=$(now_ms)
        log "disagreement: sentinels name ${named}, this node is ${role}; acting in ${grace} ms unless it clears"
    elif [ $(($(now_ms) - since)) -ge "$grace" ] && failover_in_progress; then
        # Sentinel is repairing the set itself right now (a named master that reports itself a
        # replica is failed over too, once down-after has passed): promoting this node as well
        # would make a second master. Wait for the failover's end; the sentinels then name its
        # outcome, and the action, if any is left, is taken against that.
        [ "$waiting" = "$action" ] || log "a failover is in progress: waiting for its end before acting"
        waiting=$action
    elif [ $(($(now_ms) - since)) -ge "$grace" ]; then
        case $action in
            promote)
                log "promoting this node, as the sentinels name it master"
                redis_at "$self" REPLICAOF NO ONE >/dev/null
                ;;
            follow*)
                log "following $named, the master the sentinels name"
                redis_at "$self" REPLICAOF "$named" "$REDIS_HA_REDIS_PORT" >/dev/null
                ;;
        esac
        pending=""
    fi
    sleep_ms "$interval"
done
