namespace SpikeSim.Artificial;

/// <summary>Sees the weights of an artificial run: before the first step and after every step (where rate rules learn).</summary>
public interface IArtificialWeightsObserver : Engine.IRunObserver
{
    /// <summary>
    /// Called with step 0 before the run and with steps 1..N after each step's learning; read the weights with
    /// <see cref="ArtificialSimulator.WeightOf"/> during the call. <paramref name="tMs"/> is step × dt, ms.
    /// </summary>
    void OnWeights(int step, double tMs, ArtificialSimulator simulator);
}
