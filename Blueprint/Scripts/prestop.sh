#!/bin/sh
# Planned handover, run before the redis container stops (pod deletion, rolling update, drain).
# If this node is master: pause writes, let every replica catch up to the last write, ask
# Sentinel to fail over, and wait until a quorum names the new master. Clients that wrote before
# the pause keep their writes; writes sent during the pause are never executed here, and the
# client sees its connection cut (HAProxy drops the demoted node) and retries on the new master.
#
# The handover, DNS included, ends within REDIS_HA_HANDOVER_TIMEOUT_MS: the deadline is set
# first, and every lookup, call and wait ends by it (common.sh's deadline_ms). Then at most
# cleanup_ms more for resuming writes or cutting the clients, so a handover that runs out of
# time still leaves a writable node behind. terminationGracePeriodSeconds counts on both
# (FailoverTimings.PreStopSlackSeconds covers the cleanup).
set -u
REDIS_HA_SCRIPT=prestop
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

timeout_ms=${REDIS_HA_HANDOVER_TIMEOUT_MS:-20000}
cleanup_ms=1500
deadline_ms=$(($(now_ms) + timeout_ms))
end_ms=$((deadline_ms + cleanup_ms))

# Addresses are looked up once, within the deadline; a node that does not resolve stops the hook
# before it has changed anything (the pod then stops without a handover, as if it had crashed).
resolve_nodes 30 || die "cannot resolve node address $UNRESOLVED"
self=$(self_ip) || die "pod ordinal $(self_ordinal) has no entry in REDIS_HA_NODES"

# Sentinel refuses a failover while the previous one is still moving replicas to its new master
# (in a rolling update, the last pod's handover; a replica that does not answer keeps it going
# until Sentinel takes that replica for down): the hook waits for it (failover_in_progress,
# common.sh) before pausing any write.

# A replica that stops must not become the master it would then leave: a scale-down deletes several
# pods at once (the StatefulSet's pods are managed in parallel), and when the master is among them
# its handover may pick another pod that is stopping too. Priority 0 tells Sentinel never to promote
# this node (it reads it from INFO, every second during a failover). A handover that started before
# Sentinel saw it may still pick this node: the hook waits for such a failover (and a moment for
# one about to be requested) with Redis running, and hands over itself if it became master. The
# wait takes half the budget at most, so that the handover keeps the other half.
if [ "$(role_of "$self")" != master ]; then
    redis_at "$self" CONFIG SET replica-priority 0 >/dev/null
    settle_ms=$(($(now_ms) + ${REDIS_HA_REPLICA_STOP_SETTLE_MS:-3000}))
    wait_until_ms=$(($(now_ms) + timeout_ms / 2))
    # Asked once a second at most: every pod of a scale-down runs this hook at once on a busy node.
    while [ "$(now_ms)" -lt "$wait_until_ms" ] && { [ "$(now_ms)" -lt "$settle_ms" ] || failover_in_progress; }; do
        sleep_ms 1000
    done
    [ "$(role_of "$self")" = master ] || { log "not master: nothing to hand over"; exit 0; }
    log "became master while stopping: handing over"
fi

online_replicas() {
    redis_at "$self" INFO replication | online_replicas_in
}
[ -n "$(online_replicas)" ] || { log "no replica online: nothing to hand over to"; exit 0; }

while failover_in_progress; do
    [ "$(now_ms)" -lt "$deadline_ms" ] || { log "a failover is still in progress: leaving it to Sentinel"; exit 0; }
    sleep_ms 200
done

# Read before any pause: every call made while writes are paused counts.
min_replicas=$(redis_at "$self" CONFIG GET min-replicas-to-write | sed -n 2p)
restore_min_replicas() {
    [ -z "$min_replicas" ] || redis_at "$self" CONFIG SET min-replicas-to-write "$min_replicas" >/dev/null
}
# Writes are paused for the handover with a pause that outlives it on purpose: after the failover
# this node must not execute a paused write, and the container stops right after this script.
# Redis checks min-replicas-to-write before it holds a write for the pause: once Sentinel moves
# the replicas away, new writes here would be answered NOREPLICAS, an error that clients do not
# retry, instead of being held and cut. Off for the handover, so every write that reaches this
# node waits and ends as a cut connection; HAProxy stops routing here at its next check, which
# needs min_slaves_good_slaves (shown only while the setting is on). Restored before the end.
# Sets master_info, as pause_writes_for does.
hold_writes() {
    pause_writes_for $((timeout_ms + 30000)) "
CONFIG SET min-replicas-to-write 0"
}
# Pauses writes for $1 ms (Redis ends the pause itself), runs the commands of $2 if any, and sets
# master_info to INFO replication read in the same transaction: its offset is the master's at the
# pause, and it all takes one redis-cli start, which on a loaded node is a tenth of a second or
# more of paused writes.
pause_writes_for() {
    master_info=$(redis_batch_at "$self" "MULTI
CLIENT PAUSE $1 WRITE${2:-}
INFO replication
EXEC")
}
# The calls of the cleanup may use the time after the deadline (and after a try's budget).
cleanup() {
    deadline_ms=$end_ms
    calls_end_ms=''
}
resume_writes() {
    cleanup
    restore_min_replicas
    redis_at "$self" CLIENT UNPAUSE >/dev/null
}

# Every online replica Sentinel may promote must have processed the master's last write, so
# whichever one it promotes has all of them. The target is the master's offset once writes are
# paused (later the master's replication pings, sent even while paused, move it on by a few bytes
# that hold no write). Each replica is asked for its own offset: the offsets in the master's INFO
# are the replicas' acknowledgements, which arrive only once a second. A replica with priority 0 is
# stopping too (its own hook set it: a scale-down stops several pods at once); Sentinel never
# promotes it, and its offset, frozen while it saves and exits, does not count. The first round
# after a pause uses the INFO read with it (master_info); later rounds read it again, for the
# replicas online now.
caught_up() {
    [ -n "$master_info" ] || master_info=$(redis_at "$self" INFO replication)
    [ -n "$target" ] || { info_value_in master_repl_offset "$master_info"; target=$info_value; }
    replicas=$(printf '%s\n' "$master_info" | online_replicas_in)
    master_info=""
    [ -n "$target" ] || return 1
    [ -n "$replicas" ] || return 1
    [ -z "$(replicas_behind "$target" "$replicas")" ]
}
# The replicas are asked all at once: on a loaded node one call took 0.5 to 0.8 s, and four
# replicas asked in turn kept writes paused for 6 s. Prints each replica that is behind OFFSET
# (or does not answer), one per line.
replicas_behind() {
    for replica in $2; do
        replica_behind "$replica" "$1" &
    done
    wait
}
replica_behind() {
    replica_info=$(redis_at "$1" INFO replication)
    info_value_in slave_priority "$replica_info" && [ "$info_value" = 0 ] && return 0
    info_value_in slave_repl_offset "$replica_info"
    case $info_value in
        '' | *[!0-9]*) printf '%s\n' "$1" ;;
        *) [ "$info_value" -ge "$2" ] || printf '%s\n' "$1" ;;
    esac
}

# Sentinel sees a promotion only in an INFO reply, and during a failover it asks the replicas once
# a second, counted from the last reply (FailoverTimings.SentinelInfoPeriodMilliseconds). Before
# the failover it asks every 600 ms, so when the request comes the last reply is 0 to 0.6 s old,
# and the promotion, two or three of Sentinel's ticks after the request, waits 0.4 to 1 s for the
# next one: 0.7 s on average, the largest link left in the handover. So the sentinel that will be
# asked (request_failover asks the first that answers, if it names this node) is made to ask every
# node at once, with an INFO period of 1 ms for a tick or two, and writes are paused about
# info_lead_ms after its last reply: with the 0.1 to 0.2 s from the pause to the request, the
# request comes half a second into the second and the promotion waits a few tenths. A request that
# comes later than 0.6 s (a slow catch-up) finds a newer steady INFO and waits as it would have
# without this. Best effort: a sentinel that refuses (older than 7.0) changes nothing.
info_lead_ms=350
align_with_sentinel_info() {
    [ -n "${REDIS_HA_SENTINEL_INFO_PERIOD_MS:-}" ] || return 0
    for ip in $NODE_IPS; do
        # shellcheck disable=SC2046 # "IP FLAGS" into two arguments
        set -- $(sentinel_view_of "$ip")
        [ $# -eq 2 ] || continue
        [ "$1" = "$self" ] || return 0
        [ "$(sentinel_at "$ip" SENTINEL DEBUG info-period 1)" = OK ] || return 0
        sleep_ms 150
        sentinel_at "$ip" SENTINEL DEBUG info-period "$REDIS_HA_SENTINEL_INFO_PERIOD_MS" >/dev/null
        # The freshest reply among the replicas (one that does not answer has an old one).
        info_age_ms=$(sentinel_at "$ip" SENTINEL REPLICAS "$REDIS_HA_MASTER_NAME" | tr -d '\r' | awk '
            previous == "info-refresh" && (min == "" || $0 + 0 < min) { min = $0 + 0 }
            { previous = $0 }
            END { print min }')
        case $info_age_ms in '' | *[!0-9]*) return 0 ;; esac
        [ "$info_age_ms" -ge "$info_lead_ms" ] || sleep_ms $((info_lead_ms - info_age_ms))
        log "sentinel $ip had the replicas' INFO ${info_age_ms} ms before; pausing ${info_lead_ms} ms after it"
        return 0
    done
}
align_with_sentinel_info

# Until the replicas have caught up, writes are paused for pause_budget_ms at most per try (three
# quarters of down-after, FailoverTimings.WritePauseBudgetMilliseconds): Sentinel's hello messages
# wait on a write pause and its pings queue behind them, so a master paused for down-after is taken
# for down and Sentinel fails over on its own, mid-handover. Redis itself ends such a pause
# (CLIENT PAUSE with the budget as its timeout), however slow this script is on a loaded node:
# resuming writes with a call of its own could come after Sentinel had started a failover, and
# writes taken then would be lost (seen: 17, when a try's calls took 2 s). A try that runs out of
# budget waits a second (Sentinel hears from the master again) and tries again; the third try
# pauses until the deadline, since a handover that ends in Sentinel's own failover loses nothing.
# Once the replicas have caught up, writes are held for good (hold_writes; if the budget ran out
# just before, writes taken meanwhile move the target on, so the replicas are asked once more).
# Sentinel may fail over on its own all the same (a loaded node), and the replicas then follow
# another master and never catch up here: asked every second, the sentinels' answer ends the wait,
# and this node is not written to again (see below). By the clock, not by a count of polls: a poll
# asks every replica, and over TLS or with a replica that does not answer one poll can take seconds
# (CI once saw 17 s of paused writes go by unnoticed).
pause_budget_ms=${REDIS_HA_WRITE_PAUSE_BUDGET_MS:-750}
tries_left=3
held=""
named=""
master_info=""
while :; do
    if [ "$(now_ms)" -ge "$deadline_ms" ]; then
        log "no time left for a handover; leaving it to Sentinel"
        [ -z "$held" ] || resume_writes
        exit 0
    fi
    # A round with writes held (the last try, or the check once more after a catch-up) is no try.
    [ -n "$held" ] || tries_left=$((tries_left - 1))
    target=""
    if [ -z "$held" ] && [ "$tries_left" -gt 0 ]; then
        # Taken before the call, so the pause Redis ends never outlasts the budget counted here.
        budget_end_ms=$(($(now_ms) + pause_budget_ms))
        pause_writes_for "$pause_budget_ms"
        # Redis received the call before it returned, so its pause is over by then.
        pause_over_ms=$(($(now_ms) + pause_budget_ms))
        log "writes paused for ${pause_budget_ms} ms at most; waiting for replicas to catch up"
        # Every call of the try ends by the budget (a replica that does not answer would take 3 s).
        calls_end_ms=$budget_end_ms
    else
        [ -n "$held" ] || { hold_writes; held=yes; log "writes paused; waiting for replicas to catch up"; }
        budget_end_ms=$deadline_ms
        calls_end_ms=''
    fi
    late=""
    ask_sentinels_ms=$(($(now_ms) + 1000))
    until caught_up; do
        if [ "$(now_ms)" -ge "$ask_sentinels_ms" ]; then
            ask_sentinels_ms=$(($(now_ms) + 1000))
            named=$(quorum_master)
            if [ -n "$named" ] && [ "$named" != "$self" ]; then
                log "Sentinel has failed over to $named on its own while replicas caught up"
                break
            fi
            named=""
        fi
        if [ "$(now_ms)" -ge "$deadline_ms" ]; then
            log "replicas did not catch up in time; resuming writes and leaving it to Sentinel"
            resume_writes
            exit 0
        fi
        if [ "$(now_ms)" -ge "$budget_end_ms" ]; then
            late=yes
            break
        fi
        sleep_ms 50
    done
    calls_end_ms=''
    [ -z "$named" ] || { [ -n "$held" ] || { hold_writes; held=yes; }; break; }
    if [ -n "$late" ]; then
        log "replicas did not catch up within ${pause_budget_ms} ms; writes resumed, trying again"
        # A second of writes before the next pause, counted from the end of Redis' own pause
        # (a pause call that reached Redis late ends late, and the next one must not extend it).
        gap_ms=$((pause_over_ms + 1000 - $(now_ms)))
        [ "$gap_ms" -le 0 ] || sleep_ms "$gap_ms"
        continue
    fi
    [ -z "$held" ] || break
    # Caught up within the budget: held for good from here. If no write came in after the target
    # (the try's pause may have ended just before), every replica still has them all; otherwise
    # they are asked once more, for the offset the hold read (the next round).
    hold_writes
    held=yes
    info_value_in master_repl_offset "$master_info"
    [ "$info_value" != "$target" ] || break
done
[ -n "$named" ] || log "replicas caught up at offset $target"

# A sentinel that answers -INPROG runs a failover of its own already (on a loaded node this master
# can miss down-after while its writes are paused): asking another sentinel then would start a
# second, forced one that races it, each promoting another replica, and the writes the first one's
# master takes would be lost when the second one's wins. So the first refusal ends the round. For
# the same reason a sentinel is asked only while it still names this node: SENTINEL FAILOVER fails
# over whatever master the sentinel names now, and one that has switched to the node its own
# failover promoted would hand that one over again, to a replica that never had its latest writes
# (seen over TLS in a rolling restart: one acknowledged write lost). Nor while it takes this node
# for down: the other sentinels are then about to elect a leader for a failover of their own, and a
# forced one would race it (seen in a scale-up: two failovers of the same master 0.9 s apart; they
# happened to pick the same replica). Only the moment between the two calls is left, milliseconds
# against the second a failover takes to be agreed.
request_failover() {
    for ip in $NODE_IPS; do
        # shellcheck disable=SC2046 # "IP FLAGS" into two arguments
        set -- $(sentinel_view_of "$ip")
        [ $# -eq 2 ] || continue
        if [ "$1" != "$self" ]; then
            [ -n "${told_other:-}" ] || log "sentinel $ip names another master: no failover requested from it"
            told_other=yes
            return 1
        fi
        case $2 in
            *s_down* | *o_down*)
                [ -n "${told_down:-}" ] || log "sentinel $ip takes this node for down: waiting for Sentinel's own failover"
                told_down=yes
                return 1
                ;;
        esac
        case $(sentinel_at "$ip" SENTINEL FAILOVER "$REDIS_HA_MASTER_NAME") in
            OK)
                requested=$ip
                return 0
                ;;
            *INPROG*) return 1 ;;
        esac
    done
    return 1
}
# The failover is asked for at once: every moment of paused writes counts. After a refusal, the
# sentinels are asked what they name: another node already is the handover. With no answer at
# all, perhaps an address changed: the names are looked up again, once.
requested=""
[ -z "$named" ] || requested=sentinel
resolved_again=""
while [ -z "$requested" ] && [ "$(now_ms)" -lt "$deadline_ms" ]; do
    request_failover && break
    named=$(quorum_master)
    if [ -n "$named" ] && [ "$named" != "$self" ]; then
        log "Sentinel has failed over to $named on its own: no failover requested"
        requested=sentinel
        break
    fi
    if [ -z "$resolved_again" ]; then
        resolved_again=yes
        resolve_nodes 1 || true
        continue
    fi
    sleep_ms 200
done
if [ -z "$requested" ]; then
    log "no sentinel accepted the failover; resuming writes"
    resume_writes
    exit 0
fi
[ "$requested" = sentinel ] || log "failover requested from sentinel $requested"

while [ "$(now_ms)" -lt "$deadline_ms" ]; do
    named=$(quorum_master)
    if [ -n "$named" ] && [ "$named" != "$self" ] && [ "$(role_of "$named")" = master ]; then
        cleanup
        # HAProxy stopped routing here at its first check after the pause (with min-replicas-to-write
        # off, INFO shows no good replicas) and cut its sessions; one more check round, so none is
        # routed here again, then the clients still connected are disconnected. Writes still paused
        # here were never executed; their clients retry on the new master.
        # Within the time kept for the cleanup, with half a second left for its two calls.
        pause_ms=${REDIS_HA_ROUTE_CHECK_INTERVAL_MS:-500}
        left_ms=$((end_ms - $(now_ms) - 500))
        [ "$pause_ms" -le "$left_ms" ] || pause_ms=$left_ms
        [ "$pause_ms" -le 0 ] || sleep_ms "$pause_ms"
        redis_at "$self" CLIENT KILL TYPE normal >/dev/null
        # This node is no longer routed to; as a replica (or a restarted master) it needs the guard again.
        restore_min_replicas
        log "handed over to $named"
        exit 0
    fi
    sleep_ms 100
done
# Sentinel accepted the failover and may still complete it: a write taken here from now on could
# be lost when it does, so writes stay paused (the container stops next). The clients are
# disconnected, to retry wherever HAProxy routes them.
cleanup
restore_min_replicas
redis_at "$self" CLIENT KILL TYPE normal >/dev/null
# `redis-ha lab failover` reads "as Sentinel is failing over" (and "handed over to") as a handover.
log "failover did not complete in ${timeout_ms} ms; writes stay paused, as Sentinel is failing over"
exit 0
