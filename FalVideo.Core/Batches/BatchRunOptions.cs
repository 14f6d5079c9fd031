namespace FalVideo.Core.Batches;

/// <summary>
/// The run options chosen on the preview: a name, how many of the batch's jobs may be in flight at once, the pause
/// between its submits, and a budget cap (USD) after which its jobs are held. All optional.
/// </summary>
public sealed record BatchRunOptions(
    string? Name = null,
    int? MaxConcurrency = null,
    double? SubmitDelaySeconds = null,
    decimal? BudgetCap = null,
    bool Start = true)
{
    public const int MaxConcurrencyLimit = 64;
    public const double MaxSubmitDelaySeconds = 3600;

    /// <summary>The problems with these options (empty when valid), as field: reason.</summary>
    public IReadOnlyList<Domain.FieldError> Validate()
    {
        var errors = new List<Domain.FieldError>();
        if (MaxConcurrency is { } max && (max < 1 || max > MaxConcurrencyLimit))
            errors.Add(new("maxConcurrency", $"must be between 1 and {MaxConcurrencyLimit}", max.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (SubmitDelaySeconds is { } delay && (!double.IsFinite(delay) || delay < 0 || delay > MaxSubmitDelaySeconds))
            errors.Add(new("submitDelaySeconds", $"must be between 0 and {MaxSubmitDelaySeconds}", delay.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (BudgetCap is { } cap && cap <= 0)
            errors.Add(new("budgetCap", "must be more than 0", cap.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (Name is { Length: > 200 })
            errors.Add(new("name", "must be at most 200 characters"));
        return errors;
    }
}
