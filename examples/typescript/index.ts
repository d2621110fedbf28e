import * as redisha from "@pulumi/redis-ha";

// The SDK `pulumi package add ../../Provider` generated from the component's schema: every key of
// the README's configuration table is an input under the same name; unset ones take their defaults.
const redis = new redisha.RedisHaCluster("cache", {
    namespace: "cache",
    failoverProfile: "fast",
});

export const endpoint = redis.endpoint;
export const password = redis.password; // a secret
