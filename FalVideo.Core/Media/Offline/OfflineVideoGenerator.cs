using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FalVideo.Core.Configuration;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using Microsoft.Extensions.Logging;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// The embedded provider used when no fal key is set: renders a labelled, not-AI preview MP4 from the prompt and seed.
/// Submitting only names the work (<c>offline-{jobId}</c>); the clip is rendered while the job is watched, so re-attaching
/// after a restart simply renders it again (it costs nothing). The finished file waits in <c>videos/{jobId}.render.mp4</c>
/// until the runner takes it.
/// </summary>
public sealed partial class OfflineVideoGenerator(
    OfflineRenderer renderer,
    DataPaths paths,
    FfmpegAvailability ffmpeg,
    TimeProvider time,
    ILogger<OfflineVideoGenerator> logger) : IVideoGenerator
{
    public const string RequestIdPrefix = "offline-";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, OfflineRender> _active = new(StringComparer.Ordinal);

    public string Name => GeneratorRegistry.Offline;

    public Task<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new GenerationHandle(RequestIdPrefix + request.JobId.ToString("D"), request));
    }

    /// <summary>
    /// Renders the clip: <c>Running(0)</c> with a log line, <c>Running(frames done / frame count)</c> per frame, then
    /// <c>Completed</c> — or <c>Failed</c> (ffmpeg missing or failing). Stopped by <see cref="CancelAsync"/> or the token:
    /// throws <see cref="OperationCanceledException"/> and leaves no file behind.
    /// </summary>
    public async IAsyncEnumerable<GenerationUpdate> WatchAsync(GenerationHandle handle, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!ffmpeg.IsAvailable)
        {
            yield return new GenerationUpdate.Failed(new JobError(ErrorTypes.FfmpegMissing, FfmpegAvailability.InstallHint));
            yield break;
        }

        var clip = OfflineClip.From(handle.Request);
        var render = await StartAsync(handle, clip, cancellationToken);
        try
        {
            await foreach (var update in render.Updates.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return update;
            }
            await render.Completion;
        }
        finally
        {
            // Also reached when the caller stops listening early: the render must not outlive its watcher.
            render.Cancel();
            await render.Completion.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            lock (_gate)
            {
                if (_active.TryGetValue(handle.RequestId, out var current) && ReferenceEquals(current, render)) _active.Remove(handle.RequestId);
            }
            render.Dispose();
        }
    }

    public Task<GenerationResult> FetchResultAsync(GenerationHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        cancellationToken.ThrowIfCancellationRequested();
        var file = new FileInfo(RenderedFile(handle.Request.JobId));
        if (!file.Exists)
        {
            throw new GenerationException(new JobError(ErrorTypes.Render, "The rendered preview is missing (it was not rendered, or was already taken). Retry the job."));
        }
        var clip = OfflineClip.From(handle.Request);
        var raw = new JsonObject
        {
            ["renderer"] = Name,
            ["seed"] = clip.Seed,
            ["seedFromPrompt"] = clip.SeedFromPrompt,
            ["width"] = clip.Width,
            ["height"] = clip.Height,
            ["frames"] = clip.FrameCount,
            ["framesPerSecond"] = clip.FramesPerSecond,
        };
        return Task.FromResult(new GenerationResult(new Uri(file.FullName), "video/mp4", file.Length, clip.Seed, 0m, raw));
    }

    /// <summary>Moves the rendered file (it is already local) to <paramref name="destinationPath"/>.</summary>
    public Task DownloadVideoAsync(GenerationResult result, string destinationPath, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        cancellationToken.ThrowIfCancellationRequested();
        var source = result.VideoUri.IsFile ? Path.GetFullPath(result.VideoUri.LocalPath) : null;
        // Only files this renderer made: a result pointing anywhere else is not moved.
        if (source is null || !source.StartsWith(paths.Videos + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Not an offline render: {result.VideoUri}", nameof(result));
        }
        if (!File.Exists(source))
        {
            throw new GenerationException(new JobError(ErrorTypes.Download, "The rendered preview is missing (was it already taken?). Retry the job."));
        }
        File.Move(source, destinationPath, overwrite: true);
        progress?.Report(1);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops the job's render if one is running, and drops a finished render not yet taken. Answers at once
    /// (no await): the runner cancels its own token right after, before the stopped watch can report.
    /// </summary>
    public Task<CancelOutcome> CancelAsync(GenerationHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        OfflineRender? render;
        lock (_gate) _active.TryGetValue(handle.RequestId, out render);
        if (render is not null) render.Cancel();
        else File.Delete(RenderedFile(handle.Request.JobId));
        return Task.FromResult(CancelOutcome.CancellationRequested);
    }

    /// <summary>Registers a render for the handle, after stopping any earlier one for it (both would write the same files).</summary>
    private async Task<OfflineRender> StartAsync(GenerationHandle handle, OfflineClip clip, CancellationToken cancellationToken)
    {
        var render = new OfflineRender(cancellationToken);
        OfflineRender? previous;
        lock (_gate)
        {
            _active.TryGetValue(handle.RequestId, out previous);
            _active[handle.RequestId] = render;
        }
        if (previous is not null)
        {
            previous.Cancel();
            await previous.Completion.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        render.Completion = Task.Run(() => RenderAsync(handle.Request.JobId, clip, render), CancellationToken.None);
        return render;
    }

    private async Task RenderAsync(Guid jobId, OfflineClip clip, OfflineRender render)
    {
        var writer = render.Updates.Writer;
        var partial = Path.Combine(paths.Videos, $"{jobId}.rendering.mp4");
        var started = time.GetTimestamp();
        try
        {
            var seedSource = clip.SeedFromPrompt ? "derived from the prompt" : "from the request";
            writer.TryWrite(new GenerationUpdate.Running(0, [
                $"Offline preview (not AI-generated): {clip.FrameCount} frames, {clip.Size} at {clip.FramesPerSecond} fps, seed {clip.Seed} ({seedSource})."]));
            await renderer.RenderAsync(clip, partial,
                framesDone => writer.TryWrite(new GenerationUpdate.Running((double)framesDone / clip.FrameCount, [])),
                render.Token);
            File.Move(partial, RenderedFile(jobId), overwrite: true);

            var elapsed = time.GetElapsedTime(started);
            LogRendered(jobId, clip.FrameCount, clip.Width, clip.Height, elapsed.TotalSeconds);
            writer.TryWrite(new GenerationUpdate.Running(1, [$"Rendered and encoded in {elapsed.TotalSeconds:0.0} s."]));
            writer.TryWrite(new GenerationUpdate.Completed());
        }
        catch (Exception ex) when (render.Token.IsCancellationRequested)
        {
            // Stopped on purpose; ffmpeg was killed mid-file, whatever it reports.
            File.Delete(partial);
            LogRenderStopped(jobId, render.CanceledByRequest ? "canceled" : "watch ended", ex.GetType().Name);
            throw new OperationCanceledException("The offline render was stopped.", ex, render.Token);
        }
        catch (Win32Exception ex)
        {
            File.Delete(partial);
            LogRenderFailed(ex, jobId);
            writer.TryWrite(new GenerationUpdate.Failed(new JobError(ErrorTypes.FfmpegMissing, FfmpegAvailability.InstallHint)));
        }
        catch (Exception ex)
        {
            File.Delete(partial);
            LogRenderFailed(ex, jobId);
            writer.TryWrite(new GenerationUpdate.Failed(new JobError(ErrorTypes.Render, $"The offline renderer failed: {FirstLine(ex.Message)}")));
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private string RenderedFile(Guid jobId) => Path.Combine(paths.Videos, $"{jobId}.render.mp4");

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    [LoggerMessage(LogLevel.Information, "Offline preview for job {JobId}: {Frames} frames {Width}x{Height} in {Seconds:0.00}s")]
    private partial void LogRendered(Guid jobId, int frames, int width, int height, double seconds);

    [LoggerMessage(LogLevel.Information, "Offline preview for job {JobId} stopped ({Reason}, {Exception})")]
    private partial void LogRenderStopped(Guid jobId, string reason, string exception);

    [LoggerMessage(LogLevel.Warning, "Offline preview for job {JobId} failed")]
    private partial void LogRenderFailed(Exception ex, Guid jobId);
}
