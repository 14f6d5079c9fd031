using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

/// <summary>The runner knobs a user may change at run time (Settings page); stored in the <c>settings</c> table.</summary>
public sealed record RuntimeSettings(int MaxConcurrency, int SubmitsPerMinute, decimal? DailyBudget)
{
    public const int MaxConcurrencyLimit = 64;
    public const int SubmitsPerMinuteLimit = 6000;

    /// <summary>The problems with these values (empty when they can be applied), one per field.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (MaxConcurrency is < 1 or > MaxConcurrencyLimit)
            errors.Add(new FieldError("maxConcurrency", $"must be between 1 and {MaxConcurrencyLimit}", MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (SubmitsPerMinute is < 0 or > SubmitsPerMinuteLimit)
            errors.Add(new FieldError("submitsPerMinute", $"must be between 0 (no limit) and {SubmitsPerMinuteLimit}", SubmitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (DailyBudget is < 0)
            errors.Add(new FieldError("dailyBudget", "must be 0 or more (leave it empty for no cap)", DailyBudget.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return errors;
    }

    public static RuntimeSettings From(RunnerState state) => new(state.MaxConcurrency, state.SubmitsPerMinute, state.DailyBudget);
}
