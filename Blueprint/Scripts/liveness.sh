#!/bin/sh
# Alive while Redis answers at all: LOADING (a big dataset being read) or MASTERDOWN are answers,
# and restarting a node for them would only make things worse.
set -u
REDIS_HA_SCRIPT=liveness
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

host=$(local_host)
port=${1:-$REDIS_HA_REDIS_PORT}
reply=$(cli_at "$host" "$port" PING 2>&1)
case $reply in
    PONG | LOADING* | MASTERDOWN* | BUSY*) exit 0 ;;
    *) echo "no answer on port $port: $reply"; exit 1 ;;
esac
