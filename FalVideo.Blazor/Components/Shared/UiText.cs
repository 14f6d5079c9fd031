using System.Globalization;
using FalVideo.Blazor.Resources;
using FalVideo.Blazor.State;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.Localization;

namespace FalVideo.Blazor.Components.Shared;

/// <summary>Localized names and culture-aware formats shared by the pages.</summary>
public static class UiText
{
    public static string Status(this IStringLocalizer<Strings> l, JobStatus status) => l[$"Status_{status.ToWire()}"];

    /// <summary>What an error code means and what to do, in the user's language (the stored message is shown with it).</summary>
    public static string ErrorExplanation(this IStringLocalizer<Strings> l, string? errorType)
    {
        var text = l[$"Error_{errorType}"];
        return text.ResourceNotFound ? l["Error_unknown"] : text;
    }

    /// <summary>As <see cref="ErrorExplanation(IStringLocalizer{Strings}, string?)"/>, but a refusal that names no field is not told to "fix the fields below".</summary>
    public static string ErrorExplanation(this IStringLocalizer<Strings> l, string? errorType, int fieldCount) =>
        errorType == ErrorTypes.Validation && fieldCount == 0 ? l["Error_validation_unlisted"] : l.ErrorExplanation(errorType);

    /// <summary>
    /// The stored (English) message worth showing under the localized explanation, or null. Types whose message is
    /// entirely ours and says nothing the explanation does not are left out, so Japanese pages do not repeat it in English.
    /// </summary>
    public static string? ErrorDetail(string? errorType, string? message) =>
        string.IsNullOrWhiteSpace(message) || errorType is ErrorTypes.Canceled or ErrorTypes.KeyRejected or ErrorTypes.ConnectionLost
            or ErrorTypes.FfmpegMissing or ErrorTypes.BudgetReached
            ? null
            : message;

    public static string Provider(this IStringLocalizer<Strings> l, ProviderKind kind) => l[$"Provider_{kind}"];

    /// <summary>What a job costs: the offline renderer is free whatever the model's price; otherwise actual, else estimated.</summary>
    public static string Cost(this IStringLocalizer<Strings> l, JobView job, ProviderKind current, int decimals = 2) =>
        IsFree(job, current) ? l["Cost_Free"] : Money(job.ActualCost ?? job.EstimatedCost, decimals);

    public static bool IsFree(JobView job, ProviderKind current) =>
        job.Provider == GeneratorRegistry.Offline || (job.Provider is null && current == ProviderKind.Offline);

    /// <summary>US dollars, with the digits formatted for the current culture.</summary>
    public static string Money(decimal? amount, int decimals = 2) =>
        amount is { } value ? "$" + value.ToString("N" + decimals, CultureInfo.CurrentCulture) : "—";

    /// <summary>m:ss, or h:mm:ss from an hour.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
    }

    /// <summary>A moment in the app's time zone, formatted for the current culture.</summary>
    public static string Time(DateTimeOffset? moment, TimeProvider clock, string format = "g") =>
        moment is { } value ? TimeZoneInfo.ConvertTime(value, clock.LocalTimeZone).ToString(format, CultureInfo.CurrentCulture) : "—";

    /// <summary>Seconds of video with one decimal (e.g. "5.1 s").</summary>
    public static string Seconds(double? seconds) =>
        seconds is { } value ? value.ToString("0.0", CultureInfo.CurrentCulture) + " s" : "—";
}
