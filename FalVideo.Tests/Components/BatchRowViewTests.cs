using FalVideo.Blazor.State;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;

namespace FalVideo.Tests.Components;

/// <summary>A batch row's cost: the model's price only where fal will (or did) do the work; offline rows are free.</summary>
public sealed class BatchRowViewTests
{
    [Theory]
    [InlineData(null, false, 0.20, true)]                          // waiting for fal: its estimate
    [InlineData(null, true, 0, false)]                             // waiting for the offline renderer: free
    [InlineData(GeneratorRegistry.Offline, false, 0, false)]       // rendered offline (even if fal is configured now): free
    [InlineData(GeneratorRegistry.Fal, true, 0.20, true)]          // sent to fal before switching to offline: still its estimate
    public void Cost_FollowsWhoDoesTheWork(string? provider, bool newJobsFree, double cost, bool isEstimate)
    {
        var job = new VideoJob { Prompt = "a heron", ModelId = "fal-ai/wan/v2.1/1.3b/text-to-video", Provider = provider, EstimatedCost = 0.20m, RowNumber = 1 };

        var row = BatchRowView.From(job, newJobsFree);

        Assert.Equal((decimal)cost, row.Cost);
        Assert.Equal(isEstimate, row.CostIsEstimate);
    }
}
