namespace FalVideo.Core.Batches;

/// <summary>A batch action that is not possible now (resume a canceled batch, start with no valid rows); the message says why.</summary>
public sealed class BatchStateException(string code, string message) : Exception(message)
{
    public const string NoValidRows = "no_valid_rows";
    public const string NotPossible = "not_possible";
    public const string SourceMissing = "source_missing";

    public string Code { get; } = code;
}
