namespace FalVideo.Core.Configuration;

/// <summary>The <c>FalVideo</c> section of appsettings.json.</summary>
public sealed class FalVideoOptions
{
    public const string SectionName = "FalVideo";

    /// <summary><c>auto</c> (fal when a key is set, else offline), <c>fal</c> or <c>offline</c>.</summary>
    public string Generator { get; set; } = "auto";

    /// <summary>Where falvideo.db, videos/ and logs/ live. Relative paths are resolved against the app's content root.</summary>
    public string DataDirectory { get; set; } = "data";
}
