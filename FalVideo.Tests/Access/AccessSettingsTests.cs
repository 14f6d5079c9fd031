using System.Security.Cryptography;
using System.Text;
using FalVideo.Blazor.Access;
using Microsoft.Extensions.Configuration;

namespace FalVideo.Tests.Access;

public sealed class AccessSettingsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://127.0.0.2:80/", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    [InlineData("http://falvideo.example.com", false)]
    public void IsLoopback_RecognisesEveryInterfaceForms(string url, bool loopback) =>
        Assert.Equal(loopback, ListenAddresses.IsLoopback(url));

    [Fact]
    public void Configured_CountsPortsOnlySettingsAsEveryInterface()
    {
        var configuration = Config(new() { ["urls"] = "http://127.0.0.1:5000", ["http_ports"] = "8080" });

        var urls = ListenAddresses.Configured(configuration);

        Assert.False(ListenAddresses.LoopbackOnly(urls));
    }

    [Fact]
    public void Resolve_OnLoopbackWithoutPassword_NeedsNoLogin()
    {
        var access = AccessSettings.Resolve(Config(new()), ["http://127.0.0.1:5000"]);

        Assert.False(access.Required);
    }

    [Fact]
    public void Resolve_ExposedWithoutPassword_RefusesToStart_NamingTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AccessSettings.Resolve(Config(new()), ["http://0.0.0.0:5000"]));

        Assert.Contains(AccessSettings.PasswordVariable, error.Message);
    }

    [Fact]
    public void Resolve_ExposedWithPassword_RequiresLogin_AndChecksSecretsInConstantTimeForm()
    {
        var access = AccessSettings.Resolve(Config(new()
        {
            [AccessSettings.PasswordVariable] = "correct horse",
            [AccessSettings.SessionSecretVariable] = "a-session-secret-of-some-length",
            [AccessSettings.ApiTokenVariable] = "token-0123456789abcdef",
        }), ["http://0.0.0.0:5000"]);

        Assert.True(access.Required);
        Assert.False(access.SessionSecretGenerated);
        Assert.True(access.CheckPassword("correct horse"));
        Assert.False(access.CheckPassword("correct horse "));
        Assert.False(access.CheckPassword(null));
        Assert.True(access.CheckApiToken("token-0123456789abcdef"));
        Assert.False(access.CheckApiToken("token-0123456789abcdeF"));
    }

    [Fact]
    public void Resolve_ShortSessionSecret_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AccessSettings.Resolve(Config(new()
        {
            [AccessSettings.PasswordVariable] = "pw",
            [AccessSettings.SessionSecretVariable] = "short",
        }), ["http://0.0.0.0:5000"]));

        Assert.Contains(AccessSettings.SessionSecretVariable, error.Message);
    }

    [Theory]
    [InlineData("/gallery?status=failed", "/gallery?status=failed")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    public void SafeReturnUrl_OnlyAllowsLocalPaths(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccessExtensions.SafeReturnUrl(returnUrl));

    [Fact]
    public void SessionProtector_RoundTrips_AndRejectsTamperingAndOtherSecrets()
    {
        var secret = Encoding.UTF8.GetBytes("a-session-secret-of-some-length");
        var protector = new SessionSecretDataProtector(secret, "cookie");
        var payload = Encoding.UTF8.GetBytes("ticket");

        var sealedPayload = protector.Protect(payload);

        Assert.Equal(payload, new SessionSecretDataProtector(secret, "cookie").Unprotect(sealedPayload));
        var tampered = (byte[])sealedPayload.Clone();
        tampered[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered));
        Assert.ThrowsAny<CryptographicException>(() => new SessionSecretDataProtector(Encoding.UTF8.GetBytes("another-secret-of-some-length"), "cookie").Unprotect(sealedPayload));
        Assert.ThrowsAny<CryptographicException>(() => protector.CreateProtector("other purpose").Unprotect(sealedPayload));
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
