using System.Globalization;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// Draws an offline preview's frames into one reusable pixel buffer (the bytes ffmpeg reads as <see cref="FfmpegPixelFormat"/>).
/// The moving picture comes from the seed's <see cref="OfflineScene"/>; the prompt, the seed and the
/// "Offline preview — not AI-generated" mark do not move, so they are drawn once into an overlay image.
/// Everything costly (gradients, text) is drawn once too: a frame is mostly plain blits of prepared images, which keeps
/// a clip within its time budget.
/// </summary>
public sealed class OfflineFramePainter : IDisposable
{
    public const string Mark = "Offline preview — not AI-generated";
    public const string MarkJapanese = "オフラインプレビュー（AI生成ではありません）";

    /// <summary>
    /// Skia's native 32-bit layout on little-endian machines (BGRA, premultiplied): its fast blitters only serve this one,
    /// and painting RGBA took several times longer. Every frame is opaque, so premultiplied bytes equal ffmpeg's straight <c>bgra</c>.
    /// </summary>
    public const SKColorType FrameColorType = SKColorType.Bgra8888;
    public const string FfmpegPixelFormat = "bgra";

    private const int RibbonSegments = 48;

    /// <summary>How far the background drifts over the clip, as a fraction of the frame's smaller side.</summary>
    private const float PanDistance = 0.12f;

    private readonly OfflineClip _clip;
    private readonly OfflineScene _scene;
    private readonly byte[] _pixels;
    private readonly SKSurface _surface;
    private readonly SKImage _background;
    private readonly SKImage[] _orbSprites;
    private readonly SKImage _overlay;
    private readonly SKRect[] _overlayAreas;
    private readonly SKPaint _copy = new() { BlendMode = SKBlendMode.Src };
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
    private readonly SKPathBuilder _ribbonPath = new();

    public OfflineFramePainter(OfflineClip clip, OfflineFonts fonts)
    {
        _clip = clip;
        _scene = OfflineScene.FromSeed(clip.Seed);
        var info = new SKImageInfo(clip.Width, clip.Height, FrameColorType, SKAlphaType.Premul);
        // Pinned so Skia draws straight into the array that is then written to ffmpeg's pipe (no copy per frame).
        _pixels = GC.AllocateArray<byte>(info.BytesSize, pinned: true);
        _surface = SKSurface.Create(info, Marshal.UnsafeAddrOfPinnedArrayElement(_pixels, 0), info.RowBytes)
            ?? throw new InvalidOperationException($"Skia could not create a {clip.Size} surface.");
        PromptTypeface = fonts.For(clip.Prompt);
        _background = DrawBackground(info);
        _orbSprites = [.. _scene.Orbs.Select(orb => DrawOrb(info, orb))];
        (_overlay, _overlayAreas) = DrawOverlay(info, fonts);
    }

    /// <summary>The typeface the prompt is written in (Noto Sans CJK JP for Japanese when installed).</summary>
    public SKTypeface PromptTypeface { get; }

    /// <summary>The last painted frame: Width × Height × 4 bytes in <see cref="FfmpegPixelFormat"/>, opaque.</summary>
    public ReadOnlyMemory<byte> Pixels => _pixels;

    public void Paint(int frameIndex)
    {
        var canvas = _surface.Canvas;
        float w = _clip.Width, h = _clip.Height;
        var t = (float)frameIndex / _clip.FrameCount;

        // The background is larger than the frame by the pan distance; sliding it is a plain copy.
        var pan = PanDistance * MathF.Min(w, h);
        var panX = MathF.Round(pan * (0.5f + (t - 0.5f) * MathF.Cos(_scene.PanDirection)));
        var panY = MathF.Round(pan * (0.5f + (t - 0.5f) * MathF.Sin(_scene.PanDirection)));
        canvas.DrawImage(_background, -panX, -panY, SKSamplingOptions.Default, _copy);

        DrawRibbons(canvas, w, h, t);
        for (var i = 0; i < _orbSprites.Length; i++)
        {
            var orb = _scene.Orbs[i];
            var sprite = _orbSprites[i];
            var x = (orb.CenterX + orb.AmplitudeX * MathF.Sin(MathF.Tau * (orb.FrequencyX * t + orb.PhaseX))) * w;
            var y = (orb.CenterY + orb.AmplitudeY * MathF.Sin(MathF.Tau * (orb.FrequencyY * t + orb.PhaseY))) * h;
            // Whole-pixel positions keep this a sprite blit (no resampling).
            canvas.DrawImage(sprite, MathF.Round(x - sprite.Width / 2f), MathF.Round(y - sprite.Height / 2f), SKSamplingOptions.Default);
        }
        DrawMotes(canvas, w, h, t);
        foreach (var area in _overlayAreas)
        {
            canvas.DrawImage(_overlay, area, area, SKSamplingOptions.Default);
        }

        // A thin timeline along the bottom edge.
        _fill.Color = SKColors.White.WithAlpha(170);
        canvas.DrawRect(0, h - 4, w * (frameIndex + 1) / _clip.FrameCount, 4, _fill);
        canvas.Flush();
    }

    private SKImage DrawBackground(SKImageInfo frame)
    {
        var pan = (int)MathF.Ceiling(PanDistance * Math.Min(frame.Width, frame.Height));
        var info = frame.WithSize(frame.Width + pan, frame.Height + pan);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not create the background surface.");
        var half = new SKPoint(MathF.Cos(_scene.GradientAngle) * info.Width / 2, MathF.Sin(_scene.GradientAngle) * info.Height / 2);
        var center = new SKPoint(info.Width / 2f, info.Height / 2f);
        using var shader = SKShader.CreateLinearGradient(center - half, center + half,
            [_scene.BackgroundTop, _scene.BackgroundBottom], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        surface.Canvas.DrawPaint(paint);
        return surface.Snapshot();
    }

    private static SKImage DrawOrb(SKImageInfo frame, SceneOrb orb)
    {
        var radius = orb.Radius * Math.Min(frame.Width, frame.Height);
        var size = (int)MathF.Ceiling(radius * 2) + 2;
        using var surface = SKSurface.Create(frame.WithSize(size, size)) ?? throw new InvalidOperationException("Skia could not create an orb surface.");
        surface.Canvas.Clear(SKColors.Transparent);
        var center = new SKPoint(size / 2f, size / 2f);
        using var shader = SKShader.CreateRadialGradient(center, radius,
            [orb.Color, orb.Color.WithAlpha((byte)(orb.Color.Alpha / 3)), SKColors.Transparent], [0f, 0.55f, 1f], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { IsAntialias = true, Shader = shader };
        surface.Canvas.DrawCircle(center, radius, paint);
        return surface.Snapshot();
    }

    private void DrawRibbons(SKCanvas canvas, float w, float h, float t)
    {
        foreach (var ribbon in _scene.Ribbons)
        {
            for (var i = 0; i <= RibbonSegments; i++)
            {
                var x = (float)i / RibbonSegments;
                var y = ribbon.BaseY + ribbon.Amplitude * MathF.Sin(MathF.Tau * (x / ribbon.WaveLength + ribbon.Speed * t + ribbon.Phase));
                if (i == 0) _ribbonPath.MoveTo(x * w, y * h);
                else _ribbonPath.LineTo(x * w, y * h);
            }
            _stroke.Color = ribbon.Color;
            _stroke.StrokeWidth = ribbon.Thickness * h;
            using var path = _ribbonPath.Detach();
            canvas.DrawPath(path, _stroke);
        }
    }

    private void DrawMotes(SKCanvas canvas, float w, float h, float t)
    {
        var unit = MathF.Min(w, h);
        foreach (var mote in _scene.Motes)
        {
            var y = (mote.Y - mote.Rise * t) % 1f;
            if (y < 0) y += 1f;
            var twinkle = 0.3f + 0.7f * MathF.Abs(MathF.Sin(MathF.Tau * (1.5f * t + mote.TwinklePhase)));
            _fill.Color = SKColors.White.WithAlpha((byte)(200 * twinkle));
            canvas.DrawCircle(mote.X * w, y * h, MathF.Max(1f, mote.Size * unit), _fill);
        }
    }

    /// <summary>The still layer (mark, prompt panel) and the rectangles of it that are not transparent.</summary>
    private (SKImage Image, SKRect[] Areas) DrawOverlay(SKImageInfo info, OfflineFonts fonts)
    {
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not create the overlay surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        float w = info.Width, h = info.Height;
        var unit = MathF.Min(w, h);
        var margin = MathF.Round(unit * 0.04f);
        var mark = DrawMark(canvas, fonts, w, unit, margin);
        var panel = DrawPromptPanel(canvas, fonts, w, h, unit, margin);
        return (surface.Snapshot(), [Outset(mark, info), Outset(panel, info)]);
    }

    /// <summary>The not-AI mark: black on amber, top left, in English and (when a Japanese font exists) Japanese.</summary>
    private static SKRect DrawMark(SKCanvas canvas, OfflineFonts fonts, float w, float unit, float margin)
    {
        var padding = unit * 0.018f;
        var maxText = w - 2 * margin - 2 * padding;
        using var markFont = FittedFont(fonts.For(Mark, bold: true), Mark, unit * 0.042f, maxText);
        using var japaneseFont = fonts.Japanese is null ? null : FittedFont(fonts.JapaneseBold ?? fonts.Japanese, MarkJapanese, unit * 0.03f, maxText);

        var textWidth = MathF.Max(markFont.MeasureText(Mark), japaneseFont?.MeasureText(MarkJapanese) ?? 0);
        var height = markFont.Spacing + (japaneseFont?.Spacing ?? 0);
        var box = new SKRect(margin, margin, margin + textWidth + 2 * padding, margin + height + 2 * padding);
        using var background = new SKPaint { IsAntialias = true, Color = new SKColor(0xFF, 0xC4, 0x00, 235) };
        canvas.DrawRoundRect(box, unit * 0.012f, unit * 0.012f, background);

        using var ink = new SKPaint { IsAntialias = true, Color = SKColors.Black };
        var baseline = box.Top + padding - markFont.Metrics.Ascent;
        canvas.DrawText(Mark, box.Left + padding, baseline, SKTextAlign.Left, markFont, ink);
        if (japaneseFont is not null)
        {
            canvas.DrawText(MarkJapanese, box.Left + padding, baseline + markFont.Metrics.Descent - japaneseFont.Metrics.Ascent + markFont.Metrics.Leading,
                SKTextAlign.Left, japaneseFont, ink);
        }
        return box;
    }

    /// <summary>The prompt, wrapped and as large as fits, on a dark panel at the bottom, with the seed underneath.</summary>
    private SKRect DrawPromptPanel(SKCanvas canvas, OfflineFonts fonts, float w, float h, float unit, float margin)
    {
        var padding = unit * 0.03f;
        var panelWidth = w - 2 * margin;
        var textWidth = panelWidth - 2 * padding;
        var maxPanelHeight = h * 0.45f;

        var seedNote = _clip.SeedFromPrompt ? " (from the prompt)" : "";
        var footer = string.Create(CultureInfo.InvariantCulture,
            $"seed {_clip.Seed}{seedNote} · {_clip.Size} · {_clip.FramesPerSecond} fps");
        using var footerFont = NewFont(fonts.For(footer), unit * 0.028f);
        footer = PromptTextLayout.Ellipsize(footer, footerFont, textWidth);

        var (promptFont, lines) = FitPrompt(unit, textWidth, maxPanelHeight - 2 * padding - footerFont.Spacing * 1.4f);
        using (promptFont)
        {
            var panelHeight = lines.Count * promptFont.Spacing + footerFont.Spacing * 1.4f + 2 * padding;
            var panel = new SKRect(margin, h - margin - panelHeight, w - margin, h - margin);
            using var background = new SKPaint { IsAntialias = true, Color = SKColors.Black.WithAlpha(150) };
            canvas.DrawRoundRect(panel, unit * 0.02f, unit * 0.02f, background);

            using var ink = new SKPaint { IsAntialias = true, Color = SKColors.White };
            var baseline = panel.Top + padding - promptFont.Metrics.Ascent;
            foreach (var line in lines)
            {
                canvas.DrawText(line, w / 2, baseline, SKTextAlign.Center, promptFont, ink);
                baseline += promptFont.Spacing;
            }
            ink.Color = SKColors.White.WithAlpha(185);
            canvas.DrawText(footer, w / 2, panel.Bottom - padding - footerFont.Metrics.Descent, SKTextAlign.Center, footerFont, ink);
            return panel;
        }
    }

    /// <summary>A drawn box grown to whole pixels (anti-aliased edges included), kept inside the frame.</summary>
    private static SKRect Outset(SKRect box, SKImageInfo info) =>
        SKRect.Intersect(new SKRect(MathF.Floor(box.Left) - 1, MathF.Floor(box.Top) - 1, MathF.Ceiling(box.Right) + 1, MathF.Ceiling(box.Bottom) + 1),
            SKRect.Create(info.Width, info.Height));

    /// <summary>The largest font size (down to a readable minimum) at which the prompt fits; below that, the end is cut with "…".</summary>
    private (SKFont Font, IReadOnlyList<string> Lines) FitPrompt(float unit, float maxWidth, float maxHeight)
    {
        var minSize = unit * 0.036f;
        for (var size = unit * 0.07f; ; size *= 0.9f)
        {
            var font = NewFont(PromptTypeface, MathF.Max(size, minSize));
            var lines = PromptTextLayout.Wrap(_clip.Prompt, font, maxWidth);
            var room = Math.Max(1, (int)(maxHeight / font.Spacing));
            if (lines.Count <= room) return (font, lines);
            if (size <= minSize)
            {
                var kept = lines.Take(room).ToList();
                kept[^1] = PromptTextLayout.Ellipsize(kept[^1], font, maxWidth, cut: true);
                return (font, kept);
            }
            font.Dispose();
        }
    }

    private static SKFont FittedFont(SKTypeface typeface, string text, float size, float maxWidth)
    {
        var font = NewFont(typeface, size);
        var width = font.MeasureText(text);
        if (width > maxWidth) font.Size = size * maxWidth / width;
        return font;
    }

    private static SKFont NewFont(SKTypeface typeface, float size) =>
        new(typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };

    public void Dispose()
    {
        _overlay.Dispose();
        _background.Dispose();
        foreach (var sprite in _orbSprites) sprite.Dispose();
        _surface.Dispose();
        _copy.Dispose();
        _fill.Dispose();
        _stroke.Dispose();
        _ribbonPath.Dispose();
    }
}
