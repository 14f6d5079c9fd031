using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Pages;

/// <summary>
/// History with server-side paging: every filter, the sort and the page go to <c>JobStore.QueryAsync</c>, so a page
/// costs the same with 100 or 100,000 jobs. Query-string filters (<c>?status=failed&amp;batch=…&amp;q=…&amp;model=…</c>) allow deep links.
/// </summary>
public sealed partial class Gallery
{
    private MudTable<JobView>? _table;
    private string? _text;
    private IReadOnlyCollection<JobStatus> _statuses = [];
    private string? _model;
    private Guid? _batch;
    private DateRange? _dates;
    private JobSort _sort = JobSort.NewestFirst;
    private IReadOnlyList<string> _models = [];
    private IReadOnlyList<BatchOption> _batches = [];
    private int _total;
    private DashboardCounters? _countersSeen;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")]
    public string? QueryText { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? QueryStatus { get; set; }

    [SupplyParameterFromQuery(Name = "model")]
    public string? QueryModel { get; set; }

    [SupplyParameterFromQuery(Name = "batch")]
    public Guid? QueryBatch { get; set; }

    protected override async Task OnInitializedAsync()
    {
        await base.OnInitializedAsync();
        _text = QueryText;
        _model = QueryModel;
        _batch = QueryBatch;
        _statuses = [.. (QueryStatus ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => JobStatusRules.TryParseWire(s, out var status) ? (JobStatus?)status : null).OfType<JobStatus>()];
        _models = await State.ModelsUsedAsync();
        _batches = await State.BatchesAsync();
        _countersSeen = Snapshot.Counters;
    }

    private async Task<TableData<JobView>> LoadAsync(TableState table, CancellationToken cancellationToken)
    {
        var page = await State.QueryAsync(BuildQuery(table.Page + 1, table.PageSize), cancellationToken);
        _total = page.Total;
        return new TableData<JobView> { Items = page.Items, TotalItems = page.Total };
    }

    /// <summary>The filters as a store query; dates are whole local days (the end day included).</summary>
    internal JobQuery BuildQuery(int page, int pageSize)
    {
        var zone = State.Clock.LocalTimeZone;
        return new JobQuery
        {
            Text = string.IsNullOrWhiteSpace(_text) ? null : _text,
            Statuses = _statuses.Count > 0 ? [.. _statuses] : null,
            Model = _model,
            BatchId = _batch,
            From = _dates?.Start is { } start ? new DateTimeOffset(start.Date, zone.GetUtcOffset(start.Date)) : null,
            To = _dates?.End is { } end ? new DateTimeOffset(end.Date.AddDays(1), zone.GetUtcOffset(end.Date.AddDays(1))) : null,
            Sort = _sort,
            Page = page,
            PageSize = pageSize,
        };
    }

    // A job finished or failed somewhere: the history changed, so show it.
    protected override Task OnSnapshotAsync()
    {
        if (_countersSeen == Snapshot.Counters) return Task.CompletedTask;
        _countersSeen = Snapshot.Counters;
        return ReloadAsync();
    }

    private Task ReloadAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private Task OnTextChanged(string? text)
    {
        _text = text;
        return ReloadAsync();
    }

    private Task OnStatusesChanged(IEnumerable<JobStatus>? statuses)
    {
        _statuses = [.. statuses ?? []];
        return ReloadAsync();
    }

    private Task OnModelChanged(string? model)
    {
        _model = model;
        return ReloadAsync();
    }

    private Task OnBatchChanged(Guid? batch)
    {
        _batch = batch;
        return ReloadAsync();
    }

    private Task OnDatesChanged(DateRange? dates)
    {
        _dates = dates;
        return ReloadAsync();
    }

    private Task OnSortChanged(JobSort sort)
    {
        _sort = sort;
        return ReloadAsync();
    }

    private string BatchName(Guid? id) => id is { } value ? _batches.FirstOrDefault(b => b.Id == value)?.Name ?? value.ToString()[..8] : "";

    private void OnRowClick(TableRowClickEventArgs<JobView> row)
    {
        if (row.Item is { } job) Navigation.NavigateTo($"jobs/{job.Id}");
    }
}
