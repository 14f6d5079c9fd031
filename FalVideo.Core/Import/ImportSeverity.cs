namespace FalVideo.Core.Import;

public enum ImportSeverity
{
    /// <summary>Something the importer did that the user should be able to see (trimmed spaces).</summary>
    Info,
    /// <summary>The row is queued, but read by a rule the user may not expect (full-width digits, decimal comma).</summary>
    Warning,
    /// <summary>The row is not queued.</summary>
    Error,
}
