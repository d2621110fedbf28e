using k8s.Models;

namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// Turns a container of a pod spec into runc's config.json, as the kubelet and a CRI runtime
/// (containerd) together would: the image's defaults where the spec is silent, the security
/// context, the pod's shared namespaces, the volumes as bind mounts.
/// </summary>
internal static class OciSpecBuilder
{
    private const string OciVersion = "1.0.2-dev";
    private const ulong CpuPeriod = 100_000;
    // What containerd gives a container that asks for nothing.
    private static readonly string[] DefaultCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];
    private static readonly string[] MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
    ];
    private static readonly string[] ReadonlyPaths =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static OciConfig ForContainer(ContainerRequest request, ImageStandIn image, string rootfs, string cgroupsPath, bool applyLimits)
    {
        var container = request.Container;
        var context = container.SecurityContext;
        var pod = request.PodSecurityContext;
        if (context?.Privileged == true) throw new NotSupportedException($"container {container.Name}: privileged containers are not supported by the lab");

        var uid = context?.RunAsUser ?? pod?.RunAsUser ?? 0;
        var gid = context?.RunAsGroup ?? pod?.RunAsGroup ?? ImageUsers.ByUid(uid)?.Gid ?? 0;
        if ((context?.RunAsNonRoot ?? pod?.RunAsNonRoot) == true && uid == 0)
            throw new InvalidOperationException($"container {container.Name} has runAsNonRoot and would run as root (uid 0)");
        var groups = new List<long>();
        if (pod?.FsGroup is { } fsGroup) groups.Add(fsGroup);
        groups.AddRange((pod?.SupplementalGroups ?? []).OfType<long>());

        var environment = Environment(request, image, uid);
        // $(VAR) in command, args and subPathExpr refers to the container's own variables only, not the image's PATH or HOME.
        var variables = VariableExpansion.ToLookup(request.Environment);
        var capabilities = Capabilities(context?.Capabilities);
        var process = new OciProcess(
            Terminal: false,
            new OciUser(uid, gid, groups.Count > 0 ? groups.Distinct().ToList() : null),
            Arguments(container, image, variables),
            environment.Items.Select(item => $"{item.Key}={item.Value}").ToList(),
            string.IsNullOrEmpty(container.WorkingDir) ? image.WorkingDirectory : container.WorkingDir,
            new OciCapabilities(capabilities, capabilities, capabilities, [], []),
            Rlimits(),
            NoNewPrivileges: context?.AllowPrivilegeEscalation == false);

        var sandbox = request.Sandbox;
        var namespaces = new List<OciNamespace>
        {
            new("mount"),
            new("network", sandbox.NetworkNamespacePath),
            new("ipc", sandbox.IpcNamespacePath),
            new("uts", sandbox.UtsNamespacePath),
            sandbox.PidNamespacePath is { } pid ? new("pid", pid) : new("pid"),
        };
        var mounts = ContainerMounts.KernelFileSystems().Concat(ContainerMounts.Volumes(request, variables)).Concat(ContainerMounts.PodFiles(request.PodFiles)).ToList();
        var root = new OciRoot(rootfs, context?.ReadOnlyRootFilesystem == true);
        var linux = new OciLinux(namespaces, cgroupsPath, applyLimits ? Resources(container.Resources) : null, MaskedPaths, ReadonlyPaths);
        return new OciConfig(OciVersion, process, root, Hostname: null, mounts, linux);
    }

    /// <summary>The pause container: catatonit as PID 1 of the pod's own PID, IPC and UTS namespaces, in the pod's network.</summary>
    public static OciConfig ForSandbox(PodSandboxRequest request, ImageStandIn image, string rootfs, string cgroupsPath)
    {
        // As Kubernetes' pause image: an unprivileged user, no capabilities, nothing writable.
        const long Nobody = 65534;
        var process = new OciProcess(false, new OciUser(Nobody, Nobody, null), [.. image.Entrypoint, .. image.DefaultArgs],
            [$"PATH={image.SearchPath}"], "/", new OciCapabilities([], [], [], [], []), Rlimits(), NoNewPrivileges: true);
        var namespaces = new List<OciNamespace> { new("mount"), new("network", request.NetworkNamespacePath), new("ipc"), new("uts"), new("pid") };
        var linux = new OciLinux(namespaces, cgroupsPath, null, MaskedPaths, ReadonlyPaths);
        return new OciConfig(OciVersion, process, new OciRoot(rootfs, true), request.Hostname, ContainerMounts.KernelFileSystems().ToList(), linux);
    }

    /// <summary>A throwaway container with a memory and a CPU limit: runc refuses it where the cgroups cannot take them.</summary>
    public static OciConfig ForLimitsProbe(string rootfs, string cgroupsPath)
    {
        const long Nobody = 65534;
        var process = new OciProcess(false, new OciUser(Nobody, Nobody, null), ["/bin/busybox", "true"], ["PATH=/bin"], "/",
            new OciCapabilities([], [], [], [], []), Rlimits(), NoNewPrivileges: true);
        var namespaces = new List<OciNamespace> { new("mount"), new("network"), new("ipc"), new("uts"), new("pid") };
        var resources = new OciResources(new OciMemory(64L << 20), new OciCpu((long)CpuPeriod / 2, CpuPeriod));
        var linux = new OciLinux(namespaces, cgroupsPath, resources, MaskedPaths, ReadonlyPaths);
        return new OciConfig(OciVersion, process, new OciRoot(rootfs, true), null, ContainerMounts.KernelFileSystems().ToList(), linux);
    }

    private static OrderedEnvironment Environment(ContainerRequest request, ImageStandIn image, long uid)
    {
        var environment = new OrderedEnvironment();
        environment.Set("PATH", image.SearchPath);
        if (Hostname(request) is { } hostname) environment.Set("HOSTNAME", hostname);
        foreach (var (name, value) in request.Environment) environment.Set(name, value);
        if (!environment.Lookup.ContainsKey("HOME")) environment.Set("HOME", ImageUsers.ByUid(uid)?.Home ?? "/");
        return environment;
    }

    private static string? Hostname(ContainerRequest request)
    {
        if (request.Sandbox.Hostname is { } hostname) return hostname;
        var file = request.PodFiles.FirstOrDefault(pod => pod.Destination == "/etc/hostname");
        return file is not null && File.Exists(file.Source) ? File.ReadAllText(file.Source).Trim() : null;
    }

    /// <summary>Kubernetes' rule: command replaces the image's ENTRYPOINT, args its CMD; a command alone drops the CMD.</summary>
    private static IReadOnlyList<string> Arguments(V1Container container, ImageStandIn image, IReadOnlyDictionary<string, string> environment)
    {
        var hasCommand = container.Command is { Count: > 0 };
        var command = hasCommand ? container.Command!.Select(part => VariableExpansion.Expand(part, environment)) : image.Entrypoint;
        var args = container.Args is { Count: > 0 } ? container.Args.Select(part => VariableExpansion.Expand(part, environment))
            : hasCommand ? [] : image.DefaultArgs;
        var all = command.Concat(args).ToList();
        return all.Count > 0 ? all : throw new InvalidOperationException($"container {container.Name}: no command and the image {image.Image} has no default");
    }

    private static IReadOnlyList<string> Capabilities(V1Capabilities? requested)
    {
        var drop = (requested?.Drop ?? []).Select(Normalize).ToHashSet();
        var set = drop.Contains("CAP_ALL") ? [] : DefaultCapabilities.Where(capability => !drop.Contains(capability)).ToList();
        foreach (var add in (requested?.Add ?? []).Select(Normalize))
            if (!set.Contains(add)) set.Add(add);
        return set;

        static string Normalize(string capability) =>
            capability.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? capability.ToUpperInvariant() : "CAP_" + capability.ToUpperInvariant();
    }

    /// <summary>Open files as high as this machine lets its own processes go (runc refuses more than the hard limit).</summary>
    private static IReadOnlyList<OciRlimit> Rlimits()
    {
        var files = HostLimits.OpenFilesHardLimit();
        return [new OciRlimit("RLIMIT_NOFILE", files, files)];
    }

    private static OciResources? Resources(V1ResourceRequirements? resources)
    {
        if (resources?.Limits is not { } limits) return null;
        var memory = limits.TryGetValue("memory", out var bytes) ? new OciMemory((long)bytes.ToDecimal()) : null;
        var cpu = limits.TryGetValue("cpu", out var cores) ? new OciCpu((long)(cores.ToDecimal() * CpuPeriod), CpuPeriod) : null;
        return memory is null && cpu is null ? null : new OciResources(memory, cpu);
    }
}
