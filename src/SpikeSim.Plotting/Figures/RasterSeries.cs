using OxyPlot;
using OxyPlot.Series;
using SkiaSharp;

namespace SpikeSim.Plotting.Figures;

/// <summary>
/// A lightweight series for spike rasters: one tick per spike at (time, row), held as two plain arrays rather than
/// one object per point. Rendering maps spikes to device pixels and draws each occupied pixel cell once, as one
/// batch of rectangles, so drawing costs O(spikes) arithmetic and the output (PNG or SVG) is bounded by the plot's
/// pixel count however many spikes there are. Ticks are one pixel wide and as tall as a row (1 to 6 px). Up to
/// <see cref="MaxVectorTicks"/> occupied cells are drawn as rectangles (vector shapes in SVG); beyond that the
/// series draws one transparent bitmap of the plot area (embedded as PNG in SVG), so an SVG of a million spikes
/// stays small, and a tick's opacity there grows with the number of spikes in its pixel.
/// </summary>
public sealed class RasterSeries : XYAxisSeries
{
    /// <summary>Creates a series of spikes at <paramref name="timesMs"/> on rows <paramref name="rows"/>.</summary>
    /// <param name="timesMs">Spike times, ms (x).</param>
    /// <param name="rows">Row of each spike (y), e.g. the neuron's index plus its population's offset.</param>
    public RasterSeries(double[] timesMs, int[] rows)
    {
        ArgumentNullException.ThrowIfNull(timesMs);
        ArgumentNullException.ThrowIfNull(rows);
        if (timesMs.Length != rows.Length) throw new ArgumentException("Times and rows differ in length.", nameof(rows));
        TimesMs = timesMs;
        Rows = rows;
    }

    /// <summary>Spike times, ms.</summary>
    public double[] TimesMs { get; }

    /// <summary>Row of each spike.</summary>
    public int[] Rows { get; }

    /// <summary>Number of spikes.</summary>
    public int Count => TimesMs.Length;

    /// <summary>Colour of the ticks.</summary>
    public OxyColor Color { get; set; } = OxyColors.Black;

    /// <summary>Most ticks drawn as separate rectangles; more are drawn as one bitmap.</summary>
    public const int MaxVectorTicks = 5_000;

    /// <summary>Number of pixel cells drawn by the last render (at most one per occupied cell).</summary>
    public int LastRenderedTicks { get; private set; }

    /// <inheritdoc/>
    public override void Render(IRenderContext rc)
    {
        LastRenderedTicks = 0;
        if (Count == 0) return;
        var clip = GetClippingRect();
        int width = (int)Math.Ceiling(clip.Width) + 1, height = (int)Math.Ceiling(clip.Height) + 1;
        if (width <= 1 || height <= 1) return;
        double rowPx = Math.Abs(YAxis.Transform(1) - YAxis.Transform(0));
        double tick = Math.Clamp(Math.Floor(rowPx * 0.8), 1, 6);
        var counts = new byte[width * height]; // spikes per pixel cell, saturating at 255
        var rects = new List<OxyRect>(Math.Min(Count, width * height / 4 + 16));
        var cellOf = new List<int>(rects.Capacity);
        double[] t = TimesMs;
        int[] rows = Rows;
        for (int i = 0; i < t.Length; i++)
        {
            double sx = XAxis.Transform(t[i]) - clip.Left;
            double sy = YAxis.Transform(rows[i]) - clip.Top;
            if (!(sx >= 0 && sx < width && sy >= 0 && sy < height)) continue;
            int px = (int)sx, py = (int)sy;
            int cell = py * width + px;
            byte seen = counts[cell];
            if (seen < byte.MaxValue) counts[cell] = (byte)(seen + 1);
            if (seen != 0) continue;
            rects.Add(new OxyRect(clip.Left + px, clip.Top + Math.Floor(sy - tick / 2 + 0.5), 1, tick));
            cellOf.Add(cell);
        }
        LastRenderedTicks = rects.Count;
        var color = GetSelectableColor(Color);
        if (rects.Count <= MaxVectorTicks)
        {
            rc.DrawRectangles(rects, color, OxyColors.Undefined, 0, EdgeRenderingMode.PreferSpeed);
            return;
        }
        // One RGBA bitmap of the plot area, compressed as PNG by SkiaSharp (OxyPlot's own encoder stores pixels
        // uncompressed: MBs in an SVG). Pixels are filled in a managed buffer: SKBitmap.SetPixel costs a native call each.
        // A dense raster saturates: a tick's opacity grows with the spikes in its cell, 1 - 0.35^n (n = 1: 65 %,
        // 2: 88 %, 3: 96 %), so where every pixel holds a spike the busier ones still stand out.
        var pixels = new int[width * height];
        uint rgb = (uint)color.B << 16 | (uint)color.G << 8 | color.R;
        for (int k = 0; k < rects.Count; k++)
        {
            var r = rects[k];
            int x = (int)(r.Left - clip.Left);
            int n = counts[cellOf[k]];
            uint alpha = (uint)Math.Round(color.A * (1 - Math.Pow(0.35, n)));
            int rgba = unchecked((int)(alpha << 24 | rgb));
            int y0 = Math.Max(0, (int)(r.Top - clip.Top)), y1 = Math.Min(height, y0 + (int)r.Height);
            for (int y = y0; y < y1; y++) pixels[y * width + x] = rgba;
        }
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        if (rc is OxyPlot.SkiaSharp.SkiaRenderContext { SkCanvas: SKCanvas canvas, RenderTarget: OxyPlot.SkiaSharp.RenderTarget.PixelGraphic })
        {
            // Drawing straight onto SkiaSharp's canvas (PNG export) skips an encode and decode of the bitmap.
            var dest = new SKRect((float)clip.Left, (float)clip.Top, (float)(clip.Left + width), (float)(clip.Top + height));
            using var paint = new SKPaint { FilterQuality = SKFilterQuality.None, IsAntialias = false };
            canvas.DrawBitmap(bitmap, dest, paint);
            return;
        }
        using var pixmap = bitmap.PeekPixels();
        // zlib level 1: a sparse raster compresses well even so, at a fraction of the default level's time.
        using var encoded = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 1));
        var image = new OxyImage(encoded.ToArray());
        rc.DrawImage(image, 0, 0, width, height, clip.Left, clip.Top, width, height, 1, false);
    }

    /// <inheritdoc/>
    public override void RenderLegend(IRenderContext rc, OxyRect legendBox)
    {
        double h = legendBox.Height * 0.6;
        var box = new OxyRect(legendBox.Left + legendBox.Width / 2 - h / 2, legendBox.Top + (legendBox.Height - h) / 2, h, h);
        rc.DrawRectangle(box, Color, OxyColors.Undefined, 0, EdgeRenderingMode.PreferSpeed);
    }

    /// <inheritdoc/>
    protected override void UpdateMaxMin()
    {
        base.UpdateMaxMin();
        if (Count == 0) return;
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity;
        int minY = int.MaxValue, maxY = int.MinValue;
        for (int i = 0; i < TimesMs.Length; i++)
        {
            double x = TimesMs[i];
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            int y = Rows[i];
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
        }
        MinX = minX;
        MaxX = maxX;
        MinY = minY;
        MaxY = maxY;
    }
}
