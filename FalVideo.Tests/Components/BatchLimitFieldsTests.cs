using Bunit;
using FalVideo.Blazor.Components.Import;

namespace FalVideo.Tests.Components;

/// <summary>A batch's limits are taken as typed or refused beside the box — a cap is never quietly removed or changed.</summary>
public sealed class BatchLimitFieldsTests : UiTestContext
{
    [Theory]
    [InlineData("concurrency", "1.5", "Enter a whole number from 1 to 64, or leave it empty for no limit.")]
    [InlineData("concurrency", "0", "Enter a whole number from 1 to 64, or leave it empty for no limit.")]
    [InlineData("delay", "-1", "Enter seconds from 0 to 3600 (for example 2.5), or leave it empty for no delay.")]
    [InlineData("budget", "1..5", "Enter an amount above 0 with at most two decimals (for example 12.50), or leave it empty for no cap.")]
    [InlineData("budget", "1,5", "Enter an amount above 0 with at most two decimals (for example 12.50), or leave it empty for no cap.")]
    [InlineData("budget", "1.234", "Enter an amount above 0 with at most two decimals (for example 12.50), or leave it empty for no cap.")]
    [InlineData("budget", "0", "Enter an amount above 0 with at most two decimals (for example 12.50), or leave it empty for no cap.")]
    public async Task BadInput_IsRefusedBesideTheBox_AndNotRead(string box, string typed, string message)
    {
        var fields = Render<BatchLimitFields>(p => p.Add(f => f.TestIdPrefix, "limits").Add(f => f.Budget, 5m).Add(f => f.Concurrency, 2));

        fields.Find($"input[data-testid='limits-{box}']").Change(typed);

        Assert.False(await fields.InvokeAsync(() => fields.Instance.TryRead(out _, out _, out _)));
        Assert.Contains(message, fields.Markup);
    }

    [Fact]
    public async Task GoodInput_IsReadExactly_EmptyMeansNoLimit()
    {
        var fields = Render<BatchLimitFields>(p => p.Add(f => f.TestIdPrefix, "run").Add(f => f.Budget, 5m));

        fields.Find("input[data-testid='run-concurrency']").Change("3");
        fields.Find("input[data-testid='run-delay']").Change("2.5");
        fields.Find("input[data-testid='run-budget']").Change("");

        int? concurrency = null;
        double? delay = null;
        decimal? budget = 1m;
        Assert.True(await fields.InvokeAsync(() => fields.Instance.TryRead(out concurrency, out delay, out budget)));
        Assert.Equal(3, concurrency);
        Assert.Equal(2.5, delay);
        Assert.Null(budget);
    }
}
