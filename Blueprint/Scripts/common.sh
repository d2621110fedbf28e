# shellcheck shell=sh
# Shared by the redis-ha scripts (sourced, never run). POSIX sh: runs under busybox ash and dash.
#
# Every node address comes from REDIS_HA_NODES (announce Service names on Kubernetes, loopback
# IPs in the lab). Nodes announce IPs, so names are resolved once here with getent.

REDIS_HA_SCRIPT=${REDIS_HA_SCRIPT:-redis-ha}
REDIS_HA_REDIS_PORT=${REDIS_HA_REDIS_PORT:-6379}
REDIS_HA_SENTINEL_PORT=${REDIS_HA_SENTINEL_PORT:-26379}
REDIS_HA_MASTER_NAME=${REDIS_HA_MASTER_NAME:-mymaster}
# redis-cli reads the password from REDISCLI_AUTH itself; it is never put on a command line.
export REDISCLI_AUTH

log() {
    printf '%s %s: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$REDIS_HA_SCRIPT" "$*" >&2
}

die() {
    log "error: $*"
    exit 1
}

# Milliseconds since boot; busybox date has no sub-second format, /proc/uptime does.
now_ms() {
    awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

sleep_ms() {
    sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
}

is_ip() {
    case $1 in
        *[!0-9.]*) case $1 in *:*) return 0 ;; *) return 1 ;; esac ;;
        *.*.*.*) return 0 ;;
        *) return 1 ;;
    esac
}

# Prints the IP of a node address; retries for a while, since a Service's DNS record can lag
# behind the pod that needs it.
resolve_ip() {
    if is_ip "$1"; then
        printf '%s\n' "$1"
        return 0
    fi
    tries=0
    while [ "$tries" -lt 30 ]; do
        ip=$(getent hosts "$1" | awk '{ print $1; exit }')
        if [ -n "$ip" ]; then
            printf '%s\n' "$ip"
            return 0
        fi
        tries=$((tries + 1))
        sleep 1
    done
    return 1
}

# Where probes reach this node's own Redis and Sentinel: the bound address in the lab, loopback in a pod.
local_host() {
    if is_ip "${REDIS_HA_BIND:-}"; then printf '%s\n' "$REDIS_HA_BIND"; else printf '127.0.0.1\n'; fi
}

self_ordinal() {
    printf '%s\n' "${REDIS_HA_POD_NAME##*-}"
}

# The address of node number $1 (0-based) as written in REDIS_HA_NODES.
node_address() {
    want=$1
    i=0
    for address in $REDIS_HA_NODES; do
        if [ "$i" -eq "$want" ]; then
            printf '%s\n' "$address"
            return 0
        fi
        i=$((i + 1))
    done
    return 1
}

# Every node's IP, one per line, in ordinal order.
node_ips() {
    for address in $REDIS_HA_NODES; do
        resolve_ip "$address" || die "cannot resolve node address $address"
    done
}

self_ip() {
    address=$(node_address "$(self_ordinal)") || die "pod ordinal $(self_ordinal) has no entry in REDIS_HA_NODES"
    resolve_ip "$address" || die "cannot resolve this node's address $address"
}

# redis-cli against HOST PORT with a short timeout: every call of the scripts goes through here.
# With TLS (REDIS_HA_TLS set) it checks the server's certificate against ca.crt and offers this
# node's own certificate, which a server that does not ask for client certificates ignores.
# redis-cli checks the chain, not the host name, like Redis' own replication links.
cli_at() {
    cli_host=$1
    cli_port=$2
    shift 2
    if [ -n "${REDIS_HA_TLS:-}" ]; then
        set -- --tls --cacert "${REDIS_HA_TLS_DIR:?}/ca.crt" \
            --cert "$REDIS_HA_TLS_DIR/tls.crt" --key "$REDIS_HA_TLS_DIR/tls.key" "$@"
    fi
    timeout 3 redis-cli --no-auth-warning -h "$cli_host" -p "$cli_port" "$@"
}

# cli_at against Redis (redis_at) or Sentinel (sentinel_at), errors silenced: no answer is an answer.
redis_at() {
    host=$1
    shift
    cli_at "$host" "$REDIS_HA_REDIS_PORT" "$@" 2>/dev/null
}

sentinel_at() {
    host=$1
    shift
    cli_at "$host" "$REDIS_HA_SENTINEL_PORT" "$@" 2>/dev/null
}

# A field of INFO replication, e.g. info_field HOST role.
info_field() {
    redis_at "$1" INFO replication | tr -d '\r' | awk -F: -v key="$2" '$1 == key { print $2; exit }'
}

# master, slave, or nothing when the node does not answer.
role_of() {
    info_field "$1" role
}

# The IP that the sentinel on host $1 names as master, or nothing.
sentinel_master_of() {
    sentinel_at "$1" SENTINEL get-master-addr-by-name "$REDIS_HA_MASTER_NAME" | head -n 1 | grep -E '^[0-9a-fA-F.:]+$'
}

# "IP COUNT" for the master named by the most sentinels that answer; nothing if none answers.
most_named_master() {
    # A sentinel that does not answer (the node's own, while it restarts) is skipped: "|| true",
    # or under init.sh's set -e the loop would stop there and count none of the others.
    for ip in $(node_ips); do
        sentinel_master_of "$ip" || true
    done | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2, $1 }'
}

# The master named by at least a quorum of sentinels, or nothing.
quorum_master() {
    # shellcheck disable=SC2046 # split "IP COUNT" into two arguments
    set -- $(most_named_master)
    if [ $# -eq 2 ] && [ "$2" -ge "${REDIS_HA_QUORUM:?}" ]; then
        printf '%s\n' "$1"
    fi
}

# A value written into redis.conf or sentinel.conf as a double-quoted string of \xHH escapes:
# any byte (quotes, spaces, $, #, backslashes, non-ASCII) survives Redis' config parser intact.
conf_quote() {
    printf '"'
    printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | sed 's/../\\x&/g'
    printf '"\n'
}
