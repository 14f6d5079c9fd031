using System.Text.Json.Nodes;

namespace FalVideo.Core.Import;

/// <summary>
/// One data row of an uploaded file after validation. <see cref="Prompt"/> is exactly the cell's text (never trimmed);
/// <see cref="Parameters"/> is the model input to store (without the prompt), defaults applied; <see cref="Cells"/> are the
/// raw cells as read, for the rejected-rows download.
/// </summary>
public sealed record ImportRow(
    int RowNumber,
    int Line,
    string Prompt,
    string ModelId,
    JsonObject Parameters,
    IReadOnlyList<string> Cells,
    ImportRowState State,
    IReadOnlyList<ImportMessage> Messages,
    decimal? EstimatedCost)
{
    public bool IsValid => State != ImportRowState.Error;
}
