using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace FalVideo.Blazor.Localization;

/// <summary>English and Japanese. The culture comes from the culture cookie, else the browser's Accept-Language, else English.</summary>
public static class UiCultures
{
    public const string English = "en";
    public const string Japanese = "ja";

    public static IReadOnlyList<string> Supported { get; } = [English, Japanese];

    public static void Configure(RequestLocalizationOptions options)
    {
        var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
        options.DefaultRequestCulture = new RequestCulture(English);
        options.SupportedCultures = cultures;
        options.SupportedUICultures = cultures;
        options.FallBackToParentCultures = true;
        options.FallBackToParentUICultures = true;
        // The explicit choice (cookie) wins over the browser's language; the query string is not used.
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
    }

    public static bool IsSupported(string? culture) => culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase);
}
