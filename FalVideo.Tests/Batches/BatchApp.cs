using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FalVideo.Core.Generation;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalVideo.Tests.Batches;

/// <summary>The real app with a scripted provider in place of every registered one, plus HTTP helpers for /api/batches.</summary>
internal static class BatchApp
{
    public static FalVideoAppFactory Create(ScriptedGenerator generator, IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["FalVideo:Generator"] = generator.Name,
            ["FalVideo:Jobs:SubmitsPerMinute"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new FalVideoAppFactory(all, services =>
        {
            services.RemoveAll<IVideoGenerator>();
            services.AddSingleton<IVideoGenerator>(generator);
        }, dataDirectory);
    }

    public static MultipartFormDataContent Form(byte[] file, string fileName = "prompts.csv", IDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", fileName);
        foreach (var (key, value) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(value), key);
        return form;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls the batch summary until the condition holds: the test observes the app only over HTTP here.</summary>
    public static async Task<JsonElement> WaitForBatchAsync(this HttpClient client, Guid id, Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var batch = (await client.GetFromJsonAsync<JsonElement>($"/api/batches/{id}?jobs=false", TestContext.Current.CancellationToken)).GetProperty("batch");
            if (condition(batch)) return batch;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Batch never matched; last: {batch}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public static int Count(this JsonElement batch, string status) => batch.GetProperty("counts").GetProperty(status).GetInt32();
}
