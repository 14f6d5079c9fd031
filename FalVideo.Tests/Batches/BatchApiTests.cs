using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FalVideo.Core.Domain;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Batches;

public sealed class BatchApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostPreview_Sample50_Returns50RowsAndCost_QueuesNothing()
    {
        var generator = new ScriptedGenerator();
        await using var app = BatchApp.Create(generator);
        var client = app.CreateClient();

        var response = await client.PostAsync("/api/batches", BatchApp.Form(File.ReadAllBytes(TestFiles.Path("vbench_sample50.csv")), "vbench_sample50.csv"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.JsonAsync();
        Assert.Equal("utf-8", preview.GetProperty("encoding").GetString());
        Assert.Equal(",", preview.GetProperty("delimiter").GetString());
        Assert.Equal(50, preview.GetProperty("rows").GetArrayLength());
        Assert.Equal(10.0m, preview.GetProperty("estimatedCost").GetDecimal());
        var first = preview.GetProperty("rows")[0];
        Assert.Equal(2, first.GetProperty("line").GetInt32());
        Assert.Equal("In a still frame, a pear", first.GetProperty("prompt").GetString());
        Assert.Equal("ok", first.GetProperty("state").GetString());
        Assert.Equal(17591060, first.GetProperty("parameters").GetProperty("seed").GetInt64());
        Assert.Equal(0, preview.GetProperty("errors").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("rejectedCsvUrl").ValueKind);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/api/batches", Ct))!);
        Assert.Equal(0, generator.TotalSubmits);
    }

    [Fact]
    public async Task PostPreview_RowErrors_ListedWithLineColumnValue_AndRejectedCsvDownloadable()
    {
        await using var app = BatchApp.Create(new ScriptedGenerator());
        var client = app.CreateClient();
        var csv = File.ReadAllBytes(TestFiles.Path("csv-cases", "invalid_seed_and_aspect_ratio.csv"));

        var preview = await (await client.PostAsync("/api/batches", BatchApp.Form(csv, "invalid.csv"), Ct)).JsonAsync();

        var errors = preview.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(10, errors.Count);
        var decimalSeed = errors.Single(e => e.GetProperty("line").GetInt32() == 4);
        Assert.Equal("seed", decimalSeed.GetProperty("column").GetString());
        Assert.Equal("12.5", decimalSeed.GetProperty("value").GetString());
        Assert.Equal("invalid_value", decimalSeed.GetProperty("code").GetString());
        Assert.Equal(5, preview.GetProperty("totals").GetProperty("valid").GetInt32());

        var rejected = await client.GetAsync(preview.GetProperty("rejectedCsvUrl").GetString(), Ct);
        Assert.Equal("text/csv", rejected.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await rejected.Content.ReadAsByteArrayAsync(Ct));
        Assert.StartsWith("\uFEFFerrors,prompt,seed,aspect_ratio,num_inference_steps\r\n", text);
        Assert.Contains("\"Line 4, column seed: '12.5' must be a whole number.\",BAD seed decimal,12.5,9:16,30\r\n", text);
        Assert.Equal(11, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("png_image_renamed.csv", HttpStatusCode.UnsupportedMediaType, "not_text")]
    [InlineData("zero_bytes.csv", HttpStatusCode.UnprocessableEntity, "file_empty")]
    public async Task PostPreview_WholeFileRefused_ProblemJson(string file, HttpStatusCode status, string code)
    {
        await using var app = BatchApp.Create(new ScriptedGenerator());
        var response = await app.CreateClient().PostAsync("/api/batches", BatchApp.Form(File.ReadAllBytes(TestFiles.Path("csv-cases", file)), file), Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task PostPreview_OverTheSizeLimit_413SayingTheLimit()
    {
        await using var app = BatchApp.Create(new ScriptedGenerator(), new Dictionary<string, string?> { ["FalVideo:Import:MaxFileBytes"] = "2048" });
        var big = Encoding.UTF8.GetBytes("prompt\n" + string.Concat(Enumerable.Repeat("a long prompt about a lighthouse\n", 200)));

        var response = await app.CreateClient().PostAsync("/api/batches", BatchApp.Form(big), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("too_large", problem.GetProperty("code").GetString());
        Assert.Contains("the limit is 2 KB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostPreview_BadOptions_400NamingTheField()
    {
        await using var app = BatchApp.Create(new ScriptedGenerator());
        var response = await app.CreateClient().PostAsync("/api/batches", BatchApp.Form("prompt\na\n"u8.ToArray(), fields: new Dictionary<string, string>
        {
            ["budgetCap"] = "5,00", ["parameters"] = "[1]",
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("budgetCap", out _));
        Assert.True(errors.TryGetProperty("parameters", out _));
    }

    [Fact]
    public async Task CrossSiteOrigin_PostRefused()
    {
        var generator = new ScriptedGenerator();
        await using var app = BatchApp.Create(generator);
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/batches")
        {
            Content = BatchApp.Form("prompt\na cat\n"u8.ToArray(), fields: new Dictionary<string, string> { ["start"] = "true" }),
        };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/api/batches", Ct))!);
    }

    [Fact]
    public async Task StartPauseResumeCancelRetry_OverHttp()
    {
        var generator = new ScriptedGenerator();
        await using var app = BatchApp.Create(generator, new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "1" });
        var client = app.CreateClient();

        var created = await client.PostAsync("/api/batches", BatchApp.Form("prompt\none\ntwo\nthree\nfour\n"u8.ToArray(), "four.csv",
            new Dictionary<string, string> { ["start"] = "true", ["name"] = "Four rows", ["budgetCap"] = "10" }), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("batch").GetProperty("id").GetGuid();
        Assert.Equal($"/api/batches/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Four rows", body.GetProperty("batch").GetProperty("name").GetString());
        Assert.Equal(4, body.GetProperty("jobs").GetProperty("items").GetArrayLength());

        var first = await generator.Submitted.ReadAsync(Ct);
        Assert.Equal("paused", (await (await client.PostAsync($"/api/batches/{id}/pause", null, Ct)).JsonAsync()).GetProperty("status").GetString());
        generator.Fail(first, new JobError(ErrorTypes.Provider, "boom"));
        await client.WaitForBatchAsync(id, b => b.Count("failed") == 1);
        Assert.Equal(1, generator.TotalSubmits);

        Assert.Equal("running", (await (await client.PostAsync($"/api/batches/{id}/resume", null, Ct)).JsonAsync()).GetProperty("status").GetString());
        generator.Complete(await generator.Submitted.ReadAsync(Ct));
        var third = await generator.Submitted.ReadAsync(Ct);
        await client.WaitForBatchAsync(id, b => b.Count("completed") == 1 && b.Count("running") + b.Count("queued") == 1);

        var canceled = await (await client.PostAsync($"/api/batches/{id}/cancel", null, Ct)).JsonAsync();
        Assert.Equal("canceled", canceled.GetProperty("status").GetString());
        Assert.Equal(2, canceled.Count("canceled"));
        Assert.Equal(1, canceled.Count("failed"));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/batches/{id}/resume", null, Ct)).StatusCode);
        Assert.Equal([third], generator.CancelCalls);

        var retried = await (await client.PostAsync($"/api/batches/{id}/retry-failed", null, Ct)).JsonAsync();
        Assert.Equal("running", retried.GetProperty("status").GetString());
        generator.Complete(await generator.Submitted.ReadAsync(Ct));
        var done = await client.WaitForBatchAsync(id, b => b.GetProperty("status").GetString() == "finished");
        Assert.Equal(2, done.Count("completed"));
        Assert.Equal(2, done.Count("canceled"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/batches/{Guid.NewGuid()}/pause", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Manifest_KeepsJapaneseParametersReadable()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var app = BatchApp.Create(generator);
        var client = app.CreateClient();
        var csv = Encoding.UTF8.GetBytes("prompt,negative_prompt\n夕暮れの猫,ぼやけた映像\n");
        var created = await (await client.PostAsync("/api/batches", BatchApp.Form(csv, "ja.csv", new Dictionary<string, string> { ["start"] = "true" }), Ct)).JsonAsync();
        var id = created.GetProperty("batch").GetProperty("id").GetGuid();
        await client.WaitForBatchAsync(id, b => b.GetProperty("status").GetString() == "finished");

        var manifest = Encoding.UTF8.GetString(await (await client.GetAsync($"/api/batches/{id}/manifest.csv", Ct)).Content.ReadAsByteArrayAsync(Ct));

        Assert.Contains("\"\"negative_prompt\"\":\"\"ぼやけた映像\"\"", manifest);
        Assert.DoesNotContain("\\u", manifest);
    }

    [Fact]
    public async Task Zip_HoldsEachFinishedRowAndBothManifests_ManifestNeutralisesFormulas()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var app = BatchApp.Create(generator);
        var client = app.CreateClient();
        var csv = File.ReadAllBytes(TestFiles.Path("csv-cases", "formula_injection.csv"));
        var created = await (await client.PostAsync("/api/batches", BatchApp.Form(csv, "formula.csv", new Dictionary<string, string> { ["start"] = "true" }), Ct)).JsonAsync();
        var id = created.GetProperty("batch").GetProperty("id").GetGuid();
        await client.WaitForBatchAsync(id, b => b.GetProperty("status").GetString() == "finished");

        var response = await client.GetAsync($"/api/batches/{id}/zip", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".zip", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(10, names.Count);
        Assert.Equal("0001_hyperlink-http-attacker-example-leak-a2.mp4", names[0]);
        Assert.Equal(["manifest.csv", "manifest.json"], names[^2..]);
        Assert.Equal(new FileInfo(SampleVideo.Path).Length, zip.Entries[0].Length);

        string manifestCsv;
        using (var reader = new StreamReader(zip.GetEntry("manifest.csv")!.Open())) manifestCsv = await reader.ReadToEndAsync(Ct);
        var lines = manifestCsv.Split("\r\n");
        Assert.Equal("row,line,prompt,model,parameters,status,error,request_id,seed,file,duration,cost,cost_is_estimate", lines[0]);
        Assert.StartsWith("1,2,\"'=HYPERLINK(", lines[1]);
        Assert.StartsWith("2,3,\"'@SUM(1+1)", lines[2]);
        Assert.StartsWith("3,4,\"'+1+1\"", lines[3]);
        Assert.StartsWith("4,5,\"'-2+3", lines[4]);
        Assert.StartsWith("6,7,\"'\t=1+1\"", lines[6]);
        Assert.StartsWith("7,8,\"'\r=cmd", string.Join("\r\n", lines[7..]));
        Assert.Contains(",completed,,req-", lines[1]);
        Assert.Contains(",0001_hyperlink-http-attacker-example-leak-a2.mp4,", lines[1]);

        JsonElement manifest;
        using (var stream = zip.GetEntry("manifest.json")!.Open()) manifest = (await JsonDocument.ParseAsync(stream, cancellationToken: Ct)).RootElement.Clone();
        var rows = manifest.GetProperty("rows");
        Assert.Equal(8, rows.GetArrayLength());
        // JSON carries the prompt exactly; only the spreadsheet format needs neutralising.
        Assert.Equal("=1+1", rows[4].GetProperty("prompt").GetString());
        Assert.Equal(0.2m, rows[0].GetProperty("cost").GetDecimal());
        Assert.False(rows[0].GetProperty("costIsEstimate").GetBoolean());
        Assert.Equal(42, rows[0].GetProperty("seed").GetInt64());

        var alone = await client.GetAsync($"/api/batches/{id}/manifest.csv", Ct);
        Assert.Equal("text/csv", alone.Content.Headers.ContentType?.MediaType);
        Assert.Equal(manifestCsv, Encoding.UTF8.GetString(await alone.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task Manifest_ListsRejectedRowsInRowOrder()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var app = BatchApp.Create(generator);
        var client = app.CreateClient();
        var created = await (await client.PostAsync("/api/batches", BatchApp.Form("prompt,seed\na,1\nb,x\nc,3\n"u8.ToArray(), "r.csv",
            new Dictionary<string, string> { ["start"] = "true" }), Ct)).JsonAsync();
        var id = created.GetProperty("batch").GetProperty("id").GetGuid();
        await client.WaitForBatchAsync(id, b => b.GetProperty("status").GetString() == "finished");

        var manifest = await client.GetFromJsonAsync<JsonElement>($"/api/batches/{id}/manifest.json", Ct);
        var rows = manifest.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("status").GetString())).ToList();
        Assert.Equal([(1, "completed"), (2, "rejected"), (3, "completed")], rows);
        var rejected = await client.GetStringAsync($"/api/batches/{id}/rejected.csv", Ct);
        Assert.Contains("b,x", rejected);
    }

    [Fact]
    public async Task Rerun_WithAnotherModel_PreviewThenStart()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var app = BatchApp.Create(generator);
        var client = app.CreateClient();
        var created = await (await client.PostAsync("/api/batches", BatchApp.Form("prompt\na\nb\n"u8.ToArray(), "ab.csv",
            new Dictionary<string, string> { ["start"] = "true" }), Ct)).JsonAsync();
        var id = created.GetProperty("batch").GetProperty("id").GetGuid();

        var preview = await (await client.PostAsJsonAsync($"/api/batches/{id}/rerun", new { model = "fal-ai/veo3" }, Ct)).JsonAsync();
        Assert.Equal("fal-ai/veo3", preview.GetProperty("model").GetString());
        Assert.Equal(6.40m, preview.GetProperty("estimatedCost").GetDecimal());

        var started = await client.PostAsJsonAsync($"/api/batches/{id}/rerun", new { model = "fal-ai/veo3", start = true }, Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var rerunId = (await started.JsonAsync()).GetProperty("batch").GetProperty("id").GetGuid();
        Assert.NotEqual(id, rerunId);
        await client.WaitForBatchAsync(rerunId, b => b.GetProperty("status").GetString() == "finished");
    }
}
