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

    // Was OutOfRange_IsHeldToTheAllowedRange (asserted 100 became 64 and -5 became 0): now such input is refused, not rewritten.
    [Theory]
    [InlineData(".setting-concurrency", "100", "Enter a whole number from 1 to 64.")]
    [InlineData(".setting-concurrency", "0", "Enter a whole number from 1 to 64.")]
    [InlineData(".setting-concurrency", "2.5", "Enter a whole number from 1 to 64.")]
    [InlineData(".setting-rate", "abc", "Enter a whole number from 0 (no limit) to 6000.")]
    [InlineData(".setting-rate", "", "Enter a whole number from 0 (no limit) to 6000.")]
    [InlineData(".setting-budget", "-5", "Enter an amount of 0 or more with at most 2 decimals")]
    [InlineData(".setting-budget", "1.234", "Enter an amount of 0 or more with at most 2 decimals")]
    [InlineData(".setting-budget", "ten", "Enter an amount of 0 or more with at most 2 decimals")]
    public async Task InvalidInput_IsRefusedNextToTheField_AndNothingIsChanged(string box, string typed, string message)
    {
        var before = State.Settings;
        var page = RenderWithProviders<Settings>();
        page.WaitForAssertion(() => page.Find(".setting-concurrency input"));

        page.Find($"{box} input").Change(typed);
        page.WaitForAssertion(() => Assert.Contains(message, page.Find(box).TextContent));
        await page.Find("button.save-settings").ClickAsync(new());

        // What was typed stays in the box, the message stays beside it, and nothing was applied or stored.
        Assert.Equal(typed, page.Find($"{box} input").GetAttribute("value") ?? "");
        Assert.Contains(message, page.Find(box).TextContent);
        Assert.Equal(before, State.Settings);
        Assert.Equal(before, RuntimeSettings.From(Runner));
        Assert.Empty(page.FindAll(".mud-snackbar"));
    }

    [Fact]
    public async Task FixingTheField_ClearsTheMessage_AndSaves()
    {
        var page = RenderWithProviders<Settings>();
        page.WaitForAssertion(() => page.Find(".setting-concurrency input"));

        page.Find(".setting-rate input").Change("abc");
        page.WaitForAssertion(() => Assert.Contains("Enter a whole number", page.Find(".setting-rate").TextContent));
        page.Find(".setting-rate input").Change("12");
        page.WaitForAssertion(() => Assert.DoesNotContain("Enter a whole number", page.Find(".setting-rate").TextContent));
        page.Find(".setting-budget input").Change("");
        await page.Find("button.save-settings").ClickAsync(new());

        Assert.Equal(12, Runner.SubmitsPerMinute);
        Assert.Null(Runner.DailyBudget);
    }

    [Fact]
    public void Japanese_RefusalIsLocalized()
    {
        UseCulture("ja");
        var page = RenderWithProviders<Settings>();
        page.WaitForAssertion(() => page.Find(".setting-budget input"));

        page.Find(".setting-budget input").Change("-5");

        page.WaitForAssertion(() => Assert.Contains("小数点以下 2 桁まで", page.Find(".setting-budget").TextContent));
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
