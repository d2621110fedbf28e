using Pulumi;
using RedisHa.Components;

// The stack body lives in Components so that tests run exactly what `pulumi up` runs.
return await Deployment.RunAsync(() => RedisHaStack.Run());
