using System.Buffers.Binary;
using System.Xml.Linq;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Figures;

namespace SpikeSim.Tests.Plotting;

public sealed class ExportTests : PlotTestFolder
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a PNG signature and returns the IHDR width and height.</summary>
    internal static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} is too short for a PNG");
        Assert.Equal(PngMagic, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>Asserts the file parses as XML with an svg root and returns the root.</summary>
    internal static XElement SvgRoot(string path)
    {
        var root = XDocument.Load(path).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        return root;
    }

    private static SpikeTrains ManySpikes(int count)
    {
        var rng = new Random(5);
        var t = new double[count];
        var n = new int[count];
        for (int i = 0; i < count; i++) { t[i] = i * 1000.0 / count; n[i] = rng.Next(10_000); }
        return new SpikeTrains([new PopulationSpikes("exc", t, n)]);
    }

    [Fact]
    public void PngAndSvgAreValidAtReportSize()
    {
        var model = TraceFigures.Voltage([new VoltageTrace("a", 0, [0, 1, 2], [-70, -60, -65])]);
        var files = FigureExporter.Save(model, Dir, "v", FigureFormats.Both);
        Assert.Equal([Path.Combine(Dir, "v.png"), Path.Combine(Dir, "v.svg")], files);
        Assert.Equal((FigureStyle.Width, FigureStyle.Height), PngSize(files[0]));
        var svg = SvgRoot(files[1]);
        Assert.Equal("800", svg.Attribute("width")?.Value);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value == "V (mV)");
    }

    [Fact]
    public void ARasterOfManySpikesGivesABoundedSvg()
    {
        // 300,000 spikes: the raster is drawn as one embedded bitmap, not 300,000 shapes.
        var model = SpikeFigures.Raster(ManySpikes(300_000), null, 1000);
        string svg = Path.Combine(Dir, "raster.svg");
        FigureExporter.SaveSvg(model, svg);
        SvgRoot(svg);
        Assert.InRange(new FileInfo(svg).Length, 1, 1_000_000);
        Assert.Contains("data:image/png;base64", File.ReadAllText(svg));
        string png = Path.Combine(Dir, "raster.png");
        FigureExporter.SavePng(model, png, 640, 480);
        Assert.Equal((640, 480), PngSize(png));
    }

    [Fact]
    public void ADenseRasterDarkensWhereCellsHoldMoreSpikes()
    {
        // 100 times x 80 neurons = 8,000 distinct cells (bitmap mode); the same spikes three times each must give
        // darker ticks (opacity 1 - 0.35^n: 65 % for one spike, 96 % for three).
        static SpikeTrains Grid(int copies)
        {
            var t = new List<double>();
            var n = new List<int>();
            for (int c = 0; c < copies; c++)
                for (int k = 0; k < 100; k++)
                    for (int i = 0; i < 80; i++) { t.Add(k + 0.5); n.Add(i); }
            return new SpikeTrains([new PopulationSpikes("a", [.. t], [.. n])]);
        }
        static double Darkness(SpikeTrains spikes)
        {
            var model = SpikeFigures.Raster(spikes, null, 100);
            model.Subtitle = null; // same text in both figures
            using var stream = new MemoryStream();
            FigureExporter.WritePng(model, stream);
            using var bitmap = SkiaSharp.SKBitmap.Decode(stream.ToArray());
            double sum = 0;
            for (int y = 0; y < bitmap.Height; y++)
                for (int x = 0; x < bitmap.Width; x++) sum += 255 - bitmap.GetPixel(x, y).Red;
            Assert.Equal(8000, ((RasterSeries)model.Series[0]).LastRenderedTicks);
            return sum;
        }
        Assert.InRange(Darkness(Grid(3)) / Darkness(Grid(1)), 1.25, 1.6);
    }

    [Fact]
    public void AFewSpikesStayVectorShapesInSvg()
    {
        var model = SpikeFigures.Raster(ManySpikes(100), null, 1000);
        string svg = Path.Combine(Dir, "raster.svg");
        FigureExporter.SaveSvg(model, svg);
        Assert.DoesNotContain("data:image/png", File.ReadAllText(svg));
        Assert.Equal(100, ((RasterSeries)model.Series[0]).LastRenderedTicks);
    }
}
