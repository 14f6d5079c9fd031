using System.Net;
using System.Net.Http.Headers;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FalVideo.Core.Fal;

/// <summary>
/// Copies a result video to a temp file: streamed (no whole-request timeout, an idle-read timeout instead), resumed with
/// <c>Range</c> after a broken or stalled transfer, length-checked against Content-Length / Content-Range and fal's
/// <c>file_size</c>. Attempts are driven by a Polly retry (exponential backoff with jitter, honouring Retry-After).
/// The caller renames the temp file once it is complete.
/// </summary>
public sealed partial class FalMediaDownloader
{
    public const string HttpClientName = "fal-media";
    private const int MaxRedirects = 5;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly MediaUrlPolicy _policy;
    private readonly IOptionsMonitor<FalOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FalMediaDownloader> _logger;
    private readonly ResiliencePipeline _pipeline;

    public FalMediaDownloader(IHttpClientFactory httpClientFactory, MediaUrlPolicy policy, IOptionsMonitor<FalOptions> options, TimeProvider time, ILogger<FalMediaDownloader> logger)
    {
        _httpClientFactory = httpClientFactory;
        _policy = policy;
        _options = options;
        _time = time;
        _logger = logger;
        var current = options.CurrentValue;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, current.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = current.RetryBaseDelay,
                MaxDelay = current.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(current.MaxRetries > 0 && IsRetriable(args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is TransientMediaStatusException { RetryAfter: { } wait } ? FalResilience.Clamp(wait) : (TimeSpan?)null),
                OnRetry = args =>
                {
                    LogRetry(args.AttemptNumber + 1, args.RetryDelay.TotalSeconds, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public async Task DownloadAsync(Uri uri, string destinationPath, long? expectedSize = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_policy.Refusal(uri) is { } reason) throw Refused(reason);
        try
        {
            await _pipeline.ExecuteAsync(token => AttemptAsync(uri, destinationPath, expectedSize, progress, token), cancellationToken);
        }
        catch (Exception ex) when (Refusal(ex) is { } refused)
        {
            throw Refused(refused.Message);
        }
        catch (Exception ex) when (IsRetriable(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new GenerationException(new JobError(ErrorTypes.Download,
                $"The video could not be downloaded ({ex.Message}). It was paid for; fal's link, valid until its CDN expires it: {uri}"), ex);
        }
    }

    private async ValueTask AttemptAsync(Uri uri, string destination, long? expectedSize, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var offset = File.Exists(destination) ? new FileInfo(destination).Length : 0;
        using var response = await SendFollowingRedirectsAsync(uri, offset, cancellationToken);

        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Everything was already here (a previous attempt ended right at the end), or the partial file is stale.
            if (offset > 0 && response.Content.Headers.ContentRange?.Length == offset && (expectedSize is null || expectedSize == offset)) return;
            File.Delete(destination);
            throw new IOException("The partial download did not match the file on the server; starting again.");
        }
        if (FalResilience.IsTransientStatus(response.StatusCode))
            throw new TransientMediaStatusException(response.StatusCode, RetryAfterOf(response.Headers.RetryAfter));
        if (!response.IsSuccessStatusCode)
            throw new GenerationException(new JobError(ErrorTypes.Download,
                $"fal's media server answered HTTP {(int)response.StatusCode} for the video ({uri}); the link may have expired."));

        long start = 0;
        long? total = response.Content.Headers.ContentLength;
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != offset)
            {
                File.Delete(destination);
                throw new IOException("The media server resumed at the wrong place; starting again.");
            }
            start = offset;
            total = range.Length ?? (total is { } rest ? offset + rest : null);
        }
        total ??= expectedSize;

        await using (var file = new FileStream(destination, start == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        await using (var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync(cancellationToken), _options.CurrentValue.MediaIdleTimeout, _time))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (total is > 0) progress?.Report(Math.Min(1.0, (double)file.Length / total.Value));
            }
        }

        var length = new FileInfo(destination).Length;
        if (total is { } announced && length < announced)
            throw new IOException($"The transfer stopped at {length} of {announced} bytes.");
        if ((total is { } t && length > t) || (expectedSize is { } s && length > s))
        {
            File.Delete(destination);
            throw new GenerationException(new JobError(ErrorTypes.Download,
                $"The downloaded video is {length} bytes, more than the {total ?? expectedSize} bytes fal announced."));
        }
        if (expectedSize is { } size && length < size)
            throw new IOException($"The transfer stopped at {length} of {size} bytes.");
        LogDownloaded(length, uri.Host);
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(Uri uri, long offset, CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(HttpClientName);
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return response;

            response.Dispose();
            if (hop >= MaxRedirects) throw new GenerationException(new JobError(ErrorTypes.Download, "The media server redirected too many times."));
            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
            // Every hop must satisfy the same rule as the first URL.
            if (_policy.Refusal(next) is { } reason) throw Refused($"redirected: {reason}");
            uri = next;
        }
    }

    private static bool IsRetriable(Exception? ex) =>
        ex is not null && Refusal(ex) is null && ex is HttpRequestException or IOException or TimeoutException or TimeoutRejectedException;

    private static MediaRefusedException? Refusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is MediaRefusedException refused) return refused;
        }
        return null;
    }

    private TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);

    private static GenerationException Refused(string reason) =>
        new(new JobError(ErrorTypes.Download, $"Refused to download the video: {reason}."));

    [LoggerMessage(LogLevel.Information, "Media download attempt {Attempt} in {Delay:0.0} s: {Reason}")]
    private partial void LogRetry(int attempt, double delay, string? reason);

    [LoggerMessage(LogLevel.Debug, "Downloaded {Bytes} bytes from {Host}")]
    private partial void LogDownloaded(long bytes, string host);
}
