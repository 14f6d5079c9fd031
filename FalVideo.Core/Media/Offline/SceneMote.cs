namespace FalVideo.Core.Media.Offline;

/// <summary>A small twinkling dot rising through the frame (wraps at the top). <see cref="Rise"/> is frame heights per clip.</summary>
public sealed record SceneMote(float X, float Y, float Rise, float Size, float TwinklePhase);
