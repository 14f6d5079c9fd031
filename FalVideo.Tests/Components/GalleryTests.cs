using Bunit;
using FalVideo.Blazor.Components.Pages;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FalVideo.Tests.Components;

public sealed class GalleryTests : UiTestContext
{
    [Fact]
    public async Task Pages_FiltersAndSorts_InTheDatabase()
    {
        var jobs = new List<NewJob>();
        for (var i = 1; i <= 30; i++) jobs.Add(new NewJob(i % 3 == 0 ? $"a red fox, take {i}" : $"a grey heron, take {i}", "fal-ai/wan/v2.1/1.3b/text-to-video"));
        var created = await Store.CreateManyAsync(jobs, Ct);
        var claimed = (await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct))!;
        await Store.TransitionAsync(claimed.Id, JobStatus.Failed, j => j.ErrorType = ErrorTypes.Render, Ct);

        var page = RenderWithProviders<Gallery>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll(".gallery-table tbody tr").Count));
        Assert.Contains("Total: 30", page.Find(".gallery-total").TextContent);

        var table = page.FindComponent<MudTable<JobView>>();
        await page.InvokeAsync(() => table.Instance.NavigateTo(1));
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll(".gallery-table tbody tr").Count));

        await page.InvokeAsync(() => page.FindComponents<MudTextField<string>>().Single(c => c.Instance.Class == "gallery-search").Instance.ValueChanged.InvokeAsync("fox"));
        page.WaitForAssertion(() =>
        {
            Assert.Contains("Total: 10", page.Find(".gallery-total").TextContent);
            Assert.All(page.FindAll(".gallery-prompt"), p => Assert.Contains("fox", p.TextContent));
        });

        await page.InvokeAsync(() => page.FindComponents<MudTextField<string>>().Single(c => c.Instance.Class == "gallery-search").Instance.ValueChanged.InvokeAsync(""));
        await page.InvokeAsync(() => page.FindComponent<MudSelect<JobStatus>>().Instance.SelectedValuesChanged.InvokeAsync([JobStatus.Failed]));
        page.WaitForAssertion(() =>
        {
            Assert.Contains("Total: 1", page.Find(".gallery-total").TextContent);
            Assert.Equal(claimed.Prompt, page.Find(".gallery-prompt").TextContent.Trim());
        });
    }

    [Fact]
    public async Task QueryString_DeepLinksToAFilteredView()
    {
        var created = await Store.CreateManyAsync([new NewJob("first", "fal-ai/wan/v2.1/1.3b/text-to-video"), new NewJob("second", "fal-ai/veo3")], Ct);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("gallery?model=fal-ai%2Fveo3&status=pending");

        var page = RenderWithProviders<Gallery>();

        page.WaitForAssertion(() => Assert.Equal("second", Assert.Single(page.FindAll(".gallery-prompt")).TextContent.Trim()));
        Assert.Equal(created[1].Id.ToString(), page.Find(".gallery-prompt").GetAttribute("href")!.Split('/')[^1]);
    }
}
