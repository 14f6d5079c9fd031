using System.Text.Json.Nodes;

namespace FalVideo.Core.Import;

/// <summary>
/// How to read an upload: the model rows are checked against (a <c>model</c> column overrides it per row), default
/// parameters applied where a row leaves a field empty, and an encoding chosen by the user instead of the detected one.
/// </summary>
public sealed record ImportRequest(
    string? ModelId = null,
    JsonObject? DefaultParameters = null,
    string? Encoding = null,
    string? FileName = null);
