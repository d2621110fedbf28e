#!/bin/sh
# The sentinel container's command: write sentinel.conf for the current master, then become redis-sentinel.
set -eu
sh "${REDIS_HA_SCRIPTS_DIR:?}/init.sh" sentinel
exec redis-sentinel "${REDIS_HA_RUN_DIR:?}/sentinel.conf"
