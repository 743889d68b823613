using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ocf.Data;
using Xunit;

namespace Ocf.Tests.Interop;

/// <summary>Runs tests/Unit/Interop/xmlrpc_peer.py with the python3 found on PATH, with a timeout.</summary>
internal static class PythonPeer
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string?> PythonPath = new(FindPython);

    public static string? Python => PythonPath.Value;

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Interop", "xmlrpc_peer.py");

    private static string? FindPython()
    {
        string[] names = OperatingSystem.IsWindows() ? ["python3.exe", "python.exe", "py.exe"] : ["python3"];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in names)
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string mode, string? stdin)
    {
        string python = Python ?? throw new InvalidOperationException("python3 was not found on PATH (it is required on Linux).");
        Assert.True(File.Exists(Script), $"the peer script is missing: {Script}");
        var psi = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(mode);
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("python did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null) p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException) { /* the peer exited early; its output says why */ }
        if (!p.WaitForExit(Timeout))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            throw new TimeoutException($"python {mode} did not finish within {Timeout.TotalSeconds} s");
        }
        p.WaitForExit(); // flushes the redirected streams
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static JsonNode RunJson(string mode, string? stdin)
    {
        var (code, stdout, stderr) = Run(mode, stdin);
        Assert.True(code == 0, $"python {mode} exited with {code}\nstdout: {stdout}\nstderr: {stderr}");
        return JsonNode.Parse(stdout) ?? throw new InvalidOperationException("python printed null");
    }

    /// <summary>The peer's canonical tagged JSON for a value (see xmlrpc_peer.py).</summary>
    public static JsonNode Canonical(OcfValue value) => value switch
    {
        OcfNil => new JsonObject { ["t"] = "nil" },
        OcfBoolean b => new JsonObject { ["t"] = "bool", ["v"] = b.Value },
        OcfInteger i => new JsonObject { ["t"] = "int", ["v"] = i.Value.ToString(CultureInfo.InvariantCulture) },
        OcfDouble d => new JsonObject { ["t"] = "double", ["v"] = BitConverter.DoubleToInt64Bits(d.Value).ToString(CultureInfo.InvariantCulture) },
        OcfString s => new JsonObject { ["t"] = "str", ["v"] = s.Value },
        OcfBinary bin => new JsonObject { ["t"] = "bytes", ["v"] = Convert.ToBase64String(bin.Value.Span) },
        OcfDateTime t => new JsonObject { ["t"] = "datetime", ["v"] = IsoLikePython(t.Value) },
        OcfList l => new JsonObject { ["t"] = "list", ["v"] = new JsonArray(l.Select(Canonical).ToArray()) },
        OcfMap m => new JsonObject { ["t"] = "dict", ["v"] = new JsonArray(m.Select(e => (JsonNode)new JsonArray(JsonValue.Create(e.Key), Canonical(e.Value))).ToArray()) },
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    /// <summary>Python's datetime.isoformat() of a naive datetime: seconds, and microseconds only when not zero.</summary>
    private static string IsoLikePython(DateTime t)
    {
        string s = t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        long micro = t.Ticks % TimeSpan.TicksPerSecond / 10;
        return micro == 0 ? s : s + "." + micro.ToString("D6", CultureInfo.InvariantCulture);
    }

    public static void AssertSameJson(JsonNode? expected, JsonNode? actual, string context)
    {
        // Compare parsed forms so the way a node was built (C# values or parsed text) does not matter.
        var e = JsonNode.Parse(expected?.ToJsonString() ?? "null");
        var a = JsonNode.Parse(actual?.ToJsonString() ?? "null");
        Assert.True(JsonNode.DeepEquals(e, a), $"{context}\nexpected: {e?.ToJsonString()}\nactual:   {a?.ToJsonString()}");
    }
}

/// <summary>
/// A fact that needs python3. On Linux it always runs (a missing python3 is a failure, since CI has it);
/// elsewhere it is skipped when python3 is not on PATH.
/// </summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (!OperatingSystem.IsLinux() && PythonPeer.Python is null) Skip = "python3 is not on PATH (required on Linux only)";
    }
}
