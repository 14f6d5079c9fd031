using System.Text;
using FalVideo.Core.Fal;

namespace FalVideo.Tests.Fal;

/// <summary>fal's HTTP-over-WebSocket frame rules (fal-protocol.md §3) as <see cref="FalWebSocketMetadata"/> and <see cref="FalWebSocketExchange"/> apply them.</summary>
public sealed class WebSocketProtocolUnitTests
{
    [Theory]
    [InlineData("""{"type":"start","request_id":"r1","status":200,"headers":{"Content-Type":"application/json"}}""", "start", "r1", 200)]
    [InlineData("""  {"type":"end","request_id":"r1","status":422,"time_to_first_byte_seconds":0.58}""", "end", "r1", 422)]
    [InlineData("""{"type":"x-custom","request_id":7}""", "x-custom", "7", null)]
    public void TextJsonObjectWithTypeAndRequestId_IsMetadata(string text, string type, string requestId, int? status)
    {
        var metadata = FalWebSocketMetadata.TryParse(Encoding.UTF8.GetBytes(text));

        Assert.NotNull(metadata);
        Assert.Equal((type, requestId, status), (metadata.Type, metadata.RequestId, metadata.Status));
    }

    [Theory]
    [InlineData("""{"video":{"url":"https://v3.fal.media/x.mp4"},"seed":1}""")] // a JSON body
    [InlineData("""{"type":"start","status":200}""")] // no request_id
    [InlineData("""{"request_id":"r1"}""")] // no type
    [InlineData("""[{"type":"start","request_id":"r1"}]""")] // not an object
    [InlineData("""{"type": "start", "request_id": "r1""")] // cut off
    [InlineData("data: {\"type\":\"start\",\"request_id\":\"r1\"}")] // an SSE line
    [InlineData("")]
    public void AnythingElse_IsBody(string text) => Assert.Null(FalWebSocketMetadata.TryParse(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void StartBodiesEnd_MakeOneAnswer_BodyConcatenated()
    {
        var exchange = NewExchange();
        Assert.Null(exchange.OnMetadata(Meta("""{"type":"start","request_id":"r1","status":422,"headers":{"X-Fal-Error-Type":"validation_error"}}"""), out var v1));
        Assert.Null(exchange.OnBody("""{"detail":"""u8));
        Assert.Null(exchange.OnBody("\"bad\"}"u8));
        var answer = exchange.OnMetadata(Meta("""{"type":"end","request_id":"r1","status":422,"time_to_first_byte_seconds":1.5}"""), out var v2);

        Assert.Null(v1);
        Assert.Null(v2);
        Assert.NotNull(answer);
        Assert.Equal(new FalWebSocketResponse("r1", 422, """{"detail":"bad"}""", "validation_error", 1.5), answer);
        Assert.True(exchange.Started.IsCompletedSuccessfully);
        Assert.Equal("r1", exchange.FalRequestId);
    }

    [Fact]
    public void BodyBeforeStart_BreaksTheProtocol() =>
        Assert.Contains("before 'start'", NewExchange().OnBody("{}"u8));

    [Fact]
    public void EndBeforeStart_BreaksTheProtocol()
    {
        NewExchange().OnMetadata(Meta("""{"type":"end","request_id":"r1","status":200}"""), out var violation);
        Assert.Contains("before any 'start'", violation);
    }

    [Fact]
    public void EndWithAnotherRequestId_BreaksTheProtocol()
    {
        var exchange = NewExchange();
        exchange.OnMetadata(Meta("""{"type":"start","request_id":"r1","status":200}"""), out _);
        var answer = exchange.OnMetadata(Meta("""{"type":"end","request_id":"r2","status":200}"""), out var violation);

        Assert.Null(answer);
        Assert.Equal("'end' names request r2 but 'start' named r1", violation);
    }

    [Fact]
    public void SecondStart_OrStartWithoutStatus_BreaksTheProtocol()
    {
        var exchange = NewExchange();
        exchange.OnMetadata(Meta("""{"type":"start","request_id":"r1","status":200}"""), out _);
        exchange.OnMetadata(Meta("""{"type":"start","request_id":"r1","status":200}"""), out var second);
        NewExchange().OnMetadata(Meta("""{"type":"start","request_id":"r1"}"""), out var noStatus);

        Assert.Contains("second 'start'", second);
        Assert.Contains("has no status", noStatus);
    }

    [Fact]
    public void UnknownMetadataType_IsIgnored()
    {
        var exchange = NewExchange();
        Assert.Null(exchange.OnMetadata(Meta("""{"type":"progress","request_id":"r1"}"""), out var violation));
        Assert.Null(violation);
        Assert.False(exchange.Started.IsCompleted);
    }

    [Fact]
    public async Task DropBeforeStart_AndAfterStart_AreToldApart()
    {
        var before = NewExchange();
        before.Drop("reset");
        var after = NewExchange();
        after.OnMetadata(Meta("""{"type":"start","request_id":"r1","status":200}"""), out _);
        after.Drop("reset");

        Assert.Equal(FalWebSocketEnding.DroppedBeforeStart, (await before.Outcome).Ending);
        Assert.True(before.Started.IsCanceled);
        Assert.Equal(FalWebSocketEnding.DroppedAfterStart, (await after.Outcome).Ending);
    }

    [Fact]
    public async Task CancelAfterTheAnswer_IsTooLate()
    {
        var exchange = NewExchange();
        exchange.OnMetadata(Meta("""{"type":"start","request_id":"r1","status":200}"""), out _);
        exchange.Answer(exchange.OnMetadata(Meta("""{"type":"end","request_id":"r1","status":200}"""), out _)!);

        Assert.False(exchange.Cancel("too late"));
        Assert.Equal(FalWebSocketEnding.Answered, (await exchange.Outcome).Ending);
    }

    [Theory]
    [InlineData("ws-0123456789abcdef0123456789abcdef", true)]
    [InlineData("ws-", false)]
    [InlineData("ws-../../etc/passwd", false)]
    [InlineData("2b1c0e7a-6f0d-4a55-9a43-0c7e5a1f9d10", false)]
    public void LocalRequestIds_AreRecognised(string id, bool local) => Assert.Equal(local, FalWebSocketGenerator.IsLocalRequestId(id));

    private static FalWebSocketExchange NewExchange() => new("ws-00", "fal-ai/wan/v2.1/1.3b/text-to-video", DateTimeOffset.UnixEpoch);

    private static FalWebSocketMetadata Meta(string json) => FalWebSocketMetadata.TryParse(Encoding.UTF8.GetBytes(json))!;
}
