// The memory system's floor for the plastic path: random read-modify-writes of synapse state, as the arrivals of
// brunel2000-stdp make them (10 million synapses, 16 bytes each: weight and trace; or 8 bytes: a weight alone),
// each asked for 16 updates ahead, as ArriveAhead asks; and, for comparison, the same updates made source-major, a
// random source's row of 1,000 synapses side by side at a time (the synapse state in the order of a spike's
// targets, as NEST keeps it). Prints ns per update, three times each. Usage, from the repository root (pin it to one
// processor as the benchmark's A/Bs are):
//   taskset -c 0 dotnet run -c Release --project tests/SpikeSim.Benchmarks/scripts/random-update
using System.Diagnostics;
using System.Runtime.Intrinsics.X86;

const int Synapses = 10_000_000, Updates = 20_000_000, Ahead = 16;
var random = new Random(1);
var slot = new int[Updates];
for (int i = 0; i < Updates; i++) slot[i] = random.Next(Synapses);
var wide = GC.AllocateArray<(double Weight, double Trace)>(Synapses, pinned: true);
var narrow = GC.AllocateArray<double>(Synapses, pinned: true);
for (int i = 0; i < Synapses; i++) { wide[i] = (0.1, 1.0); narrow[i] = 0.1; }
unsafe
{
    for (int round = 0; round < 3; round++)
    {
        var clock = Stopwatch.StartNew();
        fixed ((double Weight, double Trace)* p = wide)
            for (int i = 0; i < Updates; i++)
            {
                if (i + Ahead < Updates) Sse.Prefetch0(p + slot[i + Ahead]);
                ref var s = ref wide[slot[i]];
                s.Weight = s.Weight * 0.999 + 1e-4;
                s.Trace += 0.5;
            }
        double sixteen = clock.Elapsed.TotalSeconds / Updates * 1e9;
        clock.Restart();
        fixed (double* p = narrow)
            for (int i = 0; i < Updates; i++)
            {
                if (i + Ahead < Updates) Sse.Prefetch0(p + slot[i + Ahead]);
                narrow[slot[i]] = narrow[slot[i]] * 0.999 + 1e-4;
            }
        double eight = clock.Elapsed.TotalSeconds / Updates * 1e9;
        clock.Restart();
        const int Row = 1000;
        for (int i = 0; i < Updates; i += Row)
        {
            int start = slot[i] / Row * Row;
            for (int j = start; j < start + Row; j++)
            {
                ref var s = ref wide[j];
                s.Weight = s.Weight * 0.999 + 1e-4;
                s.Trace += 0.5;
            }
        }
        double rows = clock.Elapsed.TotalSeconds / Updates * 1e9;
        Console.WriteLine($"16 bytes in {16L * Synapses >> 20} MB: {sixteen:F2} ns per update; 8 bytes in {8L * Synapses >> 20} MB: {eight:F2} ns; " +
                          $"16 bytes a row of {Row} at a time: {rows:F2} ns");
    }
}
