using System.Globalization;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Nir;

/// <summary>Graphs written by h5py as nir.write does, imported and run: spike times against closed forms.</summary>
public sealed class NirExactnessTests : CliTestBase
{
    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Nir", "Fixtures", name);

    private double[] RunSpikes(string graph, string population)
    {
        string outDir = Path.Combine(Dir, "run-" + Path.GetFileNameWithoutExtension(graph));
        var run = Spikesim("run", Fixture(graph), "--out", outDir, "--quiet", "--threads", "1");
        Assert.True(run.Code == 0, run.Err);
        return File.ReadAllLines(Path.Combine(outDir, "spikes.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[1] == population).Select(f => double.Parse(f[0], CultureInfo.InvariantCulture)).ToArray();
    }

    [Fact]
    public void LifUnderAStepCurrentFiresAtTheClosedFormTimes()
    {
        // NIR LIF tau = 10 ms, r = 2, v_leak = 0, v_threshold = 15, v_reset = 0; I = 10 from 5 ms to 60 ms:
        // v_inf = r I = 20, period T = tau ln(v_inf / (v_inf - v_th)) = 10 ln 4, spikes at 5 + k T while < 60 ms.
        double[] spikes = RunSpikes("lif_step.nir", "lif");
        double period = 10 * Math.Log(20.0 / (20.0 - 15.0));
        var expected = Enumerable.Range(1, 10).Select(k => 5 + k * period).Where(t => t < 60).ToArray();
        Assert.Equal(3, expected.Length);
        Assert.Equal(expected.Length, spikes.Length);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], spikes[k], 1e-12);
    }

    [Fact]
    public void CubaLifChainMatchesTheExactExponentialCurrentSolution()
    {
        // a: tau_syn 2, tau_mem 10, r 0.5, threshold 1, weight 30 (w_in 1): each input spike adds J = w_in w / tau_syn = 15
        // to I; a kernel gives V = r J tau_s / (tau_s - tau_m) (e^(-t/tau_s) - e^(-t/tau_m)); reset from threshold to 0
        // subtracts theta e^(-(t - s)/tau_m). b: tau_syn 5, tau_mem 20, r 0.25, w_in 2, weight 40, delay 1 ms after a.
        double[] a = RunSpikes("cuba_chain.nir", "a");
        double[] b = RunSpikes("cuba_chain.nir", "b");
        double[] expectedA = ExactSpikes([1.0, 1.5, 2.0], 1 * 30 / 2.0, 2, 10, 0.5, 1, 30);
        double[] expectedB = ExactSpikes(expectedA.Select(t => t + 1).ToArray(), 2 * 40 / 5.0, 5, 20, 0.25, 1, 30);
        Assert.True(expectedA.Length >= 2 && expectedB.Length >= 1);
        Assert.Equal(expectedA.Length, a.Length);
        Assert.Equal(expectedB.Length, b.Length);
        for (int k = 0; k < a.Length; k++) Assert.Equal(expectedA[k], a[k], 1e-9);
        for (int k = 0; k < b.Length; k++) Assert.Equal(expectedB[k], b[k], 1e-9);
    }

    /// <summary>Threshold crossings of V(t) = sum of exp-current kernels minus theta-reset kernels, by scan and bisection.</summary>
    private static double[] ExactSpikes(double[] inputs, double jump, double tauS, double tauM, double r, double theta, double until)
    {
        var spikes = new List<double>();
        double V(double t)
        {
            double v = 0;
            foreach (double s in inputs)
                if (t > s) v += r * jump * tauS / (tauS - tauM) * (Math.Exp(-(t - s) / tauS) - Math.Exp(-(t - s) / tauM));
            foreach (double s in spikes)
                if (t > s) v -= theta * Math.Exp(-(t - s) / tauM);
            return v;
        }
        double h = 1e-4;
        double from = inputs.Length > 0 ? inputs[0] : until;
        for (double t = from; t < until; t += h)
        {
            double lo = t, hi = t + h;
            if (V(lo) < theta && V(hi) >= theta)
            {
                for (int i = 0; i < 200 && hi - lo > 1e-15; i++)
                {
                    double mid = 0.5 * (lo + hi);
                    if (V(mid) >= theta) hi = mid; else lo = mid;
                }
                spikes.Add(hi);
                t = hi;
            }
        }
        return [.. spikes];
    }
}
