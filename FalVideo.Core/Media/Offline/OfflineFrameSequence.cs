using System.Collections;
using FFMpegCore.Pipes;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// The clip's frames, painted lazily as ffmpeg's pipe asks for them (so drawing overlaps encoding) into the painter's
/// single buffer. <paramref name="frameWritten"/> gets the number of frames written so far (1..FrameCount).
/// </summary>
internal sealed class OfflineFrameSequence(OfflineFramePainter painter, OfflineClip clip, Action<int>? frameWritten, CancellationToken cancellationToken)
    : IEnumerable<IVideoFrame>
{
    public IEnumerator<IVideoFrame> GetEnumerator()
    {
        for (var index = 0; index < clip.FrameCount; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            painter.Paint(index);
            yield return new PaintedFrame(painter, clip.Width, clip.Height, index + 1, frameWritten);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
