"""Deploys one RedisHaCluster and exports its endpoint.

pulumi_redis_ha is the SDK `pulumi package add ../../Provider` generated from the component's schema:
every key of the README's configuration table is an argument (snake_case); unset ones take their defaults.
"""
import pulumi
import pulumi_redis_ha as redis_ha

redis = redis_ha.RedisHaCluster("cache", namespace="cache", failover_profile="fast")

pulumi.export("endpoint", redis.endpoint)
pulumi.export("password", redis.password)  # a secret
