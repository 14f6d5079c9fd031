using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Api;

/// <summary>Whatever goes wrong under /api, the answer is problem+json that says what — never an empty body or HTML.</summary>
public sealed class ApiProblemTests : IAsyncDisposable
{
    private readonly FalVideoAppFactory _app = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{bad")]
    [InlineData("[]")]
    [InlineData("{\"prompt\": 123}")]
    [InlineData("{\"prompt\": \"x\", \"parameters\": [1, 2]}")]
    public async Task UnreadableJobBody_Is400ProblemNamingTheBody(string body)
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/api/jobs", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var detail = problem["detail"]!.GetValue<string>();
        Assert.StartsWith("The request body is not", detail);
        Assert.DoesNotContain("CreateJobRequest", detail); // the caller's terms, not our type names
    }

    [Fact]
    public async Task WrongMethod_Is405ProblemSayingSo()
    {
        using var client = _app.CreateClient();
        using var response = await client.PutAsync("/api/jobs", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("Method not allowed", problem["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/jobs/not-a-guid")]
    [InlineData("/api/nope")]
    public async Task UnknownRouteOrMalformedId_Is404Problem(string path)
    {
        using var client = _app.CreateClient();
        using var response = await client.GetAsync(path, Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal($"Nothing answers GET {path} (check the path and that ids are GUIDs); see the README's HTTP API table.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownPageOutsideTheApi_StillGetsTheHtmlNotFoundPage()
    {
        using var client = _app.CreateClient();
        using var response = await client.GetAsync("/no-such-page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        return problem;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
