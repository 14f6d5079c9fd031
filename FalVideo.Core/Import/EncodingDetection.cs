namespace FalVideo.Core.Import;

/// <summary>
/// The encoding chosen for an upload: its name (<see cref="TextEncodings"/>), the length of the byte order mark to skip,
/// why it was chosen (English, and as a stable <see cref="Code"/>: <c>bom</c>, <c>utf16_no_bom</c>, <c>ascii</c>, <c>utf8</c>,
/// <c>cp932</c>, <c>windows1252</c>, <c>cp932_maybe_1252</c>, <c>user</c>), and the other encodings that also read the file
/// without errors (offered in the preview).
/// </summary>
public sealed record EncodingDetection(string Name, int BomLength, string Reason, IReadOnlyList<string> Alternatives, string Code = "detected")
{
    public const string ChosenByUser = "user";
}
