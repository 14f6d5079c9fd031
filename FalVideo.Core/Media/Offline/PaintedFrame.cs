using FFMpegCore.Pipes;

namespace FalVideo.Core.Media.Offline;

/// <summary>One frame on its way into ffmpeg's pipe; says so once its bytes are written.</summary>
internal sealed class PaintedFrame(OfflineFramePainter painter, int width, int height, int number, Action<int>? written) : IVideoFrame
{
    public int Width => width;
    public int Height => height;
    public string PixelFormat => OfflineFramePainter.FfmpegPixelFormat;

    public void Serialize(Stream pipe)
    {
        pipe.Write(painter.Pixels.Span);
        written?.Invoke(number);
    }

    public async Task SerializeAsync(Stream pipe, CancellationToken token)
    {
        await pipe.WriteAsync(painter.Pixels, token);
        written?.Invoke(number);
    }
}
