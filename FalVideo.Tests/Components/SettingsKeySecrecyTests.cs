using System.Net;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Components;

/// <summary>The Settings page says whether a fal key is set and never shows the key itself.</summary>
public sealed class SettingsKeySecrecyTests : IAsyncDisposable
{
    private const string Key = "fal-key-id-4d2c:SECRET-do-not-show-9f7e";
    private readonly FalVideoAppFactory _app = new(new Dictionary<string, string?> { ["FAL_KEY"] = Key, ["FalVideo:Generator"] = "offline" });

    [Fact]
    public async Task SettingsAndDashboard_SayTheKeyIsSet_WithoutShowingIt()
    {
        using var client = _app.CreateClient();

        var settings = WebUtility.HtmlDecode(await client.GetStringAsync("/settings", Xunit.TestContext.Current.CancellationToken));
        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync("/", Xunit.TestContext.Current.CancellationToken));

        Assert.Contains("fal key", settings);
        Assert.Matches("data-fact=\"fal-key\"[^>]*>\\s*<th[^>]*>fal key</th>\\s*<td class=\"fact-value\">set</td>", settings);
        foreach (var html in new[] { settings, dashboard })
        {
            Assert.DoesNotContain("SECRET-do-not-show", html);
            Assert.DoesNotContain("fal-key-id-4d2c", html);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
