using SkiaSharp;

namespace FalVideo.Core.Media.Offline;

/// <summary>A drifting sine wave across the frame. <see cref="Speed"/> is wave lengths travelled per clip.</summary>
public sealed record SceneRibbon(SKColor Color, float BaseY, float Amplitude, float WaveLength, float Speed, float Phase, float Thickness);
