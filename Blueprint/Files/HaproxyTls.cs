using RedisHa.Blueprint.Spec;
using Env = RedisHa.Blueprint.Spec.ScriptEnvironment;

namespace RedisHa.Blueprint.Files;

/// <summary>
/// The TLS parts of haproxy.cfg; all empty without TLS. HAProxy ends the clients' TLS and opens its
/// own TLS to the nodes. The files are read from REDIS_HA_TLS_DIR: the Secret as mounted, tls.crt
/// and tls.key side by side, so the key is never copied anywhere.
/// </summary>
internal static class HaproxyTls
{
    private static string File(string name) => $"\"${{{Env.TlsDir}}}/{name}\"";

    public static IEnumerable<string> GlobalLines(RedisHaSpec spec) => spec.Tls
        ?
        [
            // "crt tls.crt" then loads the key from tls.key (not tls.crt.key), and no other extra file.
            "ssl-load-extra-del-ext",
            "ssl-load-extra-files key",
            "ssl-default-bind-options ssl-min-ver TLSv1.2",
            "ssl-default-server-options ssl-min-ver TLSv1.2",
        ]
        : [];

    /// <summary>
    /// Options of a client-facing bind line. With client authentication a client must present a
    /// certificate signed by ca.crt before any byte reaches Redis.
    /// </summary>
    public static string Bind(RedisHaSpec spec)
    {
        if (!spec.Tls) return "";
        var options = $" ssl crt {File("tls.crt")}";
        if (spec.Options.Tls.AuthClients) options += $" verify required ca-file {File("ca.crt")}";
        return options;
    }

    /// <summary>
    /// Options of every server (and so of its checks): the node's certificate must be signed by
    /// ca.crt. No host name is checked (no sni, no verifyhost): HAProxy reaches the nodes by the
    /// IPs they announce, which a certificate issued for DNS names does not list, and Redis checks
    /// its peers the same way. With client authentication HAProxy shows its own certificate.
    /// </summary>
    public static string Server(RedisHaSpec spec)
    {
        if (!spec.Tls) return "";
        var options = $" ssl verify required ca-file {File("ca.crt")}";
        if (spec.Options.Tls.AuthClients) options += $" crt {File("tls.crt")}";
        return options;
    }

    /// <summary>A tcp-check connect speaks TLS only when told to, even to a server that does.</summary>
    public static string CheckConnect(RedisHaSpec spec) => spec.Tls ? " ssl" : "";
}
