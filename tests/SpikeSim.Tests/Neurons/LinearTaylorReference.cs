using SpikeSim.Neurons;

namespace SpikeSim.Tests.Neurons;

/// <summary>
/// An independent reference for the adapting LIF: the state z = (V, w, I_ex, dI_ex, I_in, dI_in, 1) obeys the linear
/// system z' = M z, stepped here by its Taylor series (26 terms, steps of at most 0.02 ms: truncation far below
/// rounding) without eigenvalues or closed forms. The refractory clamp is a second matrix (V' = 0). Crossings are
/// looked for at the end of each step and located by bisection on the Taylor series within the step, so excursions
/// above threshold shorter than a step would be missed: the tests avoid them.
/// </summary>
internal sealed class LinearTaylorReference
{
    private const int N = 7, Terms = 26;
    private const double MaxStep = 0.02;
    private readonly double[,] _free = new double[N, N], _clamped = new double[N, N];
    private readonly LifParameters _p;
    private readonly AdaptiveSynapse _synapse;
    private readonly double _b;
    private double[] _z = new double[N];
    private double _refractoryUntil = double.NegativeInfinity;

    public LinearTaylorReference(LifParameters p, AdaptiveSynapse synapse, double a, double b, double tauW, double v0, double w0 = 0)
    {
        _p = p; _synapse = synapse; _b = b;
        _z[0] = v0; _z[1] = w0; _z[6] = 1;
        double[,] m = _free;
        // C dV/dt = -(C/tau_m)(V - E_L) - w + I_ex + I_in + I_e
        m[0, 0] = -1 / p.TauM; m[0, 1] = -1 / p.Cm; m[0, 2] = 1 / p.Cm; m[0, 4] = 1 / p.Cm; m[0, 6] = p.EL / p.TauM + p.IE / p.Cm;
        // tau_w dw/dt = a (V - E_L) - w
        m[1, 0] = a / tauW; m[1, 1] = -1 / tauW; m[1, 6] = -a * p.EL / tauW;
        // I' = dI - I/tau, dI' = -dI/tau
        m[2, 2] = -1 / p.TauEx; m[2, 3] = 1; m[3, 3] = -1 / p.TauEx;
        m[4, 4] = -1 / p.TauIn; m[4, 5] = 1; m[5, 5] = -1 / p.TauIn;
        Array.Copy(_free, _clamped, _free.Length);
        for (int j = 0; j < N; j++) _clamped[0, j] = 0;
        // While clamped, w sees V = V_reset (held in z[0]).
    }

    public double Time { get; private set; }
    public double V => _z[0];
    public double W => _z[1];
    public List<double> Spikes { get; } = [];

    private static double[] Propagate(double[,] m, double[] z, double s)
    {
        var sum = (double[])z.Clone();
        var term = (double[])z.Clone();
        var next = new double[N];
        for (int k = 1; k < Terms; k++)
        {
            for (int i = 0; i < N; i++)
            {
                double acc = 0;
                for (int j = 0; j < N; j++) acc += m[i, j] * term[j];
                next[i] = acc * s / k;
            }
            (term, next) = (next, term);
            for (int i = 0; i < N; i++) sum[i] += term[i];
        }
        return sum;
    }

    /// <summary>Integrates to t, emitting spikes at threshold crossings.</summary>
    public void AdvanceTo(double t)
    {
        while (Time < t)
        {
            bool clamped = Time < _refractoryUntil;
            if (!clamped && _z[0] >= _p.VTh) { Fire(); continue; } // an input took V over threshold
            double end = Math.Min(t, Math.Min(Time + MaxStep, clamped ? _refractoryUntil : double.PositiveInfinity));
            double[,] matrix = clamped ? _clamped : _free;
            double[] z1 = Propagate(matrix, _z, end - Time);
            if (!clamped && z1[0] >= _p.VTh)
            {
                double lo = 0, hi = end - Time;
                while (hi - lo > 1e-15 && lo + (hi - lo) / 2 > lo && lo + (hi - lo) / 2 < hi)
                {
                    double mid = lo + (hi - lo) / 2;
                    if (Propagate(matrix, _z, mid)[0] >= _p.VTh) hi = mid; else lo = mid;
                }
                _z = Propagate(matrix, _z, hi);
                Time += hi;
                Fire();
                continue;
            }
            _z = z1;
            Time = end;
            if (Time >= _refractoryUntil && clamped) _z[0] = _p.VReset;
        }
    }

    private void Fire()
    {
        Spikes.Add(Time);
        _z[0] = _p.VReset;
        _z[1] += _b;
        _refractoryUntil = Time + _p.TRef;
    }

    /// <summary>Adds dI (pA) to the injected current from now on.</summary>
    public void AddCurrent(double dI)
    {
        _free[0, 6] += dI / _p.Cm;
    }

    /// <summary>An input of weight w at the current time.</summary>
    public void Receive(double w)
    {
        switch (_synapse)
        {
            case AdaptiveSynapse.Delta: if (Time >= _refractoryUntil) _z[0] += w; break;
            case AdaptiveSynapse.Exp: if (w >= 0) _z[2] += w; else _z[4] += w; break;
            default: if (w >= 0) _z[3] += Math.E / _p.TauEx * w; else _z[5] += Math.E / _p.TauIn * w; break;
        }
    }
}
