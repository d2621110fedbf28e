using k8s;
using k8s.Models;
using RedisHa.Cli.Commands;

namespace RedisHa.Cli.Tests;

public class RenderCommandTests
{
    private static (int ExitCode, string Stdout, string Stderr) Render(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = RenderCommand.Run(args, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static List<string> Kinds(string yaml) =>
        KubernetesYaml.LoadAllFromString(yaml).Cast<IKubernetesObject>().Select(o => o.Kind).ToList();

    [Fact]
    public void Render_without_options_prints_every_object_in_apply_order()
    {
        var (exitCode, stdout, stderr) = Render();

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        Assert.Equal(
        [
            "Namespace", "ServiceAccount", "NetworkPolicy", "NetworkPolicy", "ConfigMap", "ConfigMap", "ConfigMap",
            "ConfigMap", "Service", "Service", "Service", "Service", "Service", "PodDisruptionBudget", "PodDisruptionBudget",
            "StatefulSet", "Deployment", "Service",
        ], Kinds(stdout));
    }

    [Fact]
    public void Header_tells_how_to_create_the_secret_without_a_password_on_a_command_line()
    {
        var (_, stdout, _) = Render("--set", "name=orders", "--set", "namespace=shop");

        var header = stdout[..stdout.IndexOf("apiVersion:", StringComparison.Ordinal)];
        Assert.All(header.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("#", line));
        Assert.Contains("orders-auth", header);
        Assert.Contains(
            "printf '%s' \"$REDIS_PASSWORD\" | kubectl -n shop create secret generic orders-auth --from-file=password=/dev/stdin",
            header);
    }

    [Fact]
    public void Header_advertises_only_endpoints_clients_can_reach_and_says_who_may_connect()
    {
        var header = (string yaml) => yaml[..yaml.IndexOf("apiVersion:", StringComparison.Ordinal)];

        var defaults = header(Render().Stdout);
        Assert.DoesNotContain("26379", defaults); // the default policies keep clients off Sentinel
        Assert.Contains("Pods in every namespace, to the endpoint", defaults);

        var restricted = header(Render("--set", "networkPolicy.allowedNamespaces=[\"app\"]").Stdout);
        Assert.Contains("Pods in namespaces app, to the endpoint", restricted);

        var sentinelClients = header(Render("--set", "networkPolicy.allowSentinelClients=true").Stdout);
        Assert.Contains("Sentinel-aware clients: redis-ha-sentinel.redis.svc.cluster.local:26379", sentinelClients);
        Assert.Contains("and to Redis and Sentinel directly", sentinelClients);

        var noPolicies = header(Render("--set", "networkPolicy.enabled=false").Stdout);
        Assert.Contains("Sentinel-aware clients", noPolicies);
        Assert.Contains("Network policies are off", noPolicies);
    }

    [Fact]
    public void Header_says_no_secret_is_needed_without_auth()
    {
        var (exitCode, stdout, _) = Render("--set", "auth=false");

        Assert.Equal(0, exitCode);
        Assert.Contains("no Secret is needed", stdout);
        Assert.DoesNotContain("create secret", stdout);
        Assert.DoesNotContain("secretKeyRef", stdout);
    }

    [Fact]
    public void A_password_given_as_an_option_is_not_printed()
    {
        var (exitCode, stdout, stderr) = Render("--set", "password=Zq8-distinctive-PW-4711");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Zq8-distinctive-PW-4711", stdout);
        Assert.DoesNotContain("Zq8-distinctive-PW-4711", stderr);
    }

    [Fact]
    public void Invalid_input_exits_2_with_one_line_per_problem_and_nothing_on_stdout()
    {
        var (exitCode, stdout, stderr) = Render("--set", "replicas=4", "--set", "name=Bad_Name");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Single(lines, l => l.StartsWith("error: replicas:", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("error: name:", StringComparison.Ordinal));
    }

    [Fact]
    public void Config_reads_a_pulumi_stack_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"Pulumi.render-test-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "config:\n  redis-ha:replicas: \"5\"\n  kubernetes:context: x\n");
        try
        {
            var (exitCode, stdout, stderr) = Render("--config", path);

            Assert.Equal(0, exitCode);
            Assert.Equal("", stderr);
            var announce = KubernetesYaml.LoadAllFromString(stdout).OfType<V1Service>().Where(s => s.Metadata.Name.StartsWith("redis-ha-announce-", StringComparison.Ordinal));
            Assert.Equal(5, announce.Count());
            Assert.Equal(5, KubernetesYaml.LoadAllFromString(stdout).OfType<V1StatefulSet>().Single().Spec.Replicas);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Render_is_reachable_from_the_root_command()
    {
        var root = new System.CommandLine.RootCommand { RenderCommand.Create() };
        var stdout = new StringWriter();

        var exitCode = root.Parse(["render", "--set", "createNamespace=false"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = new StringWriter() });

        Assert.Equal(0, exitCode);
        Assert.Equal("ServiceAccount", Kinds(stdout.ToString())[0]);
    }
}
