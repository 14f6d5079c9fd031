namespace FalVideo.Core.Jobs;

/// <summary>The dashboard's headline numbers. "Today" starts at local midnight of the app's time zone.</summary>
public sealed record DashboardCounters(int Running, int Queued, int CompletedToday, int FailedToday, decimal SpendToday)
{
    public static DashboardCounters Empty { get; } = new(0, 0, 0, 0, 0m);
}
