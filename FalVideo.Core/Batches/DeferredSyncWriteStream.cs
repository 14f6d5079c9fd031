namespace FalVideo.Core.Batches;

/// <summary>
/// Lets <see cref="System.IO.Compression.ZipArchive"/> write to an HTTP response, which refuses synchronous writes: .NET 10's
/// async ZIP API still writes each entry's data descriptor (16–24 bytes) and the deflater's last block synchronously
/// when an entry stream is disposed. Those small synchronous writes are held here and sent with the next asynchronous
/// write or flush; everything else passes straight through, so memory stays bounded (a guard refuses more than 1 MB held).
/// </summary>
public sealed class DeferredSyncWriteStream(Stream inner) : Stream
{
    private const int MaxHeldBytes = 1024 * 1024;
    private readonly MemoryStream _held = new();
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    /// <summary>Bytes written so far (ZipArchive reads it on a non-seekable stream).</summary>
    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_held.Length + buffer.Length > MaxHeldBytes)
            throw new InvalidOperationException("Too much data written synchronously to a response stream; use the async API.");
        _held.Write(buffer);
        _written += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendHeldAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendHeldAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    /// <summary>Nothing to do synchronously: held bytes go out with the next asynchronous write or flush.</summary>
    public override void Flush()
    {
    }

    public override async ValueTask DisposeAsync()
    {
        await SendHeldAsync(CancellationToken.None);
        await _held.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task SendHeldAsync(CancellationToken cancellationToken)
    {
        if (_held.Length == 0) return;
        await inner.WriteAsync(_held.GetBuffer().AsMemory(0, (int)_held.Length), cancellationToken);
        _held.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
