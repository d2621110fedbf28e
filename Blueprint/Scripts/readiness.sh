#!/bin/sh
# Ready when Redis answers and, as a replica, has a live link to its master with the initial
# sync done: a rolling update then never restarts the next pod while this one still lacks data.
set -u
REDIS_HA_SCRIPT=readiness
# shellcheck source=common.sh
. "${REDIS_HA_SCRIPTS_DIR:?}/common.sh"

host=$(local_host)
[ "$(redis_at "$host" PING)" = PONG ] || { echo "redis does not answer PING"; exit 1; }
case $(role_of "$host") in
    master) exit 0 ;;
    slave)
        [ "$(info_field "$host" master_link_status)" = up ] || { echo "replica link to master is down"; exit 1; }
        [ "$(info_field "$host" master_sync_in_progress)" = 0 ] || { echo "initial sync in progress"; exit 1; }
        exit 0
        ;;
    *) echo "unknown role"; exit 1 ;;
esac
