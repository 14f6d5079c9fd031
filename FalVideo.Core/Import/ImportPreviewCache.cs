using System.Collections.Concurrent;

namespace FalVideo.Core.Import;

/// <summary>
/// Keeps recent previews for a while (30 minutes, at most 16), so the rejected rows of a preview that was never started
/// can be downloaded by URL. Oldest previews are dropped first; nothing here is needed to create or run a batch.
/// </summary>
public sealed class ImportPreviewCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    public const int Capacity = 16;

    private readonly ConcurrentDictionary<Guid, (ImportResult Result, DateTimeOffset StoredAt)> _previews = new();

    public Guid Add(ImportResult result)
    {
        var now = time.GetUtcNow();
        foreach (var (id, entry) in _previews)
        {
            if (now - entry.StoredAt > Lifetime) _previews.TryRemove(id, out _);
        }
        while (_previews.Count >= Capacity && _previews.OrderBy(p => p.Value.StoredAt).FirstOrDefault() is { Key: var oldest } && oldest != Guid.Empty)
        {
            _previews.TryRemove(oldest, out _);
        }
        var key = Guid.CreateVersion7(now);
        _previews[key] = (result, now);
        return key;
    }

    public ImportResult? Get(Guid id) =>
        _previews.TryGetValue(id, out var entry) && time.GetUtcNow() - entry.StoredAt <= Lifetime ? entry.Result : null;
}
