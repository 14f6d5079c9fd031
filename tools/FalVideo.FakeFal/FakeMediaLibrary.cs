using System.Collections.Concurrent;
using System.Diagnostics;

namespace FalVideo.FakeFal;

/// <summary>
/// Real MP4s for the fake CDN, made once per size with ffmpeg's test pattern (81 frames at 16 fps, Wan's default) and
/// cached in the temp directory across runs. A file is written under a temp name and moved, so parallel test
/// processes never see half a file.
/// </summary>
public static class FakeMediaLibrary
{
    private static readonly ConcurrentDictionary<(int, int), Lazy<Task<string>>> Files = new();

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "falvideo-fakefal-media");

    public static Task<string> GetAsync(int width, int height) =>
        Files.GetOrAdd((width, height), key => new Lazy<Task<string>>(() => CreateAsync(key.Item1, key.Item2))).Value;

    private static async Task<string> CreateAsync(int width, int height)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"testsrc-{width}x{height}-81f.mp4");
        if (File.Exists(path) && new FileInfo(path).Length > 0) return path;

        var temp = Path.Combine(Directory, $"{Guid.NewGuid():N}.tmp.mp4");
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=16",
                     "-frames:v", "81", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", temp,
                 })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg could not be started.");
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(temp))
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}) making the fake video: {await errors}");
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
