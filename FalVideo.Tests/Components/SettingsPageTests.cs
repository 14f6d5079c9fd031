using System.Net;
using Bunit;
using FalVideo.Blazor.Access;
using FalVideo.Blazor.Components.Pages;
using FalVideo.Blazor.State;
using FalVideo.Core.Configuration;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using FalVideo.Core.Media;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FalVideo.Tests.Components;

public sealed class SettingsPageTests : UiTestContext
{
    [Fact]
    public async Task Saving_AppliesToTheRunnerAtOnce_AndPersists()
    {
        var page = RenderWithProviders<Settings>();
        page.WaitForAssertion(() => page.Find(".setting-concurrency input"));

        page.Find(".setting-concurrency input").Change("4");
        page.Find(".setting-rate input").Change("10");
        page.Find(".setting-budget input").Change("12.5");
        await page.Find("button.save-settings").ClickAsync(new());

        Assert.Equal(4, Runner.MaxConcurrency);
        Assert.Equal(10, Runner.SubmitsPerMinute);
        Assert.Equal(12.5m, Runner.DailyBudget);
        var reloaded = new RuntimeSettingsStore(Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FalVideo.Core.Storage.FalVideoDbContext>>(),
            new RunnerState(Options.Create(new JobOptions()), Time), Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<RuntimeSettingsStore>.Instance);
        await reloaded.LoadAsync(Ct);
        Assert.Equal(new RuntimeSettings(4, 10, 12.5m), reloaded.Current);
    }

    [Fact]
    public async Task OutOfRange_IsHeldToTheAllowedRange()
    {
        var page = RenderWithProviders<Settings>();
        page.WaitForAssertion(() => page.Find(".setting-concurrency input"));

        page.Find(".setting-concurrency input").Change("100");
        page.Find(".setting-budget input").Change("-5");
        await page.Find("button.save-settings").ClickAsync(new());

        Assert.Equal(RuntimeSettings.MaxConcurrencyLimit, Runner.MaxConcurrency);
        Assert.Equal(0m, Runner.DailyBudget);
    }

    [Theory]
    [InlineData("fal", null, ProviderKind.FalQueue)]
    [InlineData("fal", "websocket", ProviderKind.FalWebSocket)]
    [InlineData("offline", "websocket", ProviderKind.Offline)]
    [InlineData("auto", "queue", ProviderKind.FalQueue)]
    public void ProviderLabel_FollowsGeneratorAndTransport(string generator, string? transport, ProviderKind expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AppEnvironment.TransportKey] = transport }).Build();
        var options = Options.Create(new FalVideoOptions { Generator = generator });
        var credentials = new FalCredentials("key-id:key-secret");
        var environment = new AppEnvironment(new GeneratorRegistry([new ScriptedGenerator("fal"), new ScriptedGenerator("offline")], options, credentials),
            configuration, options, credentials, new FfmpegAvailability(), new DataPaths(DataDirectory), AccessSettings.Resolve(configuration, []));

        Assert.Equal(expected, environment.Provider);
    }
}
