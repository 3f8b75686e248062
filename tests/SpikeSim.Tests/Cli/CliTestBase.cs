using SpikeSim.Cli;

namespace SpikeSim.Tests.Cli;

/// <summary>A temporary folder and an in-process <c>spikesim</c>.</summary>
public abstract partial class CliTestBase : TempFolderTest
{
    /// <summary>One in-process call: exit code, stdout, and stderr without the lines that depend on wall time.</summary>
    /// <param name="RawErr">Everything written to stderr, progress included.</param>
    protected sealed record CliRun(int Code, string Out, string Err, string RawErr);

    protected static CliRun Spikesim(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SpikeSimCli.Run(args, stdout, stderr);
        string raw = stderr.ToString();
        return new CliRun(code, stdout.ToString(), WithoutProgress(raw), raw);
    }

    /// <summary>
    /// Stderr without what a slow or loaded machine adds: "spikesim: building the network..." (a set-up step over a
    /// second) and the plain progress lines of a run over two seconds ("spikesim: 420 / 1000 ms (42%), ...").
    /// </summary>
    private static string WithoutProgress(string err) =>
        ProgressLine().Replace(err, "");

    [System.Text.RegularExpressions.GeneratedRegex(@"^spikesim: (?:[a-z][a-z ]*\.\.\.|[0-9.]+ / [0-9.]+ ms \(.*left)\r?\n", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex ProgressLine();

    protected string[] PartialFolders() =>
        Directory.GetDirectories(Dir, ".*partial*", SearchOption.AllDirectories);

    /// <summary>Identical LIF neurons as in Brunel (2000): delta synapses, threshold 20 mV above rest.</summary>
    protected const string Neuron =
        """{ "model": "lif", "psc": "delta", "tau_m": "20 ms", "e_l": "0 mV", "v_reset": "10 mV", "v_th": "20 mV", "t_ref": "2 ms", "v_init": { "dist": "uniform", "low": "0 mV", "high": "20 mV" } }""";

    /// <summary>A small recurrent excitatory-inhibitory network driven by Poisson input, recording everything.</summary>
    protected static string RecurrentModel(string duration = "200 ms") => $$"""
        {
          "name": "tiny",
          "seed": 3,
          "duration": "{{duration}}",
          "populations": [
            { "name": "exc", "size": 80, "neuron": {{Neuron}} },
            { "name": "inh", "size": 20, "neuron": {{Neuron}} }
          ],
          "projections": [
            { "from": "exc", "to": "exc", "connect": { "rule": "fixed_indegree", "k": 8 }, "weight": "0.4 mV", "delay": "1.5 ms" },
            { "from": "exc", "to": "inh", "connect": { "rule": "random", "p": 0.1 }, "weight": "0.4 mV",
              "delay": { "dist": "uniform", "low": "1 ms", "high": "2 ms" } },
            { "from": "inh", "to": "exc", "connect": { "rule": "fixed_indegree", "k": 2 }, "weight": "-1.5 mV", "delay": "0.8 ms" },
            { "from": "inh", "to": "inh", "connect": { "rule": "fixed_outdegree", "k": 2 },
              "weight": { "dist": "normal", "mean": "-1 mV", "sd": "0.2 mV" }, "delay": "1.1 ms" }
          ],
          "inputs": [
            { "type": "poisson", "to": "exc", "rate": "15 kHz", "weight": "0.1 mV" },
            { "type": "poisson", "to": "inh", "rate": "14 kHz", "weight": "0.1 mV" },
            { "type": "spike_times", "to": "exc", "neurons": [0], "times": ["1.132123512 ms", "3.2 ms"], "weight": "25 mV" }
          ],
          "record": {
            "spikes": true,
            "v": [ { "population": "exc", "neurons": [0, 1], "interval": "0.5 ms" } ],
            "rates": { "bin": "10 ms" }
          }
        }
        """;
}
