using System.Text.Json.Serialization;
using FalVideo.Blazor.Api;
using FalVideo.Blazor.Components;
using FalVideo.Blazor.Hosting;
using FalVideo.Core.DependencyInjection;

// .env in the working directory, without overriding variables that are already set.
DotNetEnv.Env.NoClobber().Load();

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddTopLevelAppSettings();
// 127.0.0.1:5000 like the original, unless --urls or ASPNETCORE_URLS says otherwise.
if (string.IsNullOrWhiteSpace(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:5000");
builder.Services.AddFalVideoCore(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddFalVideoLogging();
builder.Services.AddProblemDetails();
// Unreadable JSON bodies throw, so the API can say which parameter was wrong (ApiProblemMiddleware answers problem+json).
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
builder.AddFalVideoUi();
builder.Services.AddFalVideoBatchUi();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseFalVideoRequestLogging();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseMiddleware<ApiProblemMiddleware>();
app.UseFalVideoUi();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapJobEndpoints();
app.MapBatchEndpoints();
app.MapHealthEndpoints();
app.MapFalVideoUiEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
