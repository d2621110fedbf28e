using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RedisHa.Lab.Clients;

namespace RedisHa.Lab.Bench.Clients;

/// <summary>
/// One writer program running: started with the endpoint and its own key prefix in its
/// environment, its stdout turned into <see cref="WriteRecord"/>s (times relative to
/// <c>epochMs</c>), stopped through its stop file.
/// </summary>
public sealed class ClientWriter : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _stopFile;
    private readonly long _epochMs;
    private readonly ConcurrentQueue<WriteRecord> _writes = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<string> _version = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClientWriter(ClientProgram program, Process process, string stopFile, long epochMs, string prefix)
    {
        Program = program;
        Prefix = prefix;
        _process = process;
        _stopFile = stopFile;
        _epochMs = epochMs;
    }

    public ClientProgram Program { get; }
    public string Prefix { get; }

    /// <summary>What the program said it runs ("ioredis 6.0.0"); the library's name until it said so.</summary>
    public string Version => _version.Task.IsCompletedSuccessfully ? _version.Task.Result : Program.Library;

    public IReadOnlyList<WriteRecord> Writes => [.. _writes];

    public static ClientWriter Start(ClientProgram program, string host, int port, string? password, TimeSpan interval, long epochMs)
    {
        var prefix = $"bench:{Guid.NewGuid():N}"[..18];
        var stopFile = Path.Combine(Path.GetTempPath(), $"redis-ha-writer-{Guid.NewGuid():N}.stop");
        var psi = new ProcessStartInfo(program.FileName)
        {
            WorkingDirectory = program.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in program.Arguments) psi.ArgumentList.Add(argument);
        psi.Environment["REDIS_HOST"] = host;
        psi.Environment["REDIS_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        if (password is not null) psi.Environment["REDIS_PASSWORD"] = password;
        psi.Environment["WRITER_SETTINGS"] = program.Settings;
        psi.Environment["WRITER_PREFIX"] = prefix;
        psi.Environment["WRITER_INTERVAL_MS"] = ((int)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        psi.Environment["WRITER_STOP_FILE"] = stopFile;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program.FileName}");
        var writer = new ClientWriter(program, process, stopFile, epochMs, prefix);
        process.OutputDataReceived += (_, e) => writer.Read(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && writer._stderr.Count < 20) writer._stderr.Enqueue(line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return writer;
    }

    /// <summary>True once the program has had a write acknowledged after <paramref name="since"/> (relative to the epoch).</summary>
    public bool AcknowledgedSince(TimeSpan since) => _writes.Any(w => w.Acknowledged && w.SentAt >= since);

    /// <summary>True when the program's last write (if any) was acknowledged and none failed after it.</summary>
    public bool LastWriteAcknowledged => _writes.LastOrDefault() is { Acknowledged: true };

    public bool HasExited => _process.HasExited;

    /// <summary>What the program wrote on stderr (the first lines), to say why it ended early.</summary>
    public string Stderr => string.Join("\n", _stderr);

    /// <summary>Asks the program to stop (its stop file) and waits for it; kills it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        await File.WriteAllTextAsync(_stopFile, "");
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        // The last lines may still be on their way through the reader.
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await StopAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
        File.Delete(_stopFile);
    }

    private void Read(string? line)
    {
        if (string.IsNullOrEmpty(line)) return;
        var words = line.Split(' ', 5);
        if (words[0] == "version")
        {
            _version.TrySetResult(line["version ".Length..]);
            return;
        }
        if (words.Length < 4 || words[0] is not ("ok" or "err")
            || !long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sent)
            || !long.TryParse(words[3], NumberStyles.None, CultureInfo.InvariantCulture, out var done))
        {
            if (_stderr.Count < 20) _stderr.Enqueue($"(unexpected output) {line}");
            return;
        }
        var ok = words[0] == "ok";
        _writes.Enqueue(new WriteRecord(Program.Label, sequence, $"{Prefix}:{sequence}", TimeSpan.FromMilliseconds(sent - _epochMs),
            TimeSpan.FromMilliseconds(done - sent), ok, ok ? null : words.Length > 4 ? words[4] : "(no message)"));
    }
}
