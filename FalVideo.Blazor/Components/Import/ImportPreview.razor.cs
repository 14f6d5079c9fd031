using System.Globalization;
using System.Text.Json.Nodes;
using FalVideo.Blazor.State;
using FalVideo.Core.Batches;
using FalVideo.Core.Catalog;
using FalVideo.Core.Import;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Import;

/// <summary>The preview's choices (encoding, model, defaults, run options) and Start; all work goes through <see cref="BatchStateService"/>.</summary>
public partial class ImportPreview
{
    private string? _name;
    private BatchLimitFields? _limits;
    private bool _starting;

    [Inject] private BatchStateService State { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired] public BatchPreviewState Preview { get; set; } = default!;

    private bool Busy => State.IsImporting || _starting;

    private ModelDefinition CurrentModel => State.Models.First(m => m.Id == Preview.Result.ModelId);

    private string PlaceholderName => Path.GetFileNameWithoutExtension(Preview.FileName);

    private string EncodingHelp(ImportResult result) =>
        result.Encoding.Code == EncodingDetection.ChosenByUser ? Texts["Preview_EncodingChosen"]
        : Texts[$"Encoding_{result.Encoding.Code}"] is { ResourceNotFound: false } reason ? $"{Texts["Preview_EncodingDetected"]}: {reason}"
        : $"{Texts["Preview_EncodingDetected"]}: {result.Encoding.Reason}";

    private Task ChangeEncodingAsync(string encoding) => State.ChangeAsync(encoding: encoding);

    private Task ChangeModelAsync(string modelId) => State.ChangeAsync(modelId: modelId);

    private Task ApplyDefaultsAsync(JsonObject defaults) => State.ChangeAsync(defaults: defaults);

    private Task ChooseAnotherFileAsync()
    {
        State.ClearPreview();
        return Task.CompletedTask;
    }

    private async Task StartAsync()
    {
        int? concurrency = null;
        double? delay = null;
        decimal? budget = null;
        if (_limits is not null && !_limits.TryRead(out concurrency, out delay, out budget)) return;
        _starting = true;
        try
        {
            var batch = await State.StartAsync(new BatchRunOptions(_name, concurrency, delay, budget));
            Navigation.NavigateTo($"batches/{batch.Id}");
        }
        catch (Exception ex) when (ex is BatchStateException or JobInputException)
        {
            Snackbar.Add(string.Format(CultureInfo.CurrentCulture, Texts["Run_StartFailed"], ex.Message), Severity.Error);
        }
        finally
        {
            _starting = false;
        }
    }
}
