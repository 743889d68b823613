using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Ocf.Benchmarks;

/// <summary>Names the document a benchmark reads or writes; the Doc bytes and MB/s columns use its size.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DocumentAttribute(DocFormat format) : Attribute
{
    public DocFormat Format { get; } = format;
}

/// <summary>
/// Document size and throughput columns. They run in the BenchmarkDotNet host, which rebuilds the same deterministic
/// payloads to learn the sizes; MB/s is document bytes / mean time, with 1 MB = 1,000,000 bytes.
/// </summary>
public sealed class DocumentColumn : IColumn
{
    public static readonly DocumentColumn Bytes = new(throughput: false);
    public static readonly DocumentColumn Throughput = new(throughput: true);

    private readonly bool _throughput;
    private DocumentColumn(bool throughput) => _throughput = throughput;

    public string Id => _throughput ? "OcfMBps" : "OcfDocBytes";
    public string ColumnName => _throughput ? "MB/s" : "Doc bytes";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => _throughput ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => _throughput
        ? "Throughput: document bytes / mean time (1 MB = 10^6 bytes)"
        : "Size of the document the benchmark reads or writes (UTF-8 bytes)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long? bytes = DocumentBytes(benchmarkCase);
        if (bytes is null) return "-";
        if (!_throughput) return bytes.Value.ToString("N0", CultureInfo.InvariantCulture);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || stats.Mean <= 0) return "NA";
        double mbPerSecond = bytes.Value / (stats.Mean / 1e9) / 1e6;
        return mbPerSecond.ToString(mbPerSecond >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);
    }

    public static long? DocumentBytes(BenchmarkCase benchmarkCase)
    {
        var doc = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<DocumentAttribute>();
        if (doc is null) return null;
        var payload = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Value is PayloadKind)?.Value;
        if (payload is not PayloadKind kind) return null;
        return Payload.Get(kind).Document(doc.Format).Length;
    }

    public override string ToString() => ColumnName;
}
