using System.Text.RegularExpressions;
using System.Xml.Linq;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;

namespace FalVideo.Tests.Components;

/// <summary>Every text the UI asks for exists in English and Japanese, with the same placeholders.</summary>
public sealed partial class LocalizationResourceTests
{
    private static readonly string BlazorProject = Path.Combine(RepositoryRoot(), "FalVideo.Blazor");
    private static readonly Dictionary<string, string> English = Load("Strings.resx");
    private static readonly Dictionary<string, string> Japanese = Load("Strings.ja.resx");

    [Fact]
    public void EveryKeyUsedInTheUi_IsInBothLanguages()
    {
        var used = Directory.EnumerateFiles(BlazorProject, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.NotEmpty(used);
        var missingEnglish = used.Where(k => !English.ContainsKey(k)).ToList();
        var missingJapanese = used.Where(k => !Japanese.ContainsKey(k)).ToList();
        Assert.True(missingEnglish.Count == 0, "English lacks " + string.Join(", ", missingEnglish));
        Assert.True(missingJapanese.Count == 0, "Japanese lacks " + string.Join(", ", missingJapanese));
    }

    [Fact]
    public void KeysBuiltAtRunTime_ExistForEveryStatusErrorAndSetting()
    {
        var expected = Enum.GetValues<JobStatus>().Select(s => $"Status_{s.ToWire()}")
            .Concat(typeof(ErrorTypes).GetFields().Select(f => $"Error_{f.GetValue(null)}"))
            .Concat(["Provider_Offline", "Provider_FalQueue", "Provider_FalWebSocket"])
            .Concat(new RuntimeSettings(0, -1, -1m).Validate().Select(e => $"Settings_Invalid_{e.Field}"));

        foreach (var key in expected)
        {
            Assert.True(English.ContainsKey(key), $"English lacks {key}");
            Assert.True(Japanese.ContainsKey(key), $"Japanese lacks {key}");
        }
    }

    [Fact]
    public void BothLanguages_HaveTheSameKeysAndPlaceholders()
    {
        Assert.Equal(English.Keys.Order(), Japanese.Keys.Order());
        foreach (var (key, text) in English)
        {
            Assert.True(Placeholders(text).SetEquals(Placeholders(Japanese[key])), $"{key}: '{text}' vs '{Japanese[key]}'");
            Assert.False(string.IsNullOrWhiteSpace(Japanese[key]), key);
        }
    }

    [Fact]
    public void JapaneseTexts_AreTranslated()
    {
        // Identical texts are allowed only where the words are names (fal.ai · WebSocket, ffmpeg).
        var same = English.Where(e => e.Value == Japanese[e.Key] && HasLetters().IsMatch(e.Value)).Select(e => e.Key).ToList();
        Assert.Equal(["Provider_FalWebSocket", "Settings_Ffmpeg"], same.Order());
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(BlazorProject, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FalVideo.Blazor.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("FalVideo.Blazor.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"\bL\[""([A-Za-z_]+)""")]
    private static partial Regex KeyUse();

    [GeneratedRegex(@"\{[a-z_0-9]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex HasLetters();
}
