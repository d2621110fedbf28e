using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedisHa.Lab.Node.Containers;

// The part of the OCI runtime spec (config.json, v1.0.2) the lab writes: typed, so System.Text.Json
// produces the file and a misspelt field cannot slip through as a string.

internal sealed record OciConfig(
    [property: JsonPropertyName("ociVersion")] string OciVersion,
    [property: JsonPropertyName("process")] OciProcess Process,
    [property: JsonPropertyName("root")] OciRoot Root,
    [property: JsonPropertyName("hostname")] string? Hostname,
    [property: JsonPropertyName("mounts")] IReadOnlyList<OciMount> Mounts,
    [property: JsonPropertyName("linux")] OciLinux Linux)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

internal sealed record OciProcess(
    [property: JsonPropertyName("terminal")] bool Terminal,
    [property: JsonPropertyName("user")] OciUser User,
    [property: JsonPropertyName("args")] IReadOnlyList<string> Args,
    [property: JsonPropertyName("env")] IReadOnlyList<string> Env,
    [property: JsonPropertyName("cwd")] string Cwd,
    [property: JsonPropertyName("capabilities")] OciCapabilities Capabilities,
    [property: JsonPropertyName("rlimits")] IReadOnlyList<OciRlimit> Rlimits,
    [property: JsonPropertyName("noNewPrivileges")] bool NoNewPrivileges);

internal sealed record OciUser(
    [property: JsonPropertyName("uid")] long Uid,
    [property: JsonPropertyName("gid")] long Gid,
    [property: JsonPropertyName("additionalGids")] IReadOnlyList<long>? AdditionalGids);

internal sealed record OciCapabilities(
    [property: JsonPropertyName("bounding")] IReadOnlyList<string> Bounding,
    [property: JsonPropertyName("effective")] IReadOnlyList<string> Effective,
    [property: JsonPropertyName("permitted")] IReadOnlyList<string> Permitted,
    [property: JsonPropertyName("inheritable")] IReadOnlyList<string> Inheritable,
    [property: JsonPropertyName("ambient")] IReadOnlyList<string> Ambient);

internal sealed record OciRlimit(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("hard")] ulong Hard,
    [property: JsonPropertyName("soft")] ulong Soft);

internal sealed record OciRoot(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("readonly")] bool Readonly);

internal sealed record OciMount(
    [property: JsonPropertyName("destination")] string Destination,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("options")] IReadOnlyList<string> Options);

internal sealed record OciLinux(
    [property: JsonPropertyName("namespaces")] IReadOnlyList<OciNamespace> Namespaces,
    [property: JsonPropertyName("cgroupsPath")] string CgroupsPath,
    [property: JsonPropertyName("resources")] OciResources? Resources,
    [property: JsonPropertyName("maskedPaths")] IReadOnlyList<string> MaskedPaths,
    [property: JsonPropertyName("readonlyPaths")] IReadOnlyList<string> ReadonlyPaths);

internal sealed record OciNamespace(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("path")] string? Path = null);

internal sealed record OciResources(
    [property: JsonPropertyName("memory")] OciMemory? Memory,
    [property: JsonPropertyName("cpu")] OciCpu? Cpu);

internal sealed record OciMemory(
    [property: JsonPropertyName("limit")] long Limit);

internal sealed record OciCpu(
    [property: JsonPropertyName("quota")] long Quota,
    [property: JsonPropertyName("period")] ulong Period);
