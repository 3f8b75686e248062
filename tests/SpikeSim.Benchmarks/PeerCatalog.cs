using System.Globalization;

namespace SpikeSim.Benchmarks;

/// <summary>A Brian2 script that runs the same network as a SpikeSim model.</summary>
/// <param name="Script">Absolute path of the peer script.</param>
/// <param name="Arguments">Its arguments (the duration in seconds included).</param>
/// <param name="DtMs">Brian2's time step, ms, where it is not the 0.1 ms the scripts set (run_peer.py's --dt), else null.</param>
public sealed record PeerSpec(string Script, IReadOnlyList<string> Arguments, double? DtMs = null)
{
    /// <summary>How the command reads in the report.</summary>
    public string Display => Path.GetFileName(Script) + " " + string.Join(' ', Arguments)
                             + (DtMs is double dt ? $" at dt {dt.ToString("R", CultureInfo.InvariantCulture)} ms" : "");
}

/// <summary>Which Brian2 script is the peer of which shipped model.</summary>
public static class PeerCatalog
{
    /// <summary>The peer of a model (by file name: "cuba" or "models/cuba.json"), or null when it has none.</summary>
    public static PeerSpec? For(string model, RepoLayout layout, double durationMs)
    {
        string s = (durationMs / 1000.0).ToString("R", CultureInfo.InvariantCulture);
        return Path.GetFileNameWithoutExtension(model) switch
        {
            // Brunel (2000) model A, scale 1 = 12,500 neurons, g=5, nu_ext=2 nu_thr, delta synapses, 1.5 ms delay.
            "brunel2000" => new PeerSpec(Path.Combine(layout.PeerDir, "brunel.py"), ["1", s, "cpp_standalone"]),
            // Brette et al. (2007) benchmark 2 (CUBA), 4000 neurons, p = 0.02.
            "cuba" => new PeerSpec(Path.Combine(layout.PeerDir, "cuba.py"), ["4000", s, "cpp_standalone"]),
            // Brette et al. (2007) benchmark 1 (COBA): conductance-based, 4000 neurons, p = 0.02, delay 0.1 ms.
            "coba" => new PeerSpec(Path.Combine(layout.PeerDir, "coba.py"), ["4000", s, "cpp_standalone"]),
            // Brette et al. (2007) benchmark 4 (delta synapses): this benchmark's own script.
            "benchmark4" => new PeerSpec(Path.Combine(layout.LocalPeerDir, "benchmark4.py"), ["4000", s, "cpp_standalone"]),
            // Song, Miller and Abbott (2000): 1000 Poisson inputs through additive STDP onto one neuron (Brian2's example).
            "song2000-stdp" => new PeerSpec(Path.Combine(layout.PeerDir, "stdp.py"), [s, "cpp_standalone"]),
            _ => null,
        };
    }

    /// <summary>
    /// The peer again on the grid where Brian2's integration has converged, for a model whose peer at dt = 0.1 ms has
    /// not: coba at 0.01 ms (its Euler steps of the conductance-based membrane; SpikeSim's integration is exact), else
    /// null. The report compares SpikeSim with both.
    /// </summary>
    public static PeerSpec? ConvergedFor(string model, RepoLayout layout, double durationMs) =>
        Path.GetFileNameWithoutExtension(model) == "coba" && For(model, layout, durationMs) is PeerSpec peer
            ? peer with { DtMs = ConvergedCobaDtMs }
            : null;

    /// <summary>Brian2's step for coba where its rates and spike statistics no longer change with the step, ms.</summary>
    public const double ConvergedCobaDtMs = 0.01;
}
