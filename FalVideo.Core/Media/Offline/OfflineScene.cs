using SkiaSharp;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// The palette and motion drawn from a seed: a drifting background gradient, glowing orbs on Lissajous paths,
/// sine ribbons and rising motes. Pure data — drawing a frame is a function of the scene and the frame's time only.
/// </summary>
public sealed class OfflineScene
{
    // Hue offsets (degrees) of the colour schemes a seed can pick: analogous, complementary, triadic, split-complementary.
    private static readonly float[][] Schemes = [[0, 30, 60], [0, 180, 30], [0, 120, 240], [0, 150, 210]];

    private OfflineScene(SKColor top, SKColor bottom, float gradientAngle, float panDirection,
        IReadOnlyList<SceneOrb> orbs, IReadOnlyList<SceneRibbon> ribbons, IReadOnlyList<SceneMote> motes)
    {
        BackgroundTop = top;
        BackgroundBottom = bottom;
        GradientAngle = gradientAngle;
        PanDirection = panDirection;
        Orbs = orbs;
        Ribbons = ribbons;
        Motes = motes;
    }

    public SKColor BackgroundTop { get; }
    public SKColor BackgroundBottom { get; }

    /// <summary>Angle of the background gradient (radians).</summary>
    public float GradientAngle { get; }

    /// <summary>Direction (radians) the background drifts in over the clip, like a slow camera pan.</summary>
    public float PanDirection { get; }

    public IReadOnlyList<SceneOrb> Orbs { get; }
    public IReadOnlyList<SceneRibbon> Ribbons { get; }
    public IReadOnlyList<SceneMote> Motes { get; }

    public static OfflineScene FromSeed(long seed)
    {
        var random = new SplitMix64(seed);
        var baseHue = (float)random.NextDouble(0, 360);
        var scheme = Schemes[random.NextInt(0, Schemes.Length)];
        SKColor Hue(int index, float saturation, float lightness, byte alpha = 255) =>
            SKColor.FromHsl((baseHue + scheme[index % scheme.Length] + 360) % 360, saturation, lightness).WithAlpha(alpha);

        var top = Hue(0, (float)random.NextDouble(45, 70), (float)random.NextDouble(10, 20));
        var bottom = Hue(1, (float)random.NextDouble(50, 75), (float)random.NextDouble(30, 45));
        var angle = (float)random.NextDouble(0, Math.Tau);
        var pan = (float)random.NextDouble(0, Math.Tau);

        var orbs = new SceneOrb[random.NextInt(5, 9)];
        for (var i = 0; i < orbs.Length; i++)
        {
            orbs[i] = new SceneOrb(
                Hue(i, (float)random.NextDouble(60, 95), (float)random.NextDouble(50, 72), (byte)random.NextInt(150, 225)),
                CenterX: (float)random.NextDouble(0.1, 0.9), CenterY: (float)random.NextDouble(0.1, 0.75),
                AmplitudeX: (float)random.NextDouble(0.05, 0.3), AmplitudeY: (float)random.NextDouble(0.04, 0.2),
                FrequencyX: (float)random.NextDouble(0.3, 1.6), FrequencyY: (float)random.NextDouble(0.3, 1.6),
                PhaseX: (float)random.NextDouble(0, 1), PhaseY: (float)random.NextDouble(0, 1),
                Radius: (float)random.NextDouble(0.08, 0.24));
        }

        var ribbons = new SceneRibbon[random.NextInt(2, 4)];
        for (var i = 0; i < ribbons.Length; i++)
        {
            ribbons[i] = new SceneRibbon(
                Hue(i + 1, (float)random.NextDouble(50, 90), (float)random.NextDouble(60, 80), (byte)random.NextInt(60, 130)),
                BaseY: (float)random.NextDouble(0.25, 0.8), Amplitude: (float)random.NextDouble(0.03, 0.12),
                WaveLength: (float)random.NextDouble(0.35, 1.2), Speed: (float)(random.NextDouble(0.4, 1.5) * (random.NextDouble() < 0.5 ? -1 : 1)),
                Phase: (float)random.NextDouble(0, 1), Thickness: (float)random.NextDouble(0.008, 0.035));
        }

        var motes = new SceneMote[random.NextInt(24, 48)];
        for (var i = 0; i < motes.Length; i++)
        {
            motes[i] = new SceneMote(
                X: (float)random.NextDouble(0, 1), Y: (float)random.NextDouble(0, 1), Rise: (float)random.NextDouble(0.1, 0.7),
                Size: (float)random.NextDouble(0.002, 0.007), TwinklePhase: (float)random.NextDouble(0, 1));
        }

        return new OfflineScene(top, bottom, angle, pan, orbs, ribbons, motes);
    }
}
