#!/bin/sh
# The redis container's command: decide the role afresh, then become redis-server.
set -eu
sh "${REDIS_HA_SCRIPTS_DIR:?}/init.sh" redis
exec redis-server "${REDIS_HA_RUN_DIR:?}/redis.conf"
