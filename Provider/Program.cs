using Pulumi.Experimental.Provider;
using RedisHa.Components;

// Serves every component of the Components assembly (RedisHaCluster) with its schema and Construct.
// The package name is given: derived from the assembly name RedisHa.Components it would be
// "components", and the type token must stay redis-ha:index:RedisHaCluster.
await ComponentProviderHost.Serve(args, typeof(RedisHaCluster).Assembly, "redis-ha");
