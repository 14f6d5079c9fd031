using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FalVideo.Core.Batches;
using FalVideo.Core.Configuration;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Batches;

/// <summary>The ZIP of a 50-video batch is streamed: the app's memory does not grow with the bytes sent (measured).</summary>
public sealed class BatchZipStreamingTests
{
    private const int Videos = 50;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Zip_Of50Videos_StreamsWithBoundedMemory()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var app = BatchApp.Create(generator).UseRealKestrel();
        using var client = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
        var csv = Encoding.UTF8.GetBytes("prompt\n" + string.Concat(Enumerable.Range(1, Videos).Select(i => $"video {i}: waves on a pebble beach\n")));
        var created = await (await client.PostAsync("/api/batches", BatchApp.Form(csv, "fifty.csv", new Dictionary<string, string> { ["start"] = "true" }), Ct)).JsonAsync();
        var id = created.GetProperty("batch").GetProperty("id").GetGuid();
        await client.WaitForBatchAsync(id, b => b.GetProperty("status").GetString() == "finished", TimeSpan.FromMinutes(3));

        // Make every stored video a real 4 MB MP4, so the ZIP (~200 MB) dwarfs any buffer a leak would show.
        var big = BigVideo();
        var paths = app.Services.GetRequiredService<DataPaths>();
        var jobs = await app.Services.GetRequiredService<BatchStore>().JobsAsync(id, Ct).ToListAsync(Ct);
        foreach (var job in jobs) File.Copy(big, paths.VideoFile(job.Id), overwrite: true);
        var videoBytes = new FileInfo(big).Length * Videos;

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        var zipPath = Path.Combine(Directory.CreateTempSubdirectory("falvideo-zip-").FullName, "batch.zip");
        long received = 0;
        var sampledAt = 0L;
        using (var response = await client.GetAsync($"/api/batches/{id}/zip", HttpCompletionOption.ResponseHeadersRead, Ct))
        {
            response.EnsureSuccessStatusCode();
            Assert.Null(response.Content.Headers.ContentLength); // chunked: nothing was assembled first
            await using var body = await response.Content.ReadAsStreamAsync(Ct);
            await using var file = File.Create(zipPath);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, Ct)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), Ct);
                received += read;
                if (received - sampledAt >= 8 * 1024 * 1024)
                {
                    sampledAt = received;
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                }
            }
        }
        var growth = peak - baseline;
        TestContext.Current.TestOutputHelper?.WriteLine($"ZIP {received / 1048576.0:0.0} MB streamed; live managed heap grew at most {growth / 1048576.0:0.0} MB (baseline {baseline / 1048576.0:0.0} MB)");

        Assert.True(received > videoBytes, $"received {received} bytes, videos alone are {videoBytes}");
        Assert.True(growth < 24L * 1024 * 1024, $"live heap grew by {growth / 1048576.0:0.0} MB while streaming {received / 1048576.0:0.0} MB");

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(Videos + 2, zip.Entries.Count);
        Assert.All(zip.Entries.Take(Videos), e => Assert.Equal(new FileInfo(big).Length, e.Length));
        var test = Process.Start(new ProcessStartInfo("unzip", ["-tq", zipPath]) { RedirectStandardOutput = true })!;
        var output = await test.StandardOutput.ReadToEndAsync(Ct);
        await test.WaitForExitAsync(Ct);
        Assert.True(test.ExitCode == 0, output);
    }

    private static string BigVideo()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("falvideo-big-").FullName, "big.mp4");
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "nullsrc=s=640x360:r=25,geq=random(1)*255:128:128", "-t", "4",
             "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "8M", "-pix_fmt", "yuv420p", "-y", path])
        { RedirectStandardError = true })!;
        var errors = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0) throw new InvalidOperationException(errors);
        return path;
    }
}
