#!/bin/sh
# The HAProxy container's command. haproxy.cfg names nodes by variables: resolve each node's
# address to the IP it announces, export it, and the passwords' byte lengths (RESP needs them), then
# become haproxy. No address or secret is written to a file.
set -eu
REDIS_HA_SCRIPT=haproxy
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

i=0
for address in ${REDIS_HA_NODES:?}; do
    ip=$(resolve_ip "$address") || die "cannot resolve node address $address"
    export "REDIS_HA_NODE_${i}_IP=$ip"
    i=$((i + 1))
done
REDIS_HA_PASSWORD_BYTES=$(printf '%s' "${REDISCLI_AUTH:-}" | wc -c | tr -d ' ')
REDIS_HA_PREVIOUS_PASSWORD_BYTES=$(printf '%s' "${REDIS_HA_PREVIOUS_PASSWORD:-}" | wc -c | tr -d ' ')
export REDIS_HA_PASSWORD_BYTES REDIS_HA_PREVIOUS_PASSWORD_BYTES
mkdir -p "${REDIS_HA_PROXY_RUN_DIR:?}"
exec haproxy -W -db -f "${REDIS_HA_PROXY_CONFIG_DIR:?}/haproxy.cfg"
