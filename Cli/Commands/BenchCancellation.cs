using System.Runtime.InteropServices;

namespace RedisHa.Cli.Commands;

/// <summary>
/// Turns the first Ctrl-C or SIGTERM into cancellation of a bench, so that its labs are stopped
/// before the process ends. Program.cs invokes System.CommandLine without a process termination
/// timeout, which leaves those signals to their default action: the process would die at once and
/// leave redis, sentinel and haproxy processes behind. A second signal ends the process as usual.
/// </summary>
internal sealed class BenchCancellation : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly PosixSignalRegistration[] _signals;

    public BenchCancellation(CancellationToken outer)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _cancel.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested) return; // the second signal: default action
        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: stopping the lab, then exiting (signal again to quit at once)");
        _cancel.Cancel();
    }

    public void Dispose()
    {
        foreach (var signal in _signals) signal.Dispose();
        _cancel.Dispose();
    }
}
