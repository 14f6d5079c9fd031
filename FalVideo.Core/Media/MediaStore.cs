using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Configuration;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FFMpegCore;
using Microsoft.Extensions.Logging;

namespace FalVideo.Core.Media;

/// <summary>
/// Keeps every finished video: the downloaded temp file is probed, renamed to <c>videos/{jobId}.mp4</c>, given a poster
/// (frame at 1 s) and a metadata sidecar <c>{jobId}.json</c>. A paid result is never thrown away, even if the poster fails.
/// </summary>
public sealed class MediaStore(DataPaths paths, TimeProvider time, ILogger<MediaStore> logger)
{
    private static readonly JsonSerializerOptions SidecarJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<StoredVideo> StoreAsync(VideoJob job, string tempVideoPath, GenerationResult result, CancellationToken cancellationToken = default)
    {
        var analysis = await FFProbe.AnalyseAsync(tempVideoPath, cancellationToken: cancellationToken);
        var video = analysis.PrimaryVideoStream
            ?? throw new GenerationException(new JobError(ErrorTypes.Download, "The downloaded file has no video stream."));

        var finalPath = paths.VideoFile(job.Id);
        File.Move(tempVideoPath, finalPath, overwrite: true);

        var posterPath = await TryWritePosterAsync(job.Id, finalPath, analysis.Duration, cancellationToken);
        var stored = new StoredVideo(finalPath, posterPath, video.Width ?? 0, video.Height ?? 0, analysis.Duration.TotalSeconds,
            video.CodecName ?? "unknown", new FileInfo(finalPath).Length);
        await WriteSidecarAsync(job, stored, result, cancellationToken);
        return stored;
    }

    /// <summary>Removes a job's video, poster, sidecar and any partial download.</summary>
    public void Delete(Guid jobId)
    {
        foreach (var file in new[] { paths.VideoFile(jobId), paths.PosterFile(jobId), paths.SidecarFile(jobId), paths.TempVideoFile(jobId) })
        {
            File.Delete(file);
        }
    }

    private async Task<string?> TryWritePosterAsync(Guid jobId, string videoPath, TimeSpan duration, CancellationToken cancellationToken)
    {
        var posterPath = paths.PosterFile(jobId);
        var at = duration > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
        try
        {
            await FFMpegArguments
                .FromFileInput(videoPath, verifyExists: true, options => options.WithStartTime(at))
                .OutputToFile(posterPath, overwrite: true, options => options.WithFrameCount(1).WithCustomArgument("-q:v 3"))
                .CancellableThrough(cancellationToken)
                .ProcessAsynchronously();
            return File.Exists(posterPath) ? posterPath : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The video is what the user paid for; a missing poster only costs a thumbnail.
            logger.LogWarning(ex, "Poster for job {JobId} could not be made", jobId);
            return null;
        }
    }

    private async Task WriteSidecarAsync(VideoJob job, StoredVideo stored, GenerationResult result, CancellationToken cancellationToken)
    {
        var sidecar = new JsonObject
        {
            ["jobId"] = job.Id,
            ["prompt"] = job.Prompt,
            ["model"] = job.ModelId,
            ["parameters"] = JsonNode.Parse(job.ParametersJson),
            ["provider"] = job.Provider,
            ["requestId"] = job.RequestId,
            ["seed"] = result.Seed ?? job.Seed,
            ["createdAt"] = job.CreatedAt,
            ["submittedAt"] = job.SubmittedAt,
            ["startedAt"] = job.StartedAt,
            ["storedAt"] = time.GetUtcNow(),
            ["estimatedCost"] = job.EstimatedCost,
            ["actualCost"] = result.Cost ?? job.ActualCost,
            ["width"] = stored.Width,
            ["height"] = stored.Height,
            ["durationSeconds"] = stored.DurationSeconds,
            ["codec"] = stored.Codec,
            ["sourceUrl"] = result.VideoUri.Scheme is "http" or "https" ? result.VideoUri.GetLeftPart(UriPartial.Path) : null,
        };
        var temp = paths.SidecarFile(job.Id) + ".part";
        await File.WriteAllTextAsync(temp, sidecar.ToJsonString(SidecarJson), cancellationToken);
        File.Move(temp, paths.SidecarFile(job.Id), overwrite: true);
    }
}
