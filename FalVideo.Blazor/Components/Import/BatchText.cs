using System.Globalization;
using FalVideo.Blazor.Resources;
using FalVideo.Core.Domain;
using FalVideo.Core.Import;
using Microsoft.Extensions.Localization;

namespace FalVideo.Blazor.Components.Import;

/// <summary>
/// The Batches pages' words in the user's language: importer findings and refusals are localised by their stable code
/// with the importer's arguments (the English text is the fallback), statuses by name, money and durations by culture.
/// </summary>
public static class BatchText
{
    public static string Message(this IStringLocalizer<BatchTexts> texts, ImportMessage message) =>
        Format(texts, (message.Line is null ? "FileMsg_" : "Msg_") + message.Code, message.Args, message.Text);

    public static string Refusal(this IStringLocalizer<BatchTexts> texts, ImportRefusal refusal) =>
        Format(texts, "Refusal_" + refusal.Code, refusal.Args, refusal.Detail);

    public static string Status(this IStringLocalizer<BatchTexts> texts, BatchStatus status) => texts[$"Status_{status.ToString().ToLowerInvariant()}"];

    public static string Job(this IStringLocalizer<BatchTexts> texts, JobStatus status) => texts[$"Job_{status.ToWire()}"];

    public static string State(this IStringLocalizer<BatchTexts> texts, ImportRowState state) => texts[$"State_{state.ToString().ToLowerInvariant()}"];

    public static string Delimiter(this IStringLocalizer<BatchTexts> texts, char? delimiter) => texts[delimiter switch
    {
        ',' => "Delimiter_comma",
        ';' => "Delimiter_semicolon",
        '\t' => "Delimiter_tab",
        '|' => "Delimiter_pipe",
        _ => "Delimiter_none",
    }];

    /// <summary>US dollars with the digits of the current culture.</summary>
    public static string Money(decimal? amount) => amount is { } value ? "$" + value.ToString("N2", CultureInfo.CurrentCulture) : "—";

    /// <summary>m:ss, or h:mm:ss from an hour.</summary>
    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");

    public static string Number(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Bytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1048576.0).ToString("0.#", CultureInfo.CurrentCulture) + " MB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " KB";

    private static string Format(IStringLocalizer<BatchTexts> texts, string key, IReadOnlyList<string>? args, string english)
    {
        var template = texts[key];
        if (template.ResourceNotFound) return english;
        try
        {
            return string.Format(CultureInfo.CurrentCulture, template.Value, [.. (args ?? []).Cast<object>()]);
        }
        catch (FormatException)
        {
            // The importer gave fewer arguments than this text uses: its own English sentence is complete.
            return english;
        }
    }
}
