using System.Globalization;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace Ocf.Benchmarks;

/// <summary>
/// Writes BenchmarkDotNet.Artifacts/results/*-ocf-tables.md: one markdown table per payload with the mean time, MB/s,
/// allocated bytes, and the time relative to System.Text.Json doing the same operation (Decode/Encode) on the same
/// values. These are the tables docs/performance.md quotes.
/// </summary>
public sealed class TablesExporter : ExporterBase
{
    public static readonly TablesExporter Instance = new();

    protected override string FileExtension => "md";
    protected override string FileCaption => "ocf-tables";

    public override void ExportToLog(Summary summary, ILogger logger)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = summary.BenchmarksCases
            .Select(c => new
            {
                Case = c,
                Method = c.Descriptor.WorkloadMethod.Name,
                Payload = c.Parameters.Items.FirstOrDefault(p => p.Value is PayloadKind)?.Value as PayloadKind?,
                Mean = summary[c]?.ResultStatistics?.Mean,
                Allocated = summary[c]?.GcStats.GetBytesAllocatedPerOperation(c),
                Bytes = DocumentColumn.DocumentBytes(c),
            })
            .ToList();
        foreach (var group in rows.GroupBy(r => r.Payload))
        {
            logger.WriteLine($"### {group.Key}");
            logger.WriteLine();
            logger.WriteLine("| Benchmark | Doc bytes | Mean (µs) | MB/s | Allocated (B) | Time vs System.Text.Json |");
            logger.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var r in group)
            {
                string op = r.Method.Contains("Decode", StringComparison.Ordinal) ? "Decode" : "Encode";
                double? json = group.FirstOrDefault(x => x.Method == $"Json_{op}")?.Mean;
                string mean = r.Mean is { } m ? (m / 1000).ToString(m >= 100_000 ? "N0" : "N2", inv) : "NA";
                string mbs = r.Mean is { } t && r.Bytes is { } b ? (b / (t / 1e9) / 1e6).ToString("N0", inv) : "NA";
                string alloc = r.Allocated is { } a ? a.ToString("N0", inv) : "NA";
                string ratio = r.Mean is { } mm && json is { } j && j > 0 ? (mm / j).ToString("0.00", inv) + "x" : "";
                logger.WriteLine($"| {r.Method} | {r.Bytes?.ToString("N0", inv) ?? "-"} | {mean} | {mbs} | {alloc} | {ratio} |");
            }
            logger.WriteLine();
        }
    }
}
