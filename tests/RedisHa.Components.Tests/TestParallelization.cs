// Pulumi supports only one program under test at a time, and the stack config comes from
// PULUMI_CONFIG, a process-wide environment variable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
