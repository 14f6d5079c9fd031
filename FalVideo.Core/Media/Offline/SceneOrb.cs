using SkiaSharp;

namespace FalVideo.Core.Media.Offline;

/// <summary>A soft glowing disc on a Lissajous path. Positions and sizes are fractions of the frame; frequencies are cycles per clip.</summary>
public sealed record SceneOrb(
    SKColor Color,
    float CenterX, float CenterY,
    float AmplitudeX, float AmplitudeY,
    float FrequencyX, float FrequencyY,
    float PhaseX, float PhaseY,
    float Radius);
