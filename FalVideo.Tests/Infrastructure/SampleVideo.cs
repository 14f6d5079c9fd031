using System.Diagnostics;

namespace FalVideo.Tests.Infrastructure;

/// <summary>A small real MP4 (ffmpeg test pattern), made once per test run, for generators that need something to "download".</summary>
public static class SampleVideo
{
    private static readonly Lazy<string> File = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => File.Value;

    private static string Create()
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("falvideo-sample-").FullName, "sample.mp4");
        using var process = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=16", "-frames:v", "16",
             "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-y", path])
        { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make the sample video: {errors}");
        return path;
    }
}
