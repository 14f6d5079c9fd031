namespace FalVideo.Core.Import;

/// <summary>
/// The encoding chosen for an upload: its name (<see cref="TextEncodings"/>), the length of the byte order mark to skip,
/// why it was chosen, and the other encodings that also read the file without errors (offered in the preview).
/// </summary>
public sealed record EncodingDetection(string Name, int BomLength, string Reason, IReadOnlyList<string> Alternatives);
