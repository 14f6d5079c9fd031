using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;

namespace FalVideo.Tests.Infrastructure;

/// <summary>
/// A provider double that counts submits (as fal bills them) and lets a test decide when each request finishes.
/// State lives in this object, so the same instance can serve two hosts to model a restart.
/// </summary>
public sealed class ScriptedGenerator(string name = "fal") : IVideoGenerator
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<GenerationUpdate>> _outcomes = new();
    private readonly Channel<string> _submitted = Channel.CreateUnbounded<string>();
    private int _inFlight;

    public string Name { get; } = name;

    /// <summary>Finish every request at once (no test control).</summary>
    public bool AutoComplete { get; set; }

    /// <summary>Thrown by the next submit instead of succeeding.</summary>
    public Exception? NextSubmitError { get; set; }

    public ConcurrentBag<DateTimeOffset> SubmitTimes { get; } = [];
    public ConcurrentDictionary<Guid, int> SubmitsPerJob { get; } = new();
    public int TotalSubmits => SubmitsPerJob.Values.Sum();
    public int PeakWatching { get; private set; }
    public ChannelReader<string> Submitted => _submitted.Reader;

    public Task<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        if (NextSubmitError is { } error)
        {
            NextSubmitError = null;
            throw error;
        }
        SubmitTimes.Add(DateTimeOffset.UtcNow);
        SubmitsPerJob.AddOrUpdate(request.JobId, 1, (_, n) => n + 1);
        var id = $"req-{request.JobId:N}";
        _submitted.Writer.TryWrite(id);
        return Task.FromResult(new GenerationHandle(id, request));
    }

    public void Complete(string requestId) => Outcome(requestId).TrySetResult(new GenerationUpdate.Completed());

    public void Fail(string requestId, JobError error) => Outcome(requestId).TrySetResult(new GenerationUpdate.Failed(error));

    public async IAsyncEnumerable<GenerationUpdate> WatchAsync(GenerationHandle handle, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var watching = Interlocked.Increment(ref _inFlight);
        PeakWatching = Math.Max(PeakWatching, watching);
        try
        {
            yield return new GenerationUpdate.Queued(0);
            yield return new GenerationUpdate.Running(0.5, ["step 1/2"]);
            var outcome = AutoComplete ? new GenerationUpdate.Completed() : await Outcome(handle.RequestId).Task.WaitAsync(cancellationToken);
            _outcomes.TryRemove(handle.RequestId, out _); // each watch consumes its outcome; a re-attach waits for a new one
            yield return outcome;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<GenerationResult> FetchResultAsync(GenerationHandle handle, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GenerationResult(new Uri(SampleVideo.Path), "video/mp4", Seed: 42, Cost: 0.2m));

    public Task DownloadVideoAsync(GenerationResult result, string destinationPath, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        File.Copy(result.VideoUri.LocalPath, destinationPath, overwrite: true);
        return Task.CompletedTask;
    }

    public List<string> CancelCalls { get; } = [];

    public Task<CancelOutcome> CancelAsync(GenerationHandle handle, CancellationToken cancellationToken = default)
    {
        lock (CancelCalls) CancelCalls.Add(handle.RequestId);
        return Task.FromResult(CancelOutcome.CancellationRequested);
    }

    private TaskCompletionSource<GenerationUpdate> Outcome(string requestId) =>
        _outcomes.GetOrAdd(requestId, _ => new TaskCompletionSource<GenerationUpdate>(TaskCreationOptions.RunContinuationsAsynchronously));
}
