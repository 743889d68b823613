using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Ocf.Benchmarks;

// Usage (from the repository root):
//   dotnet run -c Release --project bench/Ocf.Benchmarks -- --filter '*'            all benchmarks, short job
//   dotnet run -c Release --project bench/Ocf.Benchmarks -- --filter '*XmlRpc15K*'  one class
//   dotnet run -c Release --project bench/Ocf.Benchmarks -- sizes                   payload sizes per format
//   dotnet run -c Release --project bench/Ocf.Benchmarks -- verify [doc.xml]        cross-checks (doc.xml: python_xmlrpc_bench.py --write)
//   dotnet run -c Release --project bench/Ocf.Benchmarks -- loop NAME[:PAYLOAD] SECONDS  run one operation in a loop (for a profiler)
// Any BenchmarkDotNet option works (--job, --exporters ...). Without --job the "Short" job below is used
// (1 launch, 3 warmup and 5 measured iterations of ~250 ms), so the whole run (40 benchmarks) takes about 3 minutes on 2 cores.

switch (args.FirstOrDefault())
{
    case "sizes":
        PrintSizes();
        return 0;
    case "verify":
        return Verify(args.Skip(1).FirstOrDefault());
    case "loop":
        return Profiling.Loop(args.ElementAtOrDefault(1) ?? "", double.Parse(args.ElementAtOrDefault(2) ?? "10", CultureInfo.InvariantCulture));
}

IConfig config = DefaultConfig.Instance
    .AddColumn(DocumentColumn.Bytes, DocumentColumn.Throughput)
    .AddExporter(TablesExporter.Instance) // results/*-ocf-tables.md, the tables docs/performance.md quotes
    .WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithSizeUnit(Perfolizer.Metrology.SizeUnit.B)) // Allocated always in bytes
    .WithArtifactsPath(Path.Combine(ThisDirectory(), "BenchmarkDotNet.Artifacts"));
if (!args.Any(a => a is "--job" or "-j"))
    config = config.AddJob(Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(5)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
        .WithId("Short"));
BenchmarkSwitcher.FromAssembly(typeof(CodecBenchmarks).Assembly).Run(args, config);
return 0;

static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

static void PrintSizes()
{
    Console.WriteLine($"{"payload",-10} {"ocf-xml",10} {"xml-rpc",10} {"json",10}");
    foreach (var kind in Enum.GetValues<PayloadKind>())
    {
        var p = Payload.Get(kind);
        Console.WriteLine($"{kind,-10} {p.OcfXml.Length,10:N0} {p.XmlRpc.Length,10:N0} {p.Json.Length,10:N0}");
    }
}

static int Verify(string? foreignDocument)
{
    foreach (var kind in Enum.GetValues<PayloadKind>())
    {
        Verification.CheckPayload(Payload.Get(kind));
        Console.WriteLine($"{kind}: every decoder gives the same values, every encoder's output decodes to them");
    }
    if (foreignDocument is not null)
    {
        Verification.CheckForeignXmlRpc(PayloadKind.XmlRpc15K, File.ReadAllBytes(foreignDocument));
        Console.WriteLine($"{foreignDocument}: decodes (ours and XmlReader) to the XmlRpc15K payload");
    }
    return 0;
}

/// <summary>Runs one benchmark operation in a tight loop, so a sampling profiler (dotnet-trace, perf) sees only it.</summary>
internal static class Profiling
{
    public static int Loop(string name, double seconds)
    {
        // NAME[:PAYLOAD] — the codec benchmarks take a payload (Heartbeat, Config, Records; default Records).
        string[] parts = name.Split(':', 2);
        name = parts[0];
        var kind = parts.Length > 1 ? Enum.Parse<PayloadKind>(parts[1], ignoreCase: true) : PayloadKind.Records;
        var p = Payload.Get(PayloadKind.XmlRpc15K);
        var bench = new XmlRpc15KBenchmarks { Payload = PayloadKind.XmlRpc15K };
        bench.Setup();
        var codec = new CodecBenchmarks { Payload = kind };
        codec.Setup();
        Func<object> op = name switch
        {
            "decode" => () => bench.Ocf_Decode(),
            "encode" => () => bench.Ocf_Encode(),
            "xmlreader" => () => bench.XmlReader_Decode(),
            "xmlwriter" => () => bench.XmlWriter_Encode(),
            "json-decode" => () => bench.Json_Decode(),
            "ocfxml-decode" => () => codec.OcfXml_Decode(),
            "ocfxml-encode" => () => codec.OcfXml_Encode(),
            "stj-decode" => () => codec.Json_Decode(),
            "xmlrpc-decode" => () => codec.XmlRpc_Decode(),
            _ => throw new ArgumentException("loop NAME[:PAYLOAD]: decode, encode, xmlreader, xmlwriter, json-decode (XmlRpc15K); ocfxml-decode, ocfxml-encode, stj-decode, xmlrpc-decode (PAYLOAD: Heartbeat, Config, Records)"),
        };
        var cp = Payload.Get(kind);
        long bytes = name switch
        {
            "ocfxml-decode" or "ocfxml-encode" => cp.OcfXml.Length,
            "stj-decode" => cp.Json.Length,
            "xmlrpc-decode" => cp.XmlRpc.Length,
            "json-decode" => p.Json.Length,
            _ => p.XmlRpc.Length,
        };
        for (int i = 0; i < 2000; i++) op(); // reach tier-1 code before timing
        long allocated0 = GC.GetAllocatedBytesForCurrentThread();
        op();
        long allocatedPerOp = GC.GetAllocatedBytesForCurrentThread() - allocated0;
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds) { op(); n++; }
        double perOp = sw.Elapsed.TotalSeconds / n;
        process.Refresh();
        // CPU time per operation is steadier than wall time when other processes compete for the 2 cores.
        double cpuPerOp = (process.TotalProcessorTime - cpu0).TotalSeconds / n;
        Console.WriteLine($"{name}: {n} ops, wall {perOp * 1e6:N2} us/op ({bytes / perOp / 1e6:N1} MB/s), cpu {cpuPerOp * 1e6:N2} us/op ({bytes / cpuPerOp / 1e6:N1} MB/s), {allocatedPerOp:N0} B allocated/op");
        return 0;
    }
}
