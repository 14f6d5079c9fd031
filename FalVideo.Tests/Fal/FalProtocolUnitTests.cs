using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FalVideo.Core.Domain;
using FalVideo.Core.Fal;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FalVideo.Tests.Fal;

public sealed class FalProtocolUnitTests
{
    [Theory]
    [InlineData("fal-ai/wan/v2.1/1.3b/text-to-video", "fal-ai/wan")]
    [InlineData("fal-ai/kling-video/v2.1/master/text-to-video", "fal-ai/kling-video")]
    [InlineData("fal-ai/veo3", "fal-ai/veo3")]
    [InlineData("fal-ai/minimax/video-01", "fal-ai/minimax")]
    [InlineData("workflows/acme/my-flow/run", "workflows/acme/my-flow")]
    [InlineData("comfy/acme/graph", "comfy/acme/graph")]
    public void Endpoint_SubpathRule(string modelId, string appPath)
    {
        var endpoint = FalEndpoint.Parse(modelId);
        Assert.Equal(modelId, endpoint.SubmitPath);
        Assert.Equal($"{appPath}/requests/r1/status?logs=1", endpoint.StatusPath("r1", logs: true));
        Assert.Equal($"{appPath}/requests/r1/status/stream?logs=1", endpoint.StatusStreamPath("r1", logs: true));
        Assert.Equal($"{appPath}/requests/r1", endpoint.RequestPath("r1"));
        Assert.Equal($"{appPath}/requests/r1/cancel", endpoint.CancelPath("r1"));
    }

    [Fact]
    public void Endpoint_RefusesIdsWithoutAnApp() => Assert.Throws<ArgumentException>(() => FalEndpoint.Parse("wan"));

    [Theory]
    [InlineData("step 5/30", 5.0 / 30)]
    [InlineData("Step 12 of 40: denoising", 12.0 / 40)]
    [InlineData("steps: 3/4", 0.75)]
    [InlineData(" 45%|████▌     | 13/30 [00:10<00:12,  1.31it/s]", 13.0 / 30)]
    [InlineData(" 45%|████▌     |", 0.45)]
    [InlineData("Loading model weights", null)]
    [InlineData("resolution 832/480", null)]
    [InlineData("step 31/30", null)]
    public void LogProgress_ParsesOnlyHonestFigures(string line, double? expected)
    {
        var progress = LogProgressParser.Parse(line);
        if (expected is null) Assert.Null(progress);
        else Assert.Equal(expected.Value, progress!.Value, 6);
    }

    [Fact]
    public void ErrorMapper_DetailArray_BecomesFieldErrors()
    {
        const string body = """
            {"detail":[
              {"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","ctx":{"le":50},"input":60},
              {"loc":["body","prompt"],"msg":"Field required","type":"missing"},
              {"loc":["body","aspect_ratio"],"msg":"Input should be '16:9' or '9:16'","type":"literal_error","input":"21:9"}
            ]}
            """;
        var error = FalErrorMapper.FromResponse(422, body);

        Assert.Equal(ErrorTypes.Validation, error.Type);
        Assert.Equal(
            [new FieldError("num_inference_steps", "must be ≤ 50", "60"), new FieldError("prompt", "is required"), new FieldError("aspect_ratio", "Input should be '16:9' or '9:16'", "21:9")],
            error.Fields);
        Assert.Equal("fal refused the input: num_inference_steps: must be ≤ 50; prompt: is required; aspect_ratio: Input should be '16:9' or '9:16'", error.Message);
    }

    [Fact]
    public void ErrorMapper_ContentPolicyViolation_IsItsOwnType()
    {
        const string body = """
            {"detail":[{"loc":["body","prompt"],"msg":"The content could not be processed because it contained material flagged by a content checker.","type":"content_policy_violation","input":"x"}]}
            """;
        var error = FalErrorMapper.FromResponse(422, body);

        Assert.Equal(ErrorTypes.ContentPolicy, error.Type);
        Assert.StartsWith("fal's content policy refused the input: prompt: The content could not be processed", error.Message);
        Assert.Equal("prompt", Assert.Single(error.Fields!).Field);
    }

    [Theory]
    [InlineData("""{"detail":[]}""", "fal refused the input (no details)")]
    [InlineData("""{"detail":"Unprocessable"}""", "fal answered HTTP 422: Unprocessable")]
    [InlineData("", "fal answered HTTP 422: no details")]
    public void ErrorMapper_422WithoutFieldDetails_IsAValidationErrorNamingNoField(string body, string message)
    {
        var error = FalErrorMapper.FromResponse(422, body);

        Assert.Equal(ErrorTypes.Validation, error.Type);
        Assert.Equal(message, error.Message);
        Assert.Empty(error.Fields ?? []);
    }

    [Fact]
    public void ErrorMapper_StringDetailAndErrorType_KeptAsFalWroteThem()
    {
        var error = FalErrorMapper.FromResponse(504, """{"detail":"Request timed out","error_type":"request_timeout"}""");
        Assert.Equal(new JobError(ErrorTypes.Provider, "fal answered HTTP 504: Request timed out (request_timeout)"), error);
    }

    [Fact]
    public void ErrorMapper_NonJson_UsesTheText()
    {
        var error = FalErrorMapper.FromResponse(502, "<html>Bad gateway</html>", "runner_incomplete_response");
        Assert.Equal("fal answered HTTP 502: <html>Bad gateway</html> (runner_incomplete_response)", error.Message);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void ErrorMapper_KeyProblems_AreKeyRejected(int status)
    {
        var error = FalErrorMapper.FromResponse(status, """{"detail":"nope"}""");
        Assert.Equal(ErrorTypes.KeyRejected, error.Type);
        Assert.StartsWith("fal key rejected", error.Message);
    }

    private static Outcome<HttpResponseMessage> Answer(HttpStatusCode status) => Outcome.FromResult(new HttpResponseMessage(status));
    private static Outcome<HttpResponseMessage> Failure(Exception ex) => Outcome.FromException<HttpResponseMessage>(ex);

    public static TheoryData<string, bool> SubmitOutcomes => new()
    {
        { "connection refused", true },
        { "dns", true },
        { "tls", true },
        { "429", true },
        { "503", true },
        { "500", false },
        { "502", false },
        { "504", false },
        { "timeout", false },
        { "reset after sending", false },
        { "response ended", false },
        { "circuit open", false },
    };

    [Theory]
    [MemberData(nameof(SubmitOutcomes))]
    public void Submit_IsRetriedOnlyWhenProvablyNotSent(string what, bool retried)
    {
        var outcome = what switch
        {
            "connection refused" => Failure(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused))),
            "dns" => Failure(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")),
            "tls" => Failure(new HttpRequestException(HttpRequestError.SecureConnectionError, "handshake")),
            "timeout" => Failure(new TimeoutRejectedException()),
            "reset after sending" => Failure(new HttpRequestException("reset", new IOException("Connection reset by peer"))),
            "response ended" => Failure(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")),
            "circuit open" => Failure(new BrokenCircuitException()),
            var code => Answer((HttpStatusCode)int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)),
        };
        Assert.Equal(retried, FalResilience.ShouldRetry(outcome, FalOperation.Submit));
    }

    [Theory]
    [InlineData(FalOperation.Status)]
    [InlineData(FalOperation.StatusStream)]
    [InlineData(FalOperation.Result)]
    [InlineData(FalOperation.Cancel)]
    public void SafeCalls_RetryTransientFailures(FalOperation operation)
    {
        foreach (var status in new[] { 408, 429, 500, 502, 503, 504 })
            Assert.True(FalResilience.ShouldRetry(Answer((HttpStatusCode)status), operation), $"{operation} {status}");
        Assert.True(FalResilience.ShouldRetry(Failure(new HttpRequestException("reset")), operation));
        Assert.True(FalResilience.ShouldRetry(Failure(new TimeoutRejectedException()), operation));
        Assert.True(FalResilience.ShouldRetry(Failure(new BrokenCircuitException()), operation));
        Assert.False(FalResilience.ShouldRetry(Answer(HttpStatusCode.UnprocessableEntity), operation));
        Assert.False(FalResilience.ShouldRetry(Answer(HttpStatusCode.Unauthorized), operation));
        Assert.False(FalResilience.ShouldRetry(Answer(HttpStatusCode.OK), operation));
    }

    [Fact]
    public void ErrorResult_5xxIsRetriedButNotHeldAgainstFal()
    {
        Assert.True(FalResilience.ShouldRetry(Answer(HttpStatusCode.GatewayTimeout), FalOperation.ErrorResult));
        Assert.False(FalResilience.ShouldRetry(Answer(HttpStatusCode.UnprocessableEntity), FalOperation.ErrorResult));
        Assert.False(FalResilience.CountsAgainstFal(Answer(HttpStatusCode.InternalServerError), FalOperation.ErrorResult));
    }

    [Fact]
    public void CircuitCounts_FalsOwnFailuresOnly()
    {
        Assert.True(FalResilience.CountsAgainstFal(Answer(HttpStatusCode.BadGateway), FalOperation.Status));
        Assert.True(FalResilience.CountsAgainstFal(Failure(new TimeoutRejectedException()), FalOperation.Submit));
        Assert.False(FalResilience.CountsAgainstFal(Answer(HttpStatusCode.TooManyRequests), FalOperation.Submit));
        Assert.False(FalResilience.CountsAgainstFal(Answer(HttpStatusCode.UnprocessableEntity), FalOperation.Submit));
        Assert.False(FalResilience.CountsAgainstFal(Failure(new HttpRequestException("reset")), FalOperation.StatusStream));
    }

    [Fact]
    public void RetryAfter_DeltaAndDate_AreRead()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var delta = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        delta.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(7), FalResilience.RetryAfter(Outcome.FromResult(delta), time));
        Assert.Equal(TimeSpan.FromSeconds(12), FalResilience.RetryAfter(Outcome.FromResult(date), time));
        Assert.Null(FalResilience.RetryAfter(Answer(HttpStatusCode.TooManyRequests), time));
        Assert.Equal(TimeSpan.FromSeconds(3), FalResilience.RetryAfter(Failure(new BrokenCircuitException("open", TimeSpan.FromSeconds(3))), time));
    }

    [Fact]
    public void ResultResponse_ParsesJsonOrNull()
    {
        Assert.IsType<JsonObject>(new FalResultResponse(200, """{"video":{}}""", null).TryParseJson());
        Assert.Null(new FalResultResponse(200, "{not json", null).TryParseJson());
    }
}
