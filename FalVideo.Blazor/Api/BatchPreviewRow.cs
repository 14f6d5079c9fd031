using System.Text.Json.Nodes;
using FalVideo.Core.Import;

namespace FalVideo.Blazor.Api;

/// <summary>A preview row: its line in the file, prompt, model input, state (ok | warning | error) and why.</summary>
public sealed record BatchPreviewRow(int Row, int Line, string Prompt, string Model, JsonObject Parameters, string State, decimal? EstimatedCost, IReadOnlyList<BatchPreviewMessage> Messages)
{
    public static BatchPreviewRow From(ImportRow r) =>
        new(r.RowNumber, r.Line, r.Prompt, r.ModelId, r.Parameters, r.State.ToString().ToLowerInvariant(), r.EstimatedCost, [.. r.Messages.Select(BatchPreviewMessage.From)]);
}
