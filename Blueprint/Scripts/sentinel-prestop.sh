#!/bin/sh
# The sentinel container's pre-stop hook. Kubernetes stops all containers of a pod together, so
# the sentinel waits until the redis container's handover is over: the sentinels must stay a
# majority while they fail over away from this node.
set -u
REDIS_HA_SCRIPT=sentinel-prestop
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

timeout_ms=${REDIS_HA_HANDOVER_TIMEOUT_MS:-20000}
self=$(self_ip) || exit 0
deadline=$(($(now_ms) + timeout_ms))
while [ "$(now_ms)" -lt "$deadline" ]; do
    [ "$(role_of "$self")" = master ] || exit 0
    sleep_ms 200
done
exit 0
