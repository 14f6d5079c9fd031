using System.ComponentModel.DataAnnotations;

namespace FalVideo.Core.Import;

/// <summary>The <c>FalVideo:Import</c> section: how big an uploaded CSV may be.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "FalVideo:Import";

    /// <summary>Largest file accepted, in bytes (default 20 MB).</summary>
    [Range(1, 1L << 31)]
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most data rows accepted in one file (default 10,000); blank lines are not counted.</summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 10_000;
}
