using System.Globalization;
using Bunit;
using FalVideo.Blazor.Access;
using FalVideo.Blazor.Interop;
using FalVideo.Blazor.State;
using FalVideo.Core.Configuration;
using FalVideo.Core.DependencyInjection;
using FalVideo.Core.Jobs;
using FalVideo.Core.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace FalVideo.Tests.Components;

/// <summary>
/// bUnit with the real Core (SQLite on a temp directory, job store, hub, commands, catalog) and the real UI services,
/// on a <see cref="FakeTimeProvider"/>. The runner is not started: tests move jobs through the store themselves.
/// </summary>
public abstract class UiTestContext : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected UiTestContext()
    {
        DataDirectory = Directory.CreateTempSubdirectory("falvideo-ui-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FalVideo:DataDirectory"] = DataDirectory,
            ["FalVideo:Generator"] = "offline",
        }).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddLogging();
        Services.AddFalVideoCore(configuration, DataDirectory);
        Services.AddMudServices(options => options.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddLocalization();
        Services.AddSingleton(AccessSettings.Resolve(configuration, []));
        Services.AddSingleton<AppEnvironment>();
        Services.AddScoped<JobStateService>();
        Services.AddScoped<BrowserInterop>();
        // The shared 2-core CI box can be slow to re-render; this is a deadline, not a delay.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", true));
        UseCulture("en");
    }

    /// <summary>Starts on a fixed morning (UTC) so "today" is stable.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    protected string DataDirectory { get; }

    protected JobStore Store => Services.GetRequiredService<JobStore>();

    protected JobStateService State => Services.GetRequiredService<JobStateService>();

    protected RunnerState Runner => Services.GetRequiredService<RunnerState>();

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected static void UseCulture(string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
    }

    public virtual async ValueTask InitializeAsync()
    {
        Services.GetRequiredService<DataPaths>().EnsureCreated();
        var factory = Services.GetRequiredService<IDbContextFactory<FalVideoDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        await db.Database.MigrateAsync(Ct);
    }

    /// <summary>Renders <typeparamref name="T"/> inside the Mud providers (popovers, dialogs, snackbars).</summary>
    protected IRenderedComponent<T> RenderWithProviders<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        Render<MudPopoverProvider>();
        Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return Render(parameters ?? (_ => { }));
    }

    /// <summary>Completes when <see cref="JobStateService"/> publishes a snapshot that satisfies <paramref name="condition"/>.</summary>
    protected async Task<JobStateSnapshot> WaitForSnapshotAsync(Func<JobStateSnapshot, bool> condition, TimeSpan? timeout = null)
    {
        var reached = new TaskCompletionSource<JobStateSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            var snapshot = State.Snapshot;
            if (snapshot.Version > 0 && condition(snapshot)) reached.TrySetResult(snapshot);
        }
        State.Changed += Check;
        try
        {
            Check();
            return await reached.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10), Ct);
        }
        finally
        {
            State.Changed -= Check;
        }
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (disposing && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
