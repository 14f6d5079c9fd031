using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Jobs;

public sealed class RuntimeSettingsStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SavedSettings_ApplyAtOnce_AndWinOverAppSettingsAfterARestart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("falvideo-settings-").FullName;
        var appSettings = new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "2", ["FalVideo:Jobs:DailyBudget"] = "5" };
        await using (var first = await CoreHost.StartAsync(new ScriptedGenerator(), dataDirectory, appSettings))
        {
            Assert.Equal(5m, first.State.DailyBudget);

            await first.Services.GetRequiredService<RuntimeSettingsStore>().SaveAsync(new RuntimeSettings(5, 12, null), Ct);

            Assert.Equal(5, first.State.MaxConcurrency);
            Assert.Equal(12, first.State.SubmitsPerMinute);
            Assert.Null(first.State.DailyBudget);
        }

        await using var second = await CoreHost.StartAsync(new ScriptedGenerator(), dataDirectory, appSettings);
        Assert.Equal(5, second.State.MaxConcurrency);
        Assert.Equal(12, second.State.SubmitsPerMinute);
        Assert.Null(second.State.DailyBudget); // "no cap" was a choice; the appsettings cap does not come back
    }

    [Fact]
    public async Task InvalidSettings_AreRefusedAndNothingChanges()
    {
        await using var host = await CoreHost.StartAsync(new ScriptedGenerator());
        var store = host.Services.GetRequiredService<RuntimeSettingsStore>();
        var before = store.Current;

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(new RuntimeSettings(0, 10, -1m), Ct));

        Assert.Equal(before, store.Current);
        Assert.Equal(["maxConcurrency", "dailyBudget"], new RuntimeSettings(0, 10, -1m).Validate().Select(e => e.Field));
    }
}
