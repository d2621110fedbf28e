using System.Runtime.InteropServices;

namespace RedisHa.Lab.Processes;

/// <summary>kill(2): .NET can only SIGKILL a process, the lab also needs SIGTERM, SIGSTOP and SIGCONT.</summary>
public static partial class PosixSignals
{
    public const int SigHup = 1;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/>; a negative pid addresses the whole process group.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;
}
