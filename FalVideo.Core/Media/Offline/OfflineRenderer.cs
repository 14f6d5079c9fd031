using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Pipes;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// Encodes an <see cref="OfflineClip"/> to an H.264 MP4 (yuv420p, +faststart): Skia-painted RGBA frames are piped
/// into ffmpeg through FFMpegCore while ffmpeg encodes.
/// </summary>
public sealed class OfflineRenderer(OfflineFonts fonts)
{
    /// <summary>
    /// x264 speed. <c>ultrafast</c> needs about half the CPU of <c>veryfast</c> for this flat, smooth picture with no visible
    /// difference (files ~500 KB instead of ~220 KB), which keeps a clip within 2 s on 2 busy cores; see benchmarks/FalVideo.Benchmarks.
    /// </summary>
    public EncoderPreset Preset { get; init; } = EncoderPreset.UltraFast;

    /// <summary>x264's default quality.</summary>
    public const int ConstantRateFactor = 23;

    /// <summary>Paints and encodes <paramref name="clip"/> to <paramref name="outputPath"/>; <paramref name="frameWritten"/> gets the count of frames sent so far.</summary>
    public async Task RenderAsync(OfflineClip clip, string outputPath, Action<int>? frameWritten = null, CancellationToken cancellationToken = default)
    {
        using var painter = CreatePainter(clip);
        var frames = new OfflineFrameSequence(painter, clip, frameWritten, cancellationToken);
        await FFMpegArguments
            .FromPipeInput(new RawVideoPipeSource(frames) { FrameRate = clip.FramesPerSecond })
            .OutputToFile(outputPath, overwrite: true, options => options
                .WithVideoCodec(VideoCodec.LibX264)
                .WithSpeedPreset(Preset)
                .WithConstantRateFactor(ConstantRateFactor)
                .WithPixelFormat("yuv420p")
                .WithFastStart())
            .CancellableThrough(cancellationToken)
            .ProcessAsynchronously(throwOnError: true);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>A painter for <paramref name="clip"/> with this renderer's fonts (tests hash its raw frames).</summary>
    public OfflineFramePainter CreatePainter(OfflineClip clip) => new(clip, fonts);
}
