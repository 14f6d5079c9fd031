namespace FalVideo.Core.Domain;

/// <summary>Stable error codes stored on jobs; the UI maps each to a localised explanation.</summary>
public static class ErrorTypes
{
    public const string Validation = "validation";
    /// <summary>fal's content filter refused the prompt or the output (a 422 <c>content_policy_violation</c>): not a field to fix.</summary>
    public const string ContentPolicy = "content_policy";
    public const string SubmitOutcomeUnknown = "submit_outcome_unknown";
    public const string Interrupted = "interrupted";
    public const string Provider = "provider";
    public const string KeyRejected = "key_rejected";
    public const string Download = "download";
    public const string ResultExpired = "result_expired";
    public const string FfmpegMissing = "ffmpeg_missing";
    public const string Render = "render";
    public const string Canceled = "canceled";
    public const string ConnectionLost = "connection_lost";
    public const string BudgetReached = "budget_reached";
    public const string Internal = "internal";
}
