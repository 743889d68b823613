using Microsoft.Extensions.Logging;

namespace Ocf.Daemon;

/// <summary>ocfd's command line.</summary>
internal sealed class DaemonOptions
{
    public const string Usage = "usage: ocfd --config <file> --node <name|id> [--plugin-path <dir>]... [--log-level trace|debug|information|warning|error]";

    public string? ConfigPath { get; private set; }
    public string? Node { get; private set; }
    public List<string> PluginPaths { get; } = new();
    public LogLevel LogLevel { get; private set; } = LogLevel.Information;
    public string? Error { get; private set; }

    public static DaemonOptions Parse(string[] args)
    {
        var o = new DaemonOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--config" or "-c": o.ConfigPath = Next(); break;
                case "--node" or "-n": o.Node = Next(); break;
                case "--plugin-path" or "-p": if (Next() is { } p) o.PluginPaths.Add(p); break;
                case "--log-level":
                    if (!Enum.TryParse<LogLevel>(Next(), ignoreCase: true, out var level)) { o.Error = "--log-level needs trace, debug, information, warning or error"; return o; }
                    o.LogLevel = level;
                    break;
                case "--help" or "-h": o.Error = "help"; return o;
                default: o.Error = $"unknown argument '{args[i]}'"; return o;
            }
        }
        if (o.ConfigPath is null) o.Error = "--config is required";
        else if (o.Node is null) o.Error = "--node is required";
        // The module layout: <module>/ocfd/ocfd.dll beside <module>/plugins.
        string beside = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "plugins"));
        if (Directory.Exists(beside)) o.PluginPaths.Insert(0, beside);
        return o;
    }
}
