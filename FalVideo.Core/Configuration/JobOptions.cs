using System.ComponentModel.DataAnnotations;

namespace FalVideo.Core.Configuration;

/// <summary>The <c>FalVideo:Jobs</c> section: the runner's starting limits (the Settings page can change them at run time).</summary>
public sealed class JobOptions
{
    public const string SectionName = "FalVideo:Jobs";

    /// <summary>Jobs in flight at once. fal's starting account limit is 2.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>Submits allowed per minute; 0 = no limit.</summary>
    [Range(0, 6000)]
    public int SubmitsPerMinute { get; set; } = 30;

    /// <summary>Stop dispatching once today's spend reaches this many USD; empty = no cap.</summary>
    public decimal? DailyBudget { get; set; }

    /// <summary>How many recent log lines a job keeps.</summary>
    [Range(1, 1000)]
    public int LogLinesKept { get; set; } = 200;
}
