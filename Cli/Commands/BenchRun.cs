using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedisHa.Cli.Commands;

/// <summary>
/// What every bench command does around its measurement: run it (Ctrl-C cancels it through the
/// command's token, and the bench stops its labs), report how it ended, print its table and write
/// its figures as JSON when asked.
/// </summary>
internal static class BenchRun
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// The result, or null with the exit code to return when the bench did not finish. The JSON file
    /// holds <paramref name="jsonBody"/> of the result, the whole result when null.
    /// </summary>
    public static async Task<(T? Result, int ExitCode)> ExecuteAsync<T>(Func<CancellationToken, Task<T>> run, Func<T, string> render, FileInfo? json, CancellationToken cancel,
        Func<T, object>? jsonBody = null)
        where T : class
    {
        T result;
        try
        {
            result = await run(cancel);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled; the lab is down");
            return (null, 130);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return (null, 1);
        }
        Console.Write(render(result));
        if (json is not null)
        {
            await File.WriteAllTextAsync(json.FullName, JsonSerializer.Serialize(jsonBody?.Invoke(result) ?? result, Json), CancellationToken.None);
            Console.Error.WriteLine($"wrote {json.FullName}");
        }
        return (result, 0);
    }
}
