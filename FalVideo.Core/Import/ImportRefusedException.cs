namespace FalVideo.Core.Import;

/// <summary>The file as a whole cannot be imported; <see cref="Refusal"/> says why and what to do.</summary>
public sealed class ImportRefusedException(ImportRefusal refusal) : Exception(refusal.Detail)
{
    public ImportRefusal Refusal { get; } = refusal;
}
