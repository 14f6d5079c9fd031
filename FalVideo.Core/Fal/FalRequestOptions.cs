namespace FalVideo.Core.Fal;

/// <summary>Per-request tags the resilience pipeline reads.</summary>
public static class FalRequestOptions
{
    public static readonly HttpRequestOptionsKey<FalOperation> Operation = new("FalVideo.Fal.Operation");

    public static FalOperation OperationOf(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Operation, out var operation) ? operation : FalOperation.Status;
}
