namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// What runs in the lab for an image no registry can serve: the program from this machine's
/// packages, its version (printed by `lab up` next to the image), and the executables the root
/// file system must hold besides busybox and getent.
/// </summary>
/// <remarks>
/// <see cref="Executables"/> are the paths inside the root file system (where the real image keeps
/// the program); <see cref="HostPaths"/> says which file of this machine each one is a copy of.
/// The image's own defaults (entrypoint+cmd, PATH, working dir, stop signal) apply where the pod
/// spec says nothing, as a container runtime applies the image config.
/// </remarks>
public sealed record ImageStandIn(string Image, string Program, string Version, IReadOnlyList<string> Executables)
{
    /// <summary>Path inside the root file system → the file of this machine it is a copy of.</summary>
    public IReadOnlyDictionary<string, string> HostPaths { get; init; } = new Dictionary<string, string>();

    /// <summary>The image's ENTRYPOINT: the process when the container has no <c>command</c>.</summary>
    /// <remarks>
    /// The redis and haproxy images' entrypoint, docker-entrypoint.sh, only passes its arguments
    /// on (after dropping root, which the pods never are): their stand-ins have none.
    /// </remarks>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>The image's CMD: the arguments when the container has neither <c>command</c> nor <c>args</c>.</summary>
    public IReadOnlyList<string> DefaultArgs { get; init; } = [];

    /// <summary>The image's PATH.</summary>
    public string SearchPath { get; init; } = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The image's WORKDIR: the working directory when the container has no <c>workingDir</c>.</summary>
    public string WorkingDirectory { get; init; } = "/";

    /// <summary>The image's STOPSIGNAL, which a runtime sends to stop the container (haproxy: USR1, a soft stop).</summary>
    public string StopSignal { get; init; } = "TERM";

    /// <summary>The folder name of this stand-in's root file system (one per program set, not per tag).</summary>
    public string RootFilesystemName { get; init; } = "default";
}
