using Microsoft.Extensions.Configuration.Json;

namespace FalVideo.Blazor.Hosting;

/// <summary>
/// The one appsettings.json lives at the repository top level and is copied beside the binary; read it from there,
/// in the place the default appsettings.json would have had (so environment variables and arguments still win).
/// </summary>
public static class TopLevelAppSettings
{
    public static void AddTopLevelAppSettings(this ConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        // Honour the host's switch (DOTNET_hostBuilder__reloadConfigOnChange) like the default sources do: each watcher is an inotify instance.
        var reload = configuration.GetValue("hostBuilder:reloadConfigOnChange", defaultValue: true);
        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = reload };
        source.ResolveFileProvider();
        var sources = configuration.Sources;
        var index = sources.Select((s, i) => (s, i)).FirstOrDefault(x => x.s is JsonConfigurationSource { Path: "appsettings.json" }).i;
        sources.Insert(index > 0 ? index : 0, source);
    }
}
