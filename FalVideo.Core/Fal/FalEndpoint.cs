namespace FalVideo.Core.Fal;

/// <summary>
/// A fal model id split by the subpath rule: submit goes to the full id, status / result / cancel to <c>owner/app</c>
/// only (with a leading <c>workflows/</c> or <c>comfy/</c> namespace kept).
/// </summary>
public sealed record FalEndpoint(string ModelId, string AppPath)
{
    private static readonly string[] Namespaces = ["workflows", "comfy"];

    public static FalEndpoint Parse(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var segments = modelId.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var appSegments = segments.Length > 0 && Namespaces.Contains(segments[0]) ? 3 : 2;
        if (segments.Length < appSegments)
            throw new ArgumentException($"'{modelId}' is not a fal model id (expected owner/app[/path]).", nameof(modelId));
        return new FalEndpoint(string.Join('/', segments), string.Join('/', segments.Take(appSegments)));
    }

    public string SubmitPath => ModelId;
    public string RequestPath(string requestId) => $"{AppPath}/requests/{Uri.EscapeDataString(requestId)}";
    public string StatusPath(string requestId, bool logs) => $"{RequestPath(requestId)}/status?logs={(logs ? 1 : 0)}";
    public string StatusStreamPath(string requestId, bool logs) => $"{RequestPath(requestId)}/status/stream?logs={(logs ? 1 : 0)}";
    public string CancelPath(string requestId) => $"{RequestPath(requestId)}/cancel";
}
