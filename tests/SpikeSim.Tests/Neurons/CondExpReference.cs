using SpikeSim.Neurons;

namespace SpikeSim.Tests.Neurons;

/// <summary>
/// An independent reference for the conductance-based LIF: classical fourth-order Runge-Kutta on the full system
/// (V, g_ex, g_in, w), conductances integrated as ODEs too, with a fixed step of 1e-3 ms that lands exactly on every
/// input; a crossing is located by bisecting the length of one Runge-Kutta step from the start of the step in which
/// V passed V_th (to 1e-13 ms). Global error at this step: of order 1e-12 mV.
/// </summary>
internal sealed class CondExpReference(CondExpParameters p, double v, double w = 0)
{
    private const double Step = 1e-3;
    private double _v = v, _gEx, _gIn, _w = w, _t, _refractoryUntil = double.NegativeInfinity;

    public double V => _v;
    public double W => _w;
    public double GEx => _gEx;
    public double GIn => _gIn;
    public List<double> Spikes { get; } = [];
    /// <summary>Injected current on top of I_e, pA.</summary>
    public double Injected { get; set; }

    /// <summary>Derivatives of (V, g_ex, g_in, w); V is held while clamped.</summary>
    private void Derivative(double v, double gEx, double gIn, double w, bool clamped,
                            out double dv, out double dgEx, out double dgIn, out double dw)
    {
        dv = clamped ? 0 : (-p.GL * (v - p.EL) - gEx * (v - p.EEx) - gIn * (v - p.EIn) + p.IE + Injected - w) / p.Cm;
        dgEx = -gEx / p.TauEx;
        dgIn = -gIn / p.TauIn;
        dw = (p.A * (v - p.EL) - w) / p.TauW;
    }

    private (double V, double GEx, double GIn, double W) Rk4(double v, double gEx, double gIn, double w, double h, bool clamped)
    {
        Derivative(v, gEx, gIn, w, clamped, out double k1v, out double k1e, out double k1i, out double k1w);
        Derivative(v + 0.5 * h * k1v, gEx + 0.5 * h * k1e, gIn + 0.5 * h * k1i, w + 0.5 * h * k1w, clamped,
                   out double k2v, out double k2e, out double k2i, out double k2w);
        Derivative(v + 0.5 * h * k2v, gEx + 0.5 * h * k2e, gIn + 0.5 * h * k2i, w + 0.5 * h * k2w, clamped,
                   out double k3v, out double k3e, out double k3i, out double k3w);
        Derivative(v + h * k3v, gEx + h * k3e, gIn + h * k3i, w + h * k3w, clamped,
                   out double k4v, out double k4e, out double k4i, out double k4w);
        return (v + h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v), gEx + h / 6 * (k1e + 2 * k2e + 2 * k3e + k4e),
                gIn + h / 6 * (k1i + 2 * k2i + 2 * k3i + k4i), w + h / 6 * (k1w + 2 * k2w + 2 * k3w + k4w));
    }

    /// <summary>Integrates to t, spiking (V = V_reset, w += b, clamped for t_ref) at every crossing on the way.</summary>
    public void AdvanceTo(double t)
    {
        while (_t < t)
        {
            bool clamped = _t < _refractoryUntil;
            double end = clamped ? Math.Min(t, _refractoryUntil) : t;
            double h = Math.Min(Step, end - _t);
            var next = Rk4(_v, _gEx, _gIn, _w, h, clamped);
            if (clamped) next.V = p.VReset;
            if (!clamped && next.V >= p.VTh)
            {
                // Bisect the step length at which V reaches V_th.
                double lo = 0, hi = h;
                while (hi - lo > 1e-13)
                {
                    double mid = 0.5 * (lo + hi);
                    if (Rk4(_v, _gEx, _gIn, _w, mid, false).V >= p.VTh) hi = mid; else lo = mid;
                }
                var at = Rk4(_v, _gEx, _gIn, _w, hi, false);
                _t += hi;
                Spikes.Add(_t);
                (_v, _gEx, _gIn, _w) = (p.VReset, at.GEx, at.GIn, at.W + p.B);
                _refractoryUntil = _t + p.TRef;
                continue;
            }
            (_v, _gEx, _gIn, _w) = next;
            _t = h == end - _t ? end : _t + h;
        }
    }

    public void Receive(double weight)
    {
        if (weight >= 0) _gEx += weight; else _gIn -= weight;
    }
}
