namespace RedisHa.Lab.Node.Containers;

/// <summary>A started container: its runc id, the host pid of its process, and its exit (code; 128+n for signal n).</summary>
public sealed record RunningContainer(string Id, int Pid, Task<int> Exited);
