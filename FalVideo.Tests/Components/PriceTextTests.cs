using System.Globalization;
using FalVideo.Blazor.Components.Shared;
using FalVideo.Blazor.Resources;
using FalVideo.Core.Catalog;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FalVideo.Tests.Components;

/// <summary>Price rules and model notes come from the catalog in English; the UI shows them in the user's language.</summary>
public sealed class PriceTextTests : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    private static readonly IStringLocalizer<Strings> L = new StringLocalizer<Strings>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Theory]
    [InlineData("en", FalModels.Wan21T2V13B, "$0.20 per video (estimate)")]
    [InlineData("ja", FalModels.Wan21T2V13B, "1本あたり $0.20（推定）")]
    [InlineData("en", FalModels.Kling21Master, "$1.40 for the first 5 s, then $0.28 per extra second")]
    [InlineData("ja", FalModels.Kling21Master, "最初の 5 秒まで $1.40、以降 1 秒ごとに $0.28")]
    [InlineData("en", FalModels.Veo3, "$0.20/s (Generate audio: No), $0.40/s (Generate audio: Yes)")]
    [InlineData("en", FalModels.Wan22A14BT2V, "$0.04/s (Resolution: 480p), $0.06/s (Resolution: 580p), $0.08/s (Resolution: 720p) (estimate)")]
    [InlineData("en", FalModels.LtxVideo, "price not confirmed — see the model's page on fal.ai")]
    public void Price_IsLocalized(string culture, string modelId, string expected)
    {
        Use(culture);
        Assert.Equal(expected, L.Price(ModelCatalog.Default.Get(modelId).Price));
    }

    [Fact]
    public void Japanese_EveryPriceAndNote_HasNoCatalogEnglish()
    {
        Use("ja");
        foreach (var model in ModelCatalog.Default.Models)
        {
            Assert.DoesNotContain(" per ", L.Price(model.Price), StringComparison.Ordinal);
            Assert.DoesNotContain("estimate", L.Price(model.Price), StringComparison.Ordinal);
            foreach (var note in model.Notes)
            {
                Assert.NotEqual(note.Text, L.Note(note));
            }
        }
    }

    [Fact]
    public void EveryNoteKind_HasATextInBothLanguages()
    {
        foreach (var culture in new[] { "en", "ja" })
        {
            Use(culture);
            foreach (var kind in Enum.GetValues<ModelNoteKind>())
            {
                Assert.False(L[$"ModelNote_{kind}"].ResourceNotFound, $"{culture} lacks ModelNote_{kind}");
            }
        }
    }

    [Fact]
    public void English_NotesKeepTheCatalogText()
    {
        Use("en");
        foreach (var note in ModelCatalog.Default.Models.SelectMany(m => m.Notes)) Assert.Equal(note.Text, L.Note(note));
    }

    private static void Use(string culture) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
