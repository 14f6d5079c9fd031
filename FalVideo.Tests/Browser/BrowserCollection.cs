namespace FalVideo.Tests.Browser;

/// <summary>Browser tests run one at a time: each starts a chromium and renders videos on a shared 2-core machine.</summary>
[CollectionDefinition(nameof(BrowserCollection), DisableParallelization = true)]
public sealed class BrowserCollection;
