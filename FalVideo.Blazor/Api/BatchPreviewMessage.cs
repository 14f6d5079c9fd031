using FalVideo.Core.Import;

namespace FalVideo.Blazor.Api;

/// <summary>One finding in a preview: <c>severity</c> info | warning | error, a stable <c>code</c>, the English <c>message</c>.</summary>
public sealed record BatchPreviewMessage(string Severity, string Code, string Message, int? Line, string? Column, string? Value)
{
    public static BatchPreviewMessage From(ImportMessage m) =>
        new(m.Severity.ToString().ToLowerInvariant(), m.Code, m.Text, m.Line, m.Column, m.Value);
}
