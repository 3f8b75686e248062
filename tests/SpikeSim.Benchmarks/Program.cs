using SpikeSim.Benchmarks;

// SpikeSim vs Brian2 benchmark. See README.md.
//   dotnet run -c Release --project tests/SpikeSim.Benchmarks -- [--models a,b] [--duration 1s] [--threads N]
//       [--repeats 3] [--no-peer] [--json out.json] [--set key=value]...
// The hidden "--child" mode runs one SpikeSim simulation in its own process (so peak memory is per model).
try
{
    if (args.Length > 0 && args[0] == ChildBenchmark.Flag)
        return ChildBenchmark.Run(args);
    BenchOptions options = BenchOptions.Parse(args);
    if (options.ShowHelp)
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    return new BenchmarkDriver(options, RepoLayout.Locate()).Run();
}
catch (UsageException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
