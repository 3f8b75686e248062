namespace SpikeSim.Benchmarks;

/// <summary>Where the models, the Brian2 peer scripts and the Brian2 build cache are.</summary>
/// <param name="Root">Repository root (the folder holding SpikeSim.sln).</param>
/// <param name="PeerDir">Shared Brian2 peer scripts: $SPIKESIM_PEER_DIR, else ROOT/../shared/peer.</param>
/// <param name="LocalPeerDir">This benchmark's own peer scripts (benchmark4.py, run_peer.py).</param>
/// <param name="PeerCache">Brian2 build cache: $BRIAN2_PEER_CACHE, else tests/SpikeSim.Benchmarks/peer-cache.</param>
public sealed record RepoLayout(string Root, string PeerDir, string LocalPeerDir, string PeerCache)
{
    /// <summary>The models folder.</summary>
    public string ModelsDir => Path.Combine(Root, "models");

    /// <summary>The model file for a name ("cuba") or a path ("x/y.json").</summary>
    public string ModelPath(string model) =>
        model.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(model)
            : Path.Combine(ModelsDir, model + ".json");

    /// <summary>Finds the repository root from the working directory or, failing that, from this executable.</summary>
    public static RepoLayout Locate()
    {
        string root = FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory)
            ?? throw new UsageException("cannot find the repository root (a folder with SpikeSim.sln) above the working directory or the executable");
        string bench = Path.Combine(root, "tests", "SpikeSim.Benchmarks");
        string peer = Environment.GetEnvironmentVariable("SPIKESIM_PEER_DIR") is { Length: > 0 } p
            ? Path.GetFullPath(p)
            : Path.GetFullPath(Path.Combine(root, "..", "shared", "peer"));
        string cache = Environment.GetEnvironmentVariable("BRIAN2_PEER_CACHE") is { Length: > 0 } c
            ? Path.GetFullPath(c)
            : Path.Combine(bench, "peer-cache");
        return new RepoLayout(root, peer, Path.Combine(bench, "peer"), cache);
    }

    private static string? FindRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "SpikeSim.sln"))) return d.FullName;
        return null;
    }
}
