using System.ComponentModel.DataAnnotations;
namespace FalVideo.Core.Fal;

/// <summary>
/// The <c>FalVideo:Fal</c> section (environment form <c>FalVideo__Fal__QueueUrl</c>, lists as
/// <c>FalVideo__Fal__AllowedMediaHosts__0</c>). The key is not here: it comes from <c>FAL_KEY</c> (see FalCredentials).
/// </summary>
public sealed class FalOptions
{
    public const string SectionName = "FalVideo:Fal";

    /// <summary>The hosts fal serves outputs from when <see cref="AllowedMediaHosts"/> is not configured.</summary>
    public static readonly IReadOnlyList<string> DefaultMediaHosts = ["fal.media", "*.fal.media"];

    [Required, Url]
    public string QueueUrl { get; set; } = "https://queue.fal.run";

    [Required, Url]
    public string RunUrl { get; set; } = "https://fal.run";

    [Required]
    public string WebSocketUrl { get; set; } = "wss://ws.fal.run";

    /// <summary>
    /// Hosts media may be downloaded from (exact, or <c>*.domain</c> for subdomains). Null = <see cref="DefaultMediaHosts"/>.
    /// (Kept null by default because configuration binding appends to a pre-filled list instead of replacing it.)
    /// </summary>
    public List<string>? AllowedMediaHosts { get; set; }

    /// <summary>Allows <c>http</c> media and hosts resolving to loopback/private/link-local addresses. For the fake fal server only.</summary>
    public bool AllowInsecureMediaHosts { get; set; }

    /// <summary><c>Queue</c> (default: durable, resumable after a restart) or <c>WebSocket</c> (<c>ws.fal.run</c>: warm connections, nothing to resume).</summary>
    public FalTransport Transport { get; set; } = FalTransport.Queue;

    /// <summary>WebSocket transport: how long a pooled connection may sit unused before it is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan WebSocketIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>WebSocket transport: ping cadence (and how long a pong may take) that detects a dead connection while fal works silently.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan WebSocketKeepAlive { get; set; } = TimeSpan.FromSeconds(20);

    [Required]
    public string DefaultModel { get; set; } = FalVideo.Core.Jobs.DefaultModel.Fallback;

    /// <summary>How often status is polled when the live status stream is not available.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>X-Fal-Queue-Priority</c>: <c>normal</c> or <c>low</c> (behind all normal requests of the endpoint).</summary>
    [RegularExpression("^(normal|low)$")]
    public string QueuePriority { get; set; } = "normal";

    /// <summary>Per-attempt timeout of a fal call (until the response headers for streams and downloads).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the status stream may stay silent (fal sends a keep-alive every 15 s) before it counts as dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Stream failures in a row (no event received) before status falls back to polling.</summary>
    [Range(1, 100)]
    public int StreamFailuresBeforePolling { get; set; } = 3;

    /// <summary>How long a media download may receive nothing before the attempt is abandoned (and resumed with Range).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan MediaIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one call (status, stream, result, cancel, download) after the first attempt.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay; doubled each time (with jitter) up to <see cref="MaxRetryDelay"/>, unless fal sends Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long status may stay unreachable (every retry failing) before a job is marked interrupted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan StatusGiveUpAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Circuit breaker: the share of failed fal calls in <see cref="CircuitSamplingDuration"/> that pauses dispatch.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    [Range(2, 10000)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> EffectiveMediaHosts => AllowedMediaHosts is { Count: > 0 } hosts ? hosts : DefaultMediaHosts;
}
