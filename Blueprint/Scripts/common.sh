# shellcheck shell=sh
# Shared by the redis-ha scripts (sourced, never run). POSIX sh: runs under busybox ash and dash.
#
# Every node address comes from REDIS_HA_NODES (announce Service names on Kubernetes, loopback
# IPs in the lab). Nodes announce IPs, so a script resolves the names once (resolve_nodes) with
# getent, in its own shell, and uses NODE_IPS from then on.

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

# Milliseconds since boot, from the text of /proc/uptime ("12345.67 ...") with shell arithmetic,
# which is 64-bit in dash and busybox ash: busybox awk's %d stops at 2^31 ms (24.8 days of node
# uptime, and /proc/uptime is the node's), after which no deadline would ever pass. No fork.
now_ms() {
    read -r uptime_text _ </proc/uptime
    uptime_s=${uptime_text%%.*}
    case $uptime_text in
        *.*) uptime_frac=${uptime_text#*.}00 ;;
        *) uptime_frac=000 ;;
    esac
    # The first three digits, without leading zeros: arithmetic would read 050 as octal.
    uptime_frac=${uptime_frac%"${uptime_frac#???}"}
    uptime_frac=${uptime_frac#0}
    uptime_frac=${uptime_frac#0}
    printf '%s\n' $((uptime_s * 1000 + uptime_frac))
}

sleep_ms() {
    sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
}

# The script's deadline in now_ms time, when it has one (the pre-stop hooks): every call, lookup
# and wait of common.sh then ends by it, so a script never overruns its budget by the 3 s of a
# call that does not answer. Unset: calls take up to 3 s each.
deadline_ms=${deadline_ms:-}
# The most one call may take, in ms: a script lowers it around questions it can do without.
call_max_ms=3000

# A second end for calls, set around a step that has a budget of its own within the deadline.
calls_end_ms=''

# Seconds (with decimals) the next call may take: call_max_ms, or what is left before deadline_ms
# or calls_end_ms, whichever comes first. Fails when nothing is left.
call_limit() {
    left_ms=$call_max_ms
    for end_ms_of_calls in $deadline_ms $calls_end_ms; do
        end_left_ms=$((end_ms_of_calls - $(now_ms)))
        [ "$end_left_ms" -gt 0 ] || return 1
        [ "$end_left_ms" -ge "$left_ms" ] || left_ms=$end_left_ms
    done
    printf '%d.%03d\n' $((left_ms / 1000)) $((left_ms % 1000))
}

# Runs a command for at most $1 seconds, then ends it (status 143). Not busybox timeout: its
# watchdog process outlives the command and is re-parented to the container's PID 1 (redis-server
# after exec), which never reaps it, so every call would leave a zombie. Here every process is
# waited for by the one that started it.
bounded() {
    bounded_limit=$1
    shift
    "$@" &
    bounded_pid=$!
    (
        timer=''
        # Stopped early: end the timer and wait for it, so it is not left to PID 1 either.
        trap '[ -z "$timer" ] || { kill "$timer" 2>/dev/null; wait "$timer" 2>/dev/null; }; exit 0' TERM
        sleep "$bounded_limit" &
        timer=$!
        wait "$timer" && kill "$bounded_pid" 2>/dev/null
    ) &
    bounded_killer=$!
    bounded_status=0
    # "|| ...": under init.sh's set -e a failed command must not end the script here. The shell's
    # "Terminated" notice goes to /dev/null with wait's stderr.
    wait "$bounded_pid" 2>/dev/null || bounded_status=$?
    kill "$bounded_killer" 2>/dev/null || true
    wait "$bounded_killer" 2>/dev/null || true
    return "$bounded_status"
}

# An IPv4 address: four dot-separated numbers of at most 3 digits, each at most 255.
is_ipv4() {
    case $1 in
        '' | *[!0-9.]* | .* | *. | *..*) return 1 ;;
    esac
    ipv4_ifs=$IFS
    IFS=.
    # shellcheck disable=SC2086 # split on the dots; only digits and dots remain, so no globbing
    set -- $1
    IFS=$ipv4_ifs
    [ $# -eq 4 ] || return 1
    for ipv4_part in "$@"; do
        [ ${#ipv4_part} -le 3 ] && [ "$ipv4_part" -le 255 ] || return 1
    done
}

# An IPv6 address: hex digits and colons (at least two), optionally ending in a dotted IPv4 tail.
is_ipv6() {
    case $1 in
        *:*:*) ;;
        *) return 1 ;;
    esac
    ipv6_head=$1
    case $1 in
        *.*)
            is_ipv4 "${1##*:}" || return 1
            ipv6_head=${1%:*}:
            ;;
    esac
    case $ipv6_head in
        *[!0-9a-fA-F:]* | *:::*) return 1 ;;
    esac
}

# Exactly one IP address. "* -::*" (a pod's bind setting) is not one.
is_ip() {
    is_ipv4 "$1" || is_ipv6 "$1"
}

# Prints the IP of a node address. A name is looked up up to $2 times (default 30, a second
# apart), since a Service's DNS record can lag behind the pod that needs it; never past deadline_ms.
# Names are fully qualified (a trailing dot), so the resolver does not walk the search list.
resolve_ip() {
    if is_ip "$1"; then
        printf '%s\n' "$1"
        return 0
    fi
    tries=0
    while [ "$tries" -lt "${2:-30}" ]; do
        limit=$(call_limit) || return 1
        ip=$(bounded "$limit" getent hosts "$1" | awk '{ print $1; exit }')
        if [ -n "$ip" ]; then
            printf '%s\n' "$ip"
            return 0
        fi
        tries=$((tries + 1))
        [ "$tries" -lt "${2:-30}" ] || break
        limit=$(call_limit) || return 1
        case $limit in 0.*) sleep "$limit" ;; *) sleep 1 ;; esac
    done
    return 1
}

# Where probes reach this node's own Redis and Sentinel: the bound address when it is exactly one
# IP (the lab), loopback otherwise (a pod binds "* -::*").
local_host() {
    if is_ip "${REDIS_HA_BIND:-}"; then printf '%s\n' "$REDIS_HA_BIND"; else printf '127.0.0.1\n'; fi
}

self_ordinal() {
    printf '%s\n' "${REDIS_HA_POD_NAME##*-}"
}

# The word number $1 (0-based) of the rest of the arguments.
nth_word() {
    want=$1
    shift
    [ "$want" -lt $# ] || return 1
    shift "$want"
    printf '%s\n' "$1"
}

# The address of node number $1 (0-based) as written in REDIS_HA_NODES.
node_address() {
    # shellcheck disable=SC2086 # one word per node
    nth_word "$1" $REDIS_HA_NODES
}

# Resolves every node address once, into NODE_IPS (space-separated, in ordinal order), with up
# to $1 tries per name (30 at start, when a new Service's record may lag; 1 on a re-resolve). It runs in the script's own shell, never in $(...), so that a failure
# reaches the script: it returns non-zero with the address in UNRESOLVED, and NODE_IPS unchanged.
# The scripts resolve at start and again only when nothing answers (a Service re-created).
NODE_IPS=${NODE_IPS:-}
UNRESOLVED=""
resolve_nodes() {
    resolved=""
    for address in ${REDIS_HA_NODES:?}; do
        # shellcheck disable=SC2034 # read by the scripts that source this file
        ip=$(resolve_ip "$address" "$1") || { UNRESOLVED=$address; return 1; }
        resolved="$resolved${resolved:+ }$ip"
    done
    NODE_IPS=$resolved
}

# This node's IP, from NODE_IPS.
self_ip() {
    # shellcheck disable=SC2086 # one word per node
    nth_word "$(self_ordinal)" $NODE_IPS
}

# Becomes redis-cli (exec) for HOST PORT ARGS... Run as bounded's background command, so the
# timer's kill reaches redis-cli itself and nothing is left behind. cli_password, when set, is
# presented instead of REDISCLI_AUTH (the background job is a subshell: the change stays there).
# With TLS (REDIS_HA_TLS set) it checks the server's certificate against ca.crt and offers this
# node's own certificate, which a server that does not ask for client certificates ignores.
# redis-cli checks the chain, not the host name, like Redis' own replication links.
exec_redis_cli() {
    exec_host=$1
    exec_port=$2
    shift 2
    [ -z "${cli_password:-}" ] || REDISCLI_AUTH=$cli_password
    if [ -n "${REDIS_HA_TLS:-}" ]; then
        set -- --tls --cacert "${REDIS_HA_TLS_DIR:?}/ca.crt" \
            --cert "$REDIS_HA_TLS_DIR/tls.crt" --key "$REDIS_HA_TLS_DIR/tls.key" "$@"
    fi
    # Given no command, redis-cli runs the lines of its standard input (redis_batch_at): a
    # background job's is /dev/null unless redirected. With a command it reads none.
    exec redis-cli --no-auth-warning -h "$exec_host" -p "$exec_port" "$@" <<EOF
${cli_input:-}
EOF
}
cli_password=''
# Commands for redis-cli's standard input, one per line (see redis_batch_at).
cli_input=''

# redis-cli against HOST PORT, bounded in time (call_limit): every call of the scripts goes through here.
cli_at() {
    cli_host=$1
    cli_port=$2
    shift 2
    cli_limit=$(call_limit) || return 1
    if [ -z "${REDIS_HA_PREVIOUS_PASSWORD:-}" ]; then
        bounded "$cli_limit" exec_redis_cli "$cli_host" "$cli_port" "$@"
        return
    fi
    # A password rotation's overlap: a peer that has not restarted yet knows only the previous
    # password. redis-cli then runs the command unauthenticated and prints NOAUTH: ask again with it.
    cli_status=0
    cli_reply=$(bounded "$cli_limit" exec_redis_cli "$cli_host" "$cli_port" "$@") || cli_status=$?
    case $cli_reply in
        NOAUTH* | WRONGPASS*)
            cli_limit=$(call_limit) || return 1
            cli_password=$REDIS_HA_PREVIOUS_PASSWORD
            cli_status=0
            bounded "$cli_limit" exec_redis_cli "$cli_host" "$cli_port" "$@" || cli_status=$?
            cli_password=''
            return "$cli_status"
            ;;
    esac
    [ -z "$cli_reply" ] || printf '%s\n' "$cli_reply"
    return "$cli_status"
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

# Runs the commands of $2 (one per line) on one connection to HOST's Redis, in order, within one
# call's time bound: redis-cli reads them from its standard input when it is given none. One
# process instead of one per command, where a redis-cli start costs a tenth of a second or more
# on a loaded node; in a MULTI/EXEC block they also run with nothing in between.
redis_batch_at() {
    cli_input=$2
    batch_status=0
    redis_at "$1" || batch_status=$?
    cli_input=''
    return "$batch_status"
}

# Whether the Redis or Sentinel at HOST PORT answers but refuses PASSWORD.
refuses_password() {
    limit=$(call_limit) || return 1
    cli_password=$3
    refused=$(bounded "$limit" exec_redis_cli "$1" "$2" PING 2>/dev/null)
    cli_password=''
    case $refused in NOAUTH* | WRONGPASS*) return 0 ;; esac
    return 1
}

# The password this node's Redis and Sentinel present to the others (replication, Sentinel's own
# connections) on PORT. Outside a rotation, the password. During one, the new password as soon as
# no node that answers refuses it; until then the previous one, which every node still accepts:
# in the first update the nodes not yet restarted know only the previous password, in the second
# the ones restarted already know only the new one, and neither update may break replication.
internal_password() {
    if [ -n "${REDIS_HA_PREVIOUS_PASSWORD:-}" ]; then
        for ip in ${NODE_IPS:?resolve_nodes first}; do
            if refuses_password "$ip" "$1" "$REDISCLI_AUTH"; then
                printf '%s\n' "$REDIS_HA_PREVIOUS_PASSWORD"
                return 0
            fi
        done
    fi
    printf '%s\n' "$REDISCLI_AUTH"
}

# The ACL line of Redis' and Sentinel's default user that accepts both passwords of a rotation,
# by SHA-256 digest, so neither password is written into a config file.
rotation_user() {
    printf 'user default on #%s #%s ~* &* +@all\n' \
        "$(printf '%s' "$REDISCLI_AUTH" | sha256sum | cut -c1-64)" \
        "$(printf '%s' "$REDIS_HA_PREVIOUS_PASSWORD" | sha256sum | cut -c1-64)"
}

# Sets info_value to the value of field $1 in the INFO text $2 (lines may end in CR): everything
# after the first ":", which keeps an IPv6 master_host whole. Fails, with info_value empty, when
# the field is missing. No process of its own: while writes are paused every fork counts, and on a
# loaded node each one waits for a core.
cr=$(printf '\r')
info_value_in() {
    info_value=""
    while IFS= read -r info_line; do
        case ${info_line%"$cr"} in
            "$1":*)
                info_value=${info_line#"$1":}
                info_value=${info_value%"$cr"}
                return 0
                ;;
        esac
    done <<EOF
$2
EOF
    return 1
}

# A field of INFO replication, e.g. info_field HOST role; nothing when the host does not answer.
# Always succeeds, so `x=$(info_field ...)` never ends a script under set -e.
info_field() {
    info_value_in "$2" "$(redis_at "$1" INFO replication)" || true
    printf '%s\n' "$info_value"
}

# The IPs of the online replicas in a master's INFO replication text on stdin. Each replica is a
# line such as "slave0:ip=::1,port=6379,state=online,offset=42,lag=0": fields split on "," and
# each on its first "=", since an IPv6 address is full of ":".
online_replicas_in() {
    tr -d '\r' | awk '
        /^slave[0-9]+:/ {
            n = split(substr($0, index($0, ":") + 1), fields, ",")
            ip = ""; state = ""
            for (i = 1; i <= n; i++) {
                eq = index(fields[i], "=")
                if (eq == 0) continue
                key = substr(fields[i], 1, eq - 1); value = substr(fields[i], eq + 1)
                if (key == "ip") ip = value; else if (key == "state") state = value
            }
            if (state == "online" && ip != "") print ip
        }'
}

# master, slave, or nothing when the node does not answer.
role_of() {
    info_field "$1" role
}

# The IP that the sentinel on host $1 names as master, or nothing.
sentinel_master_of() {
    sentinel_at "$1" SENTINEL get-master-addr-by-name "$REDIS_HA_MASTER_NAME" | head -n 1 | grep -E '^[0-9a-fA-F.:]+$'
}

# "IP FLAGS" of the master the sentinel on host $1 names, e.g. "10.96.0.3 master,s_down", from one
# SENTINEL MASTER call (its reply is a list of names and values, one per line); nothing if it does
# not answer.
sentinel_view_of() {
    sentinel_at "$1" SENTINEL MASTER "$REDIS_HA_MASTER_NAME" | tr -d '\r' | awk '
        NR % 2 == 1 { key = $0; next }
        key == "ip" { ip = $0 }
        key == "flags" { flags = $0 }
        END { if (ip != "" && flags != "") print ip, flags }'
}

# Runs "COMMAND IP ARGS..." for every node at once and prints what they print, once all have ended.
# A node that does not answer (a pod a scale-down removed, whose address no longer leads anywhere)
# takes the whole call bound: asked in turn, two of them made every sentinel count 7 s late, long
# after a failover had been agreed. A command that fails prints nothing and fails nothing ("||
# true": under set -e it must not end the script). A subshell, so that wait waits for these
# commands only, not for whatever else the calling shell runs in the background.
at_every_node() (
    command=$1
    shift
    for ip in ${NODE_IPS:?resolve_nodes first}; do
        { "$command" "$ip" "$@" || true; } &
    done
    wait
)

# "IP COUNT" for the master named by the most sentinels that answer; nothing if none answers.
most_named_master() {
    at_every_node sentinel_master_of | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2, $1 }'
}

# The master named by at least a quorum of sentinels, or nothing.
quorum_master() {
    # shellcheck disable=SC2046 # split "IP COUNT" into two arguments
    set -- $(most_named_master)
    if [ $# -eq 2 ] && [ "$2" -ge "${REDIS_HA_QUORUM:?}" ]; then
        printf '%s\n' "$1"
    fi
}

# The master a quorum of sentinels last named, kept on the node's data volume. The sentinels'
# own state lives in memory (it holds the password), so after every pod lost power at once no
# sentinel knows a master; each node then starts from the master it last saw instead of a fixed
# node 0, which may be absent or hold older data. The file holds an address, never a secret.
master_record() {
    printf '%s/redis-ha-master\n' "${REDIS_HA_DATA_DIR:?}"
}

record_master() {
    [ "$(recorded_master)" = "$1" ] && return 0
    printf '%s\n' "$1" >"$(master_record).tmp" && mv "$(master_record).tmp" "$(master_record)"
}

# The recorded master if it is still one of the nodes; nothing otherwise.
recorded_master() {
    [ -r "$(master_record)" ] || return 0
    read -r recorded <"$(master_record)" || return 0
    for ip in ${NODE_IPS:-}; do
        [ "$ip" = "$recorded" ] && printf '%s\n' "$recorded" && return 0
    done
    return 0
}

# A value written into redis.conf or sentinel.conf as a double-quoted string of \xHH escapes:
# any byte (quotes, spaces, $, #, backslashes, non-ASCII) survives Redis' config parser intact.
conf_quote() {
    printf '"'
    printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | sed 's/../\\x&/g'
    printf '"\n'
}

# Whether any sentinel is running a failover now. Only the leading sentinel shows it, so each is
# asked, all at once and a second at most (asked in turn, a loaded node spent seconds of a
# handover's budget here): one that does not answer is leading nothing to wait for.
failover_in_progress() {
    call_max_ms=1000
    in_progress_views=$(at_every_node sentinel_at SENTINEL MASTER "$REDIS_HA_MASTER_NAME")
    call_max_ms=3000
    case $in_progress_views in
        *failover_in_progress*) return 0 ;;
    esac
    return 1
}
