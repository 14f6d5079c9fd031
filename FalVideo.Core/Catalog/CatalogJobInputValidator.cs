using System.Text.Json.Nodes;
using FalVideo.Core.Jobs;

namespace FalVideo.Core.Catalog;

/// <summary>
/// Checks job input against the model catalog. The stored input is what the user gave plus fal's defaults for the
/// fields the price depends on (so the estimate stays reproducible); other defaults are left to fal.
/// The prompt itself is checked by <see cref="JobCommands"/>.
/// </summary>
public sealed class CatalogJobInputValidator(ModelCatalog catalog) : IJobInputValidator
{
    public JobInputCheck Check(string modelId, string prompt, JsonObject parameters)
    {
        if (!catalog.TryGet(modelId, out var model))
        {
            return new JobInputCheck(catalog.Validate(modelId, parameters), parameters, null);
        }
        var errors = model.Validate(parameters, includePrompt: false);
        var stored = model.WithCostDefaults(parameters);
        return new JobInputCheck(errors, stored, errors.Count == 0 ? model.Price.Estimate(stored) : null);
    }
}
