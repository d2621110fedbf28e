namespace RedisHa.Lab.Node.Containers;

/// <summary>
/// The users the images know (alpine's root and nobody, the redis and haproxy images' own users),
/// written to every root file system's /etc/passwd and used for a container's default group and
/// HOME, as a runtime reads them from the image.
/// </summary>
internal static class ImageUsers
{
    public sealed record User(string Name, long Uid, long Gid, string Home);

    public static readonly IReadOnlyList<User> All =
    [
        new("root", 0, 0, "/root"),
        new("redis", 999, 999, "/data"),
        new("haproxy", 99, 99, "/var/lib/haproxy"),
        new("nobody", 65534, 65534, "/"),
    ];

    public static User? ByUid(long uid) => All.FirstOrDefault(user => user.Uid == uid);

    public static string Passwd() =>
        string.Concat(All.Select(user => $"{user.Name}:x:{user.Uid}:{user.Gid}:{user.Name}:{user.Home}:/bin/sh\n"));

    public static string Group() =>
        string.Concat(All.Select(user => $"{(user.Uid == 65534 ? "nogroup" : user.Name)}:x:{user.Gid}:\n"));
}
