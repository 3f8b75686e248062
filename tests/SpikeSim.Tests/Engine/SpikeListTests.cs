using SpikeSim.Engine;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// A slice's spikes sorted by (time, neuron) (<see cref="SpikeList.SortByTimeThenNeuron"/>): few spikes are sorted in
/// place by insertion, more through the runtime's sort; both must give the order of an independent sort, with equal
/// times (spikes at one instant, common with delta synapses) ordered by neuron.
/// </summary>
public class SpikeListTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(200)]
    public void SpikesComeOutInTimeThenNeuronOrder(int count)
    {
        var random = new Random(count);
        for (int trial = 0; trial < 50; trial++)
        {
            var spikes = new SpikeList();
            var expected = new List<(double Time, int Neuron)>();
            var neurons = Enumerable.Range(0, 4 * count).OrderBy(_ => random.Next()).Take(count).ToArray();
            foreach (int n in neurons)
            {
                // a few distinct times, so that many spikes share one
                double t = 1.5 + random.Next(Math.Max(2, count / 4)) * 0.0125;
                spikes.Add(t, n);
                expected.Add((t, n));
            }
            spikes.SortByTimeThenNeuron();
            var sorted = expected.OrderBy(s => s.Time).ThenBy(s => s.Neuron).ToArray();
            Assert.Equal(count, spikes.Count);
            for (int i = 0; i < count; i++) Assert.Equal(sorted[i], (spikes.Times[i], spikes.Neurons[i]));
        }
    }
}
