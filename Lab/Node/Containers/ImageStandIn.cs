namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// What runs in the lab for an image no registry can serve: the program from this machine's
/// packages, its version (printed by `lab up` next to the image), and the executables the root
/// file system must hold besides busybox and getent.
/// </summary>
public sealed record ImageStandIn(string Image, string Program, string Version, IReadOnlyList<string> Executables);
