using System.Runtime.InteropServices;

namespace FalVideo.Benchmarks;

/// <summary>
/// CPU time used by finished child processes (ffmpeg), from getrusage(RUSAGE_CHILDREN) on Linux. With it the benchmark
/// shows the clip's total CPU cost, which unlike wall time does not depend on what else the machine is doing.
/// </summary>
internal static partial class ChildCpuTime
{
    private const int RusageChildren = -1;

    public static TimeSpan? Total()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var usage = new long[18]; // struct rusage on 64-bit Linux: ru_utime, ru_stime (timeval each) + 14 longs
        if (GetRusage(RusageChildren, usage) != 0) return null;
        return TimeSpan.FromSeconds(usage[0] + usage[2]) + TimeSpan.FromMicroseconds(usage[1] + usage[3]);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, [Out] long[] usage);
}
