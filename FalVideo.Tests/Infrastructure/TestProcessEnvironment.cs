using System.Runtime.CompilerServices;

namespace FalVideo.Tests.Infrastructure;

/// <summary>
/// Settings every host the tests start must share, set before any test runs (child app processes inherit them).
/// </summary>
internal static class TestProcessEnvironment
{
    [ModuleInitializer]
    internal static void Apply()
    {
        // Each config file watched for changes costs an inotify instance, and Linux allows 128 per user by default:
        // dozens of hosts started side by side (app, fake fal, child processes, chromium) would run out.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }
}
