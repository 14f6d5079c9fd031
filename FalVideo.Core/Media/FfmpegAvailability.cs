using System.Diagnostics;

namespace FalVideo.Core.Media;

/// <summary>Whether ffmpeg and ffprobe can be started (the offline renderer and every probe need them). Checked once, lazily.</summary>
public sealed class FfmpegAvailability
{
    private readonly Lazy<bool> _available;

    public FfmpegAvailability()
        : this(() => CanRun("ffmpeg") && CanRun("ffprobe"))
    {
    }

    /// <summary>For tests: a machine without ffmpeg.</summary>
    internal FfmpegAvailability(Func<bool> probe) => _available = new Lazy<bool>(probe);

    public bool IsAvailable => _available.Value;

    public const string InstallHint =
        "ffmpeg is not installed. Install it (Debian/Ubuntu: sudo apt-get install ffmpeg fonts-noto-cjk; macOS: brew install ffmpeg; Windows: winget install ffmpeg) and restart, or set FAL_KEY to generate on fal.ai.";

    private static bool CanRun(string program)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, "-version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return false;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit(10_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
