namespace FalVideo.Core.Domain;

/// <summary>A setting the user changed at run time (key/value), layered over appsettings.json.</summary>
public sealed class AppSetting
{
    public required string Key { get; set; }
    public string? Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
