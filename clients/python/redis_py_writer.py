"""redis-py writing through the endpoint (see ../README.md for the protocol)."""
import os
import sys
import time

import redis
from redis.backoff import ConstantBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry


def need(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"{name} is not set")
    return value


def now_ms():
    return int(time.time() * 1000)


def one_line(error):
    return f"{type(error).__name__}: {' '.join(str(error).split())}"[:200]


def main():
    options = {
        "host": need("REDIS_HOST"),
        "port": int(need("REDIS_PORT")),
        "password": os.environ.get("REDIS_PASSWORD") or None,
    }
    if need("WRITER_SETTINGS") == "recommended":
        options.update(
            # Without timeouts a call on a connection whose peer vanished waits for the kernel
            # (minutes); one second bounds every connect and every reply.
            socket_timeout=1,
            socket_connect_timeout=1,
            # A failed call is tried again on a fresh connection: up to 3 times, 200 ms apart,
            # long enough for HAProxy to approve the new master after a cut.
            retry=Retry(ConstantBackoff(0.2), 3),
            retry_on_error=[RedisConnectionError, RedisTimeoutError],
            # A pooled connection idle for a second is checked before use.
            health_check_interval=1,
        )
    client = redis.Redis(**options)
    prefix = need("WRITER_PREFIX")
    interval = int(os.environ.get("WRITER_INTERVAL_MS", "20")) / 1000
    stop_file = need("WRITER_STOP_FILE")
    print(f"version redis-py {redis.__version__}", flush=True)
    sequence = 0
    while not os.path.exists(stop_file):
        sent = now_ms()
        try:
            if client.set(f"{prefix}:{sequence}", "1") is not True:
                raise RuntimeError("SET did not answer OK")
            print(f"ok {sequence} {sent} {now_ms()}", flush=True)
        except Exception as error:  # every failure is an outcome to report, whatever its kind
            print(f"err {sequence} {sent} {now_ms()} {one_line(error)}", flush=True)
        sequence += 1
        time.sleep(interval)


if __name__ == "__main__":
    main()
