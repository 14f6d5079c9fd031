using System.Diagnostics;
using System.Globalization;
using System.Text;
using FalVideo.Core.Batches;
using FalVideo.Core.DependencyInjection;
using FalVideo.Core.Import;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// CSV import benchmark: how long a 10,000- and a 100,000-row upload takes to preview (decode, sniff, parse, validate
// every row against the catalog) and to turn into a paused batch (10,000 / 100,000 job rows in SQLite).
//   dotnet run -c Release --project benchmarks/FalVideo.ImportBenchmarks -- [--rows 10000,100000] [--runs 3] [--encoding utf-8|cp932] [--no-create]
// The files are generated from vbench_sample50.csv's shape (quoted commas, Chinese negative prompts, seeds, aspect ratios).
var rowCounts = new[] { 10_000, 100_000 };
var runs = 3;
var encoding = TextEncodings.Utf8;
var create = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows": rowCounts = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--encoding": encoding = TextEncodings.Canonical(args[++i]) ?? throw new ArgumentException("unknown encoding"); break;
        case "--no-create": create = false; break;
        default: Console.Error.WriteLine($"Unknown argument {args[i]}"); return 2;
    }
}

var data = Directory.CreateTempSubdirectory("falvideo-import-bench-").FullName;
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["FalVideo:DataDirectory"] = data,
    ["FalVideo:Import:MaxRows"] = rowCounts.Max().ToString(CultureInfo.InvariantCulture),
    ["FalVideo:Import:MaxFileBytes"] = (512L * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddFalVideoCore(builder.Configuration, data);
using var host = builder.Build();
await host.StartAsync();
var importer = host.Services.GetRequiredService<CsvPromptImporter>();
var batches = host.Services.GetRequiredService<BatchService>();

Console.WriteLine($"CSV import benchmark: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, encoding {encoding}, {runs} runs each (after a warm-up)");
foreach (var rows in rowCounts)
{
    var bytes = Generate(rows, encoding);
    Console.WriteLine($"\n{rows:N0} rows, {bytes.Length / 1048576.0:0.0} MB");
    var times = new List<double>();
    for (var run = 0; run <= runs; run++)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var preview = importer.Import(bytes, new ImportRequest(FileName: $"bench-{rows}.csv"));
        watch.Stop();
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
        if (preview.ValidCount != rows) throw new InvalidOperationException($"expected {rows} valid rows, got {preview.ValidCount}: {preview.Errors.FirstOrDefault()?.Text}");
        if (run == 0)
        {
            Console.WriteLine($"  warm-up preview: {watch.Elapsed.TotalMilliseconds:0} ms ({preview.Encoding.Name}, '{preview.DelimiterName}', ${preview.EstimatedCost:N2} estimated)");
            continue;
        }
        times.Add(watch.Elapsed.TotalMilliseconds);
        Console.WriteLine($"  preview run {run}: {watch.Elapsed.TotalMilliseconds:0} ms, {rows / watch.Elapsed.TotalSeconds:N0} rows/s, {allocatedMb:0} MB allocated");
        if (create && run == runs)
        {
            watch.Restart();
            var batch = await batches.CreateAsync(preview, bytes, new BatchRunOptions(Start: false));
            watch.Stop();
            Console.WriteLine($"  create paused batch: {watch.Elapsed.TotalMilliseconds:0} ms for {batch.Counts.Total:N0} jobs ({batch.Counts.Total / watch.Elapsed.TotalSeconds:N0} jobs/s)");
        }
    }
    times.Sort();
    Console.WriteLine($"  preview median {times[times.Count / 2]:0} ms, best {times[0]:0} ms");
}
Process.GetCurrentProcess().Refresh();
Console.WriteLine($"\npeak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB");
await host.StopAsync();
Directory.Delete(data, recursive: true);
return 0;

static byte[] Generate(int rows, string encoding)
{
    string[] subjects = ["a pear", "an antique bowl", "a red barn in a meadow", "a stone bridge over a canyon, at dusk", "桜並木の下を走る柴犬、スローモーション", "a \"vintage\" tram, Lisbon"];
    // Wan's Chinese default negative prompt has characters CP932 cannot hold: the CP932 run uses a Japanese one instead.
    var cjkNegative = encoding == TextEncodings.Cp932 ? "色鮮やか、露出過多、静止、細部がぼやけた、字幕" : "色调艳丽，过曝，静态，细节模糊不清，字幕";
    string[] negatives = ["", "worst quality, low quality, jpeg artifacts", cjkNegative, "overexposed, static, subtitles"];
    var text = new StringBuilder("prompt,negative_prompt,seed,aspect_ratio,num_inference_steps\r\n");
    for (var i = 0; i < rows; i++)
    {
        var prompt = $"In a still frame, {subjects[i % subjects.Length]} #{i}";
        text.Append(Quote(prompt)).Append(',').Append(Quote(negatives[i % negatives.Length])).Append(',')
            .Append((i * 7919L % 2147483647).ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(i % 3 == 0 ? "9:16" : "16:9").Append(',').Append((25 + i % 4 * 5).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
    }
    return TextEncodings.Strict(encoding).GetBytes(text.ToString());

    static string Quote(string value) => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
