namespace FalVideo.Core.Media;

/// <summary>A finished video kept locally, with what ffprobe says about it.</summary>
public sealed record StoredVideo(string VideoPath, string? PosterPath, int Width, int Height, double DurationSeconds, string Codec, long SizeBytes);
