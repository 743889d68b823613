using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Ocf.PluginBenchmarks;

// Usage (from the repository root; Release, on Linux with openipmi, ipmitool and fence-agents installed):
//   dotnet run -c Release --project bench/Ocf.PluginBenchmarks -- --filter '*'                      everything (~6 min on 2 cores)
//   dotnet run -c Release --project bench/Ocf.PluginBenchmarks -- --filter '*Discovery*'            (a) discovery of 50 modules
//   dotnet run -c Release --project bench/Ocf.PluginBenchmarks -- --filter '*ModuleLoad*'           (b) first load of a module
//   dotnet run -c Release --project bench/Ocf.PluginBenchmarks -- --filter '*FenceAgentImport*'     (c) fence-agent metadata import
//   dotnet run -c Release --project bench/Ocf.PluginBenchmarks -- --filter '*IpmiLan*'              (d) ipmilan against ipmi_sim
//   dotnet run -c Release --project bench/Ocf.PluginBenchmarks -- cold [runs]                       first use in fresh processes
// Each class carries its own job (see Jobs.cs and the class comments); any BenchmarkDotNet option works.
// Results: bench/Ocf.PluginBenchmarks/BenchmarkDotNet.Artifacts/results/. Figures: docs/performance-plugins.md.

switch (args.FirstOrDefault())
{
    case "cold":
        return ColdStart.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10);
    case "cold-once":
        return ColdStart.Once(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
}

var config = DefaultConfig.Instance
    .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.Min, BenchmarkDotNet.Columns.StatisticColumn.Max)
    .WithArtifactsPath(Path.Combine(BenchPaths.ThisDirectory, "BenchmarkDotNet.Artifacts"));
BenchmarkSwitcher.FromAssembly(typeof(DiscoveryBenchmarks).Assembly).Run(args, config);
return 0;
