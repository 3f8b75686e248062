using System.Text.Json.Nodes;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// Plasticity: the "plasticity" (STDP, rate rules) and "structural" (growth and pruning) blocks of a projection.
internal sealed partial class ModelInterpreter
{
    private static readonly string[] PlasticityRules = ["stdp", "hebb", "oja", "bcm"];
    private static readonly string[] StdpFields = ["rule", "tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus", "w_max", "w_min", "pairing", "dendritic_delay"];
    private static readonly string[] RateRuleFields = ["rule", "eta", "tau_theta", "w_min", "w_max"];
    private static readonly string[] Pairings = ["all_to_all", "nearest_symmetric", "nearest_restricted", "nearest_pre_centered"];
    private static readonly string[] StructuralFields = ["interval", "prune_below", "prune_after", "min_use", "p_coactive", "window", "p_baseline", "max_in", "max_out", "homeostatic"];
    private static readonly string[] HomeostaticFields = ["target_rate", "tau_ca", "growth_rate"];

    private PlasticitySpec? ReadPlasticity(JsonObject projection, string projectionPath, PopulationSpec target, ValueSpec weight)
    {
        if (Get(projection, "plasticity") is not JsonNode node) return null;
        string path = Path(projectionPath, "plasticity");
        JsonObject obj = _json.AsObject(node, path, "a plasticity rule {\"rule\": \"stdp\", ...}");
        string rule = _json.RequireString(obj, path, "rule");
        if (!PlasticityRules.Contains(rule))
            throw _json.Error(Path(path, "rule"), $"unknown plasticity rule \"{rule}\"{Suggestions.Then(rule, PlasticityRules, $"known: {string.Join(", ", PlasticityRules)}")}");
        Dimension dim = WeightDimension(target);
        Func<string, string> mismatch = WeightMismatch("a plasticity bound", target);
        double? Bound(string key) => Get(obj, key) is JsonNode b ? _json.ParseQuantity(b, Path(path, key), dim, mismatch) : null;

        PlasticitySpec spec;
        if (rule == "stdp")
        {
            _json.CheckFields(obj, path, StdpFields);
            double tauPlus = _json.Positive(obj, path, "tau_plus", Dimension.Time) ?? 20.0;
            double tauMinus = _json.Positive(obj, path, "tau_minus", Dimension.Time) ?? 20.0;
            double lambda = NonNegative(obj, path, "lambda") ?? 0.01;
            double alpha = NonNegative(obj, path, "alpha") ?? 1.0;
            double muPlus = NonNegative(obj, path, "mu_plus") ?? 1.0;
            double muMinus = NonNegative(obj, path, "mu_minus") ?? 1.0;
            double wMax = _json.ParseQuantity(_json.Require(obj, path, "w_max"), Path(path, "w_max"), dim, mismatch);
            if (wMax <= 0) throw _json.Error(Path(path, "w_max"), $"w_max must be positive (STDP normalises weights by it), got {Show(obj, "w_max")}");
            double wMin = Bound("w_min") ?? 0.0;
            if (wMin < 0 || wMin >= wMax)
                throw _json.Error(Path(path, "w_min"), $"w_min must be in [0, w_max), got {Show(obj, "w_min")}");
            string pairingText = _json.ReadString(obj, path, "pairing") ?? "all_to_all";
            StdpPairing pairing = pairingText switch
            {
                "all_to_all" => StdpPairing.AllToAll,
                "nearest_symmetric" or "nn_symm" => StdpPairing.NearestSymmetric,
                "nearest_restricted" or "nn_restr" => StdpPairing.NearestRestricted,
                "nearest_pre_centered" or "nn_pre_centered" => StdpPairing.NearestPreCentered,
                _ => throw _json.Error(Path(path, "pairing"),
                    $"unknown pairing \"{pairingText}\"{Suggestions.Then(pairingText, Pairings, $"known: {string.Join(", ", Pairings)}")}"),
            };
            double dendritic = _json.OptionalQuantity(obj, path, "dendritic_delay", Dimension.Time) ?? 0.0;
            if (dendritic < 0) throw _json.Error(Path(path, "dendritic_delay"), $"dendritic_delay must be >= 0, got {Show(obj, "dendritic_delay")}");
            spec = new StdpSpec(tauPlus, tauMinus, lambda, alpha, muPlus, muMinus, wMax, wMin, pairing, dendritic);
        }
        else
        {
            _json.CheckFields(obj, path, RateRuleFields);
            double eta = _json.ReadNumber(_json.Require(obj, path, "eta"), Path(path, "eta"));
            if (eta <= 0) throw _json.Error(Path(path, "eta"), $"eta must be positive, got {Show(obj, "eta")}");
            double tauTheta = 10.0;
            if (Get(obj, "tau_theta") is JsonNode tt)
            {
                if (rule != "bcm") throw _json.Error(Path(path, "tau_theta"), $"tau_theta is only used by rule bcm (this rule is {rule})");
                tauTheta = _json.ReadNumber(tt, Path(path, "tau_theta"));
                if (tauTheta < 1) throw _json.Error(Path(path, "tau_theta"), $"tau_theta is a number of update steps and must be >= 1, got {Show(obj, "tau_theta")}");
            }
            double wMin = Bound("w_min") ?? double.NegativeInfinity;
            double wMax = Bound("w_max") ?? double.PositiveInfinity;
            if (wMin >= wMax) throw _json.Error(Path(path, "w_max"), "w_max must be above w_min");
            RateRuleKind kind = rule switch { "hebb" => RateRuleKind.Hebb, "oja" => RateRuleKind.Oja, _ => RateRuleKind.Bcm };
            spec = new RateRuleSpec(kind, eta, tauTheta, wMin, wMax);
        }
        CheckWeightWithinBounds(weight, spec, Path(projectionPath, "weight"), dim);
        return spec;
    }

    private double? NonNegative(JsonObject obj, string path, string key)
    {
        if (Get(obj, key) is not JsonNode node) return null;
        double value = _json.ReadNumber(node, Path(path, key));
        if (value < 0) throw _json.Error(Path(path, key), $"{key} must be >= 0, got {Show(obj, key)}");
        return value;
    }

    /// <summary>Every weight the projection can draw must lie within the rule's bounds.</summary>
    private void CheckWeightWithinBounds(ValueSpec weight, PlasticitySpec rule, string path, Dimension dim)
    {
        (double lo, double hi) = weight switch
        {
            ConstantValue c => (c.Value, c.Value),
            DistributionValue { Kind: DistributionKind.Uniform } u => (Math.Max(u.A, u.Min), Math.Min(u.B, u.Max)),
            DistributionValue d => (d.Min, d.Max),
            MatrixValue m => MatrixRange(m),
            FileValue f => (f.Min, f.Max),
            _ => (double.NaN, double.NaN),
        };
        if (lo >= rule.WMin && hi <= rule.WMax) return;
        if (weight is MatrixValue)
            throw _json.Error(path, $"the weight matrix has entries from {Quantity.Format(lo, dim)} to {Quantity.Format(hi, dim)}, outside the plasticity bounds [{Quantity.Format(rule.WMin, dim)}, {Quantity.Format(rule.WMax, dim)}]");
        string range = $"[{Quantity.Format(rule.WMin, dim)}, {Quantity.Format(rule.WMax, dim)}]";
        throw _json.Error(path, weight is ConstantValue
            ? $"the initial weight {Quantity.Format(lo, dim)} lies outside the plasticity bounds {range}"
            : $"a plastic projection's weight distribution must stay within the plasticity bounds {range}: give it \"min\" and \"max\" inside them");
    }

    private static (double Lo, double Hi) MatrixRange(MatrixValue m)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double[] row in m.Rows)
            foreach (double w in row) { lo = Math.Min(lo, w); hi = Math.Max(hi, w); }
        return (lo, hi);
    }

    private StructuralSpec? ReadStructural(JsonObject projection, string projectionPath, PopulationSpec source, PopulationSpec target, ValueSpec delay)
    {
        if (Get(projection, "structural") is not JsonNode node) return null;
        string path = Path(projectionPath, "structural");
        // Synapses grown later draw new delays: the engine's slices and event ring must cover all of them from the start.
        (double low, double high) = Connectivity.ValueSampler.Support(delay);
        if (!(low >= Engine.Network.MinimumDelayMs) || !double.IsFinite(high))
            throw _json.Error(Path(projectionPath, "delay"),
                $"a projection with structural plasticity needs delays bounded on both sides (at least {Engine.Network.MinimumDelayMs} ms): give the delay distribution \"min\" and \"max\"");
        JsonObject obj = _json.AsObject(node, path, "structural plasticity settings {\"interval\": ..., ...}");
        _json.CheckFields(obj, path, StructuralFields);
        double interval = _json.RequireQuantity(obj, path, "interval", Dimension.Time);
        if (interval <= 0) throw _json.Error(Path(path, "interval"), $"interval must be positive, got {Show(obj, "interval")}");
        double pruneBelow = Get(obj, "prune_below") is JsonNode pb
            ? _json.ParseQuantity(pb, Path(path, "prune_below"), WeightDimension(target), WeightMismatch("prune_below", target))
            : double.NaN;
        int pruneAfter = Get(obj, "prune_after") is JsonNode pa ? (int)_json.ReadInteger(pa, Path(path, "prune_after"), 1, 1_000_000) : 1;
        int minUse = Get(obj, "min_use") is JsonNode mu ? (int)_json.ReadInteger(mu, Path(path, "min_use"), 0, int.MaxValue) : 0;
        double Probability(string key)
        {
            if (Get(obj, key) is not JsonNode n) return 0;
            double p = _json.ReadNumber(n, Path(path, key));
            if (p is < 0 or > 1) throw _json.Error(Path(path, key), $"{key} is a probability and must be in [0, 1], got {Show(obj, key)}");
            return p;
        }
        double pCoactive = Probability("p_coactive");
        double pBaseline = Probability("p_baseline");
        double window = _json.Positive(obj, path, "window", Dimension.Time) ?? 20.0;
        int maxIn = Get(obj, "max_in") is JsonNode mi ? (int)_json.ReadInteger(mi, Path(path, "max_in"), 1, int.MaxValue) : source.Size;
        int maxOut = Get(obj, "max_out") is JsonNode mo ? (int)_json.ReadInteger(mo, Path(path, "max_out"), 1, int.MaxValue) : target.Size;
        HomeostaticSpec? homeostatic = null;
        if (Get(obj, "homeostatic") is JsonNode h)
        {
            string hp = Path(path, "homeostatic");
            JsonObject ho = _json.AsObject(h, hp, "homeostatic settings {\"target_rate\": ..., \"tau_ca\": ..., \"growth_rate\": ...}");
            _json.CheckFields(ho, hp, HomeostaticFields);
            double targetRate = _json.RequireQuantity(ho, hp, "target_rate", Dimension.Frequency);
            if (targetRate <= 0) throw _json.Error(Path(hp, "target_rate"), $"target_rate must be positive, got {Show(ho, "target_rate")}");
            double tauCa = _json.Positive(ho, hp, "tau_ca", Dimension.Time) ?? 1000.0;
            double growth = _json.ReadNumber(_json.Require(ho, hp, "growth_rate"), Path(hp, "growth_rate"));
            if (growth <= 0) throw _json.Error(Path(hp, "growth_rate"), $"growth_rate (synapses per update) must be positive, got {Show(ho, "growth_rate")}");
            homeostatic = new HomeostaticSpec(targetRate, tauCa, growth);
        }
        return new StructuralSpec(interval, pruneBelow, pruneAfter, minUse, pCoactive, window, pBaseline, maxIn, maxOut, homeostatic);
    }

    /// <summary>The engine keeps one postsynaptic spike queue per neuron: STDP projections onto one population share a dendritic delay.</summary>
    private void CheckDendriticDelays(List<ProjectionSpec> projections, Dictionary<string, string> paths)
    {
        for (int i = 0; i < projections.Count; i++)
        {
            if (projections[i].Plasticity is not StdpSpec a) continue;
            for (int j = 0; j < i; j++)
                if (projections[j].Plasticity is StdpSpec b && projections[j].To == projections[i].To && a.DendriticDelayMs != b.DendriticDelayMs)
                    throw _json.Error(Path(Path(paths[projections[i].Name], "plasticity"), "dendritic_delay"),
                        $"STDP projections onto \"{projections[i].To}\" must share one dendritic delay: this one has {Quantity.Format(a.DendriticDelayMs, Dimension.Time)}, {paths[projections[j].Name]} has {Quantity.Format(b.DendriticDelayMs, Dimension.Time)}");
        }
    }
}
