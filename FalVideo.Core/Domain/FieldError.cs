namespace FalVideo.Core.Domain;

/// <summary>One input field the provider (or our validation) refused, e.g. <c>num_inference_steps: must be ≤ 50</c>.</summary>
public sealed record FieldError(string Field, string Message, string? Value = null)
{
    public override string ToString() => $"{Field}: {Message}";
}
