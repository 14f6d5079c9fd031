using System.Globalization;
using FalVideo.Core.Domain;
using FalVideo.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FalVideo.Core.Jobs;

/// <summary>
/// Persists the Settings page's runner knobs in the <c>settings</c> table and applies them to <see cref="RunnerState"/>:
/// at start-up (stored values win over appsettings.json) and at once when the user saves.
/// </summary>
public sealed partial class RuntimeSettingsStore(
    IDbContextFactory<FalVideoDbContext> dbFactory,
    RunnerState state,
    TimeProvider time,
    ILogger<RuntimeSettingsStore> logger)
{
    public const string MaxConcurrencyKey = "Jobs:MaxConcurrency";
    public const string SubmitsPerMinuteKey = "Jobs:SubmitsPerMinute";
    public const string DailyBudgetKey = "Jobs:DailyBudget";

    /// <summary>What the runner uses now.</summary>
    public RuntimeSettings Current => RuntimeSettings.From(state);

    /// <summary>Applies stored values to the runner. A value that no longer parses is ignored (and logged), not fatal.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Settings.AsNoTracking()
            .Where(s => s.Key == MaxConcurrencyKey || s.Key == SubmitsPerMinuteKey || s.Key == DailyBudgetKey)
            .ToDictionaryAsync(s => s.Key, s => s.Value, cancellationToken);
        if (stored.Count == 0) return;

        var current = Current;
        var loaded = new RuntimeSettings(
            ReadInt(stored, MaxConcurrencyKey) ?? current.MaxConcurrency,
            ReadInt(stored, SubmitsPerMinuteKey) ?? current.SubmitsPerMinute,
            stored.TryGetValue(DailyBudgetKey, out var budget) ? ParseBudget(budget) : current.DailyBudget);
        if (loaded.Validate().Count > 0)
        {
            LogIgnored(string.Join("; ", loaded.Validate()));
            return;
        }
        Apply(loaded);
        LogLoaded(loaded.MaxConcurrency, loaded.SubmitsPerMinute, loaded.DailyBudget);
    }

    /// <summary>Applies <paramref name="settings"/> to the runner at once and stores them. Throws <see cref="ArgumentException"/> when invalid.</summary>
    public async Task SaveAsync(RuntimeSettings settings, CancellationToken cancellationToken = default)
    {
        var errors = settings.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(settings));

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var existing = await db.Settings.Where(s => s.Key == MaxConcurrencyKey || s.Key == SubmitsPerMinuteKey || s.Key == DailyBudgetKey)
                .ToDictionaryAsync(s => s.Key, cancellationToken);
            Upsert(db, existing, MaxConcurrencyKey, settings.MaxConcurrency.ToString(CultureInfo.InvariantCulture), now);
            Upsert(db, existing, SubmitsPerMinuteKey, settings.SubmitsPerMinute.ToString(CultureInfo.InvariantCulture), now);
            // An empty value is stored on purpose: "no cap" must win over a cap in appsettings.json.
            Upsert(db, existing, DailyBudgetKey, settings.DailyBudget?.ToString(CultureInfo.InvariantCulture) ?? "", now);
            await db.SaveChangesAsync(cancellationToken);
        }
        Apply(settings);
        LogSaved(settings.MaxConcurrency, settings.SubmitsPerMinute, settings.DailyBudget);
    }

    private void Apply(RuntimeSettings settings) =>
        state.Configure(settings.MaxConcurrency, settings.SubmitsPerMinute, settings.DailyBudget, clearDailyBudget: settings.DailyBudget is null);

    private static void Upsert(FalVideoDbContext db, Dictionary<string, AppSetting> existing, string key, string value, DateTimeOffset now)
    {
        if (existing.TryGetValue(key, out var setting))
        {
            setting.Value = value;
            setting.UpdatedAt = now;
        }
        else
        {
            db.Settings.Add(new AppSetting { Key = key, Value = value, UpdatedAt = now });
        }
    }

    private static int? ReadInt(Dictionary<string, string?> stored, string key) =>
        stored.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static decimal? ParseBudget(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    [LoggerMessage(LogLevel.Information, "Runtime settings loaded from the database: concurrency {MaxConcurrency}, {SubmitsPerMinute} submits/min, daily budget {DailyBudget}")]
    private partial void LogLoaded(int maxConcurrency, int submitsPerMinute, decimal? dailyBudget);

    [LoggerMessage(LogLevel.Information, "Runtime settings saved: concurrency {MaxConcurrency}, {SubmitsPerMinute} submits/min, daily budget {DailyBudget}")]
    private partial void LogSaved(int maxConcurrency, int submitsPerMinute, decimal? dailyBudget);

    [LoggerMessage(LogLevel.Warning, "Stored runtime settings ignored: {Problems}")]
    private partial void LogIgnored(string problems);
}
