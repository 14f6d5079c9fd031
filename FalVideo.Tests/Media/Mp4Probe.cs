using System.Buffers.Binary;
using FFMpegCore;

namespace FalVideo.Tests.Media;

/// <summary>What a test needs to know about an MP4: ffprobe's view, the decoded frame count, and the top-level box order.</summary>
public sealed record Mp4Probe(string Codec, int Width, int Height, string PixelFormat, double DurationSeconds, double FrameRate, int DecodedFrames, IReadOnlyList<string> TopLevelBoxes)
{
    /// <summary>+faststart: the index (moov) comes before the media data (mdat), so playback can start while downloading.</summary>
    public bool IsFastStart => TopLevelBoxes.ToList() is var boxes && boxes.IndexOf("moov") is >= 0 and var moov && moov < boxes.IndexOf("mdat");

    public static async Task<Mp4Probe> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var analysis = await FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken);
        var video = analysis.PrimaryVideoStream ?? throw new InvalidOperationException($"{path} has no video stream.");
        // Decodes every frame: the count is what a player gets, not what the header claims.
        var frames = await FFProbe.GetFramesAsync(path, cancellationToken: cancellationToken);
        return new Mp4Probe(
            video.CodecName ?? "",
            video.Width ?? 0,
            video.Height ?? 0,
            video.PixelFormat ?? "",
            analysis.Duration.TotalSeconds,
            video.AverageFrameRate,
            frames.Frames.Count(f => f.MediaType == "video"),
            await ReadTopLevelBoxesAsync(path, cancellationToken));
    }

    private static async Task<IReadOnlyList<string>> ReadTopLevelBoxesAsync(string path, CancellationToken cancellationToken)
    {
        var boxes = new List<string>();
        await using var file = File.OpenRead(path);
        var header = new byte[16];
        while (file.Position + 8 <= file.Length)
        {
            var start = file.Position;
            await file.ReadExactlyAsync(header.AsMemory(0, 8), cancellationToken);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            boxes.Add(System.Text.Encoding.ASCII.GetString(header, 4, 4));
            if (size == 1)
            {
                await file.ReadExactlyAsync(header.AsMemory(8, 8), cancellationToken);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            }
            else if (size == 0)
            {
                break; // the box runs to the end of the file
            }
            if (size < 8) throw new InvalidDataException($"Bad MP4 box size {size} at {start} in {path}.");
            file.Position = start + size;
        }
        return boxes;
    }
}
