#!/bin/sh
# redis-cli in a loop writing through the endpoint (see ../README.md for the protocol): one
# redis-cli process, so one new connection, per write, as a shell script or cron job would.
# There are no settings to recommend: every write connects afresh.
set -eu

: "${REDIS_HOST:?}" "${REDIS_PORT:?}" "${WRITER_PREFIX:?}" "${WRITER_STOP_FILE:?}"
interval_ms=${WRITER_INTERVAL_MS:-20}
# redis-cli reads the password from REDISCLI_AUTH, so it is on no command line.
if [ -n "${REDIS_PASSWORD:-}" ]; then
    REDISCLI_AUTH=$REDIS_PASSWORD
    export REDISCLI_AUTH
fi

# Milliseconds of the Unix epoch (%N is GNU date's; the bench runs on Debian).
now_ms() {
    date +%s%3N
}

# The matrix names redis-cli without a version (its rows' format): it is the redis-tools build the
# machine has, the same as the lab's Redis.
echo "version redis-cli"
# What redis-cli prints on stderr, kept apart from its reply: when the AUTH it sends on connecting
# fails (a proxy closing the connection), it says "I/O error" there, connects again and still sends
# the SET, which a script checking its status and reply sees succeed.
messages=$(mktemp)
trap 'rm -f "$messages"' EXIT
trap 'exit 143' HUP INT TERM
sequence=0
interval=$(awk -v ms="$interval_ms" 'BEGIN { printf "%.3f", ms / 1000 }')
while [ ! -e "$WRITER_STOP_FILE" ]; do
    sent=$(now_ms)
    # -e: an error reply also ends with a non-zero status; a connection that fails prints why.
    if reply=$(redis-cli -e -h "$REDIS_HOST" -p "$REDIS_PORT" SET "$WRITER_PREFIX:$sequence" 1 2>"$messages") && [ "$reply" = OK ]; then
        echo "ok $sequence $sent $(now_ms)"
    else
        echo "err $sequence $sent $(now_ms) $(printf '%s %s' "$reply" "$(cat "$messages")" | tr -s '\n\r\t' '   ' | cut -c1-200)"
    fi
    sequence=$((sequence + 1))
    sleep "$interval"
done
