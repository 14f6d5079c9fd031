using FalVideo.Blazor.Access;
using FalVideo.Blazor.Interop;
using FalVideo.Blazor.Localization;
using FalVideo.Blazor.State;
using MudBlazor.Services;

namespace FalVideo.Blazor.Hosting;

public static class UiServiceCollectionExtensions
{
    /// <summary>The dashboard: MudBlazor, en/ja localization, the per-circuit job state, browser helpers and access rules.</summary>
    public static WebApplicationBuilder AddFalVideoUi(this WebApplicationBuilder builder)
    {
        // `dotnet run` from the build output serves the build manifest, whose files (MudBlazor's _content, the scoped
        // CSS bundle) live outside wwwroot; only Development adds them by default, so Production/Testing answered 500.
        // A published app has no runtime manifest and is unaffected.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddMudServices();
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(UiCultures.Configure);
        builder.Services.AddSingleton<AppEnvironment>();
        builder.Services.AddScoped<JobStateService>();
        builder.Services.AddScoped<BrowserInterop>();
        builder.AddFalVideoAccess();
        return builder;
    }

    /// <summary>Culture from cookie / browser, then login (when required). Call before <c>UseAntiforgery</c>.</summary>
    public static WebApplication UseFalVideoUi(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseFalVideoAccess();
        return app;
    }

    /// <summary><c>/culture/set</c>, <c>/account/login</c>, <c>/account/logout</c>.</summary>
    public static IEndpointRouteBuilder MapFalVideoUiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCultureEndpoints();
        app.MapFalVideoAccessEndpoints();
        return app;
    }
}
