#!/bin/sh
# The sentinel container's pre-stop hook. Kubernetes stops all containers of a pod together, so
# the sentinel waits until the redis container's handover is over: the sentinels must stay a
# majority while they fail over away from this node. Bounded like prestop.sh: the deadline first,
# then every lookup and call within it.
set -u
REDIS_HA_SCRIPT=sentinel-prestop
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

timeout_ms=${REDIS_HA_HANDOVER_TIMEOUT_MS:-20000}
deadline_ms=$(($(now_ms) + timeout_ms))
# Only this node's own address is needed.
address=$(node_address "$(self_ordinal)") || die "pod ordinal $(self_ordinal) has no entry in REDIS_HA_NODES"
self=$(resolve_ip "$address" 30) || die "cannot resolve this node's address $address"
while [ "$(now_ms)" -lt "$deadline_ms" ]; do
    [ "$(role_of "$self")" = master ] || exit 0
    sleep_ms 200
done
exit 0
