using Microsoft.Extensions.Configuration;

namespace FalVideo.Core.Jobs;

/// <summary>The model used when a request names none: <c>FalVideo:Fal:DefaultModel</c>, else Wan 2.1 1.3B (the original README's model).</summary>
public sealed class DefaultModel(IConfiguration configuration)
{
    public const string Fallback = "fal-ai/wan/v2.1/1.3b/text-to-video";

    public string Id => configuration["FalVideo:Fal:DefaultModel"] is { Length: > 0 } id ? id : Fallback;
}
