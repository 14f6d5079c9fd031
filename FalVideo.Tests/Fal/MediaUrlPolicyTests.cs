using System.Net;
using FalVideo.Core.Domain;
using FalVideo.Core.Fal;
using FalVideo.Core.Generation;
using FalVideo.FakeFal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FalVideo.Tests.Fal;

/// <summary>Media URLs come from the network: only https from fal's CDN hosts, never internal addresses (SSRF).</summary>
public sealed class MediaUrlPolicyTests
{
    private static MediaUrlPolicy Policy(FalOptions? options = null) => new(new StaticOptions(options ?? new FalOptions()));

    [Theory]
    [InlineData("https://v3.fal.media/files/penguin/abc.mp4")]
    [InlineData("https://v3b.fal.media/files/x/y.mp4")]
    [InlineData("https://fal.media/files/x/y.mp4")]
    public void Default_AllowsFalsCdn(string url) => Assert.Null(Policy().Refusal(new Uri(url)));

    [Theory]
    [InlineData("http://v3.fal.media/files/x.mp4", "media URLs must use https, not http")]
    [InlineData("https://127.0.0.1/files/x.mp4", "media host '127.0.0.1' is not in FalVideo:Fal:AllowedMediaHosts (fal.media, *.fal.media)")]
    [InlineData("https://169.254.169.254/latest/meta-data", "media host '169.254.169.254' is not in FalVideo:Fal:AllowedMediaHosts (fal.media, *.fal.media)")]
    [InlineData("https://evilfal.media/x.mp4", "media host 'evilfal.media' is not in FalVideo:Fal:AllowedMediaHosts (fal.media, *.fal.media)")]
    [InlineData("https://fal.media.evil.example/x.mp4", "media host 'fal.media.evil.example' is not in FalVideo:Fal:AllowedMediaHosts (fal.media, *.fal.media)")]
    [InlineData("file:///etc/passwd", "media URLs must use https, not file")]
    public void Default_RefusesEverythingElse(string url, string reason) => Assert.Equal(reason, Policy().Refusal(new Uri(url)));

    [Fact]
    public void AllowedPrivateLiteral_StillRefusedUnlessInsecureIsAllowed()
    {
        var listed = new FalOptions { AllowedMediaHosts = ["10.0.0.5"] };
        Assert.Equal("media host '10.0.0.5' is a loopback, private or link-local address", Policy(listed).Refusal(new Uri("https://10.0.0.5/x.mp4")));

        var insecure = new FalOptions { AllowedMediaHosts = ["127.0.0.1"], AllowInsecureMediaHosts = true };
        Assert.Null(Policy(insecure).Refusal(new Uri("http://127.0.0.1:5199/cdn/files/x/output.mp4")));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("34.117.59.81", true)]
    [InlineData("2606:4700::6810:85e5", true)]
    public void IsPublic(string address, bool expected) => Assert.Equal(expected, MediaUrlPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task Download_HostResolvingToLoopback_IsRefusedAtConnect()
    {
        // "localhost" is on the allow-list here, but it resolves to 127.0.0.1: the connect-time check refuses it.
        await using var fal = await FakeFalServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var options = new FalOptions { AllowedMediaHosts = ["localhost"], AllowInsecureMediaHosts = false, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
        var downloader = Downloader(options);
        var temp = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.part");

        var error = await Assert.ThrowsAsync<GenerationException>(() =>
            downloader.DownloadAsync(new Uri($"https://localhost:{fal.BaseUrl.Port}/cdn/files/x/output.mp4"), temp, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorTypes.Download, error.Error.Type);
        Assert.Equal("Refused to download the video: media host 'localhost' resolves only to loopback, private or link-local addresses.", error.Error.Message);
        Assert.Equal(0, fal.State.Calls(FakeOperation.Media));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public async Task Download_RefusedUrl_NeverConnects()
    {
        var downloader = Downloader(new FalOptions());
        var error = await Assert.ThrowsAsync<GenerationException>(() =>
            downloader.DownloadAsync(new Uri("https://127.0.0.1/files/x.mp4"), Path.GetTempFileName(), cancellationToken: TestContext.Current.CancellationToken));
        Assert.StartsWith("Refused to download the video: media host '127.0.0.1' is not in", error.Error.Message);
    }

    private static FalMediaDownloader Downloader(FalOptions options)
    {
        var services = new ServiceCollection();
        var monitor = new StaticOptions(options);
        var policy = new MediaUrlPolicy(monitor);
        services.AddHttpClient(FalMediaDownloader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectCallback = policy.ConnectAsync, AllowAutoRedirect = false });
        var factory = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new FalMediaDownloader(factory, policy, monitor, TimeProvider.System, NullLogger<FalMediaDownloader>.Instance);
    }

    private sealed class StaticOptions(FalOptions value) : IOptionsMonitor<FalOptions>
    {
        public FalOptions CurrentValue => value;
        public FalOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<FalOptions, string?> listener) => null;
    }
}
