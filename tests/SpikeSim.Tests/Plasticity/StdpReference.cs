using SpikeSim.Modeling;

namespace SpikeSim.Tests.Plasticity;

/// <summary>
/// An independent statement of pair-based STDP: the weight after a given set of presynaptic arrival times and
/// postsynaptic spike times (as the synapse sees them), with each update's trace summed explicitly over the spike
/// lists, not kept as a decaying state. At equal times the arrival is applied first; pairs with Δt = 0 are dropped.
/// </summary>
internal static class StdpReference
{
    public static double FinalWeight(StdpSpec rule, double w0, double[] arrivals, double[] posts)
    {
        var events = new List<(double T, bool Post)>();
        foreach (double a in arrivals) events.Add((a, false));
        foreach (double p in posts) events.Add((p, true));
        events.Sort((x, y) => x.T != y.T ? x.T.CompareTo(y.T) : x.Post.CompareTo(y.Post));
        double w = w0;
        foreach (var (t, post) in events)
        {
            double n = w / rule.WMax;
            if (post)
            {
                double k = PreTrace(rule, t, arrivals, posts);
                if (k != 0) n += rule.Lambda * Pow(1 - n, rule.MuPlus) * k;
            }
            else
            {
                double k = PostTrace(rule, t, arrivals, posts);
                if (k != 0) n -= rule.Lambda * rule.Alpha * Pow(n, rule.MuMinus) * k;
            }
            w = Math.Clamp(n * rule.WMax, rule.WMin, rule.WMax);
        }
        return w;
    }

    private static double Pow(double x, double mu) => mu == 0 ? 1 : x <= 0 ? 0 : Math.Pow(x, mu);

    private static double LatestBefore(double[] times, double t)
    {
        double best = double.NegativeInfinity;
        foreach (double x in times) if (x < t && x > best) best = x;
        return best;
    }

    /// <summary>What a postsynaptic spike at t pairs with.</summary>
    private static double PreTrace(StdpSpec rule, double t, double[] arrivals, double[] posts)
    {
        double previousPost = LatestBefore(posts, t);
        double sum = 0;
        switch (rule.Pairing)
        {
            case StdpPairing.AllToAll:
                foreach (double a in arrivals) if (a < t) sum += Math.Exp(-(t - a) / rule.TauPlusMs);
                return sum;
            case StdpPairing.NearestPreCentered:
                foreach (double a in arrivals) if (a < t && a >= previousPost) sum += Math.Exp(-(t - a) / rule.TauPlusMs);
                return sum;
            case StdpPairing.NearestSymmetric:
                return Math.Exp(-(t - LatestBefore(arrivals, t)) / rule.TauPlusMs);
            default: // restricted: only if that presynaptic spike is not earlier than the previous postsynaptic one
                double pre = LatestBefore(arrivals, t);
                return pre >= previousPost ? Math.Exp(-(t - pre) / rule.TauPlusMs) : 0;
        }
    }

    /// <summary>What a presynaptic arrival at t pairs with.</summary>
    private static double PostTrace(StdpSpec rule, double t, double[] arrivals, double[] posts)
    {
        double post = LatestBefore(posts, t);
        switch (rule.Pairing)
        {
            case StdpPairing.AllToAll:
                double sum = 0;
                foreach (double p in posts) if (p < t) sum += Math.Exp(-(t - p) / rule.TauMinusMs);
                return sum;
            case StdpPairing.NearestRestricted:
                return post >= LatestBefore(arrivals, t) ? Math.Exp(-(t - post) / rule.TauMinusMs) : 0;
            default:
                return Math.Exp(-(t - post) / rule.TauMinusMs);
        }
    }
}
