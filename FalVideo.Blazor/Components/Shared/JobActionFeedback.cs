using FalVideo.Blazor.Resources;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace FalVideo.Blazor.Components.Shared;

/// <summary>
/// Runs a user's job action (cancel, retry, delete); a refusal — the job moved on meanwhile, is gone, or the provider
/// said no — becomes a snackbar in the user's language instead of an error page.
/// </summary>
public static class JobActionFeedback
{
    /// <returns>True when the action ran; false when it was refused (and the user was told why).</returns>
    public static async Task<bool> RunAsync(this ISnackbar snackbar, IStringLocalizer<Strings> l, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (IllegalTransitionException ex)
        {
            snackbar.Add(l["Action_NotPossible", l.Status(ex.From)], Severity.Warning);
        }
        catch (KeyNotFoundException)
        {
            snackbar.Add(l["Job_Gone"], Severity.Warning);
        }
        catch (GenerationException ex)
        {
            // The provider refused the cancel or the re-attach; the job is unchanged.
            snackbar.Add(l["Action_ProviderRefused", l.ErrorExplanation(ex.Error.Type), ex.Error.Message], Severity.Error);
        }
        return false;
    }
}
