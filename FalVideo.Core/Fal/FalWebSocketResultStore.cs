using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace FalVideo.Core.Fal;

/// <summary>
/// Keeps each successful WebSocket answer on disk (<c>{data}/fal-ws/{id}.json</c>) from the moment it arrives until its
/// video is downloaded. fal has nothing to fetch again on this transport, so without it a crash between the answer and
/// the download would lose a paid video; with it the restarted runner finishes the download. Files older than
/// <see cref="KeepFor"/> are removed at start-up (fal's media links do not live that long either).
/// </summary>
public sealed partial class FalWebSocketResultStore
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(2);

    private readonly string _directory;
    private readonly ILogger<FalWebSocketResultStore> _logger;

    public FalWebSocketResultStore(DataPaths paths, TimeProvider time, ILogger<FalWebSocketResultStore> logger)
    {
        _directory = Path.Combine(paths.Root, "fal-ws");
        _logger = logger;
        Prune(time.GetUtcNow() - KeepFor);
    }

    public void Save(string localId, FalWebSocketResponse response)
    {
        Directory.CreateDirectory(_directory);
        var json = new JsonObject
        {
            ["fal_request_id"] = response.FalRequestId,
            ["status"] = response.StatusCode,
            ["error_type"] = response.ErrorTypeHeader,
            ["time_to_first_byte_seconds"] = response.TimeToFirstByteSeconds,
            ["body"] = response.Body,
        };
        var path = PathOf(localId);
        var temp = path + ".tmp";
        File.WriteAllText(temp, json.ToJsonString());
        File.Move(temp, path, overwrite: true);
    }

    public FalWebSocketResponse? TryLoad(string localId)
    {
        var path = PathOf(localId);
        if (!File.Exists(path)) return null;
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
            if (json?["body"]?.GetValue<string>() is not { } body) return null;
            return new FalWebSocketResponse(
                json["fal_request_id"]?.GetValue<string>() ?? "",
                json["status"]?.GetValue<int>() ?? 200,
                body,
                json["error_type"]?.GetValue<string>(),
                json["time_to_first_byte_seconds"]?.GetValue<double>());
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException or FormatException)
        {
            LogUnreadable(localId, ex.Message);
            return null;
        }
    }

    public void Delete(string localId)
    {
        try
        {
            File.Delete(PathOf(localId));
        }
        catch (IOException ex)
        {
            LogUnreadable(localId, ex.Message);
        }
    }

    private void Prune(DateTimeOffset olderThan)
    {
        if (!Directory.Exists(_directory)) return;
        foreach (var file in Directory.EnumerateFiles(_directory))
        {
            if (File.GetLastWriteTimeUtc(file) < olderThan.UtcDateTime) File.Delete(file);
        }
    }

    /// <summary>Only ids this app made (<c>ws-</c> + hex) map to a file: a stored id never reaches outside the directory.</summary>
    private string PathOf(string localId)
    {
        if (!FalWebSocketGenerator.IsLocalRequestId(localId))
            throw new ArgumentException($"'{localId}' is not a WebSocket request id of this app.", nameof(localId));
        return Path.Combine(_directory, localId + ".json");
    }

    [LoggerMessage(LogLevel.Warning, "Saved WebSocket answer {LocalId} could not be used: {Reason}")]
    private partial void LogUnreadable(string localId, string reason);
}
